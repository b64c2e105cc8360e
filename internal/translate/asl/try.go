package asl

import (
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// tryFrame is a try block whose steps are being translated into the
// branch of its Parallel state.
type tryFrame struct {
	// local maps each variable that the steps assign to its name inside
	// the branch. A branch cannot assign the variables of the enclosing
	// scope, so it works on copies and outputs them at its end.
	local map[string]string

	assigned []workflow.TryVariable

	// returned records that a return step ends the branch.
	returned bool
}

// output returns the JSONata object that ends the branch: the variables to
// copy out, and with returned set the value of a return step. A variable
// that is not set before the try may be unset where a return step is, so
// it is null there, and nothing reads it after the return.
func (f *tryFrame) output(returned bool, value string) string {
	fields := make([]string, 0, len(f.assigned))

	for _, v := range f.assigned {
		switch {
		case v.SetBefore:
			fields = append(fields, jsonLiteral(v.Name)+": $"+f.local[v.Name])
		case v.SetAfter && returned:
			fields = append(fields, jsonLiteral(v.Name)+": null")
		case v.SetAfter:
			fields = append(fields, jsonLiteral(v.Name)+": $"+f.local[v.Name])
		}
	}

	vars := `"vars": {` + strings.Join(fields, ", ") + `}`

	if !f.returned && !returned {
		return "{" + vars + "}"
	}

	if returned {
		return `{"returned": true, "value": ` + value + `, ` + vars + `}`
	}

	return `{"returned": false, "value": null, ` + vars + `}`
}

// VisitTry lowers a try block to a Parallel state with one branch, the
// standard way to catch the errors of several states in ASL. The branch
// starts by copying the variables that the steps assign into branch-local
// names and ends by outputting them, and the Parallel state assigns them
// back. A failed branch outputs nothing, so a catch reads the variables as
// they were before the try, which is the neutral rule.
//
// The block's retry and catches become the Parallel state's Retry and
// Catch. With finally, the success path and every catch continue at the
// finally steps, and an error that no catch matches is caught by a last
// States.ALL catcher that stores it, runs the finally steps, and raises it
// again with a Fail state. A return step inside the branch outputs its
// value, and a Choice state after the block (after finally, if any) ends
// the workflow with it.
func (t *translator) VisitTry(s *workflow.Step, tr *workflow.Try) error {
	next := t.next
	kinds := callKindsOf(tr.Steps)

	frame, copyIn := t.newFrame(s, tr)
	branch := t.tryBranch(s, tr, frame, copyIn)

	var retVar, valVar, errVar string

	if frame.returned {
		retVar = t.newVariable(s.Name + "__returned")
		valVar = t.newVariable(s.Name + "__value")
	}

	if len(tr.Finally) > 0 && !slices.ContainsFunc(tr.Catch, catchesAny) {
		errVar = t.newVariable(s.Name + "__error")
	}

	after := s.Name + "__after"
	afterNeeded := retVar != "" || errVar != ""

	// resume is where the block continues after its steps or a catch.
	resume := next
	if len(tr.Finally) > 0 {
		finallyNext := next
		if afterNeeded {
			finallyNext = after
		}

		resume = t.sequence(tr.Finally, finallyNext)
	}

	success := resume
	if len(tr.Finally) == 0 && retVar != "" {
		success = after
	}

	state := map[string]any{
		"Type":     "Parallel",
		"Branches": []any{branch},
		"Next":     t.link(success),
	}

	if assign := t.copyOut(tr, retVar, valVar, errVar); len(assign) > 0 {
		state["Assign"] = assign
	}

	if retriers := t.retriers(s, tr.Retry, kinds); len(retriers) > 0 {
		state["Retry"] = retriers
	}

	if catchers := t.tryCatchers(s, tr, kinds, resume, retVar, errVar); len(catchers) > 0 {
		state["Catch"] = catchers
	}

	t.addState(s.Name, s, state)
	t.addTryExit(s, after, next, retVar, valVar, errVar)

	return nil
}

func catchesAny(c *workflow.Catch) bool {
	return matchesKind(c, workflow.ErrorAny)
}

// newFrame names the branch-local copies of the variables that the steps
// assign, and returns the assignments that copy in the values set before
// the try. It must run before the frame is pushed, so that the copies read
// the enclosing names.
func (t *translator) newFrame(s *workflow.Step, tr *workflow.Try) (*tryFrame, map[string]any) {
	frame := &tryFrame{local: map[string]string{}, assigned: tr.Assigned}
	copyIn := map[string]any{}

	for _, v := range tr.Assigned {
		local := t.newVariable(v.Name + "__" + s.Name)
		frame.local[v.Name] = local

		if v.SetBefore {
			copyIn[local] = jsonata("$" + t.variable(v.Name))
		}
	}

	return frame, copyIn
}

// tryBranch translates the steps into the Parallel state's branch.
func (t *translator) tryBranch(s *workflow.Step, tr *workflow.Try, frame *tryFrame, copyIn map[string]any) map[string]any {
	done := s.Name + "__done"
	copyState := s.Name + "__copy"

	saved := t.states
	t.states = map[string]any{}
	t.frames = append(t.frames, frame)

	start := t.sequence(tr.Steps, done)

	if t.linked[done] {
		t.addState(done, s, map[string]any{
			"Type":   "Pass",
			"Output": jsonata(frame.output(false, "null")),
			"End":    true,
		})
	}

	if len(copyIn) > 0 {
		t.addState(copyState, s, map[string]any{"Type": "Pass", "Assign": copyIn, "Next": start})
		start = copyState
	}

	t.frames = t.frames[:len(t.frames)-1]
	branch := map[string]any{"StartAt": start, "States": t.states}
	t.states = saved

	return branch
}

// copyOut assigns the branch's variables, its return flag and value, and
// clears the stored error, when the steps succeed.
func (t *translator) copyOut(tr *workflow.Try, retVar, valVar, errVar string) map[string]any {
	assign := map[string]any{}

	for _, v := range tr.Assigned {
		if v.SetBefore || v.SetAfter {
			assign[t.variable(v.Name)] = jsonata("$states.result[0].vars.`" + v.Name + "`")
		}
	}

	if retVar != "" {
		assign[retVar] = jsonata("$states.result[0].returned")
		assign[valVar] = jsonata("$states.result[0].value")
	}

	if errVar != "" {
		assign[errVar] = nil
	}

	return assign
}

// tryCatchers builds the catchers of the block, and with errVar the last
// catcher that stores an error no catch matches.
func (t *translator) tryCatchers(s *workflow.Step, tr *workflow.Try, kinds []callKind, resume, retVar, errVar string) []any {
	extra := map[string]any{}

	if retVar != "" {
		extra[retVar] = false
	}

	if errVar != "" {
		extra[errVar] = nil
	}

	catchers := t.catchers(s, tr.Catch, kinds, resume, extra)

	if errVar == "" {
		return catchers
	}

	rethrow := map[string]any{errVar: jsonata("$states.errorOutput")}
	if retVar != "" {
		rethrow[retVar] = false
	}

	return append(catchers, map[string]any{
		"ErrorEquals": []string{aslrules.ErrorAll},
		"Assign":      rethrow,
		"Next":        t.link(resume),
	})
}

// addTryExit adds the Choice state after the block, which raises a stored
// error again or ends the workflow with a returned value, and the states
// it moves to. Only paths that need it reach it.
func (t *translator) addTryExit(s *workflow.Step, after, next, retVar, valVar, errVar string) {
	if !t.linked[after] {
		return
	}

	raise := s.Name + "__raise"
	ret := s.Name + "__return"

	var choices []any

	if errVar != "" {
		choices = append(choices, map[string]any{"Condition": jsonata("$" + errVar + " != null"), "Next": raise})
		t.addState(raise, s, map[string]any{
			"Type":  "Fail",
			"Error": jsonata("$" + errVar + ".Error"),
			"Cause": jsonata("$exists($" + errVar + `.Cause) ? $` + errVar + `.Cause : ""`),
		})
	}

	if retVar != "" {
		choices = append(choices, map[string]any{"Condition": jsonata("$" + retVar), "Next": ret})
		t.returnState(ret, s, "$"+valVar)
	}

	t.addState(after, s, map[string]any{
		"Type":    "Choice",
		"Choices": choices,
		"Default": t.link(next),
	})
}

// returnState adds a state that ends the workflow with the JSONata value.
// Inside a try block it ends the block's branch instead, which outputs the
// value for the Choice state after the block.
func (t *translator) returnState(name string, s *workflow.Step, value string) {
	if n := len(t.frames); n > 0 {
		frame := t.frames[n-1]
		frame.returned = true

		t.addState(name, s, map[string]any{
			"Type":   "Succeed",
			"Output": jsonata(frame.output(true, value)),
		})

		return
	}

	t.addState(name, s, map[string]any{
		"Type":   "Succeed",
		"Output": jsonata(value),
	})
}

// callKindsOf lists the kinds of the calls in steps, at any depth, which
// decide the error names that a try block's catches and retry match.
func callKindsOf(steps []*workflow.Step) []callKind {
	found := map[callKind]bool{}

	var visit func([]*workflow.Step)
	visit = func(steps []*workflow.Step) {
		for _, s := range steps {
			for _, k := range stepCallKinds(s) {
				found[k] = true
			}

			for _, nested := range s.NestedSteps() {
				visit(nested)
			}
		}
	}

	visit(steps)

	var kinds []callKind

	for _, k := range []callKind{httpCall, functionCall, nativeCall, workflowCall} {
		if found[k] {
			kinds = append(kinds, k)
		}
	}

	return kinds
}

func stepCallKinds(s *workflow.Step) []callKind {
	switch k := s.Kind.(type) {
	case *workflow.Call:
		switch {
		case k.HTTP != nil:
			return []callKind{httpCall}
		case k.Function != nil:
			return []callKind{functionCall}
		case k.Workflow != nil:
			return []callKind{workflowCall}
		}

		return []callKind{nativeCall}
	case *workflow.AwaitCallback:
		return []callKind{functionCall}
	}

	return nil
}
