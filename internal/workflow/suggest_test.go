package workflow

import (
	"strings"
	"testing"
)

// suggestionCases are typos for which the decoder suggests the closest
// valid name, each with the path of the error and the expected text.
var suggestionCases = []struct {
	name string
	yaml string
	path string
	want string
}{
	// Keys at each level.
	{"top-level key", "step: [{name: a, return: 1}]", "definition.step", `Did you mean "steps"?`},
	{"top-level key case", "Input: {a: string}\nsteps: [{name: a, return: 1}]", "definition.Input", `Did you mean "input"?`},
	{"step key", "steps: [{nme: a, return: 1}]", "definition.steps[0].nme", `Did you mean "name"?`},
	{"call key", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, reslt: r}}]", "definition.steps[0].call.reslt", `Did you mean "result"?`},
	{"http key", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', timout: 5s}}}]", "definition.steps[0].call.http.timout", `Did you mean "timeout"?`},
	{"auth key", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', auth: {gcp_audiense: x}}}}]", "definition.steps[0].call.http.auth.gcp_audiense", `Did you mean "gcp_audience"?`},
	{"function key", "steps: [{name: a, call: {function: {aws: 'arn:aws:lambda:us-east-1:123456789012:function:f', paylod: {}}}}]", "definition.steps[0].call.function.paylod", `Did you mean "payload"?`},
	{"native entry key", "steps: [{name: a, call: {native: {gcp: {call: x, arg: {}}}}}]", "definition.steps[0].call.native.gcp.arg", `Did you mean "args"?`},
	{"catch key", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [any], step: []}]}}]", "definition.steps[0].call.catch[0].step", `Did you mean "steps"?`},
	{"switch case key", "steps: [{name: a, switch: {cases: [{wehn: 'true', steps: []}]}}]", "definition.steps[0].switch.cases[0].wehn", `Did you mean "when"?`},
	{"for_each key", "steps: [{name: a, for_each: {items: '[1]', as: x, max_concurency: 2, steps: []}}]", "definition.steps[0].for_each.max_concurency", `Did you mean "max_concurrency"?`},
	{"loop key", "steps: [{name: a, loop: {until: 'true', max_iteration: 2, steps: []}}]", "definition.steps[0].loop.max_iteration", `Did you mean "max_iterations"?`},
	{"try key", "steps: [{name: a, try: {steps: [], finaly: []}}]", "definition.steps[0].try.finaly", `Did you mean "finally"?`},
	{"await key", "steps: [{name: a, await_callback: {notify: {http: {method: POST, url: 'https://x.example'}}, timeout: 1h, reslut: r}}]", "definition.steps[0].await_callback.reslut", `Did you mean "result"?`},

	// Step kinds.
	{"step kind swap", "steps: [{name: a, asign: {x: 1}}]", "definition.steps[0]", `Did you mean "assign"?`},
	{"step kind long", "steps: [{name: a, await_calback: {}}]", "definition.steps[0]", `Did you mean "await_callback"?`},
	{"step kind foreach", "steps: [{name: a, foreach: {}}]", "definition.steps[0]", `Did you mean "for_each"?`},
	{"call target in step", "steps: [{name: a, http: {method: GET, url: 'https://x.example'}}]", "definition.steps[0]", `move it into a "call" object`},

	// Error names in catch and retry.
	{"catch error name", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [conection], steps: []}]}}]", "definition.steps[0].call.catch[0].errors[0]", `Did you mean "connection"?`},
	{"retry error name", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {max_retries: 1, errors: [task_faild]}}}]", "definition.steps[0].call.retry.errors[0]", `Did you mean "task_failed"?`},
	{"try retry error name", "steps: [{name: a, try: {steps: [], retry: {max_retries: 1, errors: [expresion]}}}]", "definition.steps[0].try.retry.errors[0]", `Did you mean "expression"?`},

	// Enum values.
	{"jitter value", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {max_retries: 1, jitter: ful}}}]", "definition.steps[0].call.retry.jitter", `Did you mean "full"?`},
	{"http method", "steps: [{name: a, call: {http: {method: PSOT, url: 'https://x.example'}}}]", "definition.steps[0].call.http.method", `Did you mean "POST"?`},
	{"gcp auth value", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', auth: {gcp: odic}}}}]", "definition.steps[0].call.http.auth.gcp", `Did you mean "oidc"?`},
	{"input type", "input: {a: strng}\nsteps: [{name: a, return: 1}]", "definition.input.a", `Did you mean "string"?`},
	{"input type alias", "input: {a: boolean}\nsteps: [{name: a, return: 1}]", "definition.input.a", `Did you mean "bool"?`},

	// Variables and fields in expressions.
	{"variable typo", "steps:\n- {name: a, assign: {total: 1}}\n- {name: b, return: '{{ totl + 1 }}'}", "definition.steps[1].return", `Did you mean "total"?`},
	{"input typo", "steps: [{name: a, return: '{{ inptu.id }}'}]", "definition.steps[0].return", `Did you mean "input"?`},
	{"condition variable typo", "steps:\n- {name: a, assign: {count: 1}}\n- {name: b, switch: {cases: [{when: 'cuont > 0', steps: []}]}}", "definition.steps[1].switch.cases[0].when", `Did you mean "count"?`},
	{"items variable typo", "steps:\n- {name: a, assign: {orders: [1]}}\n- {name: b, for_each: {items: orderz, as: o, steps: []}}", "definition.steps[1].for_each.items", `Did you mean "orders"?`},
	{"declared input field", "input: {amount: int}\nsteps: [{name: a, return: '{{ input.amout }}'}]", "definition.steps[0].return", `Did you mean "amount"?`},
	{"nested input field", "input: {customer: {email: string}}\nsteps: [{name: a, return: '{{ input.customer.emial }}'}]", "definition.steps[0].return", `Did you mean "email"?`},
	{"result field", "steps:\n- {name: a, call: {http: {method: GET, url: 'https://x.example'}, result: resp}}\n- {name: b, return: '{{ resp.stauts }}'}", "definition.steps[1].return", `Did you mean "status"?`},
	{"catch variable field", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [any], as: err, steps: [{name: b, return: '{{ err.mesage }}'}]}]}}]", "definition.steps[0].call.catch[0].steps[0].return", `Did you mean "message"?`},
}

func TestDecodeSuggestsClosestName(t *testing.T) {
	for _, tc := range suggestionCases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := DecodeYAML([]byte(tc.yaml))

			for _, d := range diags.Errors() {
				if d.Path.String() == tc.path && strings.Contains(d.Detail, tc.want) {
					return
				}
			}

			t.Errorf("no error at %s containing %s:\n%s", tc.path, tc.want, diags.Error())
		})
	}
}

// scopeExplanationCases are reads of variables that exist in the workflow
// but not where the expression runs: the message names where they belong.
var scopeExplanationCases = []struct {
	name string
	yaml string
	path string
	want string
}{
	{"catch variable after catch", "steps:\n- {name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [any], as: err, steps: []}]}}\n- {name: b, return: '{{ err }}'}", "definition.steps[1].return", `"err" is the "as" variable of the catch at definition.steps[0].call.catch[0]`},
	{"item after for_each", "steps:\n- {name: a, for_each: {items: '[1]', as: x, steps: []}}\n- {name: b, return: '{{ x }}'}", "definition.steps[1].return", `"x" is the item or index variable of the for_each at definition.steps[0].for_each`},
	{"branch variable after parallel", "steps:\n- name: p\n  parallel:\n    branches: [{name: b, steps: [{name: c, assign: {x: 1}}]}]\n- {name: d, return: '{{ x }}'}", "definition.steps[1].return", `"x" belongs to the parallel branch or for_each body "p/b"`},
	{"one switch case", "steps:\n- name: a\n  switch:\n    cases: [{when: 'true', steps: [{name: b, assign: {x: 1}}]}]\n- {name: c, return: '{{ x }}'}", "definition.steps[1].return", `"x" is first assigned at definition.steps[0].switch.cases[0].steps[0].assign.x, but it is not certainly set here`},
	{"callback outside notify", "steps:\n- {name: a, await_callback: {timeout: 1h, notify: {http: {method: POST, url: 'https://x.example'}}}}\n- {name: b, return: '{{ callback.url }}'}", "definition.steps[1].return", `"callback" exists only inside the "notify" call`},
}

func TestDecodeExplainsVariableOutOfScope(t *testing.T) {
	for _, tc := range scopeExplanationCases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := DecodeYAML([]byte(tc.yaml))

			for _, d := range diags.Errors() {
				if d.Path.String() == tc.path && strings.Contains(d.Detail, tc.want) {
					return
				}
			}

			t.Errorf("no error at %s containing %s:\n%s", tc.path, tc.want, diags.Error())
		})
	}
}

func TestSuggestOnlyCloseNames(t *testing.T) {
	cases := []struct {
		got        string
		candidates []string
		want       string
	}{
		{"retrun", stepKinds, "return"},
		{"RETURN", stepKinds, "return"},
		{"id", []string{"as", "if"}, "if"},
		{"xy", []string{"as"}, ""},
		{"goto", stepKinds, ""},
		{"timeout_seconds", []string{"timeout"}, ""},
		{"steps", []string{"steps"}, ""},
	}

	for _, tc := range cases {
		if got := closest(tc.got, tc.candidates); got != tc.want {
			t.Errorf("closest(%q) = %q, want %q", tc.got, got, tc.want)
		}
	}
}

func TestEditDistanceCountsSwapOnce(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"return", "retrun", 1},
		{"assign", "asign", 1},
		{"", "abc", 3},
		{"abc", "abc", 0},
		{"kitten", "sitting", 3},
	}

	for _, tc := range cases {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestMisspeltStepKindReportedOnce(t *testing.T) {
	_, diags := DecodeYAML([]byte("steps: [{name: a, paralel: {branches: []}}]"))

	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
	}

	if !strings.Contains(errs[0].Detail, `Did you mean "parallel"?`) {
		t.Errorf("the error does not suggest parallel: %s", errs[0].Detail)
	}
}
