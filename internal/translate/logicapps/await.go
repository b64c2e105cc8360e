package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// callbackText is the Logic Apps text of the callback variable inside a
// notify call: {url, token} with the URL that resumes the HttpWebhook
// action. Logic Apps has no task token, so token is null.
const callbackText = `addProperty(json('{"token":null}'), 'url', listCallbackUrl())`

// VisitAwaitCallback lowers the step to an HttpWebhook action. Its
// subscribe request is the notify call, in which listCallbackUrl() is the
// URL that resumes the action. The action waits until something posts to
// that URL, at most the step's timeout (limit.timeout), after which it ends
// TimedOut, the neutral timeout error. The result is the posted body.
func (t *translator) VisitAwaitCallback(s *workflow.Step, a *workflow.AwaitCallback) error {
	if t.diagnose(s, portability.StepFeatures(s)) || a.Notify == nil || a.Notify.HTTP == nil {
		return nil
	}

	if a.TimeoutSeconds > maxWaitSeconds {
		t.errorf(a.Path.Key("timeout"), s.Name, summaryLimit,
			"The timeout of %d seconds is longer than the Logic Apps Consumption run duration of 90 days (%d seconds), so the run would end first. Set a timeout of at most %d seconds.",
			a.TimeoutSeconds, maxWaitSeconds, maxWaitSeconds)

		return nil
	}

	h := a.Notify.HTTP

	restore := t.bind(map[string]string{workflow.CallbackVariable: callbackText})
	subscribe, ok := t.httpRequest(s, h)
	restore()

	if !ok {
		return nil
	}

	if h.TimeoutSeconds > 0 {
		t.warnf(h.Path.Key("timeout"), s.Name,
			"The timeout of the notify call is not applied on Logic Apps: the HttpWebhook action has one timeout, the step's, which covers the subscribe request and the wait for the callback together.")
	}

	// NOTE: no unsubscribe request is sent, and the subscribe request keeps
	// the Logic Apps default retry policy. That an expired limit.timeout
	// leaves the action TimedOut, which catch "timeout" tests, is taken from
	// the error-handling page and not verified for webhooks.
	t.addAction(t.block, s, s.Name, map[string]any{
		"type":   "HttpWebhook",
		"inputs": map[string]any{"subscribe": subscribe},
		"limit":  map[string]any{"timeout": isoDuration(a.TimeoutSeconds)},
	})

	if a.Result != "" {
		t.addAction(t.block, s, actionName(s.Name, suffixResult), setVariable(a.Result, "@body("+quote(s.Name)+")"))
	}

	return nil
}

// workflowAction calls another Logic Apps workflow with the Workflow action
// through its Request trigger, "manual" in every workflow this provider
// renders. The input becomes the request body, and the child's Response
// body the call's result.
func (t *translator) workflowAction(s *workflow.Step, c *workflow.Call) (map[string]any, bool) {
	wc := c.Workflow
	if wc.Azure == "" {
		t.errorf(wc.Path, s.Name, summaryMissing,
			"The workflow call has no \"azure\" entry, so it cannot run on Azure Logic Apps. Add workflow.azure with the Logic Apps workflow resource ID, /subscriptions/ID/resourceGroups/RG/providers/Microsoft.Logic/workflows/NAME.")

		return nil, false
	}

	inputs := map[string]any{
		"host": map[string]any{
			"workflow":    map[string]any{"id": wc.Azure},
			"triggerName": "manual",
		},
	}

	ok := true

	if wc.Input != nil {
		inputs["body"], ok = t.renderer(s).render(wc.Input)
	}

	policy, policyOK := t.retryPolicy(s, c.Retry)
	inputs["retryPolicy"] = policy

	return map[string]any{"type": "Workflow", "inputs": inputs}, ok && policyOK
}
