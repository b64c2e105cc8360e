package asl

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// VisitAssign emits a Pass state whose Assign sets the variables. Step
// Functions evaluates every value of one Assign with the variables as they
// were on entering the state, which is the neutral semantics.
func (t *translator) VisitAssign(s *workflow.Step, a *workflow.Assign) error {
	next := t.next
	assign := map[string]any{}

	for _, as := range a.Assignments {
		assign[t.variable(as.Name)] = t.template(as.Value, s.Name)
	}

	t.addState(s.Name, s, map[string]any{
		"Type":   "Pass",
		"Assign": assign,
		"Next":   t.link(next),
	})

	return nil
}

// VisitSwitch emits a Choice state with one rule per case. Default is always
// set, because a Choice state without a match and without Default fails with
// States.NoChoiceMatched, while a neutral switch continues after the step.
func (t *translator) VisitSwitch(s *workflow.Step, sw *workflow.Switch) error {
	next := t.next
	fallback := t.sequence(sw.Default, next)

	if len(sw.Cases) == 0 {
		// Choices needs at least one rule, so a switch with only a default
		// becomes a Pass state.
		t.addState(s.Name, s, map[string]any{"Type": "Pass", "Next": fallback})
		return nil
	}

	choices := make([]any, 0, len(sw.Cases))

	for _, c := range sw.Cases {
		condition, _ := t.expression(c.When, c.Path.Key("when"), s.Name)
		entry := t.sequence(c.Steps, next)

		choices = append(choices, map[string]any{
			"Condition": jsonata(condition),
			"Next":      entry,
		})
	}

	t.addState(s.Name, s, map[string]any{
		"Type":    "Choice",
		"Choices": choices,
		"Default": fallback,
	})

	return nil
}

// VisitWait emits a Wait state with Seconds or Timestamp.
func (t *translator) VisitWait(s *workflow.Step, w *workflow.Wait) error {
	state := map[string]any{
		"Type": "Wait",
		"Next": t.link(t.next),
	}

	switch {
	case w.Seconds != nil:
		t.diags = append(t.diags, aslrules.CheckWaitSeconds(s, w.Seconds)...)
		state["Seconds"] = t.template(w.Seconds, s.Name)
	case w.Until != nil:
		state["Timestamp"] = t.template(w.Until, s.Name)
	}

	t.addState(s.Name, s, state)

	return nil
}

// VisitFail emits a Fail state. The error name is a literal custom name, and
// the message becomes the Cause.
func (t *translator) VisitFail(s *workflow.Step, f *workflow.Fail) error {
	state := map[string]any{
		"Type":  "Fail",
		"Error": f.Error,
	}

	if f.Message != nil {
		state["Cause"] = t.template(f.Message, s.Name)
	}

	t.addState(s.Name, s, state)

	return nil
}

// VisitReturn emits a Succeed state whose Output is the returned value.
// Inside a try block the state ends the block's branch instead; see
// returnState.
func (t *translator) VisitReturn(s *workflow.Step, r *workflow.Return) error {
	if len(t.frames) > 0 {
		t.returnState(s.Name, s, t.jsonataOf(r.Value, s.Name))
		return nil
	}

	t.addState(s.Name, s, map[string]any{
		"Type":   "Succeed",
		"Output": t.output(r.Value, s.Name),
	})

	return nil
}
