package asl

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
        auth: {aws_connection_arn: "%[2]s"}
      result: response_%[1]d
      retry: {max_retries: 3, initial_interval: 2s, backoff_rate: 2}
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
`, i, connectionARN)
	}

	return b.String()
}

func BenchmarkTranslate1000Steps(b *testing.B) {
	w, diags := workflow.DecodeYAML([]byte(generatedWorkflow(1000)))
	if diags.HasErrors() {
		b.Fatalf("decoding failed:\n%s", diags.Error())
	}

	b.ReportAllocs()
	b.ResetTimer()

	for i := 0; i < b.N; i++ {
		if _, diags := Translate(w); diags.HasErrors() {
			b.Fatalf("translation failed:\n%s", diags.Error())
		}
	}
}
