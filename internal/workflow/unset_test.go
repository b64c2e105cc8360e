package workflow

import (
	"strings"
	"testing"
)

func TestUnsetVariableErrorNamesFix(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		path string
		want string
	}{
		{
			name: "read after one switch case",
			yaml: "steps:\n- name: a\n  switch:\n    cases: [{when: 'true', steps: [{name: b, assign: {x: 1}}]}]\n- {name: c, return: '{{ x }}'}",
			path: "definition.steps[1].return",
			want: `Assign it before the switch at definition.steps[0], such as in an assign step with a starting value of the same type, or assign it in every case and in "default".`,
		},
		{
			name: "read after nested switch",
			yaml: "steps:\n- name: a\n  switch:\n    cases: [{when: 'true', steps: [{name: b, switch: {cases: [{when: 'true', steps: [{name: d, assign: {x: 1}}]}]}}]}]\n    default: [{name: e, assign: {x: 2}}]\n- {name: c, return: '{{ x }}'}",
			path: "definition.steps[1].return",
			want: "Assign it before the switch at definition.steps[0],",
		},
		{
			name: "read in another case",
			yaml: "steps:\n- name: a\n  switch:\n    cases:\n    - {when: 'true', steps: [{name: b, assign: {x: 1}}]}\n    - {when: 'false', steps: [{name: c, return: '{{ x }}'}]}",
			path: "definition.steps[0].switch.cases[1].steps[0].return",
			want: "Assign it before the switch at definition.steps[0], such as in an assign step with a starting value of the same type.",
		},
		{
			name: "read after call with catch",
			yaml: "steps:\n- name: a\n  call: {http: {method: GET, url: 'https://x.example'}, result: r, catch: [{errors: [any], steps: []}]}\n- {name: c, return: '{{ r }}'}",
			path: "definition.steps[1].return",
			want: "The call at definition.steps[0] does not set it when a catch handles an error: assign it in the steps of every catch too, or assign it before the call.",
		},
		{
			name: "read after while loop",
			yaml: "steps:\n- name: a\n  loop: {while: 'true', max_iterations: 5, steps: [{name: b, assign: {x: 1}}]}\n- {name: c, return: '{{ x }}'}",
			path: "definition.steps[1].return",
			want: "Assign it before the loop step at definition.steps[0], such as in an assign step with a starting value of the same type.",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := DecodeYAML([]byte(tt.yaml))

			errs := diags.Errors()
			if len(errs) == 0 {
				t.Fatalf("no error, want one at %s", tt.path)
			}

			if got := errs[0].Path.String(); got != tt.path {
				t.Errorf("path = %q, want %q (all: %s)", got, tt.path, diags.Error())
			}

			if !strings.Contains(errs[0].Detail, tt.want) {
				t.Errorf("detail %q does not contain %q", errs[0].Detail, tt.want)
			}
		})
	}
}
