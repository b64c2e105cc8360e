package asljsonpath

import (
	"maps"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// VisitAssign emits two Pass states. The first computes every value into a
// temporary field, reading the variables as they were before the step, and
// the second merges that object into $.vars with States.JsonMerge. The
// merge state also rebuilds the state data from $.input and $.vars, which
// drops the temporary fields of earlier steps.
func (t *translator) VisitAssign(s *workflow.Step, a *workflow.Assign) error {
	next := t.next
	b := t.begin(s)

	values := map[string]any{}
	for _, as := range a.Assignments {
		b.field(values, as.Name, as.Value)
	}

	tmp := t.tempPath()
	compute := map[string]any{
		"Type":       "Pass",
		"Parameters": values,
		"ResultPath": tmp,
	}
	b.add(b.newName(), compute, nextOf(compute))

	b.finish(map[string]any{
		"Type": "Pass",
		"Parameters": map[string]any{
			"input.$": inputPath,
			"vars.$":  "States.JsonMerge(" + varsPath + ", " + tmp + ", false)",
		},
		"Next": t.link(next),
	})

	return nil
}

// VisitSwitch emits Choice states. Default is always set, because a Choice
// state without a match and without Default fails with
// States.NoChoiceMatched, while a neutral switch continues after the step.
//
// A case whose condition needs values computed by Pass states starts a new
// Choice state, reached from the Default of the previous one. The values
// are then computed only when the earlier cases did not match, as CEL
// evaluates the conditions in order.
func (t *translator) VisitSwitch(s *workflow.Step, sw *workflow.Switch) error {
	next := t.next
	b := t.begin(s)
	fallback := t.sequence(sw.Default, next)

	if len(sw.Cases) == 0 {
		// Choices needs at least one rule, so a switch with only a default
		// becomes a Pass state.
		b.finish(map[string]any{"Type": "Pass", "Next": fallback})
		return nil
	}

	var choice map[string]any

	for _, c := range sw.Cases {
		spilled := b.count
		rule, ok := b.rule(c.When, c.Path.Key("when"))
		entry := t.sequence(c.Steps, next)

		if !ok {
			continue
		}

		if choice == nil || b.count != spilled {
			choice = b.newChoice()
		}

		matched := maps.Clone(rule)
		matched["Next"] = entry
		choice["Choices"] = append(choice["Choices"].([]any), matched)
	}

	if choice != nil {
		choice["Default"] = fallback
	}

	return nil
}

// newChoice adds an empty Choice state, which becomes the Default of the
// pending states.
func (b *stepStates) newChoice() map[string]any {
	choice := map[string]any{"Type": "Choice", "Choices": []any{}}
	b.add(b.newName(), choice, func(name string) { choice["Default"] = name })

	return choice
}

// VisitWait emits a Wait state with Seconds or Timestamp, or SecondsPath or
// TimestampPath for a computed value.
func (t *translator) VisitWait(s *workflow.Step, w *workflow.Wait) error {
	b := t.begin(s)
	state := map[string]any{
		"Type": "Wait",
		"Next": t.link(t.next),
	}

	field, value := "Seconds", w.Seconds
	if w.Until != nil {
		field, value = "Timestamp", w.Until
	}

	if value != nil {
		t.diags = append(t.diags, aslrules.CheckWaitSeconds(s, w.Seconds)...)
		b.pathOrLiteral(state, field, value)
	}

	b.finish(state)

	return nil
}

// pathOrLiteral sets a field that takes a constant, or a reference path in
// its "<field>Path" twin.
func (b *stepStates) pathOrLiteral(state map[string]any, field string, v *workflow.Value) {
	if v.Kind != workflow.ValueExpr {
		if b.checkLiteral(v) {
			state[field] = v.ToAny()
		}

		return
	}

	lowered, ok := b.path(v.Expr, v.Path)
	switch {
	case !ok:
	case lowered.IsLiteral():
		state[field] = lowered.Literal
	default:
		state[field+"Path"] = lowered.Text
	}
}

// VisitFail emits a Fail state. The error name is a literal custom name, and
// the message becomes the Cause, or CausePath for a computed message.
func (t *translator) VisitFail(s *workflow.Step, f *workflow.Fail) error {
	b := t.begin(s)
	state := map[string]any{
		"Type":  "Fail",
		"Error": f.Error,
	}

	if f.Message != nil {
		b.pathOrLiteral(state, "Cause", f.Message)
	}

	b.finish(state)

	return nil
}

// VisitReturn emits a Pass state that builds the value in its Parameters
// and outputs it through OutputPath, ending the execution. Inside a try's
// steps, which run in a Parallel branch, it stores the value in
// $.vars.__return and ends the branch instead; the try then runs its
// finally steps and ends the execution.
func (t *translator) VisitReturn(s *workflow.Step, r *workflow.Return) error {
	b := t.begin(s)
	parameters := map[string]any{}
	b.field(parameters, "value", r.Value)

	if t.tryDepth == 0 {
		b.finish(returnState(parameters))
		return nil
	}

	b.finish(map[string]any{
		"Type":       "Pass",
		"Parameters": parameters,
		"ResultPath": returnPath,
		"End":        true,
	})

	return nil
}
