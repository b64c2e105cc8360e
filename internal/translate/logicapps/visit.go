package logicapps

import (
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// maxWaitSeconds is the Logic Apps Consumption run duration, 90 days: a
// longer Wait would outlive the run.
const maxWaitSeconds = 90 * 24 * 60 * 60

// VisitAssign sets each variable with its own SetVariable action, in
// variable-name order.
//
// Every value must see the variables as they were before the step, and
// Logic Apps rejects a SetVariable whose value reads the variable it sets.
// So when a value reads a variable that this step sets, either itself or
// one set by an earlier SetVariable of the step, a Compose action keeps the
// old value first, and the value reads outputs() of that Compose instead.
func (t *translator) VisitAssign(s *workflow.Step, a *workflow.Assign) error {
	r := t.renderer(s)
	r.overrides = t.keepOldValues(s, a)

	for _, as := range a.Assignments {
		value, ok := r.render(as.Value)
		if !ok {
			continue
		}

		name := s.Name
		if len(a.Assignments) > 1 {
			name = actionName(s.Name, prefixSet+as.Name)
		}

		t.addAction(t.block, s, name, setVariable(as.Name, value))
	}

	return nil
}

// keepOldValues adds a Compose action for each variable whose old value an
// assignment of the step reads, and returns the expressions that read them.
func (t *translator) keepOldValues(s *workflow.Step, a *workflow.Assign) map[string]string {
	order := make(map[string]int, len(a.Assignments))
	for i, as := range a.Assignments {
		order[as.Name] = i
	}

	overrides := map[string]string{}

	for i, as := range a.Assignments {
		for _, read := range readVariables(as.Value) {
			j, setHere := order[read]
			if !setHere || j > i || overrides[read] != "" {
				continue
			}

			name := actionName(s.Name, prefixOld+read)
			t.addAction(t.block, s, name, map[string]any{
				"type":   "Compose",
				"inputs": "@" + variableText(read),
			})

			overrides[read] = "outputs(" + quote(name) + ")"
		}
	}

	return overrides
}

// readVariables returns the variables that the expressions of v read, in
// order of first appearance.
func readVariables(v *workflow.Value) []string {
	var out []string

	seen := map[string]bool{}

	v.Walk(func(leaf *workflow.Value) {
		if leaf.Kind != workflow.ValueExpr {
			return
		}

		for _, name := range leaf.Expr.Variables() {
			if name != "input" && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	})

	return out
}

func setVariable(name string, value any) map[string]any {
	return map[string]any{
		"type":   "SetVariable",
		"inputs": map[string]any{"name": name, "value": value},
	}
}

// VisitSwitch lowers the cases to nested If actions: each case's condition
// is checked only when the earlier ones did not hold, in the else branch of
// the previous case, and the default steps form the last else branch. The
// first If is named after the step.
func (t *translator) VisitSwitch(s *workflow.Step, sw *workflow.Switch) error {
	t.switchCase(t.block, s, sw, 0)
	return nil
}

func (t *translator) switchCase(b *block, s *workflow.Step, sw *workflow.Switch, index int) {
	if index == len(sw.Cases) {
		t.steps(b, sw.Default)
		return
	}

	c := sw.Cases[index]

	condition, ok := t.renderer(s).condition(c.When, c.Path.Key("when"))
	if !ok {
		return
	}

	then := newBlock(b.depth + 1)
	t.steps(then, c.Steps)

	otherwise := newBlock(b.depth + 1)
	t.switchCase(otherwise, s, sw, index+1)

	action := map[string]any{
		"type":       "If",
		"expression": condition,
		"actions":    then.actions,
	}

	if len(otherwise.actions) > 0 {
		action["else"] = map[string]any{"actions": otherwise.actions}
	}

	t.addAction(b, s, caseName(s.Name, index), action)
}

// VisitWait waits for a number of seconds or until a timestamp.
func (t *translator) VisitWait(s *workflow.Step, w *workflow.Wait) error {
	r := t.renderer(s)

	inputs := map[string]any{}

	if w.Seconds != nil {
		count, ok := r.render(w.Seconds)
		if !ok {
			return nil
		}

		if n, isInt := count.(int64); isInt && n > maxWaitSeconds {
			t.errorf(w.Seconds.Path, s.Name, summaryLimit,
				"The wait of %d seconds is longer than the Logic Apps Consumption run duration of 90 days (%d seconds), so the run would end first. Wait at most %d seconds.",
				n, maxWaitSeconds, maxWaitSeconds)

			return nil
		}

		inputs["interval"] = map[string]any{"count": count, "unit": "Second"}
	} else {
		timestamp, ok := r.render(w.Until)
		if !ok {
			return nil
		}

		inputs["until"] = map[string]any{"timestamp": utcTimestamp(timestamp)}
	}

	t.addAction(t.block, s, s.Name, map[string]any{"type": "Wait", "inputs": inputs})

	return nil
}

// utcTimestamp rewrites a literal RFC 3339 timestamp in UTC, because the
// Wait action reference requires a UTC date and time. The instant stays the
// same.
// NOTE: a timestamp computed by an expression is passed as it is; whether
// Logic Apps accepts one with another offset is not documented.
func utcTimestamp(v any) any {
	s, ok := v.(string)
	if !ok || wdlcheck.IsExpression(s) {
		return v
	}

	parsed, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return v
	}

	return parsed.UTC().Format(time.RFC3339Nano)
}

// VisitFail raises the error name as the error code: a Terminate that ends
// the run as Failed, or inside a loop or try a stored error and a throw
// (see raise).
func (t *translator) VisitFail(s *workflow.Step, f *workflow.Fail) error {
	runError := map[string]any{"code": f.Error}

	if f.Message != nil {
		message, ok := t.renderer(s).render(f.Message)
		if !ok {
			return nil
		}

		runError["message"] = message
	}

	t.raise(t.block, s, s.Name, runError)

	return nil
}

// VisitReturn sends the output to the caller of the Request trigger with a
// Response action. Unless the step is the workflow's last, a Terminate
// action then ends the run, because a Response does not stop the actions
// after it.
//
// Logic Apps allows neither action inside a loop, and inside the steps of a
// try with finally the finally steps must run first. There the value goes
// to outputVariable instead. A throw then leaves the enclosing actions up
// to a level that can end the run (see completeReturn).
func (t *translator) VisitReturn(s *workflow.Step, ret *workflow.Return) error {
	inputs := map[string]any{"statusCode": 200}

	if ret.Value != nil {
		body, ok := t.renderer(s).render(ret.Value)
		if !ok {
			return nil
		}

		inputs["body"] = body
	}

	if t.frame.loop || t.frame.finally {
		t.declareHidden(returningVariable, "boolean")
		t.declareHidden(outputVariable, "object")

		t.addAction(t.block, s, s.Name, setVariable(outputVariable, map[string]any{"value": inputs["body"]}))
		t.addAction(t.block, s, actionName(s.Name, suffixReturn), setVariable(returningVariable, true))
		t.addAction(t.block, s, actionName(s.Name, suffixThrow), throwAction("return"))

		return nil
	}

	t.addAction(t.block, s, s.Name, map[string]any{"type": "Response", "kind": "Http", "inputs": inputs})

	if s != t.lastStep {
		t.addAction(t.block, s, actionName(s.Name, suffixTerminate), map[string]any{
			"type":   "Terminate",
			"inputs": map[string]any{"runStatus": "Succeeded"},
		})
	}

	return nil
}
