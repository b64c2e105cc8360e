package gcpworkflows

import (
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// translateText decodes and translates a definition that must translate
// without errors.
func translateText(t *testing.T, definition string) string {
	t.Helper()

	w, diags := workflow.DecodeYAML([]byte(definition))
	if diags.HasErrors() {
		t.Fatalf("definition does not decode:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if diags.HasErrors() {
		t.Fatalf("translation failed:\n%s", diags.Error())
	}

	return text
}

// mainSteps returns the steps of main as a list of single-key maps.
func mainSteps(t *testing.T, text string) []map[string]any {
	t.Helper()

	var doc struct {
		Main struct {
			Steps []map[string]any `yaml:"steps"`
		} `yaml:"main"`
	}

	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("output is not YAML: %v\n%s", err, text)
	}

	return doc.Main.Steps
}

// TestCatchResultDeclaredBeforeExcept covers a catch that assigns the call's
// result variable as a fallback. Cloud Workflows keeps a variable created
// inside an except block local to that block, so the variable must exist
// in main's scope before the call for the fallback to survive the block.
func TestCatchResultDeclaredBeforeExcept(t *testing.T) {
	text := translateText(t, `steps:
  - name: fetch
    call:
      http:
        method: GET
        url: https://prices.example.com/v1/latest
      result: price
      catch:
        - errors: [any]
          steps:
            - name: fallback
              assign:
                price: {status: 0, headers: {}, body: null}
  - name: done
    return: "{{ price.status }}"
`)

	steps := mainSteps(t, text)
	if len(steps) != 3 {
		t.Fatalf("main has %d steps, want 3 (declaration, fetch, done):\n%s", len(steps), text)
	}

	declaration, ok := steps[0]["init__catch_results"].(map[string]any)
	if !ok {
		t.Fatalf("first step of main is %v, want the step init__catch_results:\n%s", steps[0], text)
	}

	assignments, _ := declaration["assign"].([]any)
	if len(assignments) != 1 {
		t.Fatalf("declaration assigns %v, want only price", declaration["assign"])
	}

	price, ok := assignments[0].(map[string]any)
	if value, declared := price["price"]; !ok || !declared || value != nil {
		t.Errorf("declaration assigns %v, want price: null", assignments[0])
	}

	if _, ok := steps[1]["fetch"]; !ok {
		t.Errorf("second step of main is %v, want fetch", steps[1])
	}
}

// TestCatchResultNotDeclaredWithoutReassignment keeps main unchanged when no
// catch assigns the result variable.
func TestCatchResultNotDeclaredWithoutReassignment(t *testing.T) {
	text := translateText(t, `steps:
  - name: fetch
    call:
      http:
        method: GET
        url: https://prices.example.com/v1/latest
      result: price
      catch:
        - errors: [any]
          steps:
            - name: give_up
              return: null
  - name: done
    return: "{{ price.status }}"
`)

	steps := mainSteps(t, text)
	if _, ok := steps[0]["fetch"]; !ok {
		t.Errorf("first step of main is %v, want fetch", steps[0])
	}
}

// TestCatchResultDeclaredForNestedCatch finds a fallback assignment of the
// result in a switch inside the catch steps of a call that is itself in a
// switch case.
func TestCatchResultDeclaredForNestedCatch(t *testing.T) {
	text := translateText(t, `input:
  fast: bool
steps:
  - name: route
    switch:
      cases:
        - when: input.fast
          steps:
            - name: fetch
              call:
                http:
                  method: GET
                  url: https://prices.example.com/v1/latest
                result: price
                catch:
                  - errors: [timeout]
                    steps:
                      - name: pick_fallback
                        switch:
                          cases:
                            - when: input.fast == true
                              steps:
                                - name: fallback
                                  assign:
                                    price: {status: 0, headers: {}, body: null}
                          default:
                            - name: stop
                              return: null
            - name: done
              return: "{{ price.status }}"
`)

	steps := mainSteps(t, text)
	if _, ok := steps[0]["init__catch_results"]; !ok {
		t.Errorf("first step of main is %v, want the step init__catch_results:\n%s", steps[0], text)
	}
}
