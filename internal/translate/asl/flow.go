package asl

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// TODO: render parallel, for_each, loop, try and await_callback. Until
// then they are rejected, so that no definition means something else.
func (t *translator) pending(s *workflow.Step) error {
	t.errorf(s.Path, s.Name, summaryUnsupported,
		"The %q step kind is not rendered for Step Functions yet. Leave \"aws\" out of the data source's targets.", s.Kind.KindName())

	return nil
}

func (t *translator) VisitParallel(s *workflow.Step, _ *workflow.Parallel) error { return t.pending(s) }
func (t *translator) VisitForEach(s *workflow.Step, _ *workflow.ForEach) error   { return t.pending(s) }
func (t *translator) VisitLoop(s *workflow.Step, _ *workflow.Loop) error         { return t.pending(s) }
func (t *translator) VisitTry(s *workflow.Step, _ *workflow.Try) error           { return t.pending(s) }
func (t *translator) VisitAwaitCallback(s *workflow.Step, _ *workflow.AwaitCallback) error {
	return t.pending(s)
}
