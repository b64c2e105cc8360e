// Package translatetest holds what the translator tests share: the workflow
// files that every translator renders, decoding them, and golden files.
package translatetest

import (
	"fmt"
	"os"
	"path/filepath"
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
			name := strings.TrimSuffix(filepath.Base(p), ".yaml")
			if g.group == "examples" {
				name = filepath.Base(filepath.Dir(p))
			}

			out = append(out, File{Group: g.group, Name: name, Path: p})
		}
	}

	return out
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
