// Package translatetest holds what the translator tests share: the workflow
// files that every translator renders, decoding them, and golden files.
package translatetest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// File is one workflow file that the translator tests render.
type File struct {
	// Group is "corpus" (the shared construct corpus), "examples" or "cases"
	// (the calling package's own cases).
	Group string

	// Name is the file name without .yaml, or the example's folder name.
	Name string
	Path string

	// Targets lists the clouds that an example's main.tf names in its
	// data source's `targets`. It is nil for every other file, and for an
	// example without that list, which renders for all three clouds.
	Targets []string
}

// Claims reports whether the file is meant to render for target ("aws",
// "gcp" or "azure"). An example leaves out a cloud that rejects one of its
// constructs, so a translator's tests skip it for that cloud.
func (f File) Claims(target string) bool {
	if f.Targets == nil {
		return true
	}

	for _, name := range f.Targets {
		if name == target {
			return true
		}
	}

	return false
}

// ID returns Group/Name, which is unique across all files.
func (f File) ID() string {
	return f.Group + "/" + f.Name
}

// Files lists the shared construct corpus, every example's workflow.yaml
// and the YAML files in casesDir, a folder of the calling package. It fails
// the test when a group has no files, so a moved folder cannot empty a test.
func Files(t testing.TB, casesDir string) []File {
	t.Helper()

	root := RepoRoot(t)
	groups := []struct{ group, pattern string }{
		{"corpus", filepath.Join(root, "internal", "translate", "testdata", "*.yaml")},
		{"examples", filepath.Join(root, "examples", "*", "workflow.yaml")},
		{"cases", filepath.Join(casesDir, "*.yaml")},
	}

	var out []File

	for _, g := range groups {
		paths, err := filepath.Glob(g.pattern)
		if err != nil {
			t.Fatal(err)
		}

		if len(paths) == 0 {
			t.Fatalf("no workflow files match %s", g.pattern)
		}

		for _, p := range paths {
			file := File{Group: g.group, Name: strings.TrimSuffix(filepath.Base(p), ".yaml"), Path: p}
			if g.group == "examples" {
				file.Name = filepath.Base(filepath.Dir(p))
				file.Targets = exampleTargets(t, filepath.Join(filepath.Dir(p), "main.tf"))
			}

			out = append(out, file)
		}
	}

	return out
}

// targetsPattern matches the `targets = ["aws", "gcp"]` argument of a data
// source, written on one line as the examples do.
var targetsPattern = regexp.MustCompile(`^\s*targets\s*=\s*\[([^\]]*)\]`)

// exampleTargets reads the targets list from an example's main.tf, or
// returns nil when it has none. Commented lines are skipped, because the
// examples show deployment settings in comments.
func exampleTargets(t testing.TB, mainTF string) []string {
	t.Helper()

	data, err := os.ReadFile(mainTF)
	if err != nil {
		t.Fatalf("cannot read the example's targets: %v", err)
	}

	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "//") {
			continue
		}

		m := targetsPattern.FindStringSubmatch(line)
		if m == nil {
			continue
		}

		targets := []string{}
		for _, item := range strings.Split(m[1], ",") {
			if name := strings.Trim(strings.TrimSpace(item), `"`); name != "" {
				targets = append(targets, name)
			}
		}

		return targets
	}

	return nil
}

// AddSeeds adds every file that Files lists to a fuzz test's seed corpus.
func AddSeeds(f *testing.F, casesDir string) {
	f.Helper()

	for _, file := range Files(f, casesDir) {
		data, err := os.ReadFile(file.Path)
		if err != nil {
			f.Fatal(err)
		}

		f.Add(data)
	}
}

// CheckTranslation is the body of a translator's fuzz test. It decodes
// data and translates the workflow when it decodes, then fails t when a
// rejected workflow leaves text or when check reports a problem in the text
// of an accepted one. A panic in the translator fails the fuzz test too.
func CheckTranslation(t *testing.T, data []byte, translate func(*workflow.Workflow) (string, workflow.Diagnostics), check func(text string) error) {
	t.Helper()

	w, diags := workflow.DecodeYAML(data)
	if diags.HasErrors() {
		return
	}

	text, diags := translate(w)
	if diags.HasErrors() {
		if text != "" {
			t.Errorf("text is not empty after an error:\n%s", text)
		}

		return
	}

	if err := check(text); err != nil {
		t.Errorf("%v\n%s", err, text)
	}
}

// RepoRoot returns the folder with go.mod above the test's folder.
func RepoRoot(t testing.TB) string {
	t.Helper()

	root, err := testutil.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}

	return root
}

// DecodeFile decodes a YAML workflow and fails the test on any error.
func DecodeFile(t testing.TB, path string) *workflow.Workflow {
	t.Helper()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	w, diags := workflow.DecodeYAML(data)
	if diags.HasErrors() {
		t.Fatalf("decoding %s failed:\n%s", path, diags.Error())
	}

	return w
}

// FormatDiagnostics writes one diagnostic per line with its severity.
func FormatDiagnostics(ds workflow.Diagnostics) string {
	var b strings.Builder

	for _, d := range ds {
		severity := "error"
		if d.Severity == workflow.SeverityWarning {
			severity = "warning"
		}

		fmt.Fprintf(&b, "%s: %s\n", severity, d.Error())
	}

	return b.String()
}

// CompareGolden compares got with a golden file byte for byte. An empty got
// means that the file must not exist. With update set it rewrites or removes
// the file instead.
func CompareGolden(t *testing.T, file, got string, update bool) {
	t.Helper()

	if update {
		writeGolden(t, file, got)
		return
	}

	want, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		if got != "" {
			t.Fatalf("golden file %s is missing; run the package's tests with -update and review it", file)
		}

		return
	}

	if err != nil {
		t.Fatal(err)
	}

	if got != string(want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n--- got\n%s", file, got)
	}
}

func writeGolden(t *testing.T, file, got string) {
	t.Helper()

	if got == "" {
		if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}

		return
	}

	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}
