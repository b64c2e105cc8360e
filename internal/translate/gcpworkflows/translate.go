package gcpworkflows

import (
	"bytes"
	"maps"
	"slices"
	"strconv"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Diagnostic summaries, in the forms that the other targets use too.
const (
	summaryUnsupported = "Unsupported construct for Google Cloud Workflows"
	summaryMissing     = "Missing Google Cloud Workflows setting"
	summaryExpression  = "Unsupported expression for Google Cloud Workflows"
	summaryLimit       = "Google Cloud Workflows limit exceeded"
	summaryFailed      = "Rendering failed for Google Cloud Workflows"
)

// inputParam is the parameter of `main` that receives the execution input;
// neutral expressions refer to it as `input` too.
const inputParam = "input"

// Translate renders w as a Cloud Workflows YAML source. The text is
// canonical, so the same workflow always gives the same bytes. The
// diagnostics contain errors for what Cloud Workflows cannot express, and
// the text is then empty, and warnings for constructs that behave
// differently there.
func Translate(w *workflow.Workflow) (string, workflow.Diagnostics) {
	t := &translator{
		names:        newNames(w),
		variables:    w.Variables,
		subworkflows: map[string]*yaml.Node{},
		predicates:   map[string]string{},
	}

	doc := t.document(w)
	if t.diags.HasErrors() {
		return "", t.diags
	}

	text, err := encode(doc)
	if err != nil {
		t.errorf(nil, "", summaryFailed, "The YAML encoder failed: %s. This is a bug in the provider; please report it with the workflow.", err)
		return "", t.diags
	}

	if len(text) > maxSourceBytes {
		t.errorf(nil, "", summaryLimit,
			"The generated source has %d bytes, but Cloud Workflows accepts at most %d bytes (128 KiB). Move parts of the workflow into a separate workflow, or shorten long literal values.",
			len(text), maxSourceBytes)

		return "", t.diags
	}

	return text, t.diags
}

// translator is the workflow.Visitor for Cloud Workflows. Each Visit method
// appends the steps for one neutral step to the list being built.
type translator struct {
	names *names
	diags workflow.Diagnostics

	// steps is the step list that Visit methods append to.
	steps []*yaml.Node

	// subworkflows holds the generated subworkflows by name.
	subworkflows map[string]*yaml.Node

	// variables are the workflow's variables in order of first assignment.
	variables []workflow.Variable

	// retryPredicate and noopVariable are generated names, allocated on
	// first use. noopVariable serves the workflow level; body holds the
	// one of the parallel branch or iteration being translated.
	retryPredicate string
	noopVariable   string
	body           *parallelBody

	// predicates maps the key of an error filter to the name of the retry
	// predicate subworkflow generated for it.
	predicates map[string]string

	// parallelDepth counts the Cloud Workflows parallel steps around the
	// step being translated.
	parallelDepth int

	// finallyDepth counts the try steps with finally whose steps enclose
	// the step being translated. A return there raises returnSentinel, so
	// that the finally steps run before the workflow ends.
	finallyDepth int

	// callbackVariable is the variable that the neutral name `callback`
	// stands for while a notify call is translated, or empty.
	callbackVariable string
}

// parallelBody is a parallel branch or concurrent iteration. Cloud
// Workflows lets its steps assign only their own variables and the shared
// ones, so its no-op steps assign a variable of their own.
type parallelBody struct {
	name string
	noop string
}

var _ workflow.Visitor = (*translator)(nil)

func (t *translator) errorf(path workflow.Path, step, summary, format string, args ...any) {
	t.diags = append(t.diags, workflow.Errorf(path, step, summary, format, args...))
}

// document builds `main` and the generated subworkflows after it, in name
// order. Main starts with the declarations of declareCatchResults, if any.
func (t *translator) document(w *workflow.Workflow) *yaml.Node {
	mainSteps := append(t.declareCatchResults(w.Steps, catchResultsStep), t.stepList(w.Steps)...)

	mainBody := mapping()
	entry(mainBody, "params", flowSequence(str(inputParam)))
	entry(mainBody, "steps", sequence(mainSteps...))

	doc := mapping()
	entry(doc, "main", mainBody)

	subNames := slices.Sorted(maps.Keys(t.subworkflows))

	for _, name := range subNames {
		entry(doc, name, t.subworkflows[name])
	}

	return doc
}

// stepList translates steps into a new list and restores the list that
// was being built, so nested blocks can be translated in the middle of a
// step.
func (t *translator) stepList(steps []*workflow.Step) []*yaml.Node {
	saved := t.steps
	t.steps = nil

	for _, s := range steps {
		if err := s.Accept(t); err != nil {
			t.errorf(s.Path, s.Name, summaryFailed, "%s", err)
		}
	}

	out := t.steps
	t.steps = saved

	return out
}

// block translates a nested step list that Cloud Workflows requires to be
// non-empty. An empty neutral list (a catch that ignores the error, a case
// that does nothing) becomes one no-op step named noopName.
func (t *translator) block(steps []*workflow.Step, noopName string) *yaml.Node {
	nodes := t.stepList(steps)
	if len(nodes) == 0 {
		nodes = append(nodes, t.noopStep(noopName))
	}

	return sequence(nodes...)
}

// noopStep assigns null to a generated variable. Cloud Workflows has no
// empty step, and step lists need at least one step.
func (t *translator) noopStep(name string) *yaml.Node {
	return stepNode(name, assignBody(mapping(str(t.noopName()), nullNode())))
}

// noopName returns the variable that no-op steps assign in the current
// body, allocating it on first use.
func (t *translator) noopName() string {
	if t.body != nil {
		if t.body.noop == "" {
			t.body.noop = t.names.variable(variableBase(t.body.name) + "__noop")
		}

		return t.body.noop
	}

	if t.noopVariable == "" {
		t.noopVariable = t.names.variable("noop__")
	}

	return t.noopVariable
}

func (t *translator) emit(name string, body *yaml.Node) {
	t.steps = append(t.steps, stepNode(name, body))
}

// assignSteps returns assign steps for the single-key maps, split into
// steps of at most 50 assignments, the Cloud Workflows limit per step. The
// first step is named name, the others name_2, name_3 and so on. It
// returns nil for no assignments.
func assignSteps(name string, assignments []*yaml.Node) []*yaml.Node {
	var out []*yaml.Node

	for start := 0; start < len(assignments); start += maxAssignments {
		end := min(start+maxAssignments, len(assignments))

		stepName := name
		if start > 0 {
			stepName += "_" + strconv.Itoa(start/maxAssignments+1)
		}

		out = append(out, stepNode(stepName, assignBody(assignments[start:end]...)))
	}

	return out
}

// assignBody is the body of an assign step with the given single-key maps.
func assignBody(assignments ...*yaml.Node) *yaml.Node {
	return mapping(str("assign"), sequence(assignments...))
}

func encode(doc *yaml.Node) (string, error) {
	var b bytes.Buffer

	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)

	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}); err != nil {
		return "", err
	}

	if err := enc.Close(); err != nil {
		return "", err
	}

	return b.String(), nil
}
