package logicapps

import (
	"maps"
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// maxSyncRequestSeconds is how long Logic Apps Consumption waits for a
// synchronous outbound HTTP request: the "Outbound request" timeout on the
// Logic Apps limits page.
const maxSyncRequestSeconds = 120

// retryPolicyTypes are the action types that accept inputs.retryPolicy.
var retryPolicyTypes = map[string]bool{
	"ApiConnection": true, "ApiConnectionWebhook": true, "ApiManagement": true, "Function": true,
	"Http": true, "HttpWebhook": true, "Workflow": true,
}

// rejectedNativeTypes are the action types that a native call cannot be,
// with the neutral construct to use instead.
var rejectedNativeTypes = map[string]string{
	"If":                 "a switch step",
	"Switch":             "a switch step",
	"Scope":              "a call with catch",
	"Foreach":            "separate steps",
	"Until":              "separate steps",
	"InitializeVariable": "an assign step",
	"Response":           "a return step",
	"Terminate":          "a fail or return step",
}

// VisitCall adds the call's action, a SetVariable for its result, and the
// handler of its catches.
func (t *translator) VisitCall(s *workflow.Step, c *workflow.Call) error {
	// retryPolicy reports the backoff rate itself, with the numbers.
	if t.diagnose(s, portability.CallFeatures(c), portability.RetryExponential, portability.RetryBackoffRate) {
		return nil
	}

	var (
		action map[string]any
		ok     bool
		result map[string]any
	)

	switch {
	case c.HTTP != nil:
		action, ok = t.httpAction(s, c)
		result = httpResult(s.Name)
	case c.Function != nil:
		action, ok = t.functionAction(s, c)
		result = functionResult(s.Name)
	case c.Workflow != nil:
		action, ok = t.workflowAction(s, c)
	case c.Native != nil:
		action, ok = t.nativeAction(s, c)
	}

	if !ok {
		return nil
	}

	t.addAction(t.block, s, s.Name, action)
	lastOnSuccess := s.Name

	if t.boundResults[s] {
		t.bindings[c.Result] = resultExpression(s.Name, c)
	} else if c.Result != "" {
		var value any = "@outputs(" + quote(s.Name) + ")"
		if c.Workflow != nil {
			value = "@body(" + quote(s.Name) + ")"
		}

		if result != nil {
			value = result
		}

		lastOnSuccess = actionName(s.Name, suffixResult)
		t.addAction(t.block, s, lastOnSuccess, setVariable(c.Result, value))
	}

	if len(c.Catch) > 0 {
		t.catches(s, c, lastOnSuccess)
	}

	return nil
}

// resultExpression returns an expression of a call's neutral result that
// reads the action's outputs, for a body whose iterations run at the same
// time and so cannot share a result variable. Inside a Foreach iteration,
// outputs() of an action in the iteration reads that iteration's run.
func resultExpression(action string, c *workflow.Call) string {
	outputs := "outputs(" + quote(action) + ")"
	body := "body(" + quote(action) + ")"

	switch {
	case c.HTTP != nil:
		return "addProperty(addProperty(addProperty(json('{}'), 'status', " + outputs + "?['statusCode']), 'headers', " + outputs + "?['headers']), 'body', " + body + ")"
	case c.Function != nil:
		return "addProperty(addProperty(json('{}'), 'status', " + outputs + "?['statusCode']), 'body', " + body + ")"
	case c.Workflow != nil:
		return body
	}

	return outputs
}

// httpResult is the neutral result {status, headers, body} of an Http
// action.
func httpResult(action string) map[string]any {
	return map[string]any{
		"status":  "@outputs(" + quote(action) + ")['statusCode']",
		"headers": "@outputs(" + quote(action) + ")['headers']",
		"body":    "@body(" + quote(action) + ")",
	}
}

// functionResult is the neutral result {status, body} of a Function action.
func functionResult(action string) map[string]any {
	return map[string]any{
		"status": "@outputs(" + quote(action) + ")['statusCode']",
		"body":   "@body(" + quote(action) + ")",
	}
}

func (t *translator) httpAction(s *workflow.Step, c *workflow.Call) (map[string]any, bool) {
	h := c.HTTP

	inputs, ok := t.httpRequest(s, h)

	policy, policyOK := t.retryPolicy(s, c.Retry)
	inputs["retryPolicy"] = policy

	action := map[string]any{"type": "Http", "inputs": inputs}
	t.setTimeout(action, s, h.TimeoutSeconds, h.Path.Key("timeout"))

	return action, ok && policyOK
}

// httpRequest returns the request fields of an Http action or of an
// HttpWebhook subscription: method, uri, headers, queries, body and
// authentication.
func (t *translator) httpRequest(s *workflow.Step, h *workflow.HTTPCall) (map[string]any, bool) {
	r := t.renderer(s)

	uri, ok := r.render(h.URL)
	inputs := map[string]any{"method": h.Method, "uri": uri}

	for _, field := range []struct {
		key   string
		value *workflow.Value
	}{{"headers", h.Headers}, {"queries", h.Query}, {"body", h.Body}} {
		if field.value == nil {
			continue
		}

		v, rendered := r.render(field.value)
		inputs[field.key] = v
		ok = ok && rendered
	}

	if h.Auth != nil && h.Auth.Azure == "managed_identity" {
		auth := map[string]any{"type": "ManagedServiceIdentity"}
		if h.Auth.AzureAudience != "" {
			auth["audience"] = h.Auth.AzureAudience
		}

		inputs["authentication"] = auth
	}

	return inputs, ok
}

func (t *translator) functionAction(s *workflow.Step, c *workflow.Call) (map[string]any, bool) {
	f := c.Function
	if f.Azure == "" {
		t.errorf(f.Path, s.Name, summaryMissing,
			"The function call has no \"azure\" entry, so it cannot run on Azure Logic Apps. Add function.azure with the Azure Functions resource ID, /subscriptions/ID/resourceGroups/RG/providers/Microsoft.Web/sites/APP/functions/NAME.")

		return nil, false
	}

	inputs := map[string]any{
		"function": map[string]any{"id": f.Azure},
		"method":   "POST",
	}

	ok := true

	if f.Payload != nil {
		inputs["body"], ok = t.renderer(s).render(f.Payload)
	}

	policy, policyOK := t.retryPolicy(s, c.Retry)
	inputs["retryPolicy"] = policy

	action := map[string]any{"type": "Function", "inputs": inputs}
	t.setTimeout(action, s, f.TimeoutSeconds, f.Path.Key("timeout"))

	return action, ok && policyOK
}

// setTimeout bounds the action's run time with limit.timeout.
func (t *translator) setTimeout(action map[string]any, s *workflow.Step, seconds int, path workflow.Path) {
	if seconds <= 0 {
		return
	}

	if seconds > maxSyncRequestSeconds {
		t.warnf(path, s.Name,
			"Logic Apps ends a synchronous outbound request after %d seconds, so the timeout of %d seconds applies only to endpoints that answer 202 Accepted and are polled (the asynchronous pattern). Other requests time out after %d seconds.",
			maxSyncRequestSeconds, seconds, maxSyncRequestSeconds)
	}

	action["limit"] = map[string]any{"timeout": isoDuration(seconds)}
}

// nativeAction passes the Azure entry of a native call through as an action
// of its type. Literal strings in its inputs stay as written, so users can
// write Logic Apps expressions such as parameters('$connections') there.
func (t *translator) nativeAction(s *workflow.Step, c *workflow.Call) (map[string]any, bool) {
	n := c.Native
	if n.Azure == nil {
		t.errorf(n.Path, s.Name, summaryMissing,
			"The native call has no \"azure\" entry, so it cannot run on Azure Logic Apps. Add native.azure with the action type and inputs, or use an http or function call.")

		return nil, false
	}

	path := n.Path.Key("azure").Key("type")

	typ, known := wdlcheck.CanonicalActionType(n.Azure.Type)
	if !known {
		t.errorf(path, s.Name, summaryUnsupported,
			"%q is not a Logic Apps action type. Use a type from the workflow definition reference, such as ApiConnection, Http, Function, Workflow or Compose.", n.Azure.Type)

		return nil, false
	}

	if instead, rejected := rejectedNativeTypes[typ]; rejected {
		t.errorf(path, s.Name, summaryUnsupported,
			"A native call cannot be a %s action, because the translator generates those actions for the workflow's own structure. Use %s instead.", typ, instead)

		return nil, false
	}

	r := t.renderer(s)
	r.verbatim = true

	action := map[string]any{"type": typ}

	inputs, ok := r.render(n.Azure.Inputs)
	if n.Azure.Inputs != nil {
		action["inputs"] = inputs
	}

	return action, ok && t.nativeRetryPolicy(s, c, typ, action)
}

// nativeRetryPolicy sets inputs.retryPolicy on a native action: the call's
// retry, or no retries when the call has none, because the Logic Apps
// default policy would retry up to 4 times.
func (t *translator) nativeRetryPolicy(s *workflow.Step, c *workflow.Call, typ string, action map[string]any) bool {
	inputs, isObject := action["inputs"].(map[string]any)

	if !retryPolicyTypes[typ] || !isObject {
		if c.Retry != nil {
			t.errorf(c.Retry.Path, s.Name, summaryUnsupported,
				"Logic Apps accepts a retry policy only in the inputs object of %s actions, not on a %s action. Remove \"retry\".",
				strings.Join(slices.Sorted(maps.Keys(retryPolicyTypes)), ", "), typ)

			return false
		}

		return true
	}

	if _, set := inputs["retryPolicy"]; set {
		if c.Retry != nil {
			t.errorf(c.Retry.Path, s.Name, summaryUnsupported,
				"The native inputs already set retryPolicy. Remove either \"retry\" or inputs.retryPolicy.")

			return false
		}

		return true
	}

	policy, ok := t.retryPolicy(s, c.Retry)
	inputs["retryPolicy"] = policy

	return ok
}
