package gcpworkflows

import (
	"strings"
	"testing"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// TestCatchConditionManyStatuses keeps the condition of a catch with many
// HTTP statuses within the 400-character expression limit, by testing the
// status against one list.
func TestCatchConditionManyStatuses(t *testing.T) {
	text := translateText(t, `steps:
  - name: reserve
    call:
      http:
        method: GET
        url: https://stock.example.com/v1/reserve
      catch:
        - errors: ["http:400", "http:401", "http:403", "http:404", "http:409", "http:422", "http:423"]
          steps: []
`)

	want := `${(reserve__caught.error == "http" and map.get(reserve__error, "code") in [400, 401, 403, 404, 409, 422, 423])}`
	if !strings.Contains(text, want) {
		t.Errorf("output does not contain the condition %s:\n%s", want, text)
	}

	checkStructure(t, text)
}

// TestCatchConditionErrorNames tests several error names against one list.
func TestCatchConditionErrorNames(t *testing.T) {
	text := translateText(t, `steps:
  - name: reserve
    call:
      http:
        method: GET
        url: https://stock.example.com/v1/reserve
      catch:
        - errors: [timeout, http, "http:404"]
          steps: []
`)

	want := `${reserve__caught.error in ["timeout", "http"] or (reserve__caught.error == "http" and map.get(reserve__error, "code") == 404)}`
	if !strings.Contains(text, want) {
		t.Errorf("output does not contain the condition %s:\n%s", want, text)
	}
}

// TestCatchConditionTooLong rejects a catch whose condition would still
// exceed 400 characters, naming the catch's errors.
func TestCatchConditionTooLong(t *testing.T) {
	var names []string
	for _, prefix := range []string{"A", "B", "C", "D", "E", "F"} {
		names = append(names, prefix+strings.Repeat("x", 63))
	}

	definition := `steps:
  - name: reserve
    call:
      http:
        method: GET
        url: https://stock.example.com/v1/reserve
      catch:
        - errors: [` + strings.Join(names, ", ") + `]
          steps: []
`

	w, diags := workflow.DecodeYAML([]byte(definition))
	if diags.HasErrors() {
		t.Fatalf("definition does not decode:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if text != "" {
		t.Errorf("text = %q, want empty when rejected", abbreviate(text, 80))
	}

	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), diags.Error())
	}

	if got, want := errs[0].Path.String(), "definition.steps[0].call.catch[0].errors"; got != want {
		t.Errorf("path = %s, want %s", got, want)
	}

	if got, want := errs[0].Summary, "Google Cloud Workflows limit exceeded"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}

	if !strings.Contains(errs[0].Detail, "at most 400 characters") {
		t.Errorf("detail %q does not state the limit", errs[0].Detail)
	}
}

// TestCatchExpressionsLongStepName keeps every generated catch expression
// within the limit for a step name of the maximum length, 64 characters.
func TestCatchExpressionsLongStepName(t *testing.T) {
	step := "s" + strings.Repeat("x", 63)

	text := translateText(t, `steps:
  - name: `+step+`
    call:
      http:
        method: GET
        url: https://stock.example.com/v1/reserve
      result: r
      catch:
        - errors: [timeout, http, "http:404", "http:409"]
          as: problem
          steps: []
`)

	for _, s := range expressionStrings(mapOf(t, text)) {
		if n := utf8.RuneCountInString(s); n > maxExpressionLength {
			t.Errorf("expression of %d characters exceeds %d: %s", n, maxExpressionLength, s)
		}
	}
}

func mapOf(t *testing.T, text string) map[string]any {
	t.Helper()

	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("output is not YAML: %v", err)
	}

	return doc
}
