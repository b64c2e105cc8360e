package gcpworkflows

import (
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
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

	for _, f := range translatetest.Files(t, filepath.Join("testdata", "cases")) {
		golden := f.Name + ".yaml"

		switch f.Group {
		case "cases":
			golden = "case_" + golden
		case "examples":
			golden = "example_" + golden
		}

		out = append(out, source{golden: golden, path: f.Path})
	}

	seen := map[string]string{}
	for _, s := range out {
		if prev, dup := seen[s.golden]; dup {
			t.Fatalf("%s and %s would share the golden file %s", prev, s.path, s.golden)
		}

		seen[s.golden] = s.path
	}

	return out
}

// TestTranslateGolden compares every output with its golden file. A
// workflow that Cloud Workflows cannot express has a golden file of its
// diagnostics instead, named NAME.errors.txt, and the warnings of a
// translation are in NAME.warnings.txt.
func TestTranslateGolden(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(src.golden, func(t *testing.T) {
			w := translatetest.DecodeFile(t, src.path)
			text, diags := Translate(w)

			base := filepath.Join("testdata", "golden", strings.TrimSuffix(src.golden, ".yaml"))

			if diags.HasErrors() {
				translatetest.CompareGolden(t, base+".errors.txt", diags.Error()+"\n", *update)
				return
			}

			translatetest.CompareGolden(t, base+".yaml", text, *update)

			warnings := ""
			if len(diags) > 0 {
				warnings = diags.Error() + "\n"
			}

			translatetest.CompareGolden(t, base+".warnings.txt", warnings, *update)
		})
	}
}

func TestTranslateDeterministic(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(src.golden, func(t *testing.T) {
			first, _ := Translate(translatetest.DecodeFile(t, src.path))
			second, _ := Translate(translatetest.DecodeFile(t, src.path))

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
			text, diags := Translate(translatetest.DecodeFile(t, src.path))
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
			text, diags := Translate(translatetest.DecodeFile(t, src.path))
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

	for name, sub := range doc {
		body, _ := sub.(map[string]any)
		checkJumps(t, name, body["steps"])
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
	collectNestedStepNames(body["for"], seen)

	if except, ok := body["except"].(map[string]any); ok {
		collectStepNames(except["steps"], seen)
	}

	if parallel, ok := body["parallel"].(map[string]any); ok {
		collectStepNames(parallel["branches"], seen)
		collectNestedStepNames(parallel["for"], seen)
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

// checkJumps checks that every `next` names a step of the same step list,
// or end, break or continue, since Cloud Workflows does not jump into or
// out of nested lists. It checks every list nested in steps as well.
func checkJumps(t *testing.T, subworkflow string, steps any) {
	t.Helper()

	list, _ := steps.([]any)
	names := map[string]bool{"end": true, "break": true, "continue": true}

	for _, item := range list {
		step, _ := item.(map[string]any)
		for name := range step {
			names[name] = true
		}
	}

	for _, item := range list {
		step, _ := item.(map[string]any)
		for name, rawBody := range step {
			body, _ := rawBody.(map[string]any)
			for _, target := range jumpTargets(body) {
				if !names[target] {
					t.Errorf("subworkflow %s: step %s jumps to %q, which is not in its step list", subworkflow, name, target)
				}
			}

			for _, nested := range nestedLists(body) {
				checkJumps(t, subworkflow, nested)
			}
		}
	}
}

// jumpTargets returns the `next` of a step body and of its switch
// conditions.
func jumpTargets(body map[string]any) []string {
	var out []string

	if next, ok := body["next"].(string); ok {
		out = append(out, next)
	}

	conditions, _ := body["switch"].([]any)
	for _, c := range conditions {
		condition, _ := c.(map[string]any)
		if next, ok := condition["next"].(string); ok {
			out = append(out, next)
		}
	}

	return out
}

// nestedLists returns the step lists nested directly in a step body.
func nestedLists(body map[string]any) []any {
	var out []any

	add := func(v any) {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m["steps"])
		}
	}

	out = append(out, body["steps"])
	add(body["try"])
	add(body["except"])
	add(body["for"])

	if parallel, ok := body["parallel"].(map[string]any); ok {
		add(parallel["for"])

		branches, _ := parallel["branches"].([]any)
		for _, b := range branches {
			branch, _ := b.(map[string]any)
			for _, branchBody := range branch {
				add(branchBody)
			}
		}
	}

	conditions, _ := body["switch"].([]any)
	for _, c := range conditions {
		add(c)
	}

	return out
}
