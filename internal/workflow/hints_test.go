package workflow

import (
	"strings"
	"testing"
)

// decodeErrors decodes a YAML definition and returns its errors.
func decodeErrors(t *testing.T, src string) Diagnostics {
	t.Helper()

	_, diags := DecodeYAML([]byte(src))

	return diags.Errors()
}

// bareExpressionCases write a template where an attribute takes a bare CEL
// expression.
var bareExpressionCases = []struct {
	name string
	yaml string
	path string
	want string
}{
	{"switch when", "input: {total: int}\nsteps: [{name: a, switch: {cases: [{when: '{{ input.total >= 1000 }}', steps: []}]}}]", "definition.steps[0].switch.cases[0].when", `Remove the {{ and }}: write "input.total >= 1000".`},
	{"for_each items", "input: {orders: list}\nsteps: [{name: a, for_each: {items: '{{ input.orders }}', as: o, steps: []}}]", "definition.steps[0].for_each.items", `Remove the {{ and }}: write "input.orders".`},
	{"loop while", "steps: [{name: a, loop: {while: '{{true}}', max_iterations: 2, steps: []}}]", "definition.steps[0].loop.while", `write "true"`},
	{"loop until", "steps: [{name: a, loop: {until: ' {{ 1 > 0 }} ', max_iterations: 2, steps: []}}]", "definition.steps[0].loop.until", `write "1 > 0"`},
	{"two parts", "steps: [{name: a, loop: {until: '{{ true }} && {{ false }}', max_iterations: 2, steps: []}}]", "definition.steps[0].loop.until", "Remove the {{ and }}."},
}

func TestBareExpressionRejectsTemplateBraces(t *testing.T) {
	for _, tc := range bareExpressionCases {
		t.Run(tc.name, func(t *testing.T) {
			errs := decodeErrors(t, tc.yaml)

			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
			}

			if got := errs[0].Path.String(); got != tc.path {
				t.Errorf("path = %s, want %s", got, tc.path)
			}

			if !strings.Contains(errs[0].Detail, "takes a bare CEL expression, not a {{ }} template") {
				t.Errorf("the error does not name the rule: %s", errs[0].Detail)
			}

			if !strings.Contains(errs[0].Detail, tc.want) {
				t.Errorf("the error does not contain %s: %s", tc.want, errs[0].Detail)
			}

			if !strings.HasPrefix(errs[0].Detail, `Step "a": `) {
				t.Errorf("the error does not name the step: %s", errs[0].Detail)
			}
		})
	}
}
