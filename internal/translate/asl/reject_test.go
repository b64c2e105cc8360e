package asl

import (
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

const connectionARN = "arn:aws:events:us-east-1:123456789012:connection/api/6f1c0e2a-1111-2222-3333-444455556666"

const lambdaARN = "arn:aws:lambda:us-east-1:123456789012:function:reserve"

// TestTranslateDiagnostics checks the first diagnostic of workflows that
// Step Functions cannot run as written: its severity, attribute path,
// summary and a part of its detail.
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
			name: "http without connection",
			yaml: `
steps:
  - name: ping
    call:
      http: {method: GET, url: "https://example.com/ping", auth: {gcp: oidc}}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.http.auth.aws_connection_arn",
			summary:  summaryMissing,
			detail:   "Set auth.aws_connection_arn",
		},
		{
			name: "http timeout over 60 seconds",
			yaml: `
steps:
  - name: ping
    call:
      http: {method: GET, url: "https://example.com/ping", timeout: 2m, auth: {aws_connection_arn: "` + connectionARN + `"}}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.http.timeout",
			summary:  summaryLimit,
			detail:   "after 60 seconds",
		},
		{
			name: "plain http url",
			yaml: `
steps:
  - name: ping
    call:
      http: {method: GET, url: "http://example.com/ping", auth: {aws_connection_arn: "` + connectionARN + `"}}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.http.url",
			summary:  summaryUnsupported,
			detail:   "HTTPS endpoints only",
		},
		{
			name: "function without lambda",
			yaml: `
steps:
  - name: reserve
    call:
      function: {gcp: "https://reserve-3xk2l7-uc.a.run.app"}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.function.aws",
			summary:  summaryMissing,
			detail:   "no Lambda function to invoke",
		},
		{
			name: "native without aws",
			yaml: `
steps:
  - name: publish
    call:
      native:
        gcp: {call: googleapis.pubsub.v1.projects.topics.publish, args: {topic: t}}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.native.aws",
			summary:  summaryMissing,
			detail:   "no Step Functions Task to run",
		},
		{
			name: "native resource not an arn",
			yaml: `
steps:
  - name: publish
    call:
      native:
        aws: {resource: "sns:publish"}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.native.aws.resource",
			summary:  summaryUnsupported,
			detail:   "is not an ARN",
		},
		{
			name: "lambda status without invoke error",
			yaml: `
steps:
  - name: reserve
    call:
      function: {aws: "` + lambdaARN + `"}
      catch:
        - errors: ["http:418"]
          steps: []
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.catch[0].errors[0]",
			summary:  summaryUnsupported,
			detail:   "no error with status 418",
		},
		{
			name: "lambda status approximated",
			yaml: `
steps:
  - name: reserve
    call:
      function: {aws: "` + lambdaARN + `"}
      catch:
        - errors: ["http:429"]
          steps: []
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].call.catch[0].errors[0]",
			summary:  summaryApproximate,
			detail:   "Lambda.TooManyRequestsException",
		},
		{
			name: "lambda any http approximated",
			yaml: `
steps:
  - name: reserve
    call:
      function: {aws: "` + lambdaARN + `"}
      catch:
        - errors: [http]
          steps: []
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].call.catch[0].errors[0]",
			summary:  summaryApproximate,
			detail:   "States.TaskFailed",
		},
		{
			name: "native status",
			yaml: `
steps:
  - name: publish
    call:
      native:
        aws: {resource: "arn:aws:states:::sns:publish"}
      catch:
        - errors: ["http:500"]
          steps: []
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.catch[0].errors[0]",
			summary:  summaryUnsupported,
			detail:   "has no Step Functions equivalent",
		},
		{
			name: "native retry approximated",
			yaml: `
steps:
  - name: publish
    call:
      native:
        aws: {resource: "arn:aws:states:::sns:publish"}
      retry: {max_retries: 2}
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].call.retry",
			summary:  summaryApproximate,
			detail:   "States.TaskFailed",
		},
		{
			name: "retry delay over maximum",
			yaml: `
steps:
  - name: ping
    call:
      http: {method: GET, url: "https://example.com/ping", auth: {aws_connection_arn: "` + connectionARN + `"}}
      retry: {max_retries: 2, max_interval: 31622401}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.retry.max_interval",
			summary:  summaryLimit,
			detail:   "Set max_interval to at most 31622400 seconds, or leave it out for no cap.",
		},
		{
			name: "wait over maximum seconds",
			yaml: `
steps:
  - name: pause
    wait: {seconds: 100000000}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].wait.seconds",
			summary:  summaryLimit,
			detail:   "99999999",
		},
		{
			name: "integer beyond double precision",
			yaml: `
steps:
  - name: set
    assign: {big: "{{ 9007199254740993 }}"}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].assign.big",
			summary:  summaryExpression,
			detail:   "2^53",
		},
		{
			name: "infinite number",
			yaml: `
steps:
  - name: set
    assign: {limit: .inf}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].assign.limit",
			summary:  summaryUnsupported,
			detail:   "no JSON form",
		},
		{
			name: "inline map over 40 concurrent",
			yaml: `
steps:
  - name: each
    for_each: {items: "[1, 2]", as: n, max_concurrency: 41, steps: []}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].for_each.max_concurrency",
			summary:  summaryLimit,
			detail:   `"max_concurrency" is 41, but an Inline Map state runs at most 40 iterations`,
		},
		{
			name: "await callback with http notify",
			yaml: `
steps:
  - name: approval
    await_callback:
      notify: {http: {method: POST, url: "https://example.com/ask", body: {token: "{{ callback.token }}"}, auth: {aws_connection_arn: "` + connectionARN + `"}}}
      timeout: 1h
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].await_callback.notify.http",
			summary:  summaryUnsupported,
			detail:   "cannot wait for a task token",
		},
		{
			name: "await callback reading the url",
			yaml: `
steps:
  - name: approval
    await_callback:
      notify: {function: {aws: "` + lambdaARN + `", payload: {url: "{{ callback.url }}"}}}
      timeout: 1h
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].await_callback.notify",
			summary:  summaryApproximate,
			detail:   "callback.url is null",
		},
		{
			name: "await callback over maximum timeout",
			yaml: `
steps:
  - name: approval
    await_callback:
      notify: {function: {aws: "` + lambdaARN + `", payload: {token: "{{ callback.token }}"}}}
      timeout: 100000000
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].await_callback.timeout",
			summary:  summaryLimit,
			detail:   "Set a timeout of at most 99999999 seconds.",
		},
		{
			name: "workflow call without state machine",
			yaml: `
steps:
  - name: child
    call:
      workflow: {gcp: projects/p/locations/us-central1/workflows/child}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.workflow.aws",
			summary:  summaryMissing,
			detail:   "no state machine to start",
		},
		{
			name: "workflow call status catch",
			yaml: `
steps:
  - name: child
    call:
      workflow: {aws: "arn:aws:states:us-east-1:123456789012:stateMachine:child"}
      catch: [{errors: ["http:404"], steps: []}]
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].call.catch[0].errors[0]",
			summary:  summaryUnsupported,
			detail:   "has no Step Functions equivalent",
		},
		{
			name: "loop names the history limit",
			yaml: `
steps:
  - name: spin
    loop: {until: "true", max_iterations: 3, steps: [{name: pause, wait: {seconds: 1}}]}
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].loop.until",
			summary:  summaryApproximate,
			detail:   "25,000 events",
		},
		{
			name: "loop over the history limit",
			yaml: `
steps:
  - name: spin
    loop: {while: "true", max_iterations: 5000, steps: [{name: pause, wait: {seconds: 1}}]}
`,
			severity: workflow.SeverityError,
			path:     "definition.steps[0].loop.max_iterations",
			summary:  summaryLimit,
			detail:   `"max_iterations" is 5000, and with at least 3 states per iteration the loop writes at least 30000 history events`,
		},
		{
			name: "connection on a lambda call",
			yaml: `
steps:
  - name: invoke
    call:
      function: {aws: "` + lambdaARN + `"}
      catch: [{errors: [connection], steps: []}]
`,
			severity: workflow.SeverityWarning,
			path:     "definition.steps[0].call.catch[0].errors[0]",
			summary:  summaryApproximate,
			detail:   "Lambda.SdkClientException",
		},
		{
			name: "definition over one megabyte",
			yaml: `
steps:
  - name: set
    assign: {blob: "` + strings.Repeat("x", aslrules.MaxDefinitionBytes) + `"}
`,
			severity: workflow.SeverityError,
			path:     "definition",
			summary:  summaryLimit,
			detail:   "maximum of 1048576 bytes",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, diags := workflow.DecodeYAML([]byte(tt.yaml))
			if diags.HasErrors() {
				t.Fatalf("decoding failed:\n%s", diags.Error())
			}

			text, diags := Translate(w)
			if len(diags) == 0 {
				t.Fatal("no diagnostics")
			}

			d := diags[0]
			if d.Severity != tt.severity {
				t.Errorf("severity = %v, want %v (%s)", d.Severity, tt.severity, d.Error())
			}

			if got := d.Path.String(); got != tt.path {
				t.Errorf("path = %s, want %s", got, tt.path)
			}

			if d.Summary != tt.summary {
				t.Errorf("summary = %q, want %q", d.Summary, tt.summary)
			}

			if !strings.Contains(d.Detail, tt.detail) {
				t.Errorf("detail %q does not contain %q", d.Detail, tt.detail)
			}

			if tt.severity == workflow.SeverityError && text != "" {
				t.Errorf("text is not empty after an error:\n%s", text)
			}

			if tt.severity == workflow.SeverityWarning && text == "" {
				t.Error("text is empty after a warning")
			}
		})
	}
}

func TestTranslateNilWorkflow(t *testing.T) {
	text, diags := Translate(nil)

	if !diags.HasErrors() {
		t.Fatal("no error for a nil workflow")
	}

	if text != "" {
		t.Errorf("text = %q, want empty", text)
	}
}
