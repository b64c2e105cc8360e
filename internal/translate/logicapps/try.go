package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
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
// container. The portability table's warning describes the difference.
// Errors raised by fail steps and loop limits keep their name, because
// they travel in errorVariable.
func (t *translator) VisitTry(s *workflow.Step, tr *workflow.Try) error {
	retrying := tr.Retry != nil && tr.Retry.MaxRetries > 0

	if !t.checkTry(s, tr, retrying) {
		return nil
	}

	hasFinally := len(tr.Finally) > 0
	outer := t.frame
	inner := frame{loop: outer.loop || retrying, try: true, finally: outer.finally || hasFinally, foreach: outer.foreach}

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

	handlerName := actionName(s.Name, suffixCatch)

	if retrying {
		failure := t.retryLoop(s, tr, inner, snapshots)

		// The loop ends when the steps succeeded or the retries ran out,
		// and the handler runs when a failure is left over.
		handler := newBlock(t.block.depth + 1)
		t.tryHandler(handler, s, tr, snapshots, rethrow, returnThrown, recordedSource(variableText(failure)))

		t.addAction(t.block, s, handlerName, map[string]any{
			"type":       "If",
			"expression": "@not(equals(" + variableText(failure) + "?['status'], null))",
			"actions":    handler.actions,
		})
	} else {
		body := newBlock(t.block.depth + 1)
		t.withFrame(inner, func() { t.steps(body, tr.Steps) })
		t.addAction(t.block, s, s.Name, map[string]any{"type": "Scope", "actions": body.actions})

		handler := newBlock(t.block.depth + 1)
		t.tryHandler(handler, s, tr, snapshots, rethrow, returnThrown, errorSource{})

		t.addAfter(t.block, s, handlerName, map[string]any{s.Name: []any{"Failed", "TimedOut"}},
			map[string]any{"type": "Scope", "actions": handler.actions})

		// The next action runs after the steps succeeded or the handler
		// did. When the try itself was Skipped, so are the handler and the
		// next action.
		t.block.after = map[string]any{
			s.Name:      []any{"Succeeded", "Failed", "TimedOut"},
			handlerName: []any{"Succeeded", "Skipped"},
		}
	}

	if hasFinally {
		t.finally(s, tr, rethrow, returnThrown)
	}

	return nil
}

// checkTry reports the portability table's diagnostics of a try and the
// bound of a retried try, and returns whether the try can be rendered.
// A try's retry runs in an Until loop (see retryLoop), so the limits of
// Logic Apps retry policies, which apply to calls, do not apply to it.
func (t *translator) checkTry(s *workflow.Step, tr *workflow.Try, retrying bool) bool {
	skip := []portability.Construct{
		portability.RetryExponential, portability.RetryBackoffRate, portability.RetryJitter, portability.RetryErrors,
	}

	// Without error filters, which errors result() shows does not matter.
	if !filtersErrors(tr) {
		skip = append(skip, portability.Try)
	}

	if t.diagnose(s, portability.StepFeatures(s), skip...) {
		return false
	}

	if retrying && tr.Retry.MaxRetries+1 > wdlcheck.MaxUntilCount {
		t.errorf(tr.Retry.Path.Key("max_retries"), s.Name, summaryLimit,
			"A retried try runs its attempts in a Logic Apps Until loop, which runs at most %d iterations, so max_retries can be at most %d, got %d. Lower max_retries.",
			wdlcheck.MaxUntilCount, wdlcheck.MaxUntilCount-1, tr.Retry.MaxRetries)

		return false
	}

	if retrying {
		if _, complete := retrySchedule(tr.Retry); !complete {
			t.errorf(tr.Retry.Path.Key("backoff_rate"), s.Name, summaryLimit,
				"The retry intervals keep growing for more than %d retries, but a retried try on Logic Apps writes its intervals into one expression of at most %d characters. Set max_interval, a larger backoff_rate or fewer max_retries.",
				maxRetrySchedule, wdlcheck.MaxExpressionLength)

			return false
		}
	}

	return true
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
//
// src reads the failure. When it is empty, a Query over the Scope's
// results finds the failed actions first.
func (t *translator) tryHandler(b *block, s *workflow.Step, tr *workflow.Try, snapshots map[string]string, rethrow string, returnThrown bool, src errorSource) {
	failure := b
	if returnThrown {
		failure = newBlock(b.depth + 1)
	}

	if src == (errorSource{}) {
		query := actionName(s.Name, suffixFailures)
		t.addAction(failure, s, query, failuresQuery(s.Name))
		src = recordedSource("first(body(" + quote(query) + "))")
	}

	for _, v := range tr.Assigned {
		if old, ok := snapshots[v.Name]; ok {
			t.addAction(failure, s, actionName(s.Name, suffixRestore+v.Name), setVariable(v.Name, "@outputs("+quote(old)+")"))
		}
	}

	t.tryCatchChain(failure, s, tr, src, rethrow, 0)

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

// failuresQuery lists the failed and timed-out top-level actions of a
// Scope.
func failuresQuery(scope string) map[string]any {
	return map[string]any{
		"type": "Query",
		"inputs": map[string]any{
			"from":  "@result(" + quote(scope) + ")",
			"where": "@or(equals(item()?['status'], 'Failed'), equals(item()?['status'], 'TimedOut'))",
		},
	}
}

// recordedSource reads a failed top-level action of a try's Scope, one item
// of result(), from the expression first. A code stored by a raise comes
// first, because the action that carried it failed with a code of its own.
func recordedSource(first string) errorSource {
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
