package asl

import (
	"strings"
	"unicode/utf8"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/canonicaljson"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

const (
	// endState is the Succeed state that steps running off the end of the
	// workflow move to. User step names never contain "__".
	endState = "workflow__end"
)

// Diagnostic summaries, one per kind of problem.
const (
	summaryUnsupported = "Unsupported construct for AWS Step Functions"
	summaryMissing     = "Missing AWS Step Functions setting"
	summaryExpression  = "Unsupported expression for AWS Step Functions"
	summaryLimit       = aslrules.SummaryLimit
	summaryApproximate = "Approximate translation for AWS Step Functions"
)

// Translate renders w as an ASL state machine definition: JSON with keys
// sorted, two-space indentation and a trailing newline. The text is
// canonical. The diagnostics hold errors (the target cannot express
// something, and the text is then empty) and warnings (emulations).
func Translate(w *workflow.Workflow) (string, workflow.Diagnostics) {
	if w == nil || len(w.Steps) == 0 {
		return "", workflow.Diagnostics{workflow.Errorf(workflow.Path{}.Key("steps"), "", summaryUnsupported,
			"The workflow has no steps, and a Step Functions state machine needs at least one state.")}
	}

	t := newTranslator(w)
	start := t.sequence(w.Steps, endState)

	if t.endUsed {
		t.addState(endState, nil, map[string]any{
			"Type":   "Succeed",
			"Output": jsonata("null"),
		})
	}

	if t.diags.HasErrors() {
		return "", t.diags
	}

	text, err := canonicaljson.Encode(map[string]any{
		"QueryLanguage": "JSONata",
		"StartAt":       start,
		"States":        t.states,
	})
	if err != nil {
		return "", append(t.diags, workflow.Errorf(workflow.Path{}, "", summaryUnsupported,
			"The state machine could not be written as JSON: %s. This is a bug in the provider; please report it with the workflow.", err))
	}

	if len(text) > aslrules.MaxDefinitionBytes {
		return "", append(t.diags, workflow.Errorf(workflow.Path{}, "", summaryLimit,
			"The generated state machine definition has %d bytes, more than the Step Functions maximum of %d bytes (1 MB). Split the workflow into smaller workflows.",
			len(text), aslrules.MaxDefinitionBytes))
	}

	return text, t.diags
}

// translator walks the workflow and collects the states. It implements
// workflow.Visitor, one method per step kind.
type translator struct {
	// states is the States object being filled: the state machine's, or
	// that of a Parallel branch or Map item processor.
	states map[string]any

	// names holds every state name of the whole state machine, because
	// ASL state names must be unique across nested branches too.
	names map[string]bool

	diags workflow.Diagnostics

	// next is the state that follows the step being visited.
	next string

	// endUsed records that some state moves to endState.
	endUsed bool

	// linked records every state that some transition targets by name
	// through link, so generated states are added only when reachable.
	linked map[string]bool

	// variables maps each neutral variable name to its Step Functions name.
	variables map[string]string

	// variableInUse holds every Step Functions variable name, generated
	// ones included.
	variableInUse map[string]bool

	// frames are the try blocks being translated, innermost last. Their
	// steps run in a Parallel branch, which cannot assign the variables of
	// the enclosing scope, so the variables they assign are renamed.
	frames []*tryFrame

	// inNotify is set while the notify call of an await_callback is
	// translated, where the callback variable is in scope.
	inNotify bool
}

func newTranslator(w *workflow.Workflow) *translator {
	t := &translator{
		states:        map[string]any{},
		names:         map[string]bool{},
		linked:        map[string]bool{},
		variables:     variableNames(w.Variables),
		variableInUse: map[string]bool{},
	}

	for _, v := range w.Variables {
		t.variableInUse[v.Name] = true
	}

	for _, name := range t.variables {
		t.variableInUse[name] = true
	}

	return t
}

// sequence translates a step list whose last step continues at next, and
// returns the name of the list's first state (next itself for an empty list).
func (t *translator) sequence(steps []*workflow.Step, next string) string {
	for i, s := range steps {
		t.next = next
		if i+1 < len(steps) {
			t.next = steps[i+1].Name
		}

		// Visit methods report problems as diagnostics and never fail.
		_ = s.Accept(t)
	}

	if len(steps) == 0 {
		return t.link(next)
	}

	return steps[0].Name
}

// link returns a transition target and records that it is used.
func (t *translator) link(target string) string {
	t.linked[target] = true

	if target == endState {
		t.endUsed = true
	}

	return target
}

// branch translates steps into a States object of their own, for a
// Parallel branch or a Map item processor, and returns it with its start.
func (t *translator) branch(steps []*workflow.Step, next string) map[string]any {
	saved := t.states
	t.states = map[string]any{}

	start := t.sequence(steps, next)
	states := t.states
	t.states = saved

	return map[string]any{"StartAt": start, "States": states}
}

// newVariable returns a free Step Functions variable name for a generated
// variable, based on base.
func (t *translator) newVariable(base string) string {
	name := strings.ReplaceAll(base, "-", "_")

	// NOTE: the Step Functions documentation states no length limit for
	// variable names that we could find; 80 characters, the limit of state
	// names, is kept as a precaution.
	if len(name) > aslrules.MaxStateNameLength-8 {
		name = name[:aslrules.MaxStateNameLength-8]
	}

	for t.variableInUse[name] || jsonataFunctions[name] {
		name += "_"
	}

	t.variableInUse[name] = true

	return name
}

// addState adds a state, checking the ASL rules on state names: at most 80
// characters and unique in the whole state machine.
func (t *translator) addState(name string, s *workflow.Step, state map[string]any) {
	var path workflow.Path
	if s != nil {
		path = s.Path.Key("name")
	}

	if n := utf8.RuneCountInString(name); n > aslrules.MaxStateNameLength {
		t.errorf(path, name, summaryLimit,
			"The state name has %d characters, more than the Step Functions maximum of %d. Use a shorter step name.", n, aslrules.MaxStateNameLength)

		return
	}

	if t.names[name] {
		t.errorf(path, name, summaryUnsupported,
			"Another state already has this name, and Step Functions state names must be unique in the whole state machine. Rename the step.")

		return
	}

	t.names[name] = true
	t.states[name] = state
}

func (t *translator) errorf(path workflow.Path, step, summary, format string, args ...any) {
	t.diags = append(t.diags, workflow.Errorf(path, step, summary, format, args...))
}

func (t *translator) warnf(path workflow.Path, step, format string, args ...any) {
	t.diags = append(t.diags, workflow.Warningf(path, step, summaryApproximate, format, args...))
}
