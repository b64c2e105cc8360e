package gcpworkflows

import (
	"strconv"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// parallelLowering holds the generated variables of one parallel step or
// concurrent for_each.
type parallelLowering struct {
	step string

	// results is the shared list that each branch or iteration writes its
	// output into by index, or empty when the step has no result.
	results string

	// failure is the shared variable that receives the first error of a
	// branch or iteration.
	failure string
}

// VisitParallel writes a parallel step with one Cloud Workflows branch per
// neutral branch. Each branch writes its output into a shared list,
// pre-sized with nulls, at its own index, so the result keeps the
// declaration order. Cloud Workflows lets the other branches run on after
// one fails (continueAll, its only exception policy), and the error that
// the parallel step then raises is documented only loosely. So each branch
// catches its own error into a shared variable, and a step after the
// parallel step raises the first recorded error unchanged, which keeps the
// error's tags for a catch around the step.
//
// A single branch runs its steps in place, because a Cloud Workflows
// parallel step needs at least two branches.
func (t *translator) VisitParallel(s *workflow.Step, p *workflow.Parallel) error {
	if len(p.Branches) == 1 {
		t.singleBranch(s, p)
		return nil
	}

	if t.diagnose(s, portability.StepFeatures(s)) {
		return nil
	}

	if len(p.Branches) > maxParallelBranches {
		t.errorf(p.Path.Key("branches"), s.Name, summaryLimit,
			"The parallel step has %d branches, but Cloud Workflows allows at most %d branches per parallel step. Group branches into nested parallel steps, or run some of them one after another.",
			len(p.Branches), maxParallelBranches)

		return nil
	}

	if !t.checkNesting(s, p.Path) {
		return nil
	}

	l := t.newParallelLowering(s.Name, p.Result != "")

	init := []*yaml.Node{mapping(str(l.failure), nullNode())}
	if l.results != "" {
		nulls := sequence()
		for range p.Branches {
			nulls.Content = append(nulls.Content, nullNode())
		}

		init = append([]*yaml.Node{mapping(str(l.results), nulls)}, init...)
	}

	t.emit(s.Name+"__start", assignBody(init...))

	branches := sequence()
	for i, b := range p.Branches {
		branches.Content = append(branches.Content, stepNode(b.Name, mapping(str("steps"), t.branchSteps(l, i, b))))
	}

	body := mapping()
	entry(body, "shared", l.shared())
	entry(body, "branches", branches)
	t.emit(s.Name, mapping(str("parallel"), body))

	t.emitParallelEnd(l, p.Result)

	return nil
}

// singleBranch runs the steps of a parallel step with one branch in place
// and stores the one-element result list. The branch's variables then
// outlive it, which no step can observe, since the decoder lets nothing
// outside the branch read or assign them.
func (t *translator) singleBranch(s *workflow.Step, p *workflow.Parallel) {
	b := p.Branches[0]

	nodes := append(t.declareCatchResults(b.Steps, b.Name+"__catch_results"), t.stepList(b.Steps)...)
	if len(nodes) == 0 {
		nodes = append(nodes, t.noopStep(b.Name+"__empty"))
	}

	t.emit(b.Name, mapping(str("steps"), sequence(nodes...)))

	if p.Result == "" {
		return
	}

	output := nullNode()
	if b.Output != nil {
		output = t.value(b.Output, s.Name)
	}

	t.emit(s.Name+"__result", assignBody(mapping(str(p.Result), sequence(output))))
}

func (t *translator) newParallelLowering(step string, withResults bool) parallelLowering {
	base := variableBase(step)
	l := parallelLowering{step: step, failure: t.names.variable(base + "__failure")}

	if withResults {
		l.results = t.names.variable(base + "__results")
	}

	return l
}

// shared lists the variables that the branches or iterations assign.
func (l parallelLowering) shared() *yaml.Node {
	if l.results == "" {
		return flowSequence(str(l.failure))
	}

	return flowSequence(str(l.results), str(l.failure))
}

// branchSteps translates one branch: its steps and the assignment of its
// output, inside a try whose except records the error.
func (t *translator) branchSteps(l parallelLowering, index int, b *workflow.Branch) *yaml.Node {
	var output *yaml.Node

	if l.results != "" && b.Output != nil {
		slot := l.results + "[" + strconv.Itoa(index) + "]"
		output = stepNode(b.Name+"__output", assignBody(mapping(str(slot), t.value(b.Output, b.Name))))
	}

	return t.guardedBody(l, b.Name, b.Steps, output)
}

// guardedBody translates the steps of a branch or iteration as a body of
// its own (see parallelBody), followed by the output step if any, in a try
// that records the first error in l.failure.
func (t *translator) guardedBody(l parallelLowering, name string, steps []*workflow.Step, output *yaml.Node) *yaml.Node {
	savedBody := t.body
	t.body = &parallelBody{name: name}
	t.parallelDepth++

	nodes := append(t.declareCatchResults(steps, name+"__catch_results"), t.stepList(steps)...)
	if output != nil {
		nodes = append(nodes, output)
	}

	if len(nodes) == 0 {
		nodes = append(nodes, t.noopStep(name+"__empty"))
	}

	raw := t.names.variable(variableBase(name) + "__error")

	t.body = savedBody
	t.parallelDepth--

	record := stepNode(name+"__failed", assignBody(mapping(str(l.failure), str("${default("+l.failure+", "+raw+")}"))))

	except := mapping()
	entry(except, "as", str(raw))
	entry(except, "steps", sequence(record))

	guard := mapping()
	entry(guard, "try", mapping(str("steps"), sequence(nodes...)))
	entry(guard, "except", except)

	return sequence(stepNode(name+"__run", guard))
}

// emitParallelEnd raises the recorded error, if any, and stores the
// result list.
func (t *translator) emitParallelEnd(l parallelLowering, result string) {
	failed := mapping()
	entry(failed, "condition", str("${"+l.failure+" != null}"))
	entry(failed, "raise", str("${"+l.failure+"}"))
	t.emit(l.step+"__check", mapping(str("switch"), sequence(failed)))

	if result != "" {
		t.emit(l.step+"__result", assignBody(mapping(str(result), str("${"+l.results+"}"))))
	}
}

// checkNesting rejects a parallel step nested deeper than Cloud Workflows
// allows.
func (t *translator) checkNesting(s *workflow.Step, path workflow.Path) bool {
	if t.parallelDepth < maxParallelNesting {
		return true
	}

	t.errorf(path, s.Name, summaryLimit,
		"This step runs its branches or iterations in parallel inside %d enclosing parallel steps (parallel branches or for_each steps with max_concurrency above 1), but Cloud Workflows allows a nesting depth of at most %d. Set max_concurrency to 1 on one of the for_each steps, or move the inner steps out of the enclosing branch.",
		t.parallelDepth, maxParallelNesting)

	return false
}
