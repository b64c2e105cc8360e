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
	src := callSource(s.Name)

	if index == len(c.Catch) {
		t.raise(b, s, actionName(s.Name, suffixUnhandled), unhandledError(src))
		return
	}

	k := c.Catch[index]

	if matchesAny(k) {
		t.catchSteps(b, s, k, catchName(s.Name, index), src)
		return
	}

	then := newBlock(b.depth + 1)
	t.catchSteps(then, s, k, catchName(s.Name, index), src)

	otherwise := newBlock(b.depth + 1)
	t.catchChain(otherwise, s, c, index+1)

	t.addAction(b, s, catchName(s.Name, index), map[string]any{
		"type":       "If",
		"expression": "@" + matchExpression(src, k.Errors),
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

// catchSteps binds the catch's `as` variable and adds its steps. name is
// the catch's action name, which the `as` SetVariable extends.
func (t *translator) catchSteps(b *block, s *workflow.Step, k *workflow.Catch, name string, src errorSource) {
	if k.As != "" {
		t.addAction(b, s, actionName(name, suffixError), setVariable(k.As, errorObject(src, k.Errors)))
	}

	t.steps(b, k.Steps)
}

// errorSource holds the expressions that read a failure: its action status
// ("Failed", "TimedOut"), its error code and message, and the HTTP status
// code of the response, which is null when there was none.
type errorSource struct {
	status, code, message, statusCode string
}

// callSource reads the failure of a call action. actions() returns the
// action's status, its error {code, message} and its outputs, which
// contain statusCode when the service returned an HTTP response.
func callSource(action string) errorSource {
	a := "actions(" + quote(action) + ")"

	return errorSource{
		status:     a + "['status']",
		code:       a + "?['error']?['code']",
		message:    a + "?['error']?['message']",
		statusCode: a + "?['outputs']?['statusCode']",
	}
}

// matchExpression returns the condition that one of the error names matches
// the failure.
func matchExpression(src errorSource, matchers []workflow.ErrorMatcher) string {
	parts := make([]string, 0, len(matchers))
	for _, m := range matchers {
		parts = append(parts, matcherExpression(src, m))
	}

	if len(parts) == 1 {
		return parts[0]
	}

	return "or(" + strings.Join(parts, ", ") + ")"
}

// matcherExpression returns the condition of one error name. Logic Apps
// reports no error class, so each class is recognised by what the failed
// action reports: its status, its HTTP status code or its error code.
func matcherExpression(src errorSource, m workflow.ErrorMatcher) string {
	noResponse := "equals(" + src.statusCode + ", null)"

	switch m.Kind {
	case workflow.ErrorTimeout:
		return "equals(" + src.status + ", 'TimedOut')"
	case workflow.ErrorHTTP:
		if m.Status != 0 {
			return "equals(" + src.statusCode + ", " + strconv.Itoa(m.Status) + ")"
		}

		return "not(" + noResponse + ")"
	case workflow.ErrorCustom:
		return "equals(" + src.code + ", " + quote(m.Name) + ")"
	case workflow.ErrorConnection:
		// NOTE: Logic Apps documents no error code for a refused
		// connection, so every failure without a response and without
		// an expression error counts as one.
		return "and(equals(" + src.status + ", 'Failed'), " + noResponse + ", not(equals(" + src.code + ", 'InvalidTemplate')))"
	case workflow.ErrorPermission:
		return "or(equals(" + src.statusCode + ", 401), equals(" + src.statusCode + ", 403))"
	case workflow.ErrorTaskFailed:
		return "not(equals(" + src.status + ", 'TimedOut'))"
	case workflow.ErrorExpression:
		// NOTE: InvalidTemplate is the code that run history shows for an
		// expression that failed at run time; the reference pages do not
		// list error codes.
		return "equals(" + src.code + ", 'InvalidTemplate')"
	}

	return "true"
}

// errorObject is the neutral error {error, message} that a catch binds.
// error is "timeout", a custom name of the catch that the error code
// matches, "http" when the service returned an HTTP response, or "error".
// NOTE: the functions reference does not show the error object of a failed
// Http or Function action, so message falls back to "" when it has none.
func errorObject(src errorSource, matchers []workflow.ErrorMatcher) map[string]any {
	class := quote("error")
	class = "if(not(equals(" + src.statusCode + ", null)), 'http', " + class + ")"

	for i := len(matchers) - 1; i >= 0; i-- {
		if m := matchers[i]; m.Kind == workflow.ErrorCustom {
			class = "if(equals(" + src.code + ", " + quote(m.Name) + "), " + quote(m.Name) + ", " + class + ")"
		}
	}

	class = "if(equals(" + src.status + ", 'TimedOut'), 'timeout', " + class + ")"

	return map[string]any{
		"error":   "@" + class,
		"message": "@coalesce(" + src.message + ", '')",
	}
}

// unhandledError is the runError of a failure that no catch matches: the
// failed action's own code, as an uncaught error would report.
func unhandledError(src errorSource) map[string]any {
	return map[string]any{
		"code":    "@coalesce(" + src.code + ", 'ActionFailed')",
		"message": "@coalesce(" + src.message + ", '')",
	}
}
