package workflow

import (
	"strings"
	"testing"
)

func decodeValid(t *testing.T, doc string) *Workflow {
	t.Helper()

	w, diags := DecodeYAML([]byte(doc))
	if diags.HasErrors() {
		t.Fatalf("decode failed:\n%s", diags.Error())
	}

	return w
}

func variablesByName(w *Workflow) map[string]Variable {
	out := map[string]Variable{}
	for _, v := range w.Variables {
		out[v.Name] = v
	}

	return out
}

func TestDecodeParallelBranches(t *testing.T) {
	w := decodeValid(t, `
input: {n: int}
steps:
  - name: fan_out
    parallel:
      on_failure: fail_fast
      branches:
        - name: left
          steps: [{name: double, assign: {d: "{{ input.n * 2 }}"}}]
          output: "{{ d }}"
        - name: right
          steps: []
      result: both
  - name: done
    return: "{{ both }}"
`)

	p, ok := w.Steps[0].Kind.(*Parallel)
	if !ok {
		t.Fatalf("step kind is %T, want *Parallel", w.Steps[0].Kind)
	}

	if len(p.Branches) != 2 || p.Branches[0].Name != "left" || p.Branches[1].Name != "right" {
		t.Fatalf("branches = %+v, want left and right in order", p.Branches)
	}

	if p.Branches[1].Output != nil {
		t.Errorf("right branch has an output, want nil for null")
	}

	vars := variablesByName(w)
	if vars["d"].Owner != "fan_out/left" {
		t.Errorf("d has owner %q, want fan_out/left", vars["d"].Owner)
	}

	if vars["both"].Owner != "" || vars["both"].Type.String() != "list(dyn)" {
		t.Errorf("both = %+v, want a workflow-level list(dyn)", vars["both"])
	}
}

func TestDecodeForEachVariables(t *testing.T) {
	w := decodeValid(t, `
input:
  orders: list(string)
steps:
  - name: each_order
    for_each:
      items: input.orders
      as: order
      index: i
      max_concurrency: 4
      steps: [{name: label, assign: {label_text: "{{ string(i) + ':' + order }}"}}]
      output: "{{ label_text }}"
      result: labels
  - name: again
    for_each: {items: "input.orders", as: order, steps: []}
  - name: done
    return: "{{ labels }}"
`)

	f := w.Steps[0].Kind.(*ForEach)
	if f.MaxConcurrency != 4 || f.As != "order" || f.Index != "i" {
		t.Errorf("for_each = %+v", f)
	}

	if got := w.Steps[1].Kind.(*ForEach).MaxConcurrency; got != 1 {
		t.Errorf("default max_concurrency = %d, want 1", got)
	}

	vars := variablesByName(w)
	if !vars["order"].LoopVariable || vars["order"].Type.String() != "string" {
		t.Errorf("order = %+v, want a string loop variable", vars["order"])
	}

	if vars["label_text"].Owner != "each_order" {
		t.Errorf("label_text has owner %q, want each_order", vars["label_text"].Owner)
	}

	if got := vars["labels"].Type.String(); got != "list(string)" {
		t.Errorf("labels has type %s, want list(string)", got)
	}
}

func TestDecodeNestedBodyOwner(t *testing.T) {
	w := decodeValid(t, `
steps:
  - name: outer
    for_each:
      items: "[1, 2]"
      as: x
      steps:
        - name: inner
          parallel:
            branches:
              - name: only
                steps: [{name: set, assign: {y: "{{ x }}"}}]
                output: "{{ y }}"
            result: r
      output: "{{ r }}"
  - name: done
    return: 1
`)

	vars := variablesByName(w)
	if got := vars["y"].Owner; got != "outer > inner/only" {
		t.Errorf("y has owner %q, want outer > inner/only", got)
	}

	if got := vars["r"].Owner; got != "outer" {
		t.Errorf("r has owner %q, want outer", got)
	}
}

func TestDecodeNestedBranchCannotAssignBodyVariable(t *testing.T) {
	_, diags := DecodeYAML([]byte(`
steps:
  - name: outer
    for_each:
      items: "[1, 2]"
      as: x
      steps:
        - {name: init, assign: {acc: 0}}
        - name: inner
          parallel:
            branches: [{name: only, steps: [{name: set, assign: {acc: 1}}]}]
`))

	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("want 1 error, got %d:\n%s", len(errs), diags.Error())
	}

	if !strings.Contains(errs[0].Detail, "variable of the enclosing steps") {
		t.Errorf("detail %q does not explain the rule", errs[0].Detail)
	}
}

func TestDecodeLoopScope(t *testing.T) {
	w := decodeValid(t, `
steps:
  - {name: init, assign: {n: 0}}
  - name: count_up
    loop:
      until: "m >= 3"
      max_iterations: 10
      steps: [{name: bump, assign: {m: 1}}, {name: early, switch: {cases: [{when: "n > 5", steps: [{name: stop, return: 1}]}]}}]
  - name: done
    return: "{{ m + n }}"
`)

	l := w.Steps[1].Kind.(*Loop)
	if l.Until == nil || l.While != nil || l.MaxIterations != 10 {
		t.Errorf("loop = %+v, want until with 10 iterations", l)
	}
}

func TestDecodeTryAssignments(t *testing.T) {
	w := decodeValid(t, `
steps:
  - {name: init, assign: {status: started}}
  - name: guarded
    try:
      steps:
        - {name: mark, assign: {status: running, attempt: 1}}
        - name: maybe
          switch:
            cases: [{when: "attempt > 0", steps: [{name: extra, assign: {note: x}}]}]
      retry: {max_retries: 2, jitter: full, errors: [timeout, "http:503", connection]}
      catch:
        - errors: [task_failed, expression, permission]
          as: err
          steps: [{name: recover, assign: {status: "{{ 'failed: ' + err.message }}", attempt: 0}}]
      finally:
        - {name: cleanup, assign: {closed: true}}
  - name: done
    return: "{{ status + string(attempt) + string(closed) }}"
`)

	tr := w.Steps[1].Kind.(*Try)

	want := []TryVariable{
		{Name: "attempt", SetBefore: false, SetAfter: true},
		{Name: "note", SetBefore: false, SetAfter: false},
		{Name: "status", SetBefore: true, SetAfter: true},
	}

	if len(tr.Assigned) != len(want) {
		t.Fatalf("assigned = %+v, want %+v", tr.Assigned, want)
	}

	for i := range want {
		if tr.Assigned[i] != want[i] {
			t.Errorf("assigned[%d] = %+v, want %+v", i, tr.Assigned[i], want[i])
		}
	}

	if tr.Retry.Jitter != JitterFull || tr.Retry.Transient() || len(tr.Retry.Errors) != 3 {
		t.Errorf("retry = %+v, want full jitter and three error matchers", tr.Retry)
	}

	kinds := []ErrorKind{ErrorTaskFailed, ErrorExpression, ErrorPermission}
	for i, k := range kinds {
		if got := tr.Catch[0].Errors[i].Kind; got != k {
			t.Errorf("catch error %d is %s, want %s", i, got, k)
		}
	}
}

func TestDecodeAwaitCallback(t *testing.T) {
	w := decodeValid(t, `
steps:
  - name: approval
    await_callback:
      notify:
        http:
          method: POST
          url: https://approvals.example.com/requests
          body: {resume_url: "{{ callback.url }}", token: "{{ callback.token }}"}
      timeout: 24h
      result: decision
  - name: done
    return: "{{ decision }}"
`)

	a := w.Steps[0].Kind.(*AwaitCallback)
	if a.TimeoutSeconds != 86400 || a.Notify == nil || a.Notify.HTTP == nil || a.Result != "decision" {
		t.Errorf("await_callback = %+v", a)
	}

	if _, ok := variablesByName(w)[CallbackVariable]; ok {
		t.Errorf("the callback variable is listed as a workflow variable")
	}
}

func TestDecodeWorkflowCall(t *testing.T) {
	w := decodeValid(t, `
steps:
  - name: child
    call:
      workflow:
        aws: arn:aws:states:us-east-1:123456789012:stateMachine:child
        gcp: projects/shop/locations/us-central1/workflows/child
        azure: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/shop/providers/Microsoft.Logic/workflows/child
        input: {order: 1}
      result: out
  - name: done
    return: "{{ out }}"
`)

	c := w.Steps[0].Kind.(*Call)
	if c.Workflow == nil || c.Workflow.Input == nil || c.Result != "out" {
		t.Errorf("call = %+v, want a workflow call with input and result", c)
	}
}

func TestDecodeReturnAllowedInLoopTrySwitch(t *testing.T) {
	decodeValid(t, `
steps:
  - name: body
    try:
      steps:
        - name: again
          loop:
            while: "true"
            max_iterations: 3
            steps:
              - name: pick
                switch:
                  cases: [{when: "true", steps: [{name: out, return: 1}]}]
      catch: [{errors: [any], steps: [{name: caught, return: 2}]}]
  - name: done
    return: 3
`)
}

func TestDecodeUnknownInNewConstructs(t *testing.T) {
	def := map[string]any{"steps": []any{
		map[string]any{"name": "each", "for_each": map[string]any{
			"items": "[1, 2]", "as": Unknown{}, "max_concurrency": Unknown{}, "steps": []any{},
		}},
		map[string]any{"name": "child", "call": map[string]any{
			"workflow": map[string]any{"aws": Unknown{}}, "result": "out",
		}},
		map[string]any{"name": "wait_for", "await_callback": map[string]any{
			"notify":  map[string]any{"function": map[string]any{"aws": Unknown{}, "payload": map[string]any{"t": "{{ callback.token }}"}}},
			"timeout": Unknown{},
		}},
		map[string]any{"name": "done", "return": "{{ out }}"},
	}}

	w, diags := Decode(def)
	if w != nil {
		t.Errorf("expected no workflow while a value is unknown")
	}

	if len(diags) != 0 {
		t.Errorf("expected no diagnostics, got:\n%s", diags.Error())
	}
}

func TestDecodeUnknownBlocks(t *testing.T) {
	def := map[string]any{"steps": []any{
		map[string]any{"name": "fan", "parallel": map[string]any{"branches": Unknown{}, "result": "all"}},
		map[string]any{"name": "spin", "loop": map[string]any{"while": Unknown{}, "max_iterations": Unknown{}, "steps": Unknown{}}},
		map[string]any{"name": "guard", "try": map[string]any{"steps": []any{}, "finally": Unknown{}}},
		map[string]any{"name": "named", "parallel": map[string]any{"branches": []any{
			map[string]any{"name": Unknown{}, "steps": []any{}},
		}}},
		map[string]any{"name": "done", "return": "{{ all }}"},
	}}

	w, diags := Decode(def)
	if w != nil {
		t.Errorf("expected no workflow while a value is unknown")
	}

	if len(diags) != 0 {
		t.Errorf("expected no diagnostics, got:\n%s", diags.Error())
	}
}

func TestDecodeUnknownKeepsLoopErrors(t *testing.T) {
	def := map[string]any{"steps": []any{
		map[string]any{"name": "spin", "loop": map[string]any{"while": "true", "until": Unknown{}, "max_iterations": 2, "steps": []any{}}},
	}}

	_, diags := Decode(def)
	if !strings.Contains(diags.Error(), "exactly one of") {
		t.Errorf("missing the loop condition error:\n%s", diags.Error())
	}
}
