package testutil

import (
	"fmt"
	"strings"
)

// GeneratedWorkflowYAML builds the workflow that the decode and translate
// benchmarks share: n steps, nested steps included, in repeating groups of
// four. Each group is an assign, an HTTP call with retry and catch, a switch,
// and the assign inside the switch case. The call carries an AWS connection
// and a 5-second retry interval so that every cloud accepts it.
func GeneratedWorkflowYAML(n int) []byte {
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
        auth: {aws_connection_arn: "arn:aws:events:us-east-1:123456789012:connection/bench/6f1c0e2a-1111-2222-3333-444455556666"}
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

	return []byte(b.String())
}
