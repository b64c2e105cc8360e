package asl

import (
	"fmt"
	"strconv"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

const (
	// maxInlineMapConcurrency is how many iterations an Inline Map state
	// runs at the same time at most (AWS Step Functions developer guide,
	// "Map state", inline mode).
	maxInlineMapConcurrency = 40

	// maxHistoryEvents is the execution history quota of a Standard
	// workflow.
	maxHistoryEvents = 25000
)

// VisitParallel emits a Parallel state with one branch per neutral branch.
// Each branch ends with a Pass state whose Output is the branch's output,
// and the state's result, the outputs in branch order, goes to the result
// variable. Step Functions fails the state, and stops the other branches,
// as soon as one branch fails, which is the neutral fail-fast policy.
func (t *translator) VisitParallel(s *workflow.Step, p *workflow.Parallel) error {
	next := t.next
	branches := make([]any, 0, len(p.Branches))

	for _, b := range p.Branches {
		end := s.Name + "__" + b.Name + "__output"
		saved := t.states
		t.states = map[string]any{}

		start := t.sequence(b.Steps, end)
		t.addOutputState(end, s, b.Output)

		branches = append(branches, map[string]any{"StartAt": start, "States": t.states})
		t.states = saved
	}

	state := map[string]any{
		"Type":     "Parallel",
		"Branches": branches,
		"Next":     t.link(next),
	}

	if p.Result != "" {
		state["Assign"] = map[string]any{t.variable(p.Result): jsonata("$states.result")}
	}

	t.addState(s.Name, s, state)

	return nil
}

// addOutputState adds the last state of a branch or iteration, which
// outputs the neutral output value, or null. It is added only when some
// path reaches it, because every path may end in a fail step.
func (t *translator) addOutputState(name string, s *workflow.Step, output *workflow.Value) {
	if !t.linked[name] {
		return
	}

	t.addState(name, s, map[string]any{
		"Type":   "Pass",
		"Output": jsonata(t.jsonataOf(output, s.Name)),
		"End":    true,
	})
}

// VisitForEach emits an Inline Map state. ItemSelector hands every
// iteration its item and index, a first Pass state assigns them to the
// item and index variables, and a last Pass state outputs the iteration's
// output. The Map state's result lists the outputs in item order.
func (t *translator) VisitForEach(s *workflow.Step, f *workflow.ForEach) error {
	next := t.next

	if f.MaxConcurrency > maxInlineMapConcurrency {
		t.errorf(f.Path.Key("max_concurrency"), s.Name, summaryLimit,
			"\"max_concurrency\" is %d, but an Inline Map state runs at most %d iterations at the same time. Set max_concurrency to %d or less.",
			f.MaxConcurrency, maxInlineMapConcurrency, maxInlineMapConcurrency)
	}

	bind := s.Name + "__item"
	end := s.Name + "__output"

	saved := t.states
	t.states = map[string]any{}

	start := t.sequence(f.Steps, end)
	t.addState(bind, s, map[string]any{
		"Type":   "Pass",
		"Assign": t.loopBindings(f),
		"Next":   start,
	})
	t.addOutputState(end, s, f.Output)

	processor := map[string]any{
		"ProcessorConfig": map[string]any{"Mode": "INLINE"},
		"StartAt":         bind,
		"States":          t.states,
	}
	t.states = saved

	items, _ := t.expression(f.Items, f.Path.Key("items"), s.Name)

	state := map[string]any{
		"Type":  "Map",
		"Items": jsonata(items),
		"ItemSelector": map[string]any{
			"item":  jsonata("$states.context.Map.Item.Value"),
			"index": jsonata("$states.context.Map.Item.Index"),
		},
		"MaxConcurrency": f.MaxConcurrency,
		"ItemProcessor":  processor,
		"Next":           t.link(next),
	}

	if f.Result != "" {
		state["Assign"] = map[string]any{t.variable(f.Result): jsonata("$states.result")}
	}

	t.addState(s.Name, s, state)

	return nil
}

func (t *translator) loopBindings(f *workflow.ForEach) map[string]any {
	assign := map[string]any{t.variable(f.As): jsonata("$states.input.item")}

	if f.Index != "" {
		assign[t.variable(f.Index)] = jsonata("$states.input.index")
	}

	return assign
}

// VisitLoop emits the loop as states, because ASL has no loop state: a Pass
// state sets an iteration counter to 0, a Choice state leaves the loop when
// the condition is met, fails with LoopLimitExceeded when max_iterations
// iterations have run, and otherwise enters the steps, and a Pass state
// after the steps counts the iteration and jumps back to the Choice state.
// A while loop checks before the steps, an until loop after them.
func (t *translator) VisitLoop(s *workflow.Step, l *workflow.Loop) error {
	next := t.next
	construct, path := portability.LoopWhile, l.Path.Key("while")

	if l.Until != nil {
		construct, path = portability.LoopUntil, l.Path.Key("until")
	}

	states := countStates(l.Steps) + 2

	// Every state entered adds at least two events (entered and exited),
	// so this is a lower bound of the history that the iterations write.
	if events := l.MaxIterations * states * 2; events > maxHistoryEvents {
		t.errorf(l.Path.Key("max_iterations"), s.Name, summaryLimit,
			"\"max_iterations\" is %d, and with at least %d states per iteration the loop writes at least %d history events, more than the %d events a Standard execution may have. Lower max_iterations to %d or less, or move the loop into a child workflow (call.workflow).",
			l.MaxIterations, states, events, maxHistoryEvents, maxHistoryEvents/(states*2))
	} else {
		t.report(construct, path, s.Name, fmt.Sprintf(
			"This loop may run %d iterations of at least %d states each.", l.MaxIterations, states))
	}

	counter := t.newVariable(s.Name + "__iterations")
	check := s.Name + "__check"
	count := s.Name + "__next"
	limit := s.Name + "__limit"

	body := t.sequence(l.Steps, count)

	first := check
	if l.Until != nil {
		first = body
	}

	t.addState(s.Name, s, map[string]any{
		"Type":   "Pass",
		"Assign": map[string]any{counter: 0},
		"Next":   first,
	})
	t.addLoopCounter(count, check, counter, s)

	// An until loop whose steps always end the workflow never checks.
	if l.Until != nil && !t.linked[count] {
		return nil
	}

	t.addLoopCheck(check, s, l, counter, body, limit, next)
	t.addState(limit, s, map[string]any{
		"Type":  "Fail",
		"Error": workflow.LoopLimitError,
		"Cause": fmt.Sprintf("The loop %s ran max_iterations (%d) times and its condition still asked for another iteration.", s.Name, l.MaxIterations),
	})

	return nil
}

// addLoopCounter adds the state that counts an iteration, when some path
// of the steps reaches it.
func (t *translator) addLoopCounter(name, check, counter string, s *workflow.Step) {
	if !t.linked[name] {
		return
	}

	t.addState(name, s, map[string]any{
		"Type":   "Pass",
		"Assign": map[string]any{counter: jsonata("$" + counter + " + 1")},
		"Next":   check,
	})
}

func (t *translator) addLoopCheck(name string, s *workflow.Step, l *workflow.Loop, counter, body, limit, next string) {
	var exit string

	if l.While != nil {
		condition, _ := t.expression(l.While, l.Path.Key("while"), s.Name)
		exit = "$not(" + condition + ")"
	} else {
		exit, _ = t.expression(l.Until, l.Path.Key("until"), s.Name)
	}

	t.addState(name, s, map[string]any{
		"Type": "Choice",
		"Choices": []any{
			map[string]any{"Condition": jsonata(exit), "Next": t.link(next)},
			map[string]any{"Condition": jsonata("$" + counter + " >= " + strconv.Itoa(l.MaxIterations)), "Next": limit},
		},
		"Default": body,
	})
}

// countStates counts the steps of a list and of the lists nested in them,
// a lower bound of the states one pass through them enters.
func countStates(steps []*workflow.Step) int {
	n := 0

	for _, s := range steps {
		n++

		if sw, ok := s.Kind.(*workflow.Switch); ok {
			most := len(sw.Default)
			for _, c := range sw.Cases {
				most = max(most, countStates(c.Steps))
			}

			n += most
		}
	}

	return n
}

// VisitAwaitCallback emits a Task state that invokes the notify function
// with the task token and waits until something calls SendTaskSuccess with
// it, or until TimeoutSeconds pass (States.Timeout).
func (t *translator) VisitAwaitCallback(s *workflow.Step, a *workflow.AwaitCallback) error {
	next := t.next

	for _, u := range portability.StepFeatures(s) {
		t.report(u.Construct, u.Path, s.Name)
	}

	if a.Notify == nil || a.Notify.Function == nil {
		return nil
	}

	t.diags = append(t.diags, aslrules.CheckTaskTimeout(a.TimeoutSeconds, a.Path.Key("timeout"), s.Name)...)

	t.inNotify = true
	state := t.functionTask(s, a.Notify.Function)
	t.inNotify = false

	state["Resource"] = aslrules.LambdaInvokeResource + ".waitForTaskToken"
	state["TimeoutSeconds"] = a.TimeoutSeconds
	state["Next"] = t.link(next)

	if a.Result != "" {
		state["Assign"] = map[string]any{t.variable(a.Result): jsonata("$states.result")}
	}

	t.addState(s.Name, s, state)

	return nil
}
