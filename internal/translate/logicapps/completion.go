package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Variables that the translator declares for its own lowerings. Their names
// contain "__", which generated names of steps also contain, so claimName
// reports a user variable that happens to have the same name.
const (
	// errorVariable holds the error {code, message} of a fail step, a loop
	// limit or a re-raised error while it travels to a try's handler or to
	// the top level, because a failed action cannot carry a custom code.
	errorVariable = "workflow__error"

	// returningVariable is true while a return travels out of a loop or
	// through a try's finally, and outputVariable holds its value as
	// {"value": ...}, so that the variable's type is fixed.
	returningVariable = "workflow__returning"
	outputVariable    = "workflow__output"
)

// Suffixes of the actions that move errors and returns between levels.
const (
	suffixThrow   = "throw"   // Compose that fails on purpose
	suffixFailed  = "failed"  // handler after a loop that failed
	suffixRaise   = "raise"   // SetVariable of the error that a throw carries
	suffixReturn  = "return"  // Response that completes a return in flight
	suffixStop    = "stop"    // SetVariable that stops a loop after a failed iteration
	suffixReset   = "reset"   // SetVariable that clears a flag before a loop or try
	suffixBody    = "body"    // Scope or If around the steps of a loop iteration
	suffixLoop    = "loop"    // Until of a while loop, inside its guard
	suffixLimit   = "limit"   // If that raises LoopLimitExceeded
	suffixItems   = "items"   // Compose of a for_each's items
	suffixOutput  = "output"  // AppendToArrayVariable of an iteration's output
	suffixOutputs = "outputs" // array variable of a for_each's outputs
	suffixCollect = "collect" // Select of a for_each's outputs in item order
)

// frame describes where the block being filled sits, which decides how a
// fail or return step can leave it.
type frame struct {
	// loop is set inside a Foreach or Until, where Logic Apps allows no
	// Response or Terminate action.
	loop bool

	// try is set inside the steps of a try, whose handler must be able to
	// catch a raised error, so the error cannot end the run.
	try bool

	// finally is set inside the steps of a try with finally, which must run
	// after a return there.
	finally bool

	// foreach counts the enclosing Foreach actions.
	foreach int
}

// hiddenVariable is a variable that the translator declares for a lowering.
type hiddenVariable struct {
	name string
	typ  string
}

// declareHidden adds a variable for a lowering to the top-level
// InitializeVariable actions, once.
func (t *translator) declareHidden(name, typ string) {
	for _, v := range t.hidden {
		if v.name == name {
			return
		}
	}

	t.hidden = append(t.hidden, hiddenVariable{name: name, typ: typ})
}

// throwAction returns a Compose action that fails when it runs. Logic Apps
// has no action that raises a catchable error, so the action converts a
// text that is not a number at run time instead. The action fails, and with
// it the Scope, loop iteration or run that contains it.
// NOTE: that an expression error at run time fails the action (code
// InvalidTemplate) rather than the whole run is how Logic Apps reports
// such errors in run history, but no reference page states it as a rule.
func throwAction(reason string) map[string]any {
	return map[string]any{
		"type":   "Compose",
		"inputs": "@int(" + quote(reason) + ")",
	}
}

// raise adds the actions of an error with the given {code, message} object.
// Where a Terminate may end the run and no try can catch the error, it is
// a Terminate. Elsewhere the error is stored in errorVariable and a throw
// action fails the enclosing action, so that a try's handler or the
// handler after the outermost loop can read it.
func (t *translator) raise(b *block, s *workflow.Step, name string, runError map[string]any) {
	if !t.frame.loop && !t.frame.try {
		t.addAction(b, s, name, terminateFailed(runError))
		return
	}

	t.declareHidden(errorVariable, "object")
	t.addAction(b, s, name, setVariable(errorVariable, runError))
	t.addAction(b, s, actionName(name, suffixThrow), throwAction("raise"))
}

// reraise passes on an error already stored in errorVariable: a Terminate
// with its code where the run may end, a throw elsewhere.
func (t *translator) reraise(b *block, s *workflow.Step, name string) {
	if !t.frame.loop && !t.frame.try {
		t.declareHidden(errorVariable, "object")
		t.addAction(b, s, name, terminateFailed(storedError()))

		return
	}

	t.addAction(b, s, name, throwAction("raise"))
}

// storedError is the runError of the error in errorVariable, or of an
// error that did not pass through it.
func storedError() map[string]any {
	return map[string]any{
		"code":    "@coalesce(" + variableText(errorVariable) + "?['code'], 'ActionFailed')",
		"message": "@coalesce(" + variableText(errorVariable) + "?['message'], '')",
	}
}

func terminateFailed(runError map[string]any) map[string]any {
	return map[string]any{
		"type":   "Terminate",
		"inputs": map[string]any{"runStatus": "Failed", "runError": runError},
	}
}

// completeReturn ends the run with the return value in outputVariable where
// Response and Terminate are allowed and no finally waits, and passes the
// return on with a throw elsewhere.
func (t *translator) completeReturn(b *block, s *workflow.Step, name string) {
	if t.frame.loop || t.frame.finally {
		t.addAction(b, s, name, throwAction("return"))
		return
	}

	t.addAction(b, s, name, map[string]any{
		"type":   "Response",
		"kind":   "Http",
		"inputs": map[string]any{"statusCode": 200, "body": "@" + variableText(outputVariable) + "?['value']"},
	})

	t.addAction(b, s, actionName(name, suffixTerminate), map[string]any{
		"type":   "Terminate",
		"inputs": map[string]any{"runStatus": "Succeeded"},
	})
}

// returningCondition holds while a return travels out of a loop or try.
func returningCondition() string {
	return "@equals(" + variableText(returningVariable) + ", true)"
}

// withFrame runs fn with the frame f and restores the previous one.
func (t *translator) withFrame(f frame, fn func()) {
	outer := t.frame
	t.frame = f

	fn()

	t.frame = outer
}

// addAfter adds an action that runs after others than the previous action
// of b, and leaves the runAfter of the next action unchanged.
func (t *translator) addAfter(b *block, s *workflow.Step, name string, after map[string]any, action map[string]any) {
	next := b.after
	b.after = after

	t.addAction(b, s, name, action)

	b.after = next
}

// containsReturn reports whether a return step is among steps or nested in
// them.
func containsReturn(steps []*workflow.Step) bool {
	found := false

	workflow.WalkSteps(steps, func(s *workflow.Step) {
		if _, ok := s.Kind.(*workflow.Return); ok {
			found = true
		}
	})

	return found
}

// returnsFromLoop reports whether a return step is nested in a loop among
// steps, so that it leaves the loop with a throw.
func returnsFromLoop(steps []*workflow.Step) bool {
	found := false

	workflow.WalkSteps(steps, func(s *workflow.Step) {
		if l, ok := s.Kind.(*workflow.Loop); ok && containsReturn(l.Steps) {
			found = true
		}
	})

	return found
}
