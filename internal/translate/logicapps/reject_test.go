package logicapps

import (
	"fmt"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

func TestTranslateDiagnostics(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		severity workflow.Severity
		path     string
		summary  string
		detail   string
	}{
		{
			name: "function without azure reference",
			yaml: `
steps:
  - name: price
    call:
      function:
        aws: arn:aws:lambda:us-east-1:123456789012:function:price
`,
			path:    "definition.steps[0].call.function",
			summary: summaryMissing,
			detail:  "Add function.azure with the Azure Functions resource ID",
		},
		{
			name: "native call without azure entry",
			yaml: `
steps:
  - name: publish
    call:
      native:
        aws: {resource: "arn:aws:states:::sns:publish"}
`,
			path:    "definition.steps[0].call.native",
			summary: summaryMissing,
			detail:  "Add native.azure with the action type and inputs",
		},
		{
			name: "native call of unknown type",
			yaml: `
steps:
  - name: publish
    call:
      native:
        azure: {type: ServiceBusSend}
`,
			path:    "definition.steps[0].call.native.azure.type",
			summary: summaryUnsupported,
			detail:  `"ServiceBusSend" is not a Logic Apps action type`,
		},
		{
			name: "native call of a structural type",
			yaml: `
steps:
  - name: branch
    call:
      native:
        azure: {type: If}
`,
			path:    "definition.steps[0].call.native.azure.type",
			summary: summaryUnsupported,
			detail:  "A native call cannot be a If action",
		},
		{
			name: "retry on a native type without retry policies",
			yaml: `
steps:
  - name: compose
    call:
      native:
        azure: {type: Compose, inputs: {a: 1}}
      retry: {max_retries: 2, initial_interval: 5s}
`,
			path:    "definition.steps[0].call.retry",
			summary: summaryUnsupported,
			detail:  "not on a Compose action",
		},
		{
			name: "retry set twice on a native action",
			yaml: `
steps:
  - name: send
    call:
      native:
        azure: {type: Http, inputs: {method: GET, uri: "https://example.com", retryPolicy: {type: none}}}
      retry: {max_retries: 2, initial_interval: 5s}
`,
			path:    "definition.steps[0].call.retry",
			summary: summaryUnsupported,
			detail:  "already set retryPolicy",
		},
		{
			name: "native action without a required field",
			yaml: `
steps:
  - name: send
    call:
      native:
        azure: {type: Http, inputs: {method: GET}}
`,
			path:    "definition.steps[0]",
			summary: summaryUnsupported,
			detail:  `at /actions/send/inputs: missing required property "uri"`,
		},
		{
			name: "native action reading a missing action",
			yaml: `
steps:
  - name: send
    call:
      native:
        azure: {type: Compose, inputs: "@body('nothing')"}
`,
			path:    "definition.steps[0]",
			summary: summaryUnsupported,
			detail:  "body('nothing') names an action that the definition does not contain",
		},
		{
			name: "backoff rate other than 1 or 2",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3, initial_interval: 5s, backoff_rate: 1.5}
`,
			path:    "definition.steps[0].call.retry.backoff_rate",
			summary: summaryUnsupported,
			detail:  "backoff_rate must be 1 or 2, got 1.5",
		},
		{
			name: "more than 90 retries",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 91, initial_interval: 5s, backoff_rate: 1}
`,
			path:    "definition.steps[0].call.retry.max_retries",
			summary: summaryLimit,
			detail:  "at most 90 times, got max_retries 91",
		},
		{
			name: "retry default interval under 5 seconds",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3}
`,
			path:    "definition.steps[0].call.retry",
			summary: summaryLimit,
			detail:  "The retry has no initial_interval, and the default initial_interval of 1 second is below the 5-second minimum of Logic Apps retry policies (PT5S). Set initial_interval to at least 5s.",
		},
		{
			name: "retry with jitter and default interval",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3, jitter: full}
`,
			path:    "definition.steps[0].call.retry",
			summary: summaryLimit,
			detail:  "the default initial_interval of 1 second is below the 5-second minimum",
		},
		{
			name: "retry written interval of 1 second",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3, initial_interval: 1}
`,
			path:    "definition.steps[0].call.retry.initial_interval",
			summary: summaryLimit,
			detail:  "between 5 seconds (PT5S) and 86400 seconds (P1D), got initial_interval 1 second. Set initial_interval to at least 5s.",
		},
		{
			name: "retry written interval over a day",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3, initial_interval: 48h, backoff_rate: 1}
`,
			path:    "definition.steps[0].call.retry.initial_interval",
			summary: summaryLimit,
			detail:  "got initial_interval 172800 seconds. Set initial_interval to 24h or less.",
		},
		{
			name: "retry cap over a day",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3, initial_interval: 5s, backoff_rate: 2, max_interval: 48h}
`,
			path:    "definition.steps[0].call.retry.max_interval",
			summary: summaryLimit,
			detail:  "got max_interval 172800 seconds. Set max_interval to 24h or less, or to 0 for no cap.",
		},
		{
			name: "wait beyond the run duration",
			yaml: `
steps:
  - name: nap
    wait: {seconds: 7776001}
`,
			path:    "definition.steps[0].wait.seconds",
			summary: summaryLimit,
			detail:  "longer than the Logic Apps Consumption run duration of 90 days (7776000 seconds)",
		},
		{
			name:    "switch nested past depth 8",
			yaml:    switchWithCases(9),
			path:    "definition.steps[0].switch.cases[8].steps[0]",
			summary: summaryLimit,
			detail:  "nested 9 levels deep in the generated definition, but Logic Apps allows an action nesting depth of at most 8",
		},
		{
			name: "expression without a Logic Apps translation",
			yaml: `
input:
  n: int
steps:
  - name: count
    assign:
      size: "{{ size([input.n]) }}"
`,
			path:    "definition.steps[0].assign.size",
			summary: summaryExpression,
			detail:  "createArray() needs at least two items",
		},
		{
			name: "expression over 8192 characters",
			yaml: `
input:
  name: string
steps:
  - name: greet
    assign:
      greeting: "{{ input.name + '` + strings.Repeat("x", 8200) + `' }}"
`,
			path:    "definition.steps[0].assign.greeting",
			summary: summaryLimit,
			detail:  "Logic Apps allows at most 8192 characters per expression",
		},
		{
			name:    "more than 500 actions",
			yaml:    manyAssignSteps(500),
			path:    "definition.steps",
			summary: summaryLimit,
			detail:  "has 502 actions, but Logic Apps allows at most 500 actions per workflow",
		},
		{
			name:    "more than 250 variables",
			yaml:    manyVariables(251),
			path:    "definition.steps",
			summary: summaryLimit,
			detail:  "uses 251 variables",
		},
		{
			name: "variable of dynamic type",
			yaml: `
steps:
  - name: copy
    assign:
      mode: "{{ input.mode }}"
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].assign.mode",
			summary:  summaryApproximate,
			detail:   `Variable "mode" has type dyn`,
		},
		{
			name: "exponential retry",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 3, initial_interval: 5s, backoff_rate: 2}
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].call.retry.backoff_rate",
			summary:  summaryApproximate,
			detail:   "picks each exponential retry interval at random",
		},
		{
			name: "timeout over 120 seconds",
			yaml: `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com", timeout: 5m}
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].call.http.timeout",
			summary:  summaryApproximate,
			detail:   "ends a synchronous outbound request after 120 seconds",
		},
		{
			name: "for_each concurrency above 50",
			yaml: `
steps:
  - name: each
    for_each:
      items: "[1, 2]"
      as: n
      max_concurrency: 51
      steps: [{name: pause, wait: {seconds: 1}}]
`,
			path:    "definition.steps[0].for_each.max_concurrency",
			summary: summaryLimit,
			detail:  "at most 50 Foreach iterations at the same time",
		},
		{
			name: "loop above the Until count limit",
			yaml: `
steps:
  - name: spin
    loop:
      while: "true"
      max_iterations: 5001
      steps: [{name: pause, wait: {seconds: 1}}]
`,
			path:    "definition.steps[0].loop.max_iterations",
			summary: summaryLimit,
			detail:  "runs at most 5000 iterations",
		},
		{
			name: "retry on a try",
			yaml: `
steps:
  - name: book
    try:
      steps: [{name: reserve, call: {http: {method: POST, url: "https://example.com"}}}]
      retry: {max_retries: 2, initial_interval: 5s}
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].try.retry",
			summary:  summaryApproximate,
			detail:   "the steps run in an Until loop, one iteration per attempt",
		},
		{
			name: "retry on a try above the Until count limit",
			yaml: `
steps:
  - name: book
    try:
      steps: [{name: reserve, call: {http: {method: POST, url: "https://example.com"}}}]
      retry: {max_retries: 5000, initial_interval: 5s, backoff_rate: 1}
`,
			path:    "definition.steps[0].try.retry.max_retries",
			summary: summaryLimit,
			detail:  "max_retries can be at most 4999, got 5000",
		},
		{
			name: "retry on a try with intervals that keep growing",
			yaml: `
steps:
  - name: book
    try:
      steps: [{name: reserve, call: {http: {method: POST, url: "https://example.com"}}}]
      retry: {max_retries: 900, initial_interval: 1s, backoff_rate: 1.001}
`,
			path:    "definition.steps[0].try.retry.backoff_rate",
			summary: summaryLimit,
			detail:  "keep growing for more than 500 retries",
		},
		{
			name: "await_callback with a function notify",
			yaml: `
steps:
  - name: approval
    await_callback:
      notify:
        function:
          azure: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/ask
          payload: {url: "{{ callback.url }}"}
      timeout: 1h
`,
			path:    "definition.steps[0].await_callback.notify",
			summary: "Unsupported construct for Azure Logic Apps",
			detail:  "Notify through notify.http",
		},
		{
			name: "await_callback longer than the run duration",
			yaml: `
steps:
  - name: approval
    await_callback:
      notify:
        http: {method: POST, url: "https://example.com", body: {url: "{{ callback.url }}"}}
      timeout: 2400h
`,
			path:    "definition.steps[0].await_callback.timeout",
			summary: summaryLimit,
			detail:  "longer than the Logic Apps Consumption run duration of 90 days",
		},
		{
			name: "workflow call without azure entry",
			yaml: `
steps:
  - name: ship
    call:
      workflow:
        aws: arn:aws:states:us-east-1:123456789012:stateMachine:ship
`,
			path:    "definition.steps[0].call.workflow",
			summary: summaryMissing,
			detail:  "Add workflow.azure",
		},
		{
			name: "retry of errors other than the transient ones",
			yaml: `
steps:
  - name: send
    call:
      http: {method: GET, url: "https://example.com"}
      retry: {max_retries: 2, initial_interval: 5s, errors: [Conflict]}
`,
			path:    "definition.steps[0].call.retry.errors",
			summary: "Unsupported construct for Azure Logic Apps",
			detail:  "Leave \"errors\" out of the retry",
		},
		{
			name: "parallel without fail fast",
			yaml: `
steps:
  - name: fan
    parallel:
      branches:
        - {name: left, steps: [{name: pause_left, wait: {seconds: 1}}]}
        - {name: right, steps: [{name: pause_right, wait: {seconds: 1}}]}
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].parallel",
			summary:  summaryApproximate,
			detail:   "does not cancel the other branches",
		},
		{
			name: "concurrent for_each that assigns variables",
			yaml: `
steps:
  - name: each
    for_each:
      items: "[1, 2]"
      as: n
      max_concurrency: 4
      steps: [{name: double, assign: {twice: "{{ n * 2 }}"}}]
      output: "{{ twice }}"
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].for_each.max_concurrency",
			summary:  summaryApproximate,
			detail:   "the iterations run one after another instead of 4 at a time",
		},
		{
			name: "concurrent for_each nested in a for_each",
			yaml: `
input:
  rows: list(list(int))
steps:
  - name: rows
    for_each:
      items: input.rows
      as: row
      steps:
        - name: cells
          for_each:
            items: row
            as: cell
            max_concurrency: 3
            steps: [{name: pause, wait: {seconds: 1}}]
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].for_each.steps[0].for_each.max_concurrency",
			summary:  summaryApproximate,
			detail:   "nested in another Foreach one iteration at a time",
		},
		{
			name: "callback token on Logic Apps",
			yaml: `
steps:
  - name: approval
    await_callback:
      notify:
        http: {method: POST, url: "https://example.com", body: {token: "{{ callback.token }}"}}
      timeout: 1h
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].await_callback.notify",
			summary:  summaryApproximate,
			detail:   "callback.token is null there",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, diags := workflow.DecodeYAML([]byte(tt.yaml))
			if diags.HasErrors() {
				t.Fatalf("decoding failed:\n%s", diags.Error())
			}

			text, diags := Translate(w)

			d, found := findDiagnostic(diags, tt.path, tt.summary, tt.detail)
			if !found {
				t.Fatalf("no diagnostic with path %s, summary %q and detail containing %q; got:\n%s", tt.path, tt.summary, tt.detail, diags.Error())
			}

			if d.Severity != tt.severity {
				t.Errorf("severity = %v, want %v (%s)", d.Severity, tt.severity, d.Error())
			}

			if tt.severity == workflow.SeverityError && text != "" {
				t.Errorf("text is not empty after an error:\n%s", text)
			}

			if tt.severity == workflow.SeverityWarning && text == "" {
				t.Errorf("text is empty after a warning:\n%s", diags.Error())
			}
		})
	}
}

func findDiagnostic(diags workflow.Diagnostics, path, summary, detail string) (workflow.Diagnostic, bool) {
	for _, d := range diags {
		if d.Path.String() == path && d.Summary == summary && strings.Contains(d.Detail, detail) {
			return d, true
		}
	}

	return workflow.Diagnostic{}, false
}

func TestTranslateRejectsEmptyWorkflow(t *testing.T) {
	text, diags := Translate(&workflow.Workflow{})

	if !diags.HasErrors() {
		t.Fatal("no error for a workflow without steps")
	}

	if text != "" {
		t.Errorf("text = %q, want empty", text)
	}
}

// switchWithCases returns a workflow whose switch has n cases of one step.
func switchWithCases(n int) string {
	var b strings.Builder

	b.WriteString("input:\n  n: int\nsteps:\n  - name: pick\n    switch:\n      cases:\n")

	for i := range n {
		fmt.Fprintf(&b, "        - when: input.n == %d\n          steps: [{name: case_%d, assign: {label: c%d}}]\n", i, i, i)
	}

	return b.String()
}

// manyAssignSteps returns a workflow of n assign steps of one variable, which
// translate to n SetVariable actions, one InitializeVariable and the final
// Response.
func manyAssignSteps(n int) string {
	var b strings.Builder

	b.WriteString("steps:\n")

	for i := range n {
		fmt.Fprintf(&b, "  - name: step_%d\n    assign: {counter: %d}\n", i, i)
	}

	return b.String()
}

// manyVariables returns a workflow with one assign step of n variables.
func manyVariables(n int) string {
	var b strings.Builder

	b.WriteString("steps:\n  - name: set_all\n    assign:\n")

	for i := range n {
		fmt.Fprintf(&b, "      v%d: %d\n", i, i)
	}

	return b.String()
}
