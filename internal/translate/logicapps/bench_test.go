package logicapps

import (
	"fmt"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// generatedWorkflow builds a workflow of n steps, nested steps included, from
// repeating groups of four: an assign, an HTTP call with retry and catch, a
// switch, and the assign inside the switch case.
func generatedWorkflow(n int) string {
	var b strings.Builder

	b.WriteString("input:\n  amount: int\nsteps:\n")

	for i := 0; i < n/4; i++ {
		fmt.Fprintf(&b, `  - name: set_%[1]d
    assign:
      counter_%[1]d: "{{ input.amount + %[1]d }}"
  - name: call_%[1]d
    call:
      http:
        method: POST
        url: "https://api.example.com/items/{{ counter_%[1]d }}"
        body: {value: "{{ counter_%[1]d * 2 }}"}
      result: response_%[1]d
      retry: {max_retries: 3, initial_interval: 5s, backoff_rate: 2}
      catch:
        - errors: [timeout]
          steps: []
  - name: check_%[1]d
    switch:
      cases:
        - when: counter_%[1]d > 100
          steps:
            - name: big_%[1]d
              assign:
                label_%[1]d: big
`, i)
	}

	return b.String()
}

// BenchmarkTranslate1000Steps translates 1,000 steps. They become 2,751
// actions and 750 variables, beyond the Logic Apps limits of 500 and 250, so Translate reports limit errors and writes no text. The benchmark
// therefore encodes and checks the definition itself, to measure the whole
// work of Translate.
func BenchmarkTranslate1000Steps(b *testing.B) {
	w, diags := workflow.DecodeYAML([]byte(generatedWorkflow(1000)))
	if diags.HasErrors() {
		b.Fatalf("decoding failed:\n%s", diags.Error())
	}

	b.ReportAllocs()
	b.ResetTimer()

	for range b.N {
		t := newTranslator(w)
		t.translate()

		text, err := encode(t.definition())
		if err != nil {
			b.Fatal(err)
		}

		t.verify(text)

		// wdlcheck reports the same two limits as the translator.
		for _, d := range t.diags.Errors() {
			if d.Summary != summaryLimit && !strings.Contains(d.Detail, "Logic Apps allows at most") {
				b.Fatalf("unexpected error: %s", d.Error())
			}
		}
	}
}
