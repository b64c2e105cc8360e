package asljsonpath

import (
	"maps"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

const (
	// returnPath holds {"value": ...} after a return inside a try's steps,
	// and raisePath the error output of an error that no catch of a try
	// matched, until its finally steps have run. Variable names never start
	// with "__", so these fields cannot collide with a variable.
	returnPath = varsPath + ".__return"
	raisePath  = varsPath + ".__raise"

	// maxHistoryEvents is the execution history quota of a Standard
	// workflow: 25,000 events.
	maxHistoryEvents = 25000

	// loopLimitCause is the Cause of the LoopLimitExceeded error.
	loopLimitCause = "The loop ran max_iterations times and its condition still asked for another iteration."
)

// branch translates steps as the states of a Parallel branch or a Map item
// processor. The states after the last step output the value of output
// through end, a state named endName.
func (t *translator) branch(steps []*workflow.Step, endName string, end map[string]any) map[string]any {
	outer := t.states
	t.states = map[string]any{}

	first := t.sequence(steps, endName)
	if t.linked[endName] {
		t.addState(endName, nil, end)
	}

	states := t.states
	t.states = outer

	return map[string]any{"StartAt": first, "States": states}
}

// outputState builds a branch's value and ends the branch with it.
func (b *stepStates) outputState(output *workflow.Value) map[string]any {
	parameters := map[string]any{}
	b.field(parameters, "value", output)

	return returnState(parameters)
}

// VisitParallel emits a Parallel state. Every branch receives the state
// data, so it reads the enclosing variables, and its assignments stay in
// its own copy. A branch ends with a Pass state that outputs the branch's
// value, and the Parallel state stores the list of values in the result
// variable. A failing branch fails the Parallel state, which cancels the
// others (fail fast).
func (t *translator) VisitParallel(s *workflow.Step, p *workflow.Parallel) error {
	next := t.next
	b := t.begin(s)
	tryDepth := t.tryDepth
	t.tryDepth = 0

	branches := make([]any, 0, len(p.Branches))

	for _, br := range p.Branches {
		end := (&stepStates{t: t, step: &workflow.Step{Name: br.Name + "__output", Path: br.Path}}).outputState(br.Output)
		branches = append(branches, t.branch(br.Steps, br.Name+"__output", end))
	}

	t.tryDepth = tryDepth

	b.finish(map[string]any{
		"Type":       "Parallel",
		"Branches":   branches,
		"ResultPath": resultPath(p.Result),
		"Next":       t.link(next),
	})

	return nil
}

// resultPath is the ResultPath that stores a step's result in a variable,
// or null, which keeps the state data unchanged.
func resultPath(variable string) any {
	if variable == "" {
		return nil
	}

	return varsPath + "." + variable
}

// VisitForEach emits a Map state over the items. ItemSelector gives each
// iteration the state data with the item and its index under "loop", and
// the first state of the item processor merges them into the variables.
func (t *translator) VisitForEach(s *workflow.Step, f *workflow.ForEach) error {
	next := t.next
	b := t.begin(s)

	items, ok := b.path(f.Items, f.Path.Key("items"))
	if ok && items.IsLiteral() {
		items = b.storeLiteral(items.Literal)
	}

	loop := map[string]any{f.As + ".$": "$$.Map.Item.Value"}
	if f.Index != "" {
		loop[f.Index+".$"] = "$$.Map.Item.Index"
	}

	tryDepth := t.tryDepth
	t.tryDepth = 0

	enter := s.Name + "__item"
	outputName := s.Name + "__output"
	end := (&stepStates{t: t, step: &workflow.Step{Name: outputName, Path: f.Path}}).outputState(f.Output)
	processor := t.branch(f.Steps, outputName, end)

	t.tryDepth = tryDepth

	processor["States"].(map[string]any)[enter] = map[string]any{
		"Type": "Pass",
		"Parameters": map[string]any{
			"input.$": inputPath,
			"vars.$":  "States.JsonMerge(" + varsPath + ", $.loop, false)",
		},
		"Next": processor["StartAt"],
	}
	processor["StartAt"] = enter
	processor["ProcessorConfig"] = map[string]any{"Mode": "INLINE"}

	b.finish(map[string]any{
		"Type":           "Map",
		"ItemsPath":      items.Text,
		"ItemSelector":   map[string]any{"input.$": inputPath, "vars.$": varsPath, "loop": loop},
		"ItemProcessor":  processor,
		"MaxConcurrency": f.MaxConcurrency,
		"ResultPath":     resultPath(f.Result),
		"Next":           t.link(next),
	})

	return nil
}

// storeLiteral stores a constant with a Pass state and returns its path.
func (b *stepStates) storeLiteral(lit any) expr.JSONPathValue {
	tmp := b.t.tempPath()
	state := map[string]any{
		"Type":       "Pass",
		"Parameters": map[string]any{"value": lit},
		"ResultPath": tmp,
	}

	b.add(b.newName(), state, nextOf(state))

	return expr.JSONPathValue{Text: tmp + ".value"}
}

// VisitLoop emits the loop inline as four parts. A Pass state sets an
// iteration counter, a Choice state checks the condition and the counter,
// a Pass state counts the iteration, and the steps move back to the check
// (while) or to the counter (until). When the counter has reached
// max_iterations and the condition asks for another iteration, a Fail
// state raises LoopLimitExceeded.
func (t *translator) VisitLoop(s *workflow.Step, l *workflow.Loop) error {
	next := t.next
	b := t.begin(s)
	counter := varsPath + ".__loop_" + s.Name
	countName := s.Name + "__count"
	limitName := s.Name + "__limit"

	// A while loop checks first, an until loop runs the steps first.
	initial := map[string]any{"Type": "Pass", "Result": map[string]any{"n": 0}, "ResultPath": counter}
	if l.Until != nil {
		initial["Next"] = countName
		b.add(b.newName(), initial)
	} else {
		b.add(b.newName(), initial, nextOf(initial))
	}

	// The check starts with the states that compute the condition's values,
	// if any, so that every iteration computes them again.
	checkEntry := s.Name + "__" + itoa(b.count+1)

	condition, when, construct := l.While, "while", portability.LoopWhile
	if l.Until != nil {
		condition, when, construct = l.Until, "until", portability.LoopUntil
	}

	t.report(construct, l.Path.Key(when), s.Name)

	rule, ok := b.rule(condition, l.Path.Key(when))
	if !ok {
		return nil
	}

	// The loop stops when the while condition fails or the until condition
	// holds.
	stop := map[string]any{"Not": rule}
	if l.Until != nil {
		stop = maps.Clone(rule)
	}

	stop["Next"] = t.link(next)
	limit := map[string]any{"Variable": counter + ".n", "NumericGreaterThanEquals": l.MaxIterations, "Next": limitName}
	b.add(b.newName(), map[string]any{"Type": "Choice", "Choices": []any{stop, limit}, "Default": countName})

	before := len(t.states)
	body := t.sequence(l.Steps, checkEntry)
	t.checkHistory(s, l, len(t.states)-before+b.count)

	t.addState(countName, s, map[string]any{
		"Type":       "Pass",
		"Parameters": map[string]any{"n.$": "States.MathAdd(" + counter + ".n, 1)"},
		"ResultPath": counter,
		"Next":       body,
	})

	t.addState(limitName, s, map[string]any{
		"Type":  "Fail",
		"Error": workflow.LoopLimitError,
		"Cause": loopLimitCause,
	})

	return nil
}

// checkHistory rejects a loop whose iterations would write more history
// events than a Standard execution may have. Every state entered writes at
// least two events (entered and exited), so states*2 per iteration is a
// lower bound.
func (t *translator) checkHistory(s *workflow.Step, l *workflow.Loop, states int) {
	events := l.MaxIterations * states * 2
	if events <= maxHistoryEvents {
		return
	}

	t.errorf(l.Path.Key("max_iterations"), s.Name, summaryLimit,
		"\"max_iterations\" is %d, and with %d states per iteration the loop writes at least %d history events, more than the %d events a Standard execution may have. Lower max_iterations to %d or less, or move the loop into a child workflow (call.workflow).",
		l.MaxIterations, states, events, maxHistoryEvents, maxHistoryEvents/(states*2))
}

// VisitTry runs the steps in a single-branch Parallel state, because only
// Task, Parallel and Map states have Retry and Catch, and a failed branch
// leaves the state data as it was before the try, which undoes the steps'
// assignments. The branch outputs its final state data, which becomes the
// state data after the try.
//
// Finally runs on every path: after the steps, after a catch's steps, and
// after an error that no catch matches, which a last States.ALL catcher
// stores in $.vars.__raise. A Choice state after the finally steps then
// raises that error again with a Fail state, or ends the execution when the
// steps returned.
func (t *translator) VisitTry(s *workflow.Step, tr *workflow.Try) error {
	next := t.next
	b := t.begin(s)

	afterName := next
	dispatchName := s.Name + "__dispatch"
	needsDispatch := len(tr.Finally) > 0 || containsReturn(tr.Steps)

	if needsDispatch {
		afterName = dispatchName
	}

	afterSteps := afterName
	if len(tr.Finally) > 0 {
		afterSteps = t.sequence(tr.Finally, afterName)
	}

	t.tryDepth++
	endName := s.Name + "__steps_end"
	branch := t.branch(tr.Steps, endName, map[string]any{"Type": "Pass", "End": true})
	t.tryDepth--

	state := map[string]any{
		"Type":       "Parallel",
		"Branches":   []any{branch},
		"OutputPath": "$[0]",
		"Next":       t.link(afterSteps),
	}

	if retriers := t.retriers(s, tr.Retry, blockCall); len(retriers) > 0 {
		state["Retry"] = retriers
	}

	catchers := t.catchers(s, tr.Catch, blockCall, afterSteps)
	if len(tr.Finally) > 0 {
		catchers = append(catchers, map[string]any{
			"ErrorEquals": []string{aslrules.ErrorAll},
			"ResultPath":  raisePath,
			"Next":        afterSteps,
		})
	}

	if len(catchers) > 0 {
		state["Catch"] = catchers
	}

	b.finish(state)

	if needsDispatch {
		t.addDispatch(s, dispatchName, next)
	}

	return nil
}

// addDispatch adds the Choice state that follows a try's finally steps: it
// ends the execution after a return in the steps, raises an error that no
// catch matched, or continues at next.
func (t *translator) addDispatch(s *workflow.Step, name, next string) {
	returned := s.Name + "__returned"
	raise := s.Name + "__raise"
	raiseNoCause := s.Name + "__raise_2"

	if t.tryDepth > 0 {
		// Inside an enclosing try, the return travels on in $.vars.__return.
		t.addState(returned, s, map[string]any{"Type": "Pass", "End": true})
	} else {
		t.addState(returned, s, map[string]any{"Type": "Pass", "OutputPath": returnPath + ".value", "End": true})
	}

	t.addState(raise, s, map[string]any{"Type": "Fail", "ErrorPath": raisePath + ".Error", "CausePath": raisePath + ".Cause"})
	t.addState(raiseNoCause, s, map[string]any{"Type": "Fail", "ErrorPath": raisePath + ".Error"})

	t.addState(name, s, map[string]any{
		"Type": "Choice",
		"Choices": []any{
			map[string]any{"Variable": returnPath, "IsPresent": true, "Next": returned},
			map[string]any{"Variable": raisePath + ".Cause", "IsPresent": true, "Next": raise},
			map[string]any{"Variable": raisePath, "IsPresent": true, "Next": raiseNoCause},
		},
		"Default": t.link(next),
	})
}

// containsReturn reports whether a return step runs in steps itself, not
// in a nested branch or for_each body, where return is not allowed.
func containsReturn(steps []*workflow.Step) bool {
	for _, s := range steps {
		switch k := s.Kind.(type) {
		case *workflow.Return:
			return true
		case *workflow.Switch:
			if containsReturn(k.Default) {
				return true
			}

			for _, c := range k.Cases {
				if containsReturn(c.Steps) {
					return true
				}
			}
		case *workflow.Loop:
			if containsReturn(k.Steps) {
				return true
			}
		case *workflow.Try:
			if containsReturn(k.Steps) || containsReturn(k.Finally) || catchesReturn(k.Catch) {
				return true
			}
		case *workflow.Call:
			if catchesReturn(k.Catch) {
				return true
			}
		}
	}

	return false
}

func catchesReturn(catches []*workflow.Catch) bool {
	for _, c := range catches {
		if containsReturn(c.Steps) {
			return true
		}
	}

	return false
}

// VisitAwaitCallback emits a Task state that invokes the notify function
// through lambda:invoke.waitForTaskToken with the task token, and waits
// until something calls SendTaskSuccess with it, or until TimeoutSeconds
// pass (States.Timeout). The callback's payload is the task's result.
func (t *translator) VisitAwaitCallback(s *workflow.Step, a *workflow.AwaitCallback) error {
	next := t.next

	for _, u := range portability.StepFeatures(s) {
		t.report(u.Construct, u.Path, s.Name)
	}

	if a.Notify == nil || a.Notify.Function == nil {
		return nil
	}

	t.diags = append(t.diags, aslrules.CheckTaskTimeout(a.TimeoutSeconds, a.Path.Key("timeout"), s.Name)...)

	b := t.begin(s)
	b.notify = true
	state := b.functionTask(a.Notify.Function)
	b.notify = false

	state["Resource"] = aslrules.LambdaInvokeResource + ".waitForTaskToken"
	state["TimeoutSeconds"] = a.TimeoutSeconds
	state["ResultPath"] = resultPath(a.Result)
	state["Next"] = t.link(next)
	b.finish(state)

	return nil
}

// report adds the diagnostic that the portability table gives construct c
// on Step Functions, if any.
func (t *translator) report(c portability.Construct, path workflow.Path, step string, detail ...string) {
	if d, ok := portability.Diagnose(portability.AWS, c, path, step, detail...); ok {
		t.diags = append(t.diags, d)
	}
}
