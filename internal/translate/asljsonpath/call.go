package asljsonpath

import (
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// VisitCall emits a Task state. ResultSelector normalises the result of HTTP
// and function calls to the neutral result object, and ResultPath stores it
// in the result variable, or discards it (null) when there is none. The
// retry policy and catches become the Task's Retry and Catch fields; after a
// catch's steps the execution continues with the state after the call.
func (t *translator) VisitCall(s *workflow.Step, c *workflow.Call) error {
	next := t.next
	b := t.begin(s)
	state, kind := b.task(c)

	if selector := kind.resultSelector(); selector != nil {
		state["ResultSelector"] = selector
	}

	state["ResultPath"] = resultPath(c.Result)

	if kind == httpCall && c.Result != "" {
		// The raw result goes to a temporary field, and Pass states build
		// the neutral result, with a null body when the response has none.
		delete(state, "ResultSelector")
		state["ResultPath"] = t.tempPath()
	}

	if c.Workflow != nil && c.Result != "" {
		// startExecution.sync:2 returns the child's execution description,
		// and the neutral result is the child's output.
		state["ResultSelector"] = map[string]any{"value.$": "$.Output"}
	}

	if retriers := t.retriers(s, c.Retry, kind); len(retriers) > 0 {
		state["Retry"] = retriers
	}

	if catchers := t.catchers(s, c.Catch, kind, next); len(catchers) > 0 {
		state["Catch"] = catchers
	}

	state["Next"] = t.link(next)
	b.finish(state)

	if c.Workflow != nil && c.Result != "" {
		t.unwrapResult(s, state, c.Result, next)
	}

	if kind == httpCall && c.Result != "" {
		t.httpResult(s, state, c.Result, next)
	}

	return nil
}

// httpResult adds the states after an HTTP task that store {status,
// headers, body} in the result variable. A Choice state tests for
// ResponseBody, because a reference path to a missing field fails.
func (t *translator) httpResult(s *workflow.Step, task map[string]any, variable, next string) {
	raw := task["ResultPath"].(string)
	name := s.Name + "__result"

	store := func(suffix string, body map[string]any) string {
		parameters := map[string]any{"status.$": raw + ".StatusCode", "headers.$": raw + ".Headers"}
		for k, v := range body {
			parameters[k] = v
		}

		t.addState(name+suffix, s, map[string]any{
			"Type":       "Pass",
			"Parameters": parameters,
			"ResultPath": varsPath + "." + variable,
			"Next":       next,
		})

		return name + suffix
	}

	withBody := store("_body", map[string]any{"body.$": raw + ".ResponseBody"})
	withoutBody := store("_empty", map[string]any{"body": nil})

	task["Next"] = name
	t.addState(name, s, map[string]any{
		"Type":    "Choice",
		"Choices": []any{map[string]any{"Variable": raw + ".ResponseBody", "IsPresent": true, "Next": withBody}},
		"Default": withoutBody,
	})
}

// unwrapResult adds a Pass state after a workflow call that replaces the
// result variable {"value": output} with the output itself.
func (t *translator) unwrapResult(s *workflow.Step, task map[string]any, variable, next string) {
	name := s.Name + "__result"
	path := varsPath + "." + variable

	task["Next"] = name
	t.addState(name, s, map[string]any{
		"Type":       "Pass",
		"InputPath":  path + ".value",
		"ResultPath": path,
		"Next":       next,
	})
}

// workflowTask starts a Step Functions state machine and waits for it.
// The .sync:2 integration returns the child's output as JSON.
func (b *stepStates) workflowTask(w *workflow.WorkflowCall) map[string]any {
	if w.AWS == "" {
		b.t.errorf(w.Path.Key("aws"), b.step.Name, summaryMissing,
			"The workflow call has no \"aws\" entry, so Step Functions has no state machine to start. Add aws = \"arn:aws:states:REGION:ACCOUNT:stateMachine:NAME\", or render this workflow for another cloud only.")
	}

	parameters := map[string]any{"StateMachineArn": w.AWS}
	if w.Input != nil {
		b.field(parameters, "Input", w.Input)
	}

	return map[string]any{
		"Type":       "Task",
		"Resource":   "arn:aws:states:::states:startExecution.sync:2",
		"Parameters": parameters,
	}
}

// task builds the Task state for the one call target.
func (b *stepStates) task(c *workflow.Call) (map[string]any, callKind) {
	switch {
	case c.HTTP != nil:
		return b.httpTask(c.HTTP), httpCall
	case c.Function != nil:
		return b.functionTask(c.Function), functionCall
	case c.Native != nil:
		return b.nativeTask(c.Native), nativeCall
	case c.Workflow != nil:
		return b.workflowTask(c.Workflow), nativeCall
	}

	b.t.errorf(c.Path, b.step.Name, summaryUnsupported, "The call has no target. Set one of \"http\", \"function\" and \"native\".")

	return map[string]any{"Type": "Task"}, nativeCall
}

// httpTask calls an HTTPS endpoint through an HTTP task, which authenticates
// with an Amazon EventBridge connection.
func (b *stepStates) httpTask(h *workflow.HTTPCall) map[string]any {
	parameters := map[string]any{
		"Method":         h.Method,
		"Authentication": map[string]any{"ConnectionArn": b.connectionARN(h)},
	}

	b.field(parameters, "ApiEndpoint", h.URL)
	b.checkHTTPS(h.URL)

	if h.Headers != nil {
		b.field(parameters, "Headers", h.Headers)
	}

	if h.Query != nil {
		b.field(parameters, "QueryParameters", h.Query)
	}

	if h.Body != nil {
		b.field(parameters, "RequestBody", h.Body)
	}

	state := map[string]any{
		"Type":       "Task",
		"Resource":   aslrules.HTTPInvokeResource,
		"Parameters": parameters,
	}

	if h.TimeoutSeconds > aslrules.MaxHTTPTaskSeconds {
		b.t.errorf(h.Path.Key("timeout"), b.step.Name, summaryLimit,
			"The timeout is %d seconds, but Step Functions ends an HTTP task after %d seconds with States.Http.Socket. Set a timeout of at most %d seconds, or call the endpoint through a Lambda function.",
			h.TimeoutSeconds, aslrules.MaxHTTPTaskSeconds, aslrules.MaxHTTPTaskSeconds)
	} else if h.TimeoutSeconds > 0 {
		state["TimeoutSeconds"] = h.TimeoutSeconds
	}

	return state
}

func (b *stepStates) connectionARN(h *workflow.HTTPCall) string {
	if h.Auth != nil && h.Auth.AWSConnectionARN != "" {
		return h.Auth.AWSConnectionARN
	}

	b.t.errorf(h.Path.Key("auth").Key("aws_connection_arn"), b.step.Name, summaryMissing,
		"Step Functions HTTP tasks authenticate through an Amazon EventBridge connection, and this call has none. Set auth.aws_connection_arn to the connection's ARN (arn:aws:events:REGION:ACCOUNT:connection/NAME/ID).")

	return ""
}

// checkHTTPS rejects a literal URL that is not HTTPS, because HTTP tasks
// call HTTPS endpoints only. A URL computed by an expression is not checked.
func (b *stepStates) checkHTTPS(url *workflow.Value) {
	if url == nil || url.Kind != workflow.ValueLiteral {
		return
	}

	if u, ok := url.Literal.(string); ok && !strings.HasPrefix(strings.ToLower(u), "https://") {
		b.t.errorf(url.Path, b.step.Name, summaryUnsupported,
			"Step Functions HTTP tasks call HTTPS endpoints only, and %q is not an HTTPS URL. Use an https:// URL, or call the endpoint through a Lambda function.", u)
	}
}

// functionTask invokes a Lambda function through the optimized Lambda
// integration, which returns {StatusCode, Payload, ...}.
func (b *stepStates) functionTask(f *workflow.FunctionCall) map[string]any {
	if f.AWS == "" {
		b.t.errorf(f.Path.Key("aws"), b.step.Name, summaryMissing,
			"The function has no \"aws\" entry, so Step Functions has no Lambda function to invoke. Add aws = \"arn:aws:lambda:REGION:ACCOUNT:function:NAME\", or render this workflow for another cloud only.")
	}

	parameters := map[string]any{"FunctionName": f.AWS}
	if f.Payload != nil {
		b.field(parameters, "Payload", f.Payload)
	}

	state := map[string]any{
		"Type":       "Task",
		"Resource":   aslrules.LambdaInvokeResource,
		"Parameters": parameters,
	}

	if diags := aslrules.CheckTaskTimeout(f.TimeoutSeconds, f.Path.Key("timeout"), b.step.Name); diags != nil {
		b.t.diags = append(b.t.diags, diags...)
	} else if f.TimeoutSeconds > 0 {
		state["TimeoutSeconds"] = f.TimeoutSeconds
	}

	return state
}

// nativeTask passes a Task resource and its arguments through, apart from
// lowering the expressions in the arguments. JSONPath-mode Parameters must
// be an object, so the arguments must be a map.
func (b *stepStates) nativeTask(n *workflow.NativeCall) map[string]any {
	state := map[string]any{"Type": "Task"}

	if n.AWS == nil {
		b.t.errorf(n.Path.Key("aws"), b.step.Name, summaryMissing,
			"The native call has no \"aws\" entry, so there is no Step Functions Task to run. Add aws = { resource = \"arn:aws:states:::SERVICE:ACTION\", arguments = {...} }, or render this workflow for another cloud only.")

		return state
	}

	if !aslrules.ARNPattern.MatchString(n.AWS.Resource) {
		b.t.errorf(n.Path.Key("aws").Key("resource"), b.step.Name, summaryUnsupported,
			"%q is not an ARN, and a Step Functions Task resource must be one, for example arn:aws:states:::aws-sdk:s3:getObject or arn:aws:states:::sqs:sendMessage.",
			n.AWS.Resource)
	}

	state["Resource"] = n.AWS.Resource

	args := n.AWS.Arguments
	switch {
	case args == nil:
	case args.Kind == workflow.ValueMap:
		state["Parameters"] = b.object(args)
	default:
		b.t.errorf(args.Path, b.step.Name, summaryUnsupported,
			"The arguments are not an object, and a JSONPath-mode Task takes its arguments as a Parameters object.%s", useJSONata)
	}

	return state
}
