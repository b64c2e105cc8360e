package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// pendingConstructs are the call features that this translator does not
// render yet. VisitCall rejects them through the portability table instead
// of rendering something that means something else.
var pendingConstructs = map[portability.Construct]bool{
	portability.CallWorkflow:         true,
	portability.RetryJitter:          true,
	portability.RetryErrors:          true,
	portability.CatchConnection:      true,
	portability.CatchConnectionOther: true,
	portability.CatchPermission:      true,
	portability.CatchTaskFailed:      true,
	portability.CatchExpression:      true,
}

// rejectPending reports the rejected features among uses and returns
// whether there were any. With onlyPending set it skips the features that
// the existing code renders or reports itself.
func (t *translator) rejectPending(s *workflow.Step, uses []portability.Use, onlyPending bool) bool {
	rejected := false

	for _, u := range uses {
		if onlyPending && !pendingConstructs[u.Construct] {
			continue
		}

		d, ok := portability.Diagnose(portability.Azure, u.Construct, u.Path, s.Name)
		if ok && d.Severity == workflow.SeverityError {
			t.diags = append(t.diags, d)
			rejected = true
		}
	}

	return rejected
}

// rejectStep reports a step kind that this translator does not render yet.
func (t *translator) rejectStep(s *workflow.Step) error {
	t.rejectPending(s, portability.StepFeatures(s), false)
	return nil
}

func (t *translator) VisitParallel(s *workflow.Step, _ *workflow.Parallel) error {
	return t.rejectStep(s)
}

func (t *translator) VisitForEach(s *workflow.Step, _ *workflow.ForEach) error {
	return t.rejectStep(s)
}

func (t *translator) VisitLoop(s *workflow.Step, _ *workflow.Loop) error {
	return t.rejectStep(s)
}

func (t *translator) VisitTry(s *workflow.Step, _ *workflow.Try) error {
	return t.rejectStep(s)
}

func (t *translator) VisitAwaitCallback(s *workflow.Step, _ *workflow.AwaitCallback) error {
	return t.rejectStep(s)
}
