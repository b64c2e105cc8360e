package asl

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

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

func translateFile(t testing.TB, file string) (string, workflow.Diagnostics) {
	t.Helper()

	return Translate(decodeFile(t, file))
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
			text, diags := translateFile(t, c.file)
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			base := filepath.Join("testdata", "golden", filepath.FromSlash(c.name))
			compareGolden(t, base+".asl.json", text)
			compareGolden(t, base+".diagnostics.txt", formatDiagnostics(diags))
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
			t.Fatalf("golden file %s is missing; run go test ./internal/translate/asl -update and review it", file)
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

func TestTranslateDeterministic(t *testing.T) {
	for _, c := range corpus(t) {
		t.Run(c.name, func(t *testing.T) {
			// Decoding twice also covers map iteration order in the decoder.
			first, _ := translateFile(t, c.file)
			second, _ := translateFile(t, c.file)

			if first != second {
				t.Errorf("two translations differ:\n--- first\n%s\n--- second\n%s", first, second)
			}
		})
	}
}

func TestTranslateStructure(t *testing.T) {
	for _, c := range corpus(t) {
		t.Run(c.name, func(t *testing.T) {
			text, diags := translateFile(t, c.file)
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			if err := checkStructure(text); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTranslateASLValidator runs asl-validator 4.0.0 once over every output.
func TestTranslateASLValidator(t *testing.T) {
	validator := filepath.Join(repoRoot(t), "tools", "node", "node_modules", ".bin", "asl-validator")
	if _, err := os.Stat(validator); err != nil {
		if os.Getenv("MULTICLOUD_SKIP_NODE") == "1" {
			t.Skip("asl-validator is not installed and MULTICLOUD_SKIP_NODE=1")
		}

		t.Fatalf("asl-validator not found at %s: run make tools (or set MULTICLOUD_SKIP_NODE=1 to skip this test)", validator)
	}

	dir := t.TempDir()
	checkValidatorRejects(t, validator, dir)

	var args []string

	for _, c := range corpus(t) {
		data, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}

		w, diags := workflow.DecodeYAML(data)
		if diags.HasErrors() {
			t.Errorf("%s: decoding failed:\n%s", c.name, diags.Error())
			continue
		}

		text, diags := Translate(w)
		if diags.HasErrors() {
			t.Errorf("%s: translation failed:\n%s", c.name, diags.Error())
			continue
		}

		file := filepath.Join(dir, strings.ReplaceAll(c.name, "/", "-")+".asl.json")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}

		// One --json-path per file: with several --json-definition flags
		// asl-validator 4.0.0 exits with the status of the last one only.
		args = append(args, "--json-path", file)
	}

	out, err := exec.Command(validator, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("asl-validator rejected a definition (%v):\n%s", err, out)
	}
}

// checkValidatorRejects makes sure that the validator run can fail: a
// definition with a transition to a missing state must be rejected.
func checkValidatorRejects(t *testing.T, validator, dir string) {
	t.Helper()

	file := filepath.Join(dir, "broken.asl.json")
	broken := `{"QueryLanguage": "JSONata", "StartAt": "a", "States": {"a": {"Type": "Pass", "Next": "missing"}}}`

	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}

	if out, err := exec.Command(validator, "--json-path", file).CombinedOutput(); err == nil {
		t.Fatalf("asl-validator accepted a definition with a missing transition target:\n%s", out)
	}
}

// checkStructure checks what a state machine needs beyond its JSON schema:
// the JSONata query language, an existing StartAt, transitions to existing
// states, every state reachable and state names of at most 80 characters.
func checkStructure(text string) error {
	var sm struct {
		QueryLanguage string
		StartAt       string
		States        map[string]map[string]any
	}

	if err := json.Unmarshal([]byte(text), &sm); err != nil {
		return fmt.Errorf("output is not JSON: %w", err)
	}

	if sm.QueryLanguage != "JSONata" {
		return fmt.Errorf("QueryLanguage is %q, want JSONata", sm.QueryLanguage)
	}

	reached := map[string]bool{}
	queue := []string{sm.StartAt}

	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]

		if reached[name] {
			continue
		}

		state, ok := sm.States[name]
		if !ok {
			return fmt.Errorf("transition to missing state %q", name)
		}

		reached[name] = true
		queue = append(queue, transitions(state)...)
	}

	var unreached []string

	for name := range sm.States {
		if len([]rune(name)) > maxStateNameLength {
			return fmt.Errorf("state name %q is longer than %d characters", name, maxStateNameLength)
		}

		if !reached[name] {
			unreached = append(unreached, name)
		}
	}

	if len(unreached) > 0 {
		sort.Strings(unreached)
		return fmt.Errorf("unreachable states: %s", strings.Join(unreached, ", "))
	}

	return nil
}

// transitions lists the states that a state can move to.
func transitions(state map[string]any) []string {
	var out []string

	add := func(v any) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}

	add(state["Next"])
	add(state["Default"])

	for _, key := range []string{"Choices", "Catch"} {
		list, _ := state[key].([]any)
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				add(m["Next"])
			}
		}
	}

	return out
}
