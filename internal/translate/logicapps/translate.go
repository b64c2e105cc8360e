package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/canonicaljson"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Diagnostic summaries, one per kind of problem.
const (
	summaryUnsupported = "Unsupported construct for Azure Logic Apps"
	summaryMissing     = "Missing Azure Logic Apps setting"
	summaryExpression  = "Unsupported expression for Azure Logic Apps"
	summaryLimit       = "Azure Logic Apps limit exceeded"
	summaryApproximate = "Approximate translation for Azure Logic Apps"
)

// Names of the actions that belong to the workflow rather than to a step.
// A step named "workflow" only generates names with the suffixes in
// names.go, none of which is "end" or starts with "init_".
const (
	endResponseName  = "workflow__end"
	initActionPrefix = "workflow__init_"
)

// Translate renders w as the `definition` object of a Logic Apps
// (Consumption) workflow: JSON with keys sorted, two-space indentation and
// a trailing newline. The text is canonical. The diagnostics hold errors
// (the target cannot express something, and the text is then empty) and
// warnings (emulations).
func Translate(w *workflow.Workflow) (string, workflow.Diagnostics) {
	if w == nil || len(w.Steps) == 0 {
		return "", workflow.Diagnostics{workflow.Errorf(workflow.Path{}.Key("steps"), "", summaryUnsupported,
			"The workflow has no steps. Add at least one step.")}
	}

	t := newTranslator(w)
	t.translate()

	if t.diags.HasErrors() {
		return "", t.diags
	}

	text, err := canonicaljson.Encode(t.definition())
	if err != nil {
		return "", append(t.diags, workflow.Errorf(workflow.Path{}, "", summaryUnsupported,
			"The workflow definition could not be written as JSON: %s. This is a bug in the provider; please report it with the workflow.", err))
	}

	t.verify(text)

	if t.diags.HasErrors() {
		return "", t.diags
	}

	return text, t.diags
}

// translator walks the workflow and collects the actions. It implements
// workflow.Visitor, one method per step kind.
type translator struct {
	w     *workflow.Workflow
	diags workflow.Diagnostics

	// top is the workflow's top-level actions, and block the actions object
	// that the step being visited adds to.
	top   *block
	block *block

	// names maps every action name to the step that generated it, or nil
	// for the workflow's own actions. Names must be unique in the whole
	// definition.
	names map[string]*workflow.Step

	actionCount int

	// lastStep is the last top-level step. A return there ends the
	// workflow by itself, while any other return needs a Terminate.
	lastStep *workflow.Step

	// frame describes the block being filled; see frame.
	frame frame

	// hidden lists the variables that lowerings declare, in order of first
	// use.
	hidden []hiddenVariable

	// bindings maps names in expressions to Logic Apps text that replaces
	// the variable, such as items() for a for_each's item inside its body.
	bindings map[string]string

	// boundResults lists the calls whose result is read through the
	// action's outputs instead of a variable (see findBoundResults), and
	// boundNames their result variables, which are not declared.
	boundResults map[*workflow.Step]bool
	boundNames   map[string]bool
}

func newTranslator(w *workflow.Workflow) *translator {
	top := newBlock(0)

	t := &translator{
		w:        w,
		top:      top,
		block:    top,
		names:    map[string]*workflow.Step{},
		lastStep: w.Steps[len(w.Steps)-1],
		bindings: map[string]string{},
	}

	t.boundResults, t.boundNames = findBoundResults(w.Steps)

	return t
}

func (t *translator) translate() {
	t.initializeVariables()
	firstStepAfter := t.top.after

	t.steps(t.top, t.w.Steps)
	t.initializeHidden(firstStepAfter)

	if t.canRunOffTheEnd() {
		// A workflow that ends without return returns null, so the caller
		// of the Request trigger gets an empty 200 response.
		t.addAction(t.top, nil, endResponseName, map[string]any{
			"type":   "Response",
			"kind":   "Http",
			"inputs": map[string]any{"statusCode": 200},
		})
	}

	t.checkLimits()
}

// canRunOffTheEnd reports whether the run can get past the last top-level
// step, which a return or fail step never lets it do.
func (t *translator) canRunOffTheEnd() bool {
	switch t.lastStep.Kind.(type) {
	case *workflow.Return, *workflow.Fail:
		return false
	}

	return true
}

// steps visits a step list, adding its actions to b.
func (t *translator) steps(b *block, steps []*workflow.Step) {
	outer := t.block
	t.block = b

	for _, s := range steps {
		// Visit methods report problems as diagnostics and never fail.
		_ = s.Accept(t)
	}

	t.block = outer
}

// block is one `actions` object: the top level, or the actions of a Scope
// or an If branch. Actions in a block run one after the other.
type block struct {
	actions map[string]any

	// after is the runAfter of the next action added.
	after map[string]any

	// depth counts the actions that contain the block.
	depth int

	// depthReported records that a step in this block was already reported
	// as nested too deeply, so that one deep branch gives one error.
	depthReported bool
}

func newBlock(depth int) *block {
	return &block{actions: map[string]any{}, after: map[string]any{}, depth: depth}
}

func succeeded() []any {
	return []any{"Succeeded"}
}

// addAction adds an action that runs after the previous action of b, and
// checks the action count, nesting depth and name rules. s is the step that
// the action belongs to, or nil for the workflow's own actions.
func (t *translator) addAction(b *block, s *workflow.Step, name string, action map[string]any) {
	t.actionCount++
	t.claimName(name, s)
	t.checkDepth(b, s)

	action["runAfter"] = b.after
	b.actions[name] = action
	b.after = map[string]any{name: succeeded()}
}

func (t *translator) checkDepth(b *block, s *workflow.Step) {
	if b.depth <= wdlcheck.MaxNestingDepth || b.depthReported || s == nil {
		return
	}

	b.depthReported = true

	t.errorf(s.Path, s.Name, summaryLimit,
		"The step's actions are nested %d levels deep in the generated definition, but Logic Apps allows an action nesting depth of at most %d. Each switch step adds a level, and so does each switch case after the first, each catch, each catch handler, each parallel branch and each try; a loop adds two levels (three for a while loop) and a for_each two. Split a switch with many cases into several switch steps, or move nested steps into a separate workflow called with call.workflow.",
		b.depth, wdlcheck.MaxNestingDepth)
}

// claimName registers an action name, which must be unique in the whole
// definition.
func (t *translator) claimName(name string, s *workflow.Step) {
	if first, dup := t.names[name]; dup {
		path, step := stepPath(s)
		_, firstStep := stepPath(first)

		t.errorf(path, step, summaryUnsupported,
			"The generated action name %q is already used by the actions of step %q, and Logic Apps action names must be unique in the whole workflow. Rename the step or the variable.", name, firstStep)

		return
	}

	t.names[name] = s
}

// stepPath returns the path and name of a step, or the workflow's steps
// attribute and "" for nil.
func stepPath(s *workflow.Step) (workflow.Path, string) {
	if s == nil {
		return workflow.Path{}.Key("steps"), ""
	}

	return s.Path, s.Name
}

func (t *translator) checkLimits() {
	if t.actionCount > wdlcheck.MaxActions {
		t.errorf(workflow.Path{}.Key("steps"), "", summaryLimit,
			"The generated definition has %d actions, but Logic Apps allows at most %d actions per workflow. Split the workflow into smaller workflows called with call.http.",
			t.actionCount, wdlcheck.MaxActions)
	}

	if n := t.variableCount(); n > wdlcheck.MaxVariables {
		t.errorf(workflow.Path{}.Key("steps"), "", summaryLimit,
			"The workflow uses %d variables (assign, call results and catch errors, and the flags that loops and try steps need), but Logic Apps allows at most %d variables per workflow. Reuse variables or split the workflow.",
			n, wdlcheck.MaxVariables)
	}
}

func (t *translator) definition() map[string]any {
	return map[string]any{
		"$schema":        wdlcheck.SchemaURL,
		"contentVersion": "1.0.0.0",
		"parameters":     t.parameters(),
		"triggers":       map[string]any{"manual": t.trigger()},
		"actions":        t.top.actions,
		"outputs":        map[string]any{},
	}
}

func (t *translator) errorf(path workflow.Path, step, summary, format string, args ...any) {
	t.diags = append(t.diags, workflow.Errorf(path, step, summary, format, args...))
}

func (t *translator) warnf(path workflow.Path, step, format string, args ...any) {
	t.diags = append(t.diags, workflow.Warningf(path, step, summaryApproximate, format, args...))
}
