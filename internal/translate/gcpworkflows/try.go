package gcpworkflows

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// tryLowering holds the generated names of one try step.
type tryLowering struct {
	step string

	// failure holds the raw error of the steps until a catch handles it,
	// and null otherwise.
	failure string

	// saved maps each variable that the steps assign and that is set
	// before the try to the variable holding its value from before.
	saved []savedVariable

	// returns reports that the steps may raise returnSentinel.
	returns bool
}

type savedVariable struct {
	name, copy string
}

// VisitTry lowers a try step to a Cloud Workflows try whose except block
// only records the error. The catches and finally run after it, in the
// scope of the enclosing steps, so that what they assign outlives them
// (a variable first assigned in an except block exists only there):
//
//	STEP__start    failure = null, and a copy of each variable to restore
//	STEP           try: the steps; retry; except: failure = the error
//	STEP__handle   on failure: restore the copies, then the first matching
//	               catch, which sets failure back to null
//	finally steps
//	STEP__end      raise failure if it is still set
//
// An error that a catch's steps raise leaves before the finally steps, as
// the neutral semantics require. A return in the steps of a try with
// finally raises returnSentinel instead (see VisitReturn); STEP__handle
// leaves it alone, and after the finally steps the outermost such try
// returns its value.
func (t *translator) VisitTry(s *workflow.Step, tr *workflow.Try) error {
	// Custom error names match what fail steps and loops raise, so unlike
	// a call's catch, a try's catch of a custom name is exact.
	if t.diagnose(s, portability.StepFeatures(s), portability.CatchCustom) {
		return nil
	}

	l := t.newTryLowering(s, tr)

	if len(tr.Finally) > 0 {
		t.finallyDepth++
	}

	steps := t.tryBody(s, tr, l)

	if len(tr.Finally) > 0 {
		t.finallyDepth--
	}

	if len(tr.Catch) == 0 && len(tr.Finally) == 0 {
		// A retry alone: an error that outlasts the retries propagates
		// as it is, and nothing after the step reads the undone values.
		// The copies are still needed to restore them between attempts.
		t.steps = append(t.steps, assignSteps(s.Name+"__start", l.copies())...)

		body := mapping()
		entry(body, "try", mapping(str("steps"), steps))
		entry(body, "retry", t.retryPolicy(tr.Retry, l.returns))
		t.emit(s.Name, body)

		return nil
	}

	t.steps = append(t.steps, assignSteps(s.Name+"__start", append([]*yaml.Node{mapping(str(l.failure), nullNode())}, l.copies()...))...)
	t.emitTry(s, tr, l, steps)
	t.emitHandle(s, tr, l)
	t.steps = append(t.steps, t.stepList(tr.Finally)...)
	t.emitEnd(s, l)

	return nil
}

func (t *translator) newTryLowering(s *workflow.Step, tr *workflow.Try) tryLowering {
	base := variableBase(s.Name)
	l := tryLowering{step: s.Name, failure: t.names.variable(base + "__failure")}

	for _, v := range tr.Assigned {
		if v.SetBefore {
			l.saved = append(l.saved, savedVariable{name: v.Name, copy: t.names.variable(base + "__saved_" + v.Name)})
		}
	}

	l.returns = (t.finallyDepth > 0 || len(tr.Finally) > 0) && containsReturn(tr.Steps)

	return l
}

// copies assigns the copy of each saved variable.
func (l tryLowering) copies() []*yaml.Node {
	out := make([]*yaml.Node, len(l.saved))
	for i, v := range l.saved {
		out[i] = mapping(str(v.copy), str("${"+v.name+"}"))
	}

	return out
}

// restores assigns each saved variable its copy back.
func (l tryLowering) restores() []*yaml.Node {
	out := make([]*yaml.Node, len(l.saved))
	for i, v := range l.saved {
		out[i] = mapping(str(v.name), str("${"+v.copy+"}"))
	}

	return out
}

// tryBody translates the steps. With a retry, the steps start by restoring
// the saved variables, because Cloud Workflows retries with the values
// that the failed attempt left, while the neutral retry starts each
// attempt from the values before the try. On the first attempt the
// restore changes nothing.
func (t *translator) tryBody(s *workflow.Step, tr *workflow.Try, l tryLowering) *yaml.Node {
	var nodes []*yaml.Node

	if tr.Retry != nil && tr.Retry.MaxRetries > 0 && len(l.saved) > 0 {
		nodes = append(nodes, assignSteps(s.Name+"__restore", l.restores())...)
	}

	nodes = append(nodes, t.stepList(tr.Steps)...)

	if len(nodes) == 0 {
		nodes = append(nodes, t.noopStep(s.Name+"__empty"))
	}

	return sequence(nodes...)
}

// emitTry writes the Cloud Workflows try, whose except block copies the
// error into the failure variable. That variable exists before the block,
// so the assignment outlives it.
func (t *translator) emitTry(s *workflow.Step, tr *workflow.Try, l tryLowering, steps *yaml.Node) {
	raw := t.names.variable(variableBase(s.Name) + "__error")

	except := mapping()
	entry(except, "as", str(raw))
	entry(except, "steps", sequence(stepNode(s.Name+"__failed", assignBody(mapping(str(l.failure), str("${"+raw+"}"))))))

	body := mapping()
	entry(body, "try", mapping(str("steps"), steps))

	if tr.Retry != nil && tr.Retry.MaxRetries > 0 {
		entry(body, "retry", t.retryPolicy(tr.Retry, l.returns))
	}

	entry(body, "except", except)
	t.emit(s.Name, body)
}

// emitHandle writes the switch that runs on a failure: it restores the
// saved variables and runs the first matching catch.
func (t *translator) emitHandle(s *workflow.Step, tr *workflow.Try, l tryLowering) {
	var nodes []*yaml.Node

	if len(l.saved) > 0 {
		nodes = append(nodes, assignSteps(s.Name+"__undo", l.restores())...)
	}

	if len(tr.Catch) > 0 {
		catches := catchLowering{step: s.Name, raw: l.failure, handled: l.failure}
		nodes = append(nodes, t.catchDispatch(&catches, tr.Catch)...)
	}

	if len(nodes) == 0 {
		return
	}

	if l.returns {
		// `and` is not documented to skip its right operand, and map.get
		// fails on null, so the sentinel test is a switch of its own.
		notReturn := mapping()
		entry(notReturn, "condition", str("${not ("+isSentinel(l.failure)+")}"))
		entry(notReturn, "steps", sequence(nodes...))
		nodes = []*yaml.Node{stepNode(s.Name+"__unless_return", mapping(str("switch"), sequence(notReturn)))}
	}

	t.emit(s.Name+"__handle", whenFailed(l, sequence(nodes...)))
}

// emitEnd raises the error that no catch handled. After a return in the
// steps, the outermost try with finally returns the value instead.
func (t *translator) emitEnd(s *workflow.Step, l tryLowering) {
	var body *yaml.Node

	if l.returns && t.finallyDepth == 0 {
		returned := mapping()
		entry(returned, "condition", str("${"+isSentinel(l.failure)+"}"))
		entry(returned, "return", str("${"+l.failure+".value}"))

		raised := mapping()
		entry(raised, "condition", boolNode(true))
		entry(raised, "raise", str("${"+l.failure+"}"))

		body = sequence(stepNode(s.Name+"__return_or_raise", mapping(str("switch"), sequence(returned, raised))))
	} else {
		body = sequence(stepNode(s.Name+"__raise", mapping(str("raise"), str("${"+l.failure+"}"))))
	}

	t.emit(s.Name+"__end", whenFailed(l, body))
}

// whenFailed is a switch that runs steps when the failure variable is set.
func whenFailed(l tryLowering, steps *yaml.Node) *yaml.Node {
	item := mapping()
	entry(item, "condition", str("${"+l.failure+" != null}"))
	entry(item, "steps", steps)

	return mapping(str("switch"), sequence(item))
}

// containsReturn reports whether steps hold a return step at any depth
// that runs in their scope.
func containsReturn(steps []*workflow.Step) bool {
	for _, s := range steps {
		if _, ok := s.Kind.(*workflow.Return); ok {
			return true
		}

		for _, nested := range nestedSteps(s) {
			if containsReturn(nested) {
				return true
			}
		}
	}

	return false
}
