package workflow

import (
	"fmt"
	"strings"
	"testing"
)

// thousandStepYAML builds a workflow of 1,000 steps that cycles through
// assign, call and switch steps, so decoding compiles about 1,300 CEL
// expressions.
func thousandStepYAML() []byte {
	var b strings.Builder
	b.WriteString("input: {n: int, name: string}\nsteps:\n")

	for i := 0; i < 999; i++ {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "- {name: s%d, assign: {v%d: '{{ input.n * %d + 1 }}'}}\n", i, i, i)
		case 1:
			fmt.Fprintf(&b, "- name: s%d\n  call: {http: {method: POST, url: 'https://api.example.com/{{ input.name }}', body: {n: '{{ input.n }}'}}, result: r%d}\n", i, i)
		default:
			fmt.Fprintf(&b, "- name: s%d\n  switch: {cases: [{when: 'input.n > %d', steps: [{name: s%d-a, assign: {w%d: hello}}]}]}\n", i, i, i, i)
		}
	}

	b.WriteString("- {name: done, return: '{{ input.n }}'}\n")

	return []byte(b.String())
}

func BenchmarkDecode1000Steps(b *testing.B) {
	doc := thousandStepYAML()
	b.ReportAllocs()

	for b.Loop() {
		if _, diags := DecodeYAML(doc); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}
