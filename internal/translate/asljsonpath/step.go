package asljsonpath

import (
	"maps"
	"strconv"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// stepStates collects the states of one step in the order they run. The
// first state gets the step's name, so that other steps can move to it
// before it exists, and later ones get the step's name with a "__" suffix.
//
// It implements expr.JSONPathSpiller: values that a field cannot compute
// inline are stored in temporary fields of the state data by states that
// run before the step's main state.
type stepStates struct {
	t     *translator
	step  *workflow.Step
	count int

	// pending sets the Next (or Default) of the states added so far whose
	// successor is the next state added.
	pending []func(string)

	// notify is set while the notify call of an await_callback is
	// translated, where the callback variable is in scope.
	notify bool
}

func (t *translator) begin(s *workflow.Step) *stepStates {
	return &stepStates{t: t, step: s}
}

// newName returns the name of the step's next state.
func (b *stepStates) newName() string {
	b.count++
	if b.count == 1 {
		return b.step.Name
	}

	return b.step.Name + "__" + strconv.Itoa(b.count)
}

// add adds a state after the pending ones. exits are the transitions of the
// new state that lead to whatever is added next.
func (b *stepStates) add(name string, state map[string]any, exits ...func(string)) {
	for _, p := range b.pending {
		p(name)
	}

	b.pending = exits
	b.t.addState(name, b.step, state)
}

// put adds a state outside the chain, such as a branch of a Choice.
func (b *stepStates) put(name string, state map[string]any) {
	b.t.addState(name, b.step, state)
}

// finish adds the step's last state, whose own transitions the caller has set.
func (b *stepStates) finish(state map[string]any) string {
	name := b.newName()
	b.add(name, state)

	return name
}

// nextOf returns a setter for the Next field of state.
func nextOf(state map[string]any) func(string) {
	return func(name string) { state["Next"] = name }
}

// SpillValue stores the result of an intrinsic function call, because
// Choice rules and *Path fields take reference paths only.
func (b *stepStates) SpillValue(intrinsic string) string {
	tmp := b.t.tempPath()
	state := map[string]any{
		"Type":       "Pass",
		"Parameters": map[string]any{"value.$": intrinsic},
		"ResultPath": tmp,
	}

	b.add(b.newName(), state, nextOf(state))

	return tmp + ".value"
}

// SpillCondition stores the outcome of a Choice rule as a bool, because
// intrinsic functions have no comparison.
func (b *stepStates) SpillCondition(rule map[string]any) string {
	return b.SpillSelect(rule, expr.JSONPathValue{Literal: true}, expr.JSONPathValue{Literal: false})
}

// SpillSelect stores then or otherwise, picked by a Choice rule.
func (b *stepStates) SpillSelect(rule map[string]any, then, otherwise expr.JSONPathValue) string {
	tmp := b.t.tempPath()
	choiceName := b.newName()
	thenName := b.newName()
	otherwiseName := b.newName()

	thenState := storeState(tmp, then)
	otherwiseState := storeState(tmp, otherwise)

	matched := maps.Clone(rule)
	matched["Next"] = thenName

	b.add(choiceName, map[string]any{
		"Type":    "Choice",
		"Choices": []any{matched},
		"Default": otherwiseName,
	}, nextOf(thenState), nextOf(otherwiseState))

	b.put(thenName, thenState)
	b.put(otherwiseName, otherwiseState)

	return tmp + ".value"
}

// storeState is a Pass state that stores v at tmp.value.
func storeState(tmp string, v expr.JSONPathValue) map[string]any {
	parameters := map[string]any{}
	setField(parameters, "value", v)

	return map[string]any{
		"Type":       "Pass",
		"Parameters": parameters,
		"ResultPath": tmp,
	}
}

// setField sets a Parameters field to a lowered value: a constant as it is,
// a path or an intrinsic call under the key with ".$" appended.
func setField(parameters map[string]any, key string, v expr.JSONPathValue) {
	if v.IsLiteral() {
		parameters[key] = v.Literal
		return
	}

	parameters[key+".$"] = v.Text
}

// resolve maps a root variable of an expression to its reference path.
func resolve(name string) string {
	if name == "input" {
		return inputPath
	}

	return varsPath + "." + name
}

func itoa(n int) string { return strconv.Itoa(n) }
