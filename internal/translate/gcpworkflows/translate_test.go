package gcpworkflows

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// source is one neutral workflow that the golden tests translate.
type source struct {
	// golden is the base name of the golden file.
	golden string
	path   string
}

// sources lists the shared corpus, this package's own cases and the
// examples, each with a distinct golden file name.
func sources(t testing.TB) []source {
	t.Helper()

	var out []source

	add := func(pattern string, name func(path string) string) {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatalf("glob %s: %v", pattern, err)
		}

		for _, p := range paths {
			out = append(out, source{golden: name(p), path: p})
		}
	}

	add(filepath.Join("..", "testdata", "*.yaml"), filepath.Base)
	add(filepath.Join("testdata", "cases", "*.yaml"), func(p string) string { return "case_" + filepath.Base(p) })
	add(filepath.Join(moduleRoot(t), "examples", "*", "workflow.yaml"), func(p string) string {
		return "example_" + filepath.Base(filepath.Dir(p)) + ".yaml"
	})

	seen := map[string]string{}
	for _, s := range out {
		if prev, dup := seen[s.golden]; dup {
			t.Fatalf("%s and %s would share the golden file %s", prev, s.path, s.golden)
		}

		seen[s.golden] = s.path
	}

	if len(out) == 0 {
		t.Fatal("no workflows found to translate")
	}

	return out
}

func moduleRoot(t testing.TB) string {
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
			t.Fatal("no go.mod above the test directory")
		}

		dir = parent
	}
}

func decodeFile(t testing.TB, path string) *workflow.Workflow {
	t.Helper()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	w, diags := workflow.DecodeYAML(data)
	if diags.HasErrors() {
		t.Fatalf("%s does not decode:\n%s", path, diags.Error())
	}

	return w
}

// TestTranslateGolden compares every output with its golden file. A
// workflow that Cloud Workflows cannot express has a golden file of its
// diagnostics instead, named NAME.errors.txt, and the warnings of a
// translation are in NAME.warnings.txt.
func TestTranslateGolden(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(src.golden, func(t *testing.T) {
			w := decodeFile(t, src.path)
			text, diags := Translate(w)

			base := filepath.Join("testdata", "golden", strings.TrimSuffix(src.golden, ".yaml"))

			if diags.HasErrors() {
				compareGolden(t, base+".errors.txt", diags.Error()+"\n")
				return
			}

			compareGolden(t, base+".yaml", text)

			warnings := ""
			if len(diags) > 0 {
				warnings = diags.Error() + "\n"
			}

			compareGolden(t, base+".warnings.txt", warnings)
		})
	}
}

// compareGolden compares got with the golden file at path. An empty got
// means the file must not exist. With -update it rewrites or removes the
// file instead.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()

	if *update {
		writeGolden(t, path, got)
		return
	}

	want, err := os.ReadFile(path)
	if os.IsNotExist(err) && got == "" {
		return
	}

	if err != nil {
		t.Fatalf("%v (run go test ./internal/translate/gcpworkflows -update to create it)", err)
	}

	if got != string(want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, got)
	}
}

func writeGolden(t *testing.T, path, content string) {
	t.Helper()

	if content == "" {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}

		return
	}

	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTranslateDeterministic(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(src.golden, func(t *testing.T) {
			first, _ := Translate(decodeFile(t, src.path))
			second, _ := Translate(decodeFile(t, src.path))

			if first != second {
				t.Errorf("two translations differ:\n%s\n---\n%s", first, second)
			}
		})
	}
}

// TestTranslateSchema validates every output with the Google Cloud
// Workflows JSON schema, a check written by a third party.
func TestTranslateSchema(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(src.golden, func(t *testing.T) {
			text, diags := Translate(decodeFile(t, src.path))
			if diags.HasErrors() {
				t.Skipf("Cloud Workflows rejects this workflow: %s", diags.Error())
			}

			if err := schemacheck.Validate([]byte(text)); err != nil {
				t.Errorf("schema violation: %v\n%s", err, text)
			}
		})
	}
}

// TestTranslateStructure checks what the schema does not check. Step names
// are unique within each subworkflow, every expression is one whole `${...}`
// within the length limit, and main takes the input parameter.
func TestTranslateStructure(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(src.golden, func(t *testing.T) {
			text, diags := Translate(decodeFile(t, src.path))
			if diags.HasErrors() {
				t.Skipf("Cloud Workflows rejects this workflow: %s", diags.Error())
			}

			checkStructure(t, text)
		})
	}
}

func checkStructure(t *testing.T, text string) {
	t.Helper()

	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("output is not a YAML map: %v", err)
	}

	mainBody, ok := doc["main"].(map[string]any)
	if !ok {
		t.Fatal("output has no main subworkflow")
	}

	if got := fmt.Sprint(mainBody["params"]); got != "[input]" {
		t.Errorf("main params = %s, want [input]", got)
	}

	for name, sub := range doc {
		body, _ := sub.(map[string]any)
		seen := map[string]int{}
		collectStepNames(body["steps"], seen)

		for step, n := range seen {
			if n > 1 {
				t.Errorf("subworkflow %s has %d steps named %s", name, n, step)
			}
		}
	}

	for _, s := range expressionStrings(doc) {
		if !isExpression(s) {
			t.Errorf("%q holds ${ but is not one whole expression", s)
		}

		if n := utf8.RuneCountInString(s); n > maxExpressionLength {
			t.Errorf("expression of %d characters exceeds %d: %s", n, maxExpressionLength, s)
		}
	}
}

// collectStepNames counts the step names of a step list and of every step
// list nested in it.
func collectStepNames(v any, seen map[string]int) {
	list, _ := v.([]any)
	for _, item := range list {
		step, _ := item.(map[string]any)
		for name, body := range step {
			seen[name]++
			collectNestedStepNames(body, seen)
		}
	}
}

func collectNestedStepNames(v any, seen map[string]int) {
	body, ok := v.(map[string]any)
	if !ok {
		return
	}

	collectStepNames(body["steps"], seen)
	collectNestedStepNames(body["try"], seen)

	if except, ok := body["except"].(map[string]any); ok {
		collectStepNames(except["steps"], seen)
	}

	conditions, _ := body["switch"].([]any)
	for _, c := range conditions {
		collectNestedStepNames(c, seen)
	}
}

// expressionStrings returns every string in the document that contains
// "${", sorted.
func expressionStrings(v any) []string {
	var out []string

	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			if strings.Contains(t, "${") {
				out = append(out, t)
			}
		case []any:
			for _, item := range t {
				walk(item)
			}
		case map[string]any:
			for _, item := range t {
				walk(item)
			}
		}
	}

	walk(v)
	sort.Strings(out)

	return out
}
