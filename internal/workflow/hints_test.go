package workflow

import (
	"fmt"
	"strings"
	"testing"
)

// decodeErrors decodes a YAML definition and returns its errors.
func decodeErrors(t *testing.T, src string) Diagnostics {
	t.Helper()

	_, diags := DecodeYAML([]byte(src))

	return diags.Errors()
}

// checkOneError decodes src, checks that it gives exactly one error, at
// path, whose detail contains want, and returns that error.
func checkOneError(t *testing.T, src, path, want string) Diagnostic {
	t.Helper()

	errs := decodeErrors(t, src)
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
	}

	if got := errs[0].Path.String(); got != path {
		t.Errorf("path = %s, want %s", got, path)
	}

	if !strings.Contains(errs[0].Detail, want) {
		t.Errorf("the error does not contain %s: %s", want, errs[0].Detail)
	}

	return errs[0]
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
			err := checkOneError(t, tc.yaml, tc.path, tc.want)

			if !strings.Contains(err.Detail, "takes a bare CEL expression, not a {{ }} template") {
				t.Errorf("the error does not name the rule: %s", err.Detail)
			}

			if !strings.HasPrefix(err.Detail, `Step "a": `) {
				t.Errorf("the error does not name the step: %s", err.Detail)
			}
		})
	}
}

// misplacedCases put a key one or more levels away from the object whose
// table has it.
var misplacedCases = []struct {
	name string
	yaml string
	path string
	want string
}{
	{"retry in http", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', retry: {max_retries: 1}}}}]", "definition.steps[0].call.http.retry", `"retry" belongs to "call", not to "http": move it one level out, next to "http".`},
	{"catch in function", "steps: [{name: a, call: {function: {aws: 'arn:aws:lambda:us-east-1:123456789012:function:f', catch: []}}}]", "definition.steps[0].call.function.catch", `"catch" belongs to "call", not to "function": move it one level out, next to "function".`},
	{"result two levels deep", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', auth: {result: r}}}}]", "definition.steps[0].call.http.auth.result", `"result" belongs to "call", not to "auth": move it two levels out, next to "http".`},
	{"default in switch case", "steps: [{name: a, switch: {cases: [{when: 'true', steps: [], default: []}]}}]", "definition.steps[0].switch.cases[0].default", `"default" belongs to "switch", not to a switch case: move it one level out, next to "cases".`},
	{"name in http", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', name: b}}}]", "definition.steps[0].call.http.name", `"name" belongs to the step, not to "http", and the step already sets it at definition.steps[0].name. Remove this one.`},
	{"result set twice", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', result: r}, result: s}}]", "definition.steps[0].call.http.result", `"call" already sets it at definition.steps[0].call.result. Remove this one.`},
	{"retry in step", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}}, retry: {max_retries: 1}}]", "definition.steps[0].retry", `"retry" belongs to "call", not to the step: move it one level in, into "call".`},
	{"max_concurrency in step", "steps: [{name: a, for_each: {items: '[1]', as: x, steps: []}, max_concurrency: 2}]", "definition.steps[0].max_concurrency", `move it one level in, into "for_each".`},
}

func TestDecodeReportsMisplacedKey(t *testing.T) {
	for _, tc := range misplacedCases {
		t.Run(tc.name, func(t *testing.T) {
			err := checkOneError(t, tc.yaml, tc.path, tc.want)

			if err.Summary != "Misplaced attribute" {
				t.Errorf("summary = %q, want Misplaced attribute", err.Summary)
			}
		})
	}
}

func TestMisplacedResultExplainsLaterRead(t *testing.T) {
	errs := decodeErrors(t, "steps:\n- {name: a, call: {http: {method: GET, url: 'https://x.example', result: r}}}\n- {name: b, return: '{{ r.body }}'}")

	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2:\n%s", len(errs), errs.Error())
	}

	if got := errs[0].Path.String(); got != "definition.steps[0].call.http.result" {
		t.Errorf("the first error is at %s, want the misplaced key", got)
	}

	read := errs[1].Detail
	if want := `"r" is not declared because the "result" key that names it, at definition.steps[0].call.http.result, is misplaced.`; !strings.Contains(read, want) {
		t.Errorf("the read does not point at the misplaced key: %s", read)
	}

	if strings.Contains(read, "A variable is in scope after the step that sets it") {
		t.Errorf("the read repeats the scope rule, which is not the cause: %s", read)
	}
}

func TestNotifyResultNotMovedToAwait(t *testing.T) {
	errs := decodeErrors(t, "steps: [{name: a, await_callback: {timeout: 1h, notify: {http: {method: POST, url: 'https://x.example', result: r}}}}]")

	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
	}

	if got := errs[0].Summary; got != "Unknown attribute" {
		t.Errorf("summary = %q, want Unknown attribute, because await_callback's result is the callback payload", got)
	}
}

// misspeltRequiredCases misspell a required key: the only error is the
// unknown key, with the required key as the suggestion.
var misspeltRequiredCases = []struct {
	name string
	yaml string
	path string
	key  string
}{
	{"workflow steps", "stpes: [{name: a, return: 1}]", "definition.stpes", "steps"},
	{"step name", "steps: [{nmae: a, return: 1}]", "definition.steps[0].nmae", "name"},
	{"retry max_retries", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {max_retires: 1}}}]", "definition.steps[0].call.retry.max_retires", "max_retries"},
	{"http method", "steps: [{name: a, call: {http: {methd: GET, url: 'https://x.example'}}}]", "definition.steps[0].call.http.methd", "method"},
	{"http url", "steps: [{name: a, call: {http: {method: GET, ulr: 'https://x.example'}}}]", "definition.steps[0].call.http.ulr", "url"},
	{"native resource", "steps: [{name: a, call: {native: {aws: {resorce: 'arn:aws:states:::sns:publish'}}}}]", "definition.steps[0].call.native.aws.resorce", "resource"},
	{"catch errors", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{erors: [any], steps: []}]}}]", "definition.steps[0].call.catch[0].erors", "errors"},
	{"catch steps", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [any], step: []}]}}]", "definition.steps[0].call.catch[0].step", "steps"},
	{"switch cases", "steps: [{name: a, switch: {case: [{when: 'true', steps: []}]}}]", "definition.steps[0].switch.case", "cases"},
	{"switch case when", "steps: [{name: a, switch: {cases: [{wehn: 'true', steps: []}]}}]", "definition.steps[0].switch.cases[0].wehn", "when"},
	{"switch case steps", "steps: [{name: a, switch: {cases: [{when: 'true', stesp: []}]}}]", "definition.steps[0].switch.cases[0].stesp", "steps"},
	{"fail error", "steps: [{name: a, fail: {eror: Oops}}]", "definition.steps[0].fail.eror", "error"},
	{"parallel branches", "steps: [{name: a, parallel: {branchs: [{name: b, steps: []}]}}]", "definition.steps[0].parallel.branchs", "branches"},
	{"for_each items", "steps: [{name: a, for_each: {itmes: '[1]', as: x, steps: []}}]", "definition.steps[0].for_each.itmes", "items"},
	{"for_each steps", "steps: [{name: a, for_each: {items: '[1]', as: x, step: []}}]", "definition.steps[0].for_each.step", "steps"},
	{"loop max_iterations", "steps: [{name: a, loop: {while: 'true', max_iteration: 2, steps: []}}]", "definition.steps[0].loop.max_iteration", "max_iterations"},
	{"await notify", "steps: [{name: a, await_callback: {timeout: 1h, notfy: {http: {method: POST, url: 'https://x.example'}}}}]", "definition.steps[0].await_callback.notfy", "notify"},
	{"await timeout", "steps: [{name: a, await_callback: {timout: 1h, notify: {http: {method: POST, url: 'https://x.example'}}}}]", "definition.steps[0].await_callback.timout", "timeout"},
}

func TestMisspeltRequiredKeyReportedOnce(t *testing.T) {
	for _, tc := range misspeltRequiredCases {
		t.Run(tc.name, func(t *testing.T) {
			errs := decodeErrors(t, tc.yaml)

			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
			}

			if got := errs[0].Path.String(); got != tc.path {
				t.Errorf("path = %s, want %s", got, tc.path)
			}

			want := fmt.Sprintf("Did you mean %q? %q is required and missing.", tc.key, tc.key)
			if !strings.Contains(errs[0].Detail, want) {
				t.Errorf("the error does not contain %s: %s", want, errs[0].Detail)
			}
		})
	}
}

func TestMissingRequiredKeyStillReported(t *testing.T) {
	errs := decodeErrors(t, "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {jitter: full}}}]")

	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
	}

	if got := errs[0].Summary; got != "Missing required attribute" {
		t.Errorf("summary = %q, want Missing required attribute", got)
	}
}

// unknownKindCases are steps without a valid kind key: each gets exactly
// one error.
var unknownKindCases = []struct {
	name string
	yaml string
	want string
}{
	{"sleep", "steps: [{name: a, sleep: {seconds: 5}}]", `"sleep" is not a step kind. Did you mean "wait"? Use it to pause for a number of seconds or until a timestamp.`},
	{"foreach", "steps: [{name: a, foreach: {}}]", `"foreach" is not a step kind. Did you mean "for_each"?`},
	{"Step Functions Map", "steps: [{name: a, Map: {}}]", `Did you mean "for_each"?`},
	{"Step Functions Choice", "steps: [{name: a, choice: {}}]", `Did you mean "switch"?`},
	{"Step Functions Task", "steps: [{name: a, task: {}}]", `Did you mean "call"?`},
	{"Cloud Workflows raise", "steps: [{name: a, raise: Oops}]", `Did you mean "fail"?`},
	{"Logic Apps SetVariable", "steps: [{name: a, SetVariable: {}}]", `Did you mean "assign"? Use it to set variables.`},
	{"typo", "steps: [{name: a, retrun: 1}]", `Did you mean "return"?`},
	{"call target", "steps: [{name: a, http: {method: GET, url: 'https://x.example'}}]", `move it into a "call" object`},
	{"no close kind", "steps: [{name: a, goto: b}]", `"goto" is not a step kind. Replace it with one of: "call", "assign"`},
	{"several keys", "steps: [{name: a, goto: b, jump: c}]", `none of its keys ("goto", "jump") is a step kind`},
	{"no key", "steps: [{name: a}]", `Add one, such as return: null.`},
}

func TestUnknownStepKindIsOneError(t *testing.T) {
	for _, tc := range unknownKindCases {
		t.Run(tc.name, func(t *testing.T) {
			checkOneError(t, tc.yaml, "definition.steps[0]", tc.want)
		})
	}
}

func TestUnknownKindKeepsOtherKeyErrors(t *testing.T) {
	errs := decodeErrors(t, "steps: [{name: a, sleep: 5, next: b}]")

	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2:\n%s", len(errs), errs.Error())
	}

	if got := errs[1].Path.String(); got != "definition.steps[0].next" {
		t.Errorf("the second error is at %s, want the unknown key next", got)
	}
}

// waitSecondsCases are literals that wait.seconds rejects, each with the
// fix that the error gives.
var waitSecondsCases = []struct {
	value string
	want  string
}{
	{"5s", `Write 5 in place of "5s": "seconds" takes a number, and only "timeout", "initial_interval" and "max_interval" take duration strings.`},
	{"5m", `Write 300 in place of "5m"`},
	{"500ms", `Round "500ms" to whole seconds and write the number.`},
	{"1.5", "Round it to whole seconds, such as 2."},
	{"soon", "Write a number of seconds such as 30, or a {{ }} expression of type int."},
	{"-3", "Write a number of seconds such as 30"},
}

func TestWaitSecondsSaysWhatToWrite(t *testing.T) {
	for _, tc := range waitSecondsCases {
		t.Run(tc.value, func(t *testing.T) {
			checkOneError(t, "steps: [{name: a, wait: {seconds: "+tc.value+"}}]", "definition.steps[0].wait.seconds", tc.want)
		})
	}
}

func TestYAMLNonStringKeyNamesPath(t *testing.T) {
	errs := decodeErrors(t, "steps: [{name: a, return: {1: x, true: y}}]")

	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
	}

	if got := errs[0].Path.String(); got != "definition.steps[0].return" {
		t.Errorf("path = %s, want definition.steps[0].return", got)
	}

	if want := `A map key is the number 1, but workflow keys must be strings, as in JSON. Quote the key, as in "1": value.`; errs[0].Detail != want {
		t.Errorf("detail = %q, want %q", errs[0].Detail, want)
	}
}

func TestSyntaxErrorsSayWhatToDo(t *testing.T) {
	_, yamlDiags := DecodeYAML([]byte("steps: [{name: a, return: 1}"))
	if len(yamlDiags) != 1 || !strings.HasSuffix(yamlDiags[0].Detail, "Fix the syntax at the line that the message names.") {
		t.Errorf("the YAML error does not say what to do:\n%s", yamlDiags.Error())
	}

	_, truncated := DecodeJSON([]byte(`{"steps": [`))
	if len(truncated) != 1 || !strings.HasSuffix(truncated[0].Detail, "Check that every bracket and quote is closed.") {
		t.Errorf("the truncated JSON error does not say what to do:\n%s", truncated.Error())
	}

	_, invalid := DecodeJSON([]byte(`{"steps": x}`))
	if len(invalid) != 1 || !strings.HasSuffix(invalid[0].Detail, "Fix the syntax at byte offset 11.") {
		t.Errorf("the JSON syntax error does not name the offset:\n%s", invalid.Error())
	}
}

func TestTemplateDoubleErrorIsSentence(t *testing.T) {
	errs := decodeErrors(t, "input: {price: double}\nsteps: [{name: a, return: 'Total: {{ input.price }}'}]")

	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), errs.Error())
	}

	detail := errs[0].Detail
	if !strings.HasPrefix(detail, `Step "a": Invalid template part {{ input.price }}: it is a double`) {
		t.Errorf("the error does not start with a capital letter after the step: %s", detail)
	}

	if !strings.HasSuffix(detail, "or make the part the whole value.") {
		t.Errorf("the error does not end with a full stop: %s", detail)
	}
}
