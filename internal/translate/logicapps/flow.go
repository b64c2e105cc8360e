package logicapps

import (
	"maps"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// untilTimeout bounds the run time of an Until action. Logic Apps defaults
// to PT1H, which would end long loops early, so it is the 90-day run
// duration of Consumption workflows instead.
const untilTimeout = "P90D"

// diagnose reports the portability table's warnings and rejections for
// uses, except the constructs in skip, which the caller reports itself. It
// returns whether one of them was rejected.
func (t *translator) diagnose(s *workflow.Step, uses []portability.Use, skip ...portability.Construct) bool {
	rejected := false

	for _, u := range uses {
		if containsConstruct(skip, u.Construct) {
			continue
		}

		d, ok := portability.Diagnose(portability.Azure, u.Construct, u.Path, s.Name)
		if !ok {
			continue
		}

		t.diags = append(t.diags, d)
		rejected = rejected || d.Severity == workflow.SeverityError
	}

	return rejected
}

func containsConstruct(list []portability.Construct, c portability.Construct) bool {
	for _, item := range list {
		if item == c {
			return true
		}
	}

	return false
}

// VisitParallel runs each branch in a Scope named after the branch. All
// Scopes run after the same predecessor, so Logic Apps starts them at the
// same time, and the next action runs after all of them. The result is
// set from the branch outputs, which read the branch's own variables: no
// other branch assigns them, so they keep their values after the branches.
//
// A failed branch does not cancel the others: Logic Apps lets them finish
// and the next action is then Skipped, which the portability table's
// warning names.
func (t *translator) VisitParallel(s *workflow.Step, p *workflow.Parallel) error {
	t.diagnose(s, portability.StepFeatures(s))

	start := t.block.after
	join := map[string]any{}

	for _, br := range p.Branches {
		body := newBlock(t.block.depth + 1)
		t.steps(body, br.Steps)

		t.block.after = start
		t.addAction(t.block, s, br.Name, map[string]any{"type": "Scope", "actions": body.actions})
		join[br.Name] = succeeded()
	}

	t.block.after = join

	if p.Result == "" {
		return nil
	}

	r := t.renderer(s)
	outputs := make([]any, 0, len(p.Branches))
	readsResult := false

	for _, br := range p.Branches {
		value, ok := r.render(br.Output)
		if !ok {
			return nil
		}

		outputs = append(outputs, value)
		readsResult = readsResult || readsVariable(br.Output, p.Result)
	}

	t.setFromList(s, p.Result, outputs, readsResult)

	return nil
}

// setFromList sets variable name to a list value. Logic Apps rejects a
// SetVariable that reads the variable it sets, so when the list reads it, a
// Compose builds the list first.
func (t *translator) setFromList(s *workflow.Step, name string, list []any, readsItself bool) {
	if !readsItself {
		t.addAction(t.block, s, s.Name, setVariable(name, list))
		return
	}

	t.addAction(t.block, s, s.Name, map[string]any{"type": "Compose", "inputs": list})
	t.addAction(t.block, s, actionName(s.Name, suffixResult), setVariable(name, "@outputs("+quote(s.Name)+")"))
}

func readsVariable(v *workflow.Value, name string) bool {
	if v == nil {
		return false
	}

	for _, read := range readVariables(v) {
		if read == name {
			return true
		}
	}

	return false
}

// VisitForEach runs the steps in a Foreach over the positions of the items,
// so that the body reads the index as items('<step>') and the item as the
// element at that position of a Compose of the items, without variables
// that concurrent iterations would share.
//
// The first failed iteration sets the stop flag, and the iterations that
// start after it skip their steps, which is as close to fail fast as a
// Foreach gets: iterations already running finish. Each iteration appends
// {index, value} to an array variable, and after the loop a Select sorted
// by index gives the outputs in the order of the items.
func (t *translator) VisitForEach(s *workflow.Step, f *workflow.ForEach) error {
	t.diagnose(s, portability.StepFeatures(s))

	if f.MaxConcurrency > wdlcheck.MaxForeachConcurrency {
		t.errorf(f.Path.Key("max_concurrency"), s.Name, summaryLimit,
			"Logic Apps runs at most %d Foreach iterations at the same time (concurrency 1 to %d), got max_concurrency %d. Set max_concurrency to %d or less.",
			wdlcheck.MaxForeachConcurrency, wdlcheck.MaxForeachConcurrency, f.MaxConcurrency, wdlcheck.MaxForeachConcurrency)

		return nil
	}

	items, ok := t.renderer(s).condition(f.Items, f.Path.Key("items"))
	if !ok {
		return nil
	}

	itemsAction := actionName(s.Name, suffixItems)
	t.addAction(t.block, s, itemsAction, map[string]any{"type": "Compose", "inputs": items})

	stop := t.resetFlag(s)

	outputs := ""
	if f.Result != "" {
		outputs = actionName(s.Name, suffixOutputs)
		t.declareHidden(outputs, "array")
		t.addAction(t.block, s, actionName(s.Name, suffixReset+"_"+suffixOutputs), setVariable(outputs, []any{}))
	}

	list := "outputs(" + quote(itemsAction) + ")"
	index := "items(" + quote(s.Name) + ")"

	inner := newBlock(t.block.depth + 1)
	body := newBlock(inner.depth + 1)

	// The body's bindings, its calls' results included, end with the body.
	saved := maps.Clone(t.bindings)
	t.bind(map[string]string{f.As: list + "[" + index + "]", f.Index: index})

	t.withFrame(frame{loop: true, try: t.frame.try, foreach: t.frame.foreach + 1}, func() {
		t.steps(body, f.Steps)

		if outputs != "" {
			// NOTE: Logic Apps warns that concurrent iterations updating a
			// variable can give unpredictable results. Each iteration only
			// appends here, and that no append is lost is assumed, not
			// verified on the service.
			value, _ := t.renderer(s).render(f.Output)
			t.addAction(body, s, actionName(s.Name, suffixOutput), map[string]any{
				"type":   "AppendToArrayVariable",
				"inputs": map[string]any{"name": outputs, "value": map[string]any{"index": "@" + index, "value": value}},
			})
		}
	})

	t.bindings = saved

	t.addAction(inner, s, actionName(s.Name, suffixBody), map[string]any{
		"type":       "If",
		"expression": "@not(equals(" + variableText(stop) + ", true))",
		"actions":    body.actions,
	})
	t.stopOnFailure(inner, s, stop)

	action := map[string]any{
		"type":    "Foreach",
		"foreach": "@take(range(0, max(length(" + list + "), 1)), length(" + list + "))",
		"actions": inner.actions,
	}
	t.setConcurrency(s, f, action)

	t.addAction(t.block, s, s.Name, action)
	t.loopFailed(s, false)

	if outputs != "" {
		collect := actionName(s.Name, suffixCollect)

		// NOTE: the functions reference documents sort() with a key, but not
		// whether integer keys sort as numbers, which the index needs. A
		// Select whose select is one expression is the designer's text mode.
		t.addAction(t.block, s, collect, map[string]any{
			"type": "Select",
			"inputs": map[string]any{
				"from":   "@sort(" + variableText(outputs) + ", 'index')",
				"select": "@item()?['value']",
			},
		})
		t.addAction(t.block, s, actionName(s.Name, suffixResult), setVariable(f.Result, "@body("+quote(collect)+")"))
	}

	return nil
}

// setConcurrency sets how many iterations of a Foreach run at the same time.
// Workflow variables are global in Logic Apps, so a body that assigns any
// (or whose loops and try steps need flags) runs its iterations one after
// another, with a warning.
func (t *translator) setConcurrency(s *workflow.Step, f *workflow.ForEach, action map[string]any) {
	n := f.MaxConcurrency

	if n > 1 && !t.concurrentBody(f) {
		t.warnf(f.Path.Key("max_concurrency"), s.Name,
			"Logic Apps variables are global, so concurrent iterations would overwrite each other's variables. The steps assign variables (or contain loops and try steps, which use flag variables), so the iterations run one after another instead of %d at a time. To run them concurrently, keep the steps free of variables: read the item and pass results through output.",
			n)

		n = 1
	}

	if n > 1 && t.frame.foreach > 0 {
		// NOTE: not verified on the service that a nested Foreach ignores
		// its concurrency. The definition keeps the requested value.
		t.warnf(f.Path.Key("max_concurrency"), s.Name,
			"Logic Apps runs a Foreach nested in another Foreach one iteration at a time, so max_concurrency %d has no effect here. Move the concurrency to the outer for_each.", n)
	}

	if n == 1 {
		action["operationOptions"] = "Sequential"
		return
	}

	action["runtimeConfiguration"] = map[string]any{"concurrency": map[string]any{"repetitions": n}}
}

// concurrentBody reports whether the iterations of a for_each can run at
// the same time: its steps set no variable, their own or one of the
// translator's flags, except results of calls that are read through the
// calls' outputs (see findBoundResults).
func (t *translator) concurrentBody(f *workflow.ForEach) bool {
	found := false

	workflow.WalkSteps(f.Steps, func(s *workflow.Step) {
		switch k := s.Kind.(type) {
		case *workflow.Assign, *workflow.Loop, *workflow.Try, *workflow.ForEach:
			found = true
		case *workflow.Call:
			found = found || (k.Result != "" && !t.boundResults[s])

			for _, c := range k.Catch {
				found = found || c.As != ""
			}
		case *workflow.Parallel:
			found = found || k.Result != ""
		case *workflow.AwaitCallback:
			found = found || k.Result != ""
		}
	})

	return !found
}

// findBoundResults finds the calls directly in the body of a for_each with
// max_concurrency above 1 whose result can be read through the call's
// outputs. That holds when the call runs once per iteration and has no
// catch that could continue without a result. Their result variables are then not
// needed, and concurrent iterations cannot overwrite each other's results.
func findBoundResults(steps []*workflow.Step) (map[*workflow.Step]bool, map[string]bool) {
	calls := map[*workflow.Step]bool{}
	names := map[string]bool{}

	workflow.WalkSteps(steps, func(s *workflow.Step) {
		f, ok := s.Kind.(*workflow.ForEach)
		if !ok || f.MaxConcurrency <= 1 {
			return
		}

		for _, body := range f.Steps {
			if c, ok := body.Kind.(*workflow.Call); ok && c.Result != "" && len(c.Catch) == 0 {
				calls[body] = true
				names[c.Result] = true
			}
		}
	})

	return calls, names
}

// bind makes names readable in expressions as the given text, and returns
// the function that restores the previous bindings. Empty names are
// ignored.
func (t *translator) bind(texts map[string]string) func() {
	saved := map[string]string{}
	unset := []string{}

	for name, text := range texts {
		if name == "" {
			continue
		}

		if old, ok := t.bindings[name]; ok {
			saved[name] = old
		} else {
			unset = append(unset, name)
		}

		t.bindings[name] = text
	}

	return func() {
		for name, old := range saved {
			t.bindings[name] = old
		}

		for _, name := range unset {
			delete(t.bindings, name)
		}
	}
}

// resetFlag declares the stop flag of a loop step and clears it before the
// loop, which may itself run more than once.
func (t *translator) resetFlag(s *workflow.Step) string {
	flag := actionName(s.Name, suffixStop)
	t.declareHidden(flag, "boolean")
	t.addAction(t.block, s, actionName(s.Name, suffixReset), setVariable(flag, false))

	return flag
}

// stopOnFailure adds, after the body of a loop iteration, the actions that
// run when it failed: they set the stop flag and fail the iteration again,
// so that the loop ends Failed.
func (t *translator) stopOnFailure(b *block, s *workflow.Step, flag string) {
	t.addAfter(b, s, actionName(s.Name, suffixStop), map[string]any{actionName(s.Name, suffixBody): []any{"Failed", "TimedOut"}},
		setVariable(flag, true))

	t.addAfter(b, s, actionName(s.Name, suffixThrow), map[string]any{actionName(s.Name, suffixStop): succeeded()},
		throwAction("raise"))
}

// loopFailed adds the handler that runs when a loop step failed and no
// enclosing loop or try passes the failure on. It ends the run with the
// error that travelled out of the loop, or completes a return from inside
// the loop.
func (t *translator) loopFailed(s *workflow.Step, returns bool) {
	if t.frame.loop || t.frame.try {
		return
	}

	t.declareHidden(errorVariable, "object")

	name := actionName(s.Name, suffixFailed)
	after := map[string]any{s.Name: []any{"Failed", "TimedOut"}}

	if !returns {
		t.addAfter(t.block, s, name, after, terminateFailed(storedError()))
		return
	}

	then := newBlock(t.block.depth + 1)
	t.completeReturn(then, s, actionName(s.Name, suffixReturn))

	otherwise := newBlock(t.block.depth + 1)
	t.addAction(otherwise, s, actionName(s.Name, suffixUnhandled), terminateFailed(storedError()))

	t.addAfter(t.block, s, name, after, map[string]any{
		"type":       "If",
		"expression": returningCondition(),
		"actions":    then.actions,
		"else":       map[string]any{"actions": otherwise.actions},
	})
}

// VisitLoop lowers a loop to an Until action, which checks its condition
// after each iteration and stops after limit.count iterations. A while
// loop checks its condition first in an If around the Until. After the
// Until, an If raises LoopLimitExceeded when the condition still requests
// another iteration, which happens only when the count ran out.
//
// The steps run in a Scope. Logic Apps starts the next iteration even when
// one failed, so a failed Scope sets the stop flag, which ends the Until,
// and fails the iteration again, so that the Until ends Failed.
func (t *translator) VisitLoop(s *workflow.Step, l *workflow.Loop) error {
	t.diagnose(s, portability.StepFeatures(s))

	if l.MaxIterations > wdlcheck.MaxUntilCount {
		t.errorf(l.Path.Key("max_iterations"), s.Name, summaryLimit,
			"A Logic Apps Until loop runs at most %d iterations, got max_iterations %d. Set max_iterations to %d or less, or nest two loops.",
			wdlcheck.MaxUntilCount, l.MaxIterations, wdlcheck.MaxUntilCount)

		return nil
	}

	more, done, ok := t.loopConditions(s, l)
	if !ok {
		return nil
	}

	stop := t.resetFlag(s)

	// The Until sits in the guard If of a while loop, one level deeper.
	untilDepth := t.block.depth
	if l.While != nil {
		untilDepth++
	}

	inner := newBlock(untilDepth + 1)
	body := newBlock(inner.depth + 1)

	t.withFrame(frame{loop: true, try: t.frame.try, foreach: t.frame.foreach}, func() {
		t.steps(body, l.Steps)
	})

	t.addAction(inner, s, actionName(s.Name, suffixBody), map[string]any{"type": "Scope", "actions": body.actions})
	t.stopOnFailure(inner, s, stop)

	// NOTE: WDL functions evaluate all their arguments. So after a failed
	// iteration, a condition that cannot be evaluated (a field of a result
	// that was never set, say) fails the Until itself. The step still ends
	// Failed, but with the Until's error code.
	until := map[string]any{
		"type":       "Until",
		"expression": "@or(equals(" + variableText(stop) + ", true), " + done + ")",
		"limit":      map[string]any{"count": l.MaxIterations, "timeout": untilTimeout},
		"actions":    inner.actions,
	}

	if l.While == nil {
		t.addAction(t.block, s, s.Name, until)
		t.loopLimit(t.block, s, l, more)
	} else {
		guard := newBlock(t.block.depth + 1)
		t.addAction(guard, s, actionName(s.Name, suffixLoop), until)
		t.loopLimit(guard, s, l, more)

		t.addAction(t.block, s, s.Name, map[string]any{"type": "If", "expression": "@" + more, "actions": guard.actions})
	}

	t.loopFailed(s, containsReturn(l.Steps))

	return nil
}

// loopConditions returns the WDL conditions, without "@", that hold when
// the loop requests another iteration (more: while, or not until) and when
// it requests none (done: not while, or until).
func (t *translator) loopConditions(s *workflow.Step, l *workflow.Loop) (more, done string, ok bool) {
	r := t.renderer(s)

	if l.While != nil {
		text, ok := r.condition(l.While, l.Path.Key("while"))
		text = strings.TrimPrefix(text, "@")

		return text, "not(" + text + ")", ok
	}

	text, ok := r.condition(l.Until, l.Path.Key("until"))
	text = strings.TrimPrefix(text, "@")

	return "not(" + text + ")", text, ok
}

// loopLimit adds the If after the Until that raises LoopLimitExceeded when
// the condition still requests another iteration.
func (t *translator) loopLimit(b *block, s *workflow.Step, l *workflow.Loop, more string) {
	then := newBlock(b.depth + 1)

	t.raise(then, s, actionName(s.Name, suffixLimit+"_"+suffixRaise), map[string]any{
		"code":    workflow.LoopLimitError,
		"message": "The loop ran max_iterations times and its condition still requests another iteration.",
	})

	t.addAction(b, s, actionName(s.Name, suffixLimit), map[string]any{
		"type":       "If",
		"expression": "@" + more,
		"actions":    then.actions,
	})
}
