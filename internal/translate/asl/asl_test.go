package asl

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// casesDir holds this package's own workflow cases, rendered next to the
// shared corpus and the examples.
var casesDir = filepath.Join("testdata", "cases")

// flowDir holds the control-flow corpus (parallel, for_each, loop, try,
// await_callback, call.workflow). It sits apart from the shared corpus
// until every translator renders it.
var flowDir = filepath.Join("..", "testdata", "flow")

// workflowFiles lists the shared corpus, the examples, this package's
// cases and the control-flow corpus as the group "flow".
func workflowFiles(t testing.TB) []translatetest.File {
	t.Helper()

	files := translatetest.Files(t, casesDir)

	paths, err := filepath.Glob(filepath.Join(flowDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no workflow files in %s: %v", flowDir, err)
	}

	for _, p := range paths {
		files = append(files, translatetest.File{Group: "flow", Name: strings.TrimSuffix(filepath.Base(p), ".yaml"), Path: p})
	}

	return files
}

func translateFile(t testing.TB, file string) (string, workflow.Diagnostics) {
	t.Helper()

	return Translate(translatetest.DecodeFile(t, file))
}

func TestTranslateGolden(t *testing.T) {
	for _, c := range workflowFiles(t) {
		t.Run(c.ID(), func(t *testing.T) {
			text, diags := translateFile(t, c.Path)
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			base := filepath.Join("testdata", "golden", filepath.FromSlash(c.ID()))
			translatetest.CompareGolden(t, base+".asl.json", text, *update)
			translatetest.CompareGolden(t, base+".diagnostics.txt", translatetest.FormatDiagnostics(diags), *update)
		})
	}
}

func TestTranslateDeterministic(t *testing.T) {
	for _, c := range workflowFiles(t) {
		t.Run(c.ID(), func(t *testing.T) {
			// Decoding twice also covers map iteration order in the decoder.
			first, _ := translateFile(t, c.Path)
			second, _ := translateFile(t, c.Path)

			if first != second {
				t.Errorf("two translations differ:\n--- first\n%s\n--- second\n%s", first, second)
			}
		})
	}
}

func TestTranslateStructure(t *testing.T) {
	for _, c := range workflowFiles(t) {
		t.Run(c.ID(), func(t *testing.T) {
			text, diags := translateFile(t, c.Path)
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
	if _, err := testutil.ASLValidatorPath(); err != nil {
		if os.Getenv("MULTICLOUD_SKIP_NODE") == "1" {
			t.Skip("asl-validator is not installed and MULTICLOUD_SKIP_NODE=1")
		}

		t.Fatalf("%v (or set MULTICLOUD_SKIP_NODE=1 to skip this test)", err)
	}

	dir := t.TempDir()
	checkValidatorRejects(t, dir)

	var files []string

	for _, c := range workflowFiles(t) {
		data, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}

		w, diags := workflow.DecodeYAML(data)
		if diags.HasErrors() {
			t.Errorf("%s: decoding failed:\n%s", c.ID(), diags.Error())
			continue
		}

		text, diags := Translate(w)
		if diags.HasErrors() {
			t.Errorf("%s: translation failed:\n%s", c.ID(), diags.Error())
			continue
		}

		file := filepath.Join(dir, strings.ReplaceAll(c.ID(), "/", "-")+".asl.json")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}

		files = append(files, file)
	}

	if err := testutil.ValidateASLFiles(files...); err != nil {
		t.Fatal(err)
	}
}

// checkValidatorRejects makes sure that the validator run can fail: a
// definition with a transition to a missing state must be rejected.
func checkValidatorRejects(t *testing.T, dir string) {
	t.Helper()

	file := filepath.Join(dir, "broken.asl.json")
	broken := `{"QueryLanguage": "JSONata", "StartAt": "a", "States": {"a": {"Type": "Pass", "Next": "missing"}}}`

	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}

	if err := testutil.ValidateASLFiles(file); err == nil {
		t.Fatal("asl-validator accepted a definition with a missing transition target")
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

	return aslrules.CheckGraph(sm.StartAt, sm.States)
}
