package asl

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// bindingCase is a JSONata expression with the variables it reads.
type bindingCase struct {
	name       string
	expression string
	bindings   map[string]any
	want       string
}

// TestFlowJSONataEvaluates runs the JSONata that the control-flow lowerings
// write: the output of a try branch, copying variables back out of it, the
// error object of a try with several kinds of calls, the rethrown cause and
// the callback object.
func TestFlowJSONataEvaluates(t *testing.T) {
	frame := &tryFrame{
		local: map[string]string{"count": "count__t", "and": "and__t", "fresh": "fresh__t"},
		assigned: []workflow.TryVariable{
			{Name: "and", SetBefore: true, SetAfter: true},
			{Name: "count", SetBefore: true, SetAfter: true},
			{Name: "fresh", SetAfter: true},
		},
	}

	locals := map[string]any{"count__t": 2, "and__t": "x", "fresh__t": []any{1}}

	returning := *frame
	returning.returned = true

	branchResult := map[string]any{"result": []any{map[string]any{"vars": map[string]any{"and": "x"}}}}

	cases := []bindingCase{
		{"branch output", frame.output(false, "null"), locals, `{"vars":{"and":"x","count":2,"fresh":[1]}}`},
		{"branch output with returns", returning.output(false, "null"), locals, `{"returned":false,"value":null,"vars":{"and":"x","count":2,"fresh":[1]}}`},
		{"return output", returning.output(true, `{"done": $count__t}`), locals, `{"returned":true,"value":{"done":2},"vars":{"and":"x","count":2,"fresh":null}}`},
		{"copy out keyword name", "$states.result[0].vars.`and`", map[string]any{"states": branchResult}, `"x"`},
		{"try error from http call", errorObject([]callKind{httpCall, functionCall}), statesOf(errorOutput("States.Http.StatusCode.404", "not found")), `{"error":"http","message":"not found"}`},
		{"try error from lambda", errorObject([]callKind{httpCall, functionCall}), statesOf(errorOutput("Lambda.TooManyRequestsException", "slow down")), `{"error":"http","message":"slow down"}`},
		{"try error from fail step", errorObject([]callKind{httpCall, functionCall}), statesOf(errorOutput("OverLimit", nil)), `{"error":"OverLimit","message":""}`},
		{"try error timeout", errorObject([]callKind{httpCall, functionCall}), statesOf(errorOutput("Lambda.ClientExecutionTimeoutException", "late")), `{"error":"timeout","message":"late"}`},
		{"try error without calls", errorObject(nil), statesOf(errorOutput("LoopLimitExceeded", "ran out")), `{"error":"LoopLimitExceeded","message":"ran out"}`},
		{"rethrown cause missing", `$exists($err.Cause) ? $err.Cause : ""`, map[string]any{"err": map[string]any{"Error": "Boom"}}, `""`},
		{"callback token", `({"url": null, "token": $states.context.Task.Token}).token`, map[string]any{"states": map[string]any{"context": map[string]any{"Task": map[string]any{"Token": "abc"}}}}, `"abc"`},
		{"callback url", `({"url": null, "token": $states.context.Task.Token}).url`, map[string]any{"states": map[string]any{"context": map[string]any{"Task": map[string]any{"Token": "abc"}}}}, `null`},
	}

	got := evaluateWithBindings(t, cases)

	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got[i], c.want)
		}
	}
}

func statesOf(states map[string]any) map[string]any {
	return map[string]any{"states": states}
}

// evaluateWithBindings evaluates every case in one node process, with the
// case's own variable bindings.
func evaluateWithBindings(t *testing.T, cases []bindingCase) []string {
	t.Helper()

	module := filepath.Join(translatetest.RepoRoot(t), "tools", "node", "node_modules", "jsonata")
	if _, err := os.Stat(module); err != nil {
		if os.Getenv("MULTICLOUD_SKIP_NODE") == "1" {
			t.Skip("jsonata is not installed and MULTICLOUD_SKIP_NODE=1")
		}

		t.Fatalf("jsonata not found at %s: run make tools (or set MULTICLOUD_SKIP_NODE=1 to skip this test)", module)
	}

	type request struct {
		Expression string         `json:"expression"`
		Bindings   map[string]any `json:"bindings"`
	}

	requests := make([]request, len(cases))
	for i, c := range cases {
		requests[i] = request{Expression: c.expression, Bindings: c.bindings}
	}

	input, err := json.Marshal(requests)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command("node", "-e", evaluateScript, module)
	cmd.Stdin = strings.NewReader(string(input))

	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node failed to evaluate the expressions: %v\n%s", err, stderrOf(err))
	}

	var results []json.RawMessage
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("node output is not a JSON list: %v\n%s", err, out)
	}

	if len(results) != len(cases) {
		t.Fatalf("node returned %d results for %d expressions", len(results), len(cases))
	}

	got := make([]string, len(results))
	for i, r := range results {
		got[i] = string(r)
	}

	return got
}

// TestTryCatchOrderAfterTaskFailed checks that a custom name in a catch
// after a task_failed catch is left out, because task_failed matches it
// first in the neutral order.
func TestTryCatchOrderAfterTaskFailed(t *testing.T) {
	text := translateYAML(t, `
steps:
  - name: guarded
    try:
      steps:
        - name: invoke
          call: {function: {aws: "`+lambdaARN+`"}}
      catch:
        - errors: [task_failed]
          steps: [{name: first, return: 1}]
        - errors: [OutOfStock, timeout]
          steps: [{name: second, return: 2}]
`)

	var sm struct{ States map[string]map[string]any }
	if err := json.Unmarshal([]byte(text), &sm); err != nil {
		t.Fatal(err)
	}

	catchers, _ := sm.States["guarded"]["Catch"].([]any)

	if got := catchTarget(t, catchers, "OutOfStock"); got != "first" {
		t.Errorf("OutOfStock goes to %q, want first", got)
	}

	if got := catchTarget(t, catchers, "States.Timeout"); got != "second" {
		t.Errorf("States.Timeout goes to %q, want second", got)
	}
}

func translateYAML(t *testing.T, doc string) string {
	t.Helper()

	w, diags := workflow.DecodeYAML([]byte(doc))
	if diags.HasErrors() {
		t.Fatalf("decoding failed:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if diags.HasErrors() {
		t.Fatalf("translation failed:\n%s", diags.Error())
	}

	return text
}

// TestLoopStepsThatAlwaysEnd checks that loops whose steps always return or
// fail give a valid state machine: every state reachable.
func TestLoopStepsThatAlwaysEnd(t *testing.T) {
	for _, keyword := range []string{"while", "until"} {
		text := translateYAML(t, `
steps:
  - name: once
    loop:
      `+keyword+`: "true"
      max_iterations: 3
      steps: [{name: stop, fail: {error: Stopped}}]
`)

		if err := checkStructure(text); err != nil {
			t.Errorf("%s: %v\n%s", keyword, err, text)
		}
	}
}
