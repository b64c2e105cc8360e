package asljsonpath

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

func translateFile(t testing.TB, file string) (string, workflow.Diagnostics) {
	t.Helper()

	return Translate(translatetest.DecodeFile(t, file))
}

// TestTranslateGolden compares every rendering with its golden file. A
// workflow that JSONPath mode rejects has no .asl.json golden, and its
// .diagnostics.txt golden records the rejection.
func TestTranslateGolden(t *testing.T) {
	for _, c := range translatetest.Files(t, casesDir) {
		t.Run(c.ID(), func(t *testing.T) {
			text, diags := translateFile(t, c.Path)
			base := filepath.Join("testdata", "golden", filepath.FromSlash(c.ID()))

			translatetest.CompareGolden(t, base+".asl.json", text, *update)
			translatetest.CompareGolden(t, base+".diagnostics.txt", translatetest.FormatDiagnostics(diags), *update)
		})
	}
}

// TestTranslateCasesRender makes sure that this package's own cases, which
// exercise the JSONPath lowerings, render without errors, except the files
// named reject*, which must be rejected.
func TestTranslateCasesRender(t *testing.T) {
	for _, c := range translatetest.Files(t, casesDir) {
		if c.Group != "cases" {
			continue
		}

		t.Run(c.ID(), func(t *testing.T) {
			_, diags := translateFile(t, c.Path)

			if strings.HasPrefix(c.Name, "reject") {
				if !diags.HasErrors() {
					t.Fatal("no error for a workflow that JSONPath mode cannot express")
				}

				return
			}

			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}
		})
	}
}

// TestTranslateRejectionsSuggestJSONata checks that every error on an
// expression of the shared corpus names its attribute path and suggests
// JSONata mode.
func TestTranslateRejectionsSuggestJSONata(t *testing.T) {
	rejected := 0

	for _, c := range translatetest.Files(t, casesDir) {
		text, diags := translateFile(t, c.Path)

		for _, d := range diags.Errors() {
			if d.Summary != summaryExpression {
				continue
			}

			rejected++

			if !strings.Contains(d.Detail, `aws_query_language = "JSONata"`) {
				t.Errorf("%s: %s does not suggest JSONata mode", c.ID(), d.Error())
			}

			if len(d.Path) == 0 || d.Step == "" {
				t.Errorf("%s: %s has no attribute path or step", c.ID(), d.Error())
			}
		}

		if diags.HasErrors() && text != "" {
			t.Errorf("%s: text is not empty after an error", c.ID())
		}
	}

	if rejected == 0 {
		t.Fatal("no corpus file was rejected, so this test checks nothing")
	}
}

func TestTranslateDeterministic(t *testing.T) {
	for _, c := range translatetest.Files(t, casesDir) {
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
	for _, c := range translatetest.Files(t, casesDir) {
		t.Run(c.ID(), func(t *testing.T) {
			text, diags := translateFile(t, c.Path)
			if diags.HasErrors() {
				t.Skip("rejected in JSONPath mode; TestTranslateGolden checks the diagnostics")
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
	var files []string

	for _, c := range translatetest.Files(t, casesDir) {
		text, diags := translateFile(t, c.Path)
		if diags.HasErrors() {
			continue
		}

		file := filepath.Join(dir, strings.ReplaceAll(c.ID(), "/", "-")+".asl.json")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}

		files = append(files, file)
	}

	if len(files) == 0 {
		t.Fatal("no workflow rendered, so asl-validator checked nothing")
	}

	if err := testutil.ValidateASLFiles(files...); err != nil {
		t.Fatal(err)
	}
}

// checkStructure checks what a state machine needs beyond its JSON schema:
// the JSONPath query language, no JSONata field, an existing StartAt,
// transitions to existing states, every state reachable and state names of
// at most 80 characters.
func checkStructure(text string) error {
	var sm struct {
		QueryLanguage string
		StartAt       string
		States        map[string]map[string]any
	}

	if err := json.Unmarshal([]byte(text), &sm); err != nil {
		return fmt.Errorf("output is not JSON: %w", err)
	}

	if sm.QueryLanguage != "JSONPath" {
		return fmt.Errorf("QueryLanguage is %q, want JSONPath", sm.QueryLanguage)
	}

	if strings.Contains(text, "{%") {
		return fmt.Errorf("output contains a JSONata expression")
	}

	return aslrules.CheckGraph(sm.StartAt, sm.States)
}
