package logicapps

import (
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// catches adds the handler of a call's catches: a Scope that runs when the
// call action failed or timed out. Inside it, one If per catch tests the
// catch's error names against the call's status, error code and HTTP status
// code, each in the else branch of the previous one, and a Terminate fails
// the run when no catch matches. The next step runs after either path:
// lastOnSuccess (the call or its result SetVariable) or the handler.
//
// An action whose predecessor was Skipped is itself Skipped unless its
// runAfter lists Skipped, and a branch that ends with a Skipped action takes
// the status of that action's predecessor. So when the call has a result,
// the handler also runs after the result's SetVariable, which is Skipped
// when the call failed. The handler is then the last of the call's actions,
// and a caught failure does not fail a switch case that ends with the call.
// The next step also waits for the call itself, so that it is Skipped when
// the call was Skipped instead of running after two Skipped actions.
func (t *translator) catches(s *workflow.Step, c *workflow.Call, lastOnSuccess string) {
	handler := newBlock(t.block.depth + 1)
	t.catchChain(handler, s, c, 0)

	name := actionName(s.Name, suffixCatch)
	failed := []any{"Failed", "TimedOut"}

	t.block.after = map[string]any{s.Name: failed}
	if lastOnSuccess != s.Name {
		t.block.after[lastOnSuccess] = []any{"Skipped"}
	}

	t.addAction(t.block, s, name, map[string]any{"type": "Scope", "actions": handler.actions})

	// When the call succeeds, the handler is Skipped. When the call fails,
	// the actions after it on the success path are Skipped and the handler
	// succeeds, or ends the run.
	t.block.after = map[string]any{
		s.Name: []any{"Succeeded", "Failed", "TimedOut"},
		name:   []any{"Succeeded", "Skipped"},
	}

	if lastOnSuccess != s.Name {
		t.block.after[lastOnSuccess] = []any{"Succeeded", "Skipped"}
	}
}

// catchChain adds the test of catch index and of the catches after it.
func (t *translator) catchChain(b *block, s *workflow.Step, c *workflow.Call, index int) {
	if index == len(c.Catch) {
		t.addAction(b, s, actionName(s.Name, suffixUnhandled), unhandledError(s.Name))
		return
	}

	k := c.Catch[index]

	if matchesAny(k) {
		t.catchSteps(b, s, k, index)
		return
	}

	then := newBlock(b.depth + 1)
	t.catchSteps(then, s, k, index)

	otherwise := newBlock(b.depth + 1)
	t.catchChain(otherwise, s, c, index+1)

	t.addAction(b, s, catchName(s.Name, index), map[string]any{
		"type":       "If",
		"expression": "@" + matchExpression(s.Name, k.Errors),
		"actions":    then.actions,
		"else":       map[string]any{"actions": otherwise.actions},
	})
}

func matchesAny(k *workflow.Catch) bool {
	for _, m := range k.Errors {
		if m.Kind == workflow.ErrorAny {
			return true
		}
	}

	return false
}

// catchSteps binds the catch's `as` variable and adds its steps.
func (t *translator) catchSteps(b *block, s *workflow.Step, k *workflow.Catch, index int) {
	if k.As != "" {
		t.addAction(b, s, actionName(catchName(s.Name, index), suffixError), setVariable(k.As, errorObject(s.Name, k.Errors)))
	}

	t.steps(b, k.Steps)
}

// Expressions that read the outcome of a call action. actions() returns the
// action's status ("Failed", "TimedOut"), its error {code, message} and its
// outputs, which contain statusCode when the service returned an HTTP
// response.
func actionStatus(action string) string {
	return "actions(" + quote(action) + ")['status']"
}

func errorCode(action string) string {
	return "actions(" + quote(action) + ")?['error']?['code']"
}

func errorMessage(action string) string {
	return "actions(" + quote(action) + ")?['error']?['message']"
}

func statusCode(action string) string {
	return "actions(" + quote(action) + ")?['outputs']?['statusCode']"
}

// matchExpression returns the condition that one of the error names matches
// the call's failure.
func matchExpression(action string, matchers []workflow.ErrorMatcher) string {
	parts := make([]string, 0, len(matchers))
	for _, m := range matchers {
		parts = append(parts, matcherExpression(action, m))
	}

	if len(parts) == 1 {
		return parts[0]
	}

	return "or(" + strings.Join(parts, ", ") + ")"
}

func matcherExpression(action string, m workflow.ErrorMatcher) string {
	switch m.Kind {
	case workflow.ErrorTimeout:
		return "equals(" + actionStatus(action) + ", 'TimedOut')"
	case workflow.ErrorHTTP:
		if m.Status != 0 {
			return "equals(" + statusCode(action) + ", " + strconv.Itoa(m.Status) + ")"
		}

		return "not(equals(" + statusCode(action) + ", null))"
	case workflow.ErrorCustom:
		return "equals(" + errorCode(action) + ", " + quote(m.Name) + ")"
	}

	return "true"
}

// errorObject is the neutral error {error, message} that a catch binds.
// error is "timeout", a custom name of the catch that the error code
// matches, "http" when the service returned an HTTP response, or "error".
// NOTE: the functions reference does not show the error object of a failed
// Http or Function action, so message falls back to "" when it has none.
func errorObject(action string, matchers []workflow.ErrorMatcher) map[string]any {
	class := quote("error")
	class = "if(not(equals(" + statusCode(action) + ", null)), 'http', " + class + ")"

	for i := len(matchers) - 1; i >= 0; i-- {
		if m := matchers[i]; m.Kind == workflow.ErrorCustom {
			class = "if(equals(" + errorCode(action) + ", " + quote(m.Name) + "), " + quote(m.Name) + ", " + class + ")"
		}
	}

	class = "if(equals(" + actionStatus(action) + ", 'TimedOut'), 'timeout', " + class + ")"

	return map[string]any{
		"error":   "@" + class,
		"message": "@coalesce(" + errorMessage(action) + ", '')",
	}
}

// unhandledError fails the run with the call's error when no catch matches,
// as an uncaught error would.
func unhandledError(action string) map[string]any {
	return map[string]any{
		"type": "Terminate",
		"inputs": map[string]any{
			"runStatus": "Failed",
			"runError": map[string]any{
				"code":    "@coalesce(" + errorCode(action) + ", 'ActionFailed')",
				"message": "@coalesce(" + errorMessage(action) + ", '')",
			},
		},
	}
}
