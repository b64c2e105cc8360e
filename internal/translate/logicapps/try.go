package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Suffixes of the actions of a try step.
const (
	suffixFailures = "failures" // Query of the failed actions of the steps' Scope
	suffixRestore  = "restore_" // SetVariable that undoes an assignment of the steps
	suffixFinally  = "finally"  // Scope of the finally steps
	suffixRethrow  = "rethrow"  // flag of an error that no catch matched
	suffixEnd      = "end"      // If after finally that re-raises or returns
)

// VisitTry runs the steps in a Scope named after the step. A handler Scope
// (<step>__catch) runs when the Scope failed or timed out: it undoes the
// steps' assignments, finds the failed actions with a Query over
// result('<step>') and tests the catches in order with If actions, as a
// call's catches do. An error that no catch matches is raised again. The
// finally steps run in a Scope after the steps succeeded or the handler
// finished, and an If after them re-raises the unmatched error or
// completes a return from inside the steps.
//
// result() lists only the Scope's top-level actions, so an error of an
// action nested deeper (in a switch case, say) shows only as a failed
// container; the portability table's warning says what that changes.
// Errors raised by fail steps and loop limits keep their name, because
// they travel in errorVariable.
func (t *translator) VisitTry(s *workflow.Step, tr *workflow.Try) error {
	skip := []portability.Construct{portability.RetryExponential, portability.RetryBackoffRate}

	// Without error filters, which errors result() shows does not matter.
	if !filtersErrors(tr) {
		skip = append(skip, portability.Try)
	}

	if t.diagnose(s, portability.StepFeatures(s), skip...) {
		return nil
	}

	hasFinally := len(tr.Finally) > 0
	outer := t.frame
	inner := frame{loop: outer.loop, try: true, finally: outer.finally || hasFinally, foreach: outer.foreach}

	// A return in the steps ends the run from inside the Scope, unless it
	// must first leave a loop or run the finally steps.
	returnThrown := containsReturn(tr.Steps) && (inner.loop || inner.finally) || returnsFromLoop(tr.Steps)

	t.declareHidden(errorVariable, "object")
	snapshots := t.snapshot(s, tr)

	rethrow := ""
	if hasFinally {
		rethrow = actionName(s.Name, suffixRethrow)
		t.declareHidden(rethrow, "boolean")
		t.addAction(t.block, s, actionName(s.Name, suffixReset), setVariable(rethrow, false))
	}

	body := newBlock(t.block.depth + 1)
	t.withFrame(inner, func() { t.steps(body, tr.Steps) })
	t.addAction(t.block, s, s.Name, map[string]any{"type": "Scope", "actions": body.actions})

	handler := newBlock(t.block.depth + 1)
	t.tryHandler(handler, s, tr, snapshots, rethrow, returnThrown)

	handlerName := actionName(s.Name, suffixCatch)
	t.addAfter(t.block, s, handlerName, map[string]any{s.Name: []any{"Failed", "TimedOut"}},
		map[string]any{"type": "Scope", "actions": handler.actions})

	// The next action runs after the steps succeeded or the handler did.
	// When the try itself was Skipped, so are the handler and the next
	// action.
	t.block.after = map[string]any{
		s.Name:      []any{"Succeeded", "Failed", "TimedOut"},
		handlerName: []any{"Succeeded", "Skipped"},
	}

	if hasFinally {
		t.finally(s, tr, rethrow, returnThrown)
	}

	return nil
}

// filtersErrors reports whether a catch of the try matches only some
// errors.
func filtersErrors(tr *workflow.Try) bool {
	for _, k := range tr.Catch {
		if !matchesAny(k) {
			return true
		}
	}

	return false
}

// snapshot keeps, in a Compose each, the values before the try of the
// variables that the steps assign and that were set before. The handler
// restores them, because a failed try undoes its steps' assignments.
func (t *translator) snapshot(s *workflow.Step, tr *workflow.Try) map[string]string {
	out := map[string]string{}

	for _, v := range tr.Assigned {
		if !v.SetBefore {
			continue
		}

		name := actionName(s.Name, prefixOld+v.Name)
		t.addAction(t.block, s, name, map[string]any{"type": "Compose", "inputs": "@" + variableText(v.Name)})
		out[v.Name] = name
	}

	return out
}

// tryHandler fills the handler Scope. A return travelling out of the steps
// is completed or passed on first. Any other failure restores the
// variables and goes to the catches.
func (t *translator) tryHandler(b *block, s *workflow.Step, tr *workflow.Try, snapshots map[string]string, rethrow string, returnThrown bool) {
	failure := b
	if returnThrown {
		failure = newBlock(b.depth + 1)
	}

	query := actionName(s.Name, suffixFailures)
	t.addAction(failure, s, query, map[string]any{
		"type": "Query",
		"inputs": map[string]any{
			"from":  "@result(" + quote(s.Name) + ")",
			"where": "@or(equals(item()?['status'], 'Failed'), equals(item()?['status'], 'TimedOut'))",
		},
	})

	for _, v := range tr.Assigned {
		if old, ok := snapshots[v.Name]; ok {
			t.addAction(failure, s, actionName(s.Name, suffixRestore+v.Name), setVariable(v.Name, "@outputs("+quote(old)+")"))
		}
	}

	t.tryCatchChain(failure, s, tr, trySource(query), rethrow, 0)

	if !returnThrown {
		return
	}

	then := newBlock(b.depth + 1)
	if rethrow == "" {
		t.completeReturn(then, s, actionName(s.Name, suffixReturn))
	}

	action := map[string]any{
		"type":       "If",
		"expression": returningCondition(),
		"actions":    then.actions,
		"else":       map[string]any{"actions": failure.actions},
	}

	t.addAction(b, s, actionName(s.Name, suffixReturn+"ing"), action)
}

// trySource reads the first failed top-level action of a try's Scope, as
// the Query named query lists them. A code stored by a raise comes first,
// because the action that carried it failed with a code of its own.
func trySource(query string) errorSource {
	first := "first(body(" + quote(query) + "))"
	stored := variableText(errorVariable)

	return errorSource{
		status:     first + "?['status']",
		code:       "coalesce(" + stored + "?['code'], " + first + "?['error']?['code'], " + first + "?['code'])",
		message:    "coalesce(" + stored + "?['message'], " + first + "?['error']?['message'])",
		statusCode: first + "?['outputs']?['statusCode']",
	}
}

// tryCatchChain adds the test of catch index and of the catches after it,
// and at the end the path of an error that no catch matches.
func (t *translator) tryCatchChain(b *block, s *workflow.Step, tr *workflow.Try, src errorSource, rethrow string, index int) {
	if index == len(tr.Catch) {
		t.unmatched(b, s, src, rethrow)
		return
	}

	k := tr.Catch[index]
	name := catchName(s.Name, index)

	if matchesAny(k) {
		t.tryCatchSteps(b, s, k, name, src)
		return
	}

	then := newBlock(b.depth + 1)
	t.tryCatchSteps(then, s, k, name, src)

	otherwise := newBlock(b.depth + 1)
	t.tryCatchChain(otherwise, s, tr, src, rethrow, index+1)

	t.addAction(b, s, name, map[string]any{
		"type":       "If",
		"expression": "@" + matchExpression(src, k.Errors),
		"actions":    then.actions,
		"else":       map[string]any{"actions": otherwise.actions},
	})
}

// tryCatchSteps binds the catch's `as` variable, clears the stored error,
// which the catch has handled, and adds the catch's steps.
func (t *translator) tryCatchSteps(b *block, s *workflow.Step, k *workflow.Catch, name string, src errorSource) {
	if k.As != "" {
		t.addAction(b, s, actionName(name, suffixError), setVariable(k.As, errorObject(src, k.Errors)))
	}

	t.addAction(b, s, actionName(name, suffixReset), setVariable(errorVariable, map[string]any{}))

	// The catch's steps run at the try's own level, so their errors are
	// not caught by this try.
	t.steps(b, k.Steps)
}

// unmatched handles an error that no catch matches. With finally, the error
// is stored and the rethrow flag set, and the If after finally raises it.
// Without, it is raised here.
func (t *translator) unmatched(b *block, s *workflow.Step, src errorSource, rethrow string) {
	name := actionName(s.Name, suffixUnhandled)

	if rethrow == "" && !t.frame.loop && !t.frame.try {
		t.addAction(b, s, name, terminateFailed(unhandledError(src)))
		return
	}

	// A SetVariable cannot read the variable it sets, and the code may come
	// from errorVariable, so a Compose computes the error first.
	t.addAction(b, s, name, map[string]any{"type": "Compose", "inputs": unhandledError(src)})
	t.addAction(b, s, actionName(s.Name, suffixRaise), setVariable(errorVariable, "@outputs("+quote(name)+")"))

	if rethrow != "" {
		t.addAction(b, s, actionName(s.Name, suffixRethrow), setVariable(rethrow, true))
		return
	}

	t.addAction(b, s, actionName(s.Name, suffixThrow), throwAction("raise"))
}

// finally adds the finally Scope after the steps or the handler, and the If
// after it that raises an unmatched error again or completes a return.
func (t *translator) finally(s *workflow.Step, tr *workflow.Try, rethrow string, returnThrown bool) {
	steps := newBlock(t.block.depth + 1)
	t.steps(steps, tr.Finally)
	t.addAction(t.block, s, actionName(s.Name, suffixFinally), map[string]any{"type": "Scope", "actions": steps.actions})

	raise := newBlock(t.block.depth + 1)
	t.reraise(raise, s, actionName(s.Name, suffixUnhandled+"_"+suffixRaise))

	end := map[string]any{
		"type":       "If",
		"expression": "@equals(" + variableText(rethrow) + ", true)",
		"actions":    raise.actions,
	}

	if returnThrown {
		then := newBlock(t.block.depth + 1)
		t.completeReturn(then, s, actionName(s.Name, suffixReturn))

		otherwise := newBlock(t.block.depth + 1)
		t.addAction(otherwise, s, actionName(s.Name, suffixRethrow+"_check"), end)

		end = map[string]any{
			"type":       "If",
			"expression": returningCondition(),
			"actions":    then.actions,
			"else":       map[string]any{"actions": otherwise.actions},
		}
	}

	t.addAction(t.block, s, actionName(s.Name, suffixEnd), end)
}
