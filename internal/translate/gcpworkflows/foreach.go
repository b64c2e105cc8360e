package gcpworkflows

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// VisitForEach writes a sequential `for` loop when max_concurrency is 1,
// and a parallel `for` with concurrency_limit otherwise.
func (t *translator) VisitForEach(s *workflow.Step, f *workflow.ForEach) error {
	if t.diagnose(s, portability.StepFeatures(s)) {
		return nil
	}

	if f.MaxConcurrency > 1 {
		t.concurrentForEach(s, f)
		return nil
	}

	t.sequentialForEach(s, f)

	return nil
}

// sequentialForEach appends each output to a list with list.concat, which
// adds one element, so a list output stays one element. Variables first
// assigned in a Cloud Workflows loop exist only inside it, which matches
// the neutral body's own variables, and the list exists before the loop,
// so the loop updates it.
func (t *translator) sequentialForEach(s *workflow.Step, f *workflow.ForEach) {
	base := variableBase(s.Name)

	results := ""
	if f.Result != "" {
		results = t.names.variable(base + "__results")
		t.emit(s.Name+"__start", assignBody(mapping(str(results), sequence())))
	}

	nodes := append(t.declareCatchResults(f.Steps, s.Name+"__catch_results"), t.stepList(f.Steps)...)

	if results != "" {
		nodes = append(nodes, t.appendOutput(s, f, results))
	}

	if len(nodes) == 0 {
		nodes = append(nodes, t.noopStep(s.Name+"__empty"))
	}

	t.emit(s.Name, mapping(str("for"), t.forBody(s, f, f.Index, sequence(nodes...))))

	if results != "" {
		t.emit(s.Name+"__result", assignBody(mapping(str(f.Result), str("${"+results+"}"))))
	}
}

// appendOutput stores the iteration's output in a variable of the
// iteration, since a map or list literal cannot be written inside an
// expression, and appends it to the results.
func (t *translator) appendOutput(s *workflow.Step, f *workflow.ForEach, results string) *yaml.Node {
	if f.Output == nil {
		return stepNode(s.Name+"__output", assignBody(mapping(str(results), str("${list.concat("+results+", null)}"))))
	}

	output := t.names.variable(variableBase(s.Name) + "__output")

	return stepNode(s.Name+"__output", assignBody(
		mapping(str(output), t.value(f.Output, s.Name)),
		mapping(str(results), str("${list.concat("+results+", "+output+")}")),
	))
}

// forBody builds the `for` block over the items with the given index
// variable, which may be empty.
func (t *translator) forBody(s *workflow.Step, f *workflow.ForEach, index string, steps *yaml.Node) *yaml.Node {
	body := mapping()
	entry(body, "value", str(f.As))

	if index != "" {
		entry(body, "index", str(index))
	}

	entry(body, "in", t.expression(f.Items, f.Path.Key("items"), s.Name))
	entry(body, "steps", steps)

	return body
}

// concurrentForEach runs the iterations in a parallel `for`. The items are
// evaluated once into a variable, a sequential loop pre-sizes the results
// list with one null per item, and each iteration writes its output at its
// index, so the result keeps the order of the items. Errors are recorded
// and raised after the step as for parallel branches (see VisitParallel).
// NOTE: no execution against Google Cloud has checked that an assign step
// takes a list element with a variable index (results[i]).
func (t *translator) concurrentForEach(s *workflow.Step, f *workflow.ForEach) {
	if f.MaxConcurrency > maxConcurrency {
		t.errorf(f.Path.Key("max_concurrency"), s.Name, summaryLimit,
			"\"max_concurrency\" is %d, but Cloud Workflows runs at most %d branches or iterations of a parallel step at the same time. Set max_concurrency to %d or less.",
			f.MaxConcurrency, maxConcurrency, maxConcurrency)

		return
	}

	if !t.checkNesting(s, f.Path) {
		return
	}

	l := t.newParallelLowering(s.Name, f.Result != "")
	base := variableBase(s.Name)
	items := t.names.variable(base + "__items")

	init := []*yaml.Node{
		mapping(str(items), t.expression(f.Items, f.Path.Key("items"), s.Name)),
		mapping(str(l.failure), nullNode()),
	}

	if l.results != "" {
		init = append(init, mapping(str(l.results), sequence()))
	}

	t.emit(s.Name+"__start", assignBody(init...))

	if l.results != "" {
		t.emitPresize(s.Name, items, l.results)
	}

	index := f.Index
	if index == "" && l.results != "" {
		index = t.names.variable(base + "__index")
	}

	var output *yaml.Node

	if l.results != "" {
		value := nullNode()
		if f.Output != nil {
			value = t.value(f.Output, s.Name)
		}

		output = stepNode(s.Name+"__output", assignBody(mapping(str(l.results+"["+index+"]"), value)))
	}

	loop := mapping()
	entry(loop, "value", str(f.As))

	if index != "" {
		entry(loop, "index", str(index))
	}

	entry(loop, "in", str("${"+items+"}"))
	entry(loop, "steps", t.guardedBody(l, s.Name, f.Steps, output))

	body := mapping()
	entry(body, "shared", l.shared())
	entry(body, "concurrency_limit", intNode(int64(f.MaxConcurrency)))
	entry(body, "for", loop)
	t.emit(s.Name, mapping(str("parallel"), body))

	t.emitParallelEnd(l, f.Result)
}

// emitPresize fills the results list with one null per item.
func (t *translator) emitPresize(step, items, results string) {
	item := t.names.variable(variableBase(step) + "__slot")

	grow := stepNode(step+"__grow", assignBody(mapping(str(results), str("${list.concat("+results+", null)}"))))

	loop := mapping()
	entry(loop, "value", str(item))
	entry(loop, "in", str("${"+items+"}"))
	entry(loop, "steps", sequence(grow))

	t.emit(step+"__presize", mapping(str("for"), loop))
}
