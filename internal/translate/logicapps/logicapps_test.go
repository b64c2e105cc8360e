package logicapps

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// corpusCase is one workflow file that every test translates.
type corpusCase struct {
	// name is the golden file name: a group folder and the workflow's name.
	name string
	file string
}

// corpus lists the shared construct corpus, the examples and this
// package's own cases.
func corpus(t testing.TB) []corpusCase {
	t.Helper()

	root := repoRoot(t)
	groups := []struct{ group, pattern string }{
		{"corpus", filepath.Join(root, "internal", "translate", "testdata", "*.yaml")},
		{"examples", filepath.Join(root, "examples", "*", "workflow.yaml")},
		{"cases", filepath.Join("testdata", "cases", "*.yaml")},
	}

	var out []corpusCase

	for _, g := range groups {
		files, err := filepath.Glob(g.pattern)
		if err != nil {
			t.Fatal(err)
		}

		if len(files) == 0 {
			t.Fatalf("no workflow files match %s", g.pattern)
		}

		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".yaml")
			if g.group == "examples" {
				name = filepath.Base(filepath.Dir(f))
			}

			out = append(out, corpusCase{name: g.group + "/" + name, file: f})
		}
	}

	return out
}

// repoRoot walks up from the package folder to the folder with go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()

	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}

	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}

		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the package folder")
		}

		dir = parent
	}
}

func decodeFile(t testing.TB, file string) *workflow.Workflow {
	t.Helper()

	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	w, diags := workflow.DecodeYAML(data)
	if diags.HasErrors() {
		t.Fatalf("decoding %s failed:\n%s", file, diags.Error())
	}

	return w
}

// formatDiagnostics writes one diagnostic per line with its severity.
func formatDiagnostics(ds workflow.Diagnostics) string {
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

func TestTranslateGolden(t *testing.T) {
	for _, c := range corpus(t) {
		t.Run(c.name, func(t *testing.T) {
			text, diags := Translate(decodeFile(t, c.file))
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			base := filepath.Join("testdata", "golden", filepath.FromSlash(c.name))
			compareGolden(t, base+".wdl.json", text)
			compareGolden(t, base+".diagnostics.txt", formatDiagnostics(diags))
		})
	}
}

// TestTranslatePassesWDLCheck runs the structural checker on every
// translation, because Azure offers no validator that runs offline.
func TestTranslatePassesWDLCheck(t *testing.T) {
	for _, c := range corpus(t) {
		t.Run(c.name, func(t *testing.T) {
			text, diags := Translate(decodeFile(t, c.file))
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			if err := wdlcheck.Check([]byte(text)); err != nil {
				t.Errorf("wdlcheck reported problems:\n%v\n--- definition\n%s", err, text)
			}
		})
	}
}

func TestTranslateDeterministic(t *testing.T) {
	for _, c := range corpus(t) {
		t.Run(c.name, func(t *testing.T) {
			// Decoding twice also covers map iteration order in the decoder.
			first, firstDiags := Translate(decodeFile(t, c.file))
			second, secondDiags := Translate(decodeFile(t, c.file))

			if first != second {
				t.Errorf("two translations differ:\n--- first\n%s\n--- second\n%s", first, second)
			}

			if a, b := formatDiagnostics(firstDiags), formatDiagnostics(secondDiags); a != b {
				t.Errorf("two translations report different diagnostics:\n--- first\n%s--- second\n%s", a, b)
			}
		})
	}
}

// compareGolden compares got with a golden file byte for byte. An empty got
// means that the file must not exist. With -update it rewrites the file.
func compareGolden(t *testing.T, file, got string) {
	t.Helper()

	if *update {
		writeGolden(t, file, got)
		return
	}

	want, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		if got != "" {
			t.Fatalf("golden file %s is missing; run go test ./internal/translate/logicapps -update and review it", file)
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
