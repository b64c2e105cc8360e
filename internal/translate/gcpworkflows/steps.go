package gcpworkflows

import (
	"fmt"
	"strconv"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// VisitAssign writes one assign step, or several when the step has more
// than 50 assignments. Splitting keeps the meaning, because Cloud Workflows
// assigns in order and the decoder already rejects a value that reads a
// variable set in the same neutral step.
func (t *translator) VisitAssign(s *workflow.Step, a *workflow.Assign) error {
	chunks := (len(a.Assignments) + maxAssignments - 1) / maxAssignments

	for i := 0; i < chunks; i++ {
		end := min((i+1)*maxAssignments, len(a.Assignments))

		items := make([]*yaml.Node, 0, end-i*maxAssignments)
		for _, asg := range a.Assignments[i*maxAssignments : end] {
			items = append(items, mapping(str(asg.Name), t.value(asg.Value, s.Name)))
		}

		name := s.Name
		if i > 0 {
			name = s.Name + "__" + strconv.Itoa(i+1)
		}

		t.emit(name, assignBody(items...))

		if i == 0 && chunks > 1 {
			t.steps[len(t.steps)-1].HeadComment = fmt.Sprintf(
				"%s is split into %d assign steps, because Cloud Workflows allows at most %d assignments per step.",
				s.Name, chunks, maxAssignments)
		}
	}

	return nil
}

// VisitSwitch writes a switch step. Cloud Workflows takes the first true
// condition and falls through to the next step when none holds, as the
// neutral switch does, so the default becomes a last `condition: true`.
func (t *translator) VisitSwitch(s *workflow.Step, sw *workflow.Switch) error {
	conditions := len(sw.Cases)
	if len(sw.Default) > 0 {
		conditions++
	}

	if conditions > maxSwitchConditions {
		t.errorf(sw.Path, s.Name, summaryLimit,
			"The switch has %d conditions (cases plus default), but Cloud Workflows allows at most %d per switch step. Split it into nested switch steps, with the later cases in the default of the first.",
			conditions, maxSwitchConditions)
	}

	items := sequence()

	for i, c := range sw.Cases {
		item := mapping()
		entry(item, "condition", t.expression(c.When, c.Path.Key("when"), s.Name))
		entry(item, "steps", t.block(c.Steps, s.Name+"__case"+strconv.Itoa(i)))
		items.Content = append(items.Content, item)
	}

	if len(sw.Default) > 0 {
		item := mapping()
		entry(item, "condition", boolNode(true))
		entry(item, "steps", sequence(t.stepList(sw.Default)...))
		items.Content = append(items.Content, item)
	}

	t.emit(s.Name, mapping(str("switch"), items))

	return nil
}

// VisitWait writes a sys.sleep or sys.sleep_until call.
func (t *translator) VisitWait(s *workflow.Step, w *workflow.Wait) error {
	body := mapping()
	args := mapping()

	if w.Seconds != nil {
		t.checkSleep(w.Seconds, s.Name)
		entry(body, "call", str("sys.sleep"))
		entry(args, "seconds", t.value(w.Seconds, s.Name))
	} else {
		entry(body, "call", str("sys.sleep_until"))
		entry(args, "time", t.value(w.Until, s.Name))
	}

	entry(body, "args", args)
	t.emit(s.Name, body)

	return nil
}

// checkSleep rejects a literal wait longer than sys.sleep allows. A
// computed wait is checked by Cloud Workflows when it runs.
func (t *translator) checkSleep(v *workflow.Value, step string) {
	seconds, ok := v.Literal.(int64)
	if v.Kind != workflow.ValueLiteral || !ok || seconds <= maxSleepSeconds {
		return
	}

	t.errorf(v.Path, step, summaryLimit,
		"The wait is %d seconds, but sys.sleep accepts at most %d seconds (one year). Wait until a timestamp with \"until\" instead, or shorten the wait.",
		seconds, maxSleepSeconds)
}

// VisitFail raises a map that carries the neutral error name, so a catch
// can match it by name and bind it as {error, message}.
func (t *translator) VisitFail(s *workflow.Step, f *workflow.Fail) error {
	raised := mapping()
	entry(raised, "error", str(f.Error))

	if f.Message != nil {
		entry(raised, "message", t.value(f.Message, s.Name))
	}

	t.emit(s.Name, mapping(str("raise"), raised))

	return nil
}

// VisitReturn ends main with the value. Without `return`, main returns
// null, which matches the neutral meaning. Inside the steps of a try with
// finally it raises returnSentinel with the value instead, and the try
// returns it after the finally steps (see VisitTry).
func (t *translator) VisitReturn(s *workflow.Step, r *workflow.Return) error {
	value := nullNode()
	if r.Value != nil {
		value = t.value(r.Value, s.Name)
	}

	if t.finallyDepth == 0 {
		t.emit(s.Name, mapping(str("return"), value))
		return nil
	}

	raised := mapping()
	entry(raised, "error", str(returnSentinel))
	entry(raised, "value", value)
	t.emit(s.Name, mapping(str("raise"), raised))

	return nil
}
