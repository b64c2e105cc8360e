package asl

import (
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// startExecutionResource starts a child execution and waits for it,
// returning its output parsed as JSON.
const startExecutionResource = "arn:aws:states:::states:startExecution.sync:2"

// VisitCall emits a Task state. The result variable is set by the Task's
// Assign, which Step Functions evaluates only when the task succeeds, and
// the retry policy and catches become its Retry and Catch fields. After a
// catch's steps the execution continues with the state after the call.
func (t *translator) VisitCall(s *workflow.Step, c *workflow.Call) error {
	next := t.next
	state, kind := t.task(s, c)

	if c.Result != "" {
		state["Assign"] = map[string]any{t.variable(c.Result): jsonata(kind.result())}
	}

	kinds := []callKind{kind}

	if retriers := t.retriers(s, c.Retry, kinds); len(retriers) > 0 {
		state["Retry"] = retriers
	}

	if catchers := t.catchers(s, c.Catch, kinds, next, nil); len(catchers) > 0 {
		state["Catch"] = catchers
	}

	state["Next"] = t.link(next)
	t.addState(s.Name, s, state)

	return nil
}

// task builds the Task state for the one call target.
func (t *translator) task(s *workflow.Step, c *workflow.Call) (map[string]any, callKind) {
	switch {
	case c.HTTP != nil:
		return t.httpTask(s, c.HTTP), httpCall
	case c.Function != nil:
		return t.functionTask(s, c.Function), functionCall
	case c.Native != nil:
		return t.nativeTask(s, c.Native), nativeCall
	case c.Workflow != nil:
		return t.workflowTask(s, c.Workflow), workflowCall
	}

	t.errorf(c.Path, s.Name, summaryUnsupported, "The call has no target. Set one of \"http\", \"function\", \"workflow\" and \"native\".")

	return map[string]any{"Type": "Task"}, nativeCall
}

// httpTask calls an HTTPS endpoint through an HTTP task, which authenticates
// with an Amazon EventBridge connection.
func (t *translator) httpTask(s *workflow.Step, h *workflow.HTTPCall) map[string]any {
	args := map[string]any{
		"ApiEndpoint":    t.template(h.URL, s.Name),
		"Method":         h.Method,
		"Authentication": map[string]any{"ConnectionArn": t.connectionARN(s, h)},
	}

	t.checkHTTPS(s, h.URL)

	if h.Headers != nil {
		args["Headers"] = t.template(h.Headers, s.Name)
	}

	if h.Query != nil {
		args["QueryParameters"] = t.template(h.Query, s.Name)
	}

	if h.Body != nil {
		args["RequestBody"] = t.template(h.Body, s.Name)
	}

	state := map[string]any{
		"Type":      "Task",
		"Resource":  aslrules.HTTPInvokeResource,
		"Arguments": args,
	}

	if h.TimeoutSeconds > aslrules.MaxHTTPTaskSeconds {
		t.errorf(h.Path.Key("timeout"), s.Name, summaryLimit,
			"The timeout is %d seconds, but Step Functions ends an HTTP task after %d seconds with States.Http.Socket. Set a timeout of at most %d seconds, or call the endpoint through a Lambda function.",
			h.TimeoutSeconds, aslrules.MaxHTTPTaskSeconds, aslrules.MaxHTTPTaskSeconds)
	} else if h.TimeoutSeconds > 0 {
		state["TimeoutSeconds"] = h.TimeoutSeconds
	}

	return state
}

func (t *translator) connectionARN(s *workflow.Step, h *workflow.HTTPCall) string {
	if h.Auth != nil && h.Auth.AWSConnectionARN != "" {
		return h.Auth.AWSConnectionARN
	}

	t.errorf(h.Path.Key("auth").Key("aws_connection_arn"), s.Name, summaryMissing,
		"Step Functions HTTP tasks authenticate through an Amazon EventBridge connection, and this call has none. Set auth.aws_connection_arn to the connection's ARN (arn:aws:events:REGION:ACCOUNT:connection/NAME/ID).")

	return ""
}

// checkHTTPS rejects a literal URL that is not HTTPS, because HTTP tasks
// call HTTPS endpoints only. A URL computed by an expression is not checked.
func (t *translator) checkHTTPS(s *workflow.Step, url *workflow.Value) {
	if url == nil || url.Kind != workflow.ValueLiteral {
		return
	}

	if u, ok := url.Literal.(string); ok && !strings.HasPrefix(strings.ToLower(u), "https://") {
		t.errorf(url.Path, s.Name, summaryUnsupported,
			"Step Functions HTTP tasks call HTTPS endpoints only, and %q is not an HTTPS URL. Use an https:// URL, or call the endpoint through a Lambda function.", u)
	}
}

// functionTask invokes a Lambda function through the optimized Lambda
// integration, which returns {StatusCode, Payload, ...}.
func (t *translator) functionTask(s *workflow.Step, f *workflow.FunctionCall) map[string]any {
	if f.AWS == "" {
		t.errorf(f.Path.Key("aws"), s.Name, summaryMissing,
			"The function has no \"aws\" entry, so Step Functions has no Lambda function to invoke. Add aws = \"arn:aws:lambda:REGION:ACCOUNT:function:NAME\", or render this workflow for another cloud only.")
	}

	args := map[string]any{"FunctionName": f.AWS}

	if f.Payload != nil {
		args["Payload"] = t.template(f.Payload, s.Name)
	}

	state := map[string]any{
		"Type":      "Task",
		"Resource":  aslrules.LambdaInvokeResource,
		"Arguments": args,
	}

	if diags := aslrules.CheckTaskTimeout(f.TimeoutSeconds, f.Path.Key("timeout"), s.Name); diags != nil {
		t.diags = append(t.diags, diags...)
	} else if f.TimeoutSeconds > 0 {
		state["TimeoutSeconds"] = f.TimeoutSeconds
	}

	return state
}

// nativeTask passes a Task resource and its arguments through unchanged,
// apart from compiling the expressions in the arguments.
func (t *translator) nativeTask(s *workflow.Step, n *workflow.NativeCall) map[string]any {
	state := map[string]any{"Type": "Task"}

	if n.AWS == nil {
		t.errorf(n.Path.Key("aws"), s.Name, summaryMissing,
			"The native call has no \"aws\" entry, so there is no Step Functions Task to run. Add aws = { resource = \"arn:aws:states:::SERVICE:ACTION\", arguments = {...} }, or render this workflow for another cloud only.")

		return state
	}

	if !aslrules.ARNPattern.MatchString(n.AWS.Resource) {
		t.errorf(n.Path.Key("aws").Key("resource"), s.Name, summaryUnsupported,
			"%q is not an ARN, and a Step Functions Task resource must be one, for example arn:aws:states:::aws-sdk:s3:getObject or arn:aws:states:::sqs:sendMessage.",
			n.AWS.Resource)
	}

	state["Resource"] = n.AWS.Resource

	if n.AWS.Arguments != nil {
		state["Arguments"] = t.output(n.AWS.Arguments, s.Name)
	}

	return state
}

// workflowTask starts a child state machine and waits for it. The
// startExecution.sync:2 integration returns the child's output as JSON.
func (t *translator) workflowTask(s *workflow.Step, w *workflow.WorkflowCall) map[string]any {
	if w.AWS == "" {
		t.errorf(w.Path.Key("aws"), s.Name, summaryMissing,
			"The workflow call has no \"aws\" entry, so Step Functions has no state machine to start. Add aws = \"arn:aws:states:REGION:ACCOUNT:stateMachine:NAME\", or render this workflow for another cloud only.")
	}

	args := map[string]any{"StateMachineArn": w.AWS}

	if w.Input != nil {
		args["Input"] = t.template(w.Input, s.Name)
	}

	return map[string]any{
		"Type":      "Task",
		"Resource":  startExecutionResource,
		"Arguments": args,
	}
}
