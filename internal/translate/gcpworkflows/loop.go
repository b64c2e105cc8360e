package gcpworkflows

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// VisitLoop lowers a loop to jumps within the step list that holds it,
// with an iteration counter:
//
//	STEP          counter = 0
//	STEP__check   while: leave when the condition is false; fail at the limit
//	STEP__body    the steps
//	STEP__next    counter + 1, jump to STEP__check
//	STEP__done    no-op, the target of leaving
//
// An until loop runs STEP__body first and checks after it. Jumps keep the
// steps in the scope of the enclosing list, unlike a `for` loop, whose new
// variables would vanish after it, and a return in the steps ends the
// workflow as it does outside a loop.
func (t *translator) VisitLoop(s *workflow.Step, l *workflow.Loop) error {
	if t.diagnose(s, portability.StepFeatures(s)) {
		return nil
	}

	counter := t.names.variable(variableBase(s.Name) + "__iterations")
	done := s.Name + "__done"

	t.emit(s.Name, assignBody(mapping(str(counter), intNode(0))))

	body := stepNode(s.Name+"__body", mapping(str("steps"), t.block(l.Steps, s.Name+"__empty")))
	limit := t.loopLimit(s, l, counter)

	if l.While != nil {
		leave := mapping()
		entry(leave, "condition", t.condition(l.While, "not (%s)", l.Path.Key("while"), s.Name))
		entry(leave, "next", str(done))

		t.emit(s.Name+"__check", mapping(str("switch"), sequence(leave, limit)))
		t.steps = append(t.steps, body)
		t.emitNext(s.Name, counter, s.Name+"__check")
	} else {
		leave := mapping()
		entry(leave, "condition", t.condition(l.Until, "%s", l.Path.Key("until"), s.Name))
		entry(leave, "next", str(done))

		t.steps = append(t.steps, body)
		t.emit(s.Name+"__check", mapping(str("switch"), sequence(leave, limit)))
		t.emitNext(s.Name, counter, s.Name+"__body")
	}

	t.steps = append(t.steps, t.noopStep(done))

	return nil
}

// loopLimit is the switch condition that raises LoopLimitExceeded when the
// loop has run max_iterations times and would run again. A while loop
// checks before an iteration, when the counter contains the iterations run
// so far. An until loop checks after one, before the counter counts it.
func (t *translator) loopLimit(s *workflow.Step, l *workflow.Loop, counter string) *yaml.Node {
	bound := l.MaxIterations
	if l.Until != nil {
		bound--
	}

	raised := mapping()
	entry(raised, "error", str(workflow.LoopLimitError))
	entry(raised, "message", str(fmt.Sprintf("The loop %s ran %d times, its max_iterations, and its condition still asked for another iteration.", s.Name, l.MaxIterations)))

	item := mapping()
	entry(item, "condition", str(fmt.Sprintf("${%s >= %d}", counter, bound)))
	entry(item, "raise", raised)

	return item
}

// emitNext counts the iteration and jumps back.
func (t *translator) emitNext(step, counter, target string) {
	body := assignBody(mapping(str(counter), str("${"+counter+" + 1}")))
	entry(body, "next", str(target))
	t.emit(step+"__next", body)
}
