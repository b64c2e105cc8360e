package gcpworkflows

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// catchLowering holds the generated names for the catches of one call or
// try step.
type catchLowering struct {
	step string

	// raw is the variable that holds the Cloud Workflows error map.
	raw string

	// caught holds the neutral error object {error, message}.
	caught string

	// tags holds the error's tag list, or is empty when no catch tests
	// tags other than through caught.
	tags string

	// handled, when set, is a variable that each catch sets to null before
	// its steps, to record that the error is handled. A try's catches use
	// it, and then the switch does not raise the error again itself.
	handled string
}

// except lowers the neutral catch list of a call. Cloud Workflows catches
// every error in one except block, so the block first computes the neutral
// error object. Then a switch runs the first catch whose error names
// match, and its last condition raises the error again when no catch
// matches.
func (t *translator) except(s *workflow.Step, c *workflow.Call) *yaml.Node {
	t.warnCustomMatchers(s, c.Catch)

	base := variableBase(s.Name)
	l := catchLowering{step: s.Name, raw: t.names.variable(base + "__error")}

	body := mapping()
	entry(body, "as", str(l.raw))
	entry(body, "steps", sequence(t.catchDispatch(&l, c.Catch)...))

	return body
}

// catchDispatch returns the steps that bind the neutral error object and
// run the first matching catch. It allocates l.caught and l.tags when the
// catches need them.
func (t *translator) catchDispatch(l *catchLowering, catches []*workflow.Catch) []*yaml.Node {
	base := variableBase(l.step)

	var steps []*yaml.Node

	if needsErrorObject(catches) {
		l.caught = t.names.variable(base + "__caught")
		assignments := []*yaml.Node{mapping(str(l.caught), l.errorObject())}

		if needsTags(catches) {
			l.tags = t.names.variable(base + "__tags")
			assignments = append(assignments, mapping(str(l.tags), str("${"+tagsOf(l.raw)+"}")))
		}

		steps = append(steps, stepNode(l.step+"__caught", assignBody(assignments...)))
	}

	if matchesAny(catches[0]) {
		return append(steps, t.catchSteps(*l, 0, catches[0]).Content...)
	}

	conditions := t.catchSwitch(*l, catches)
	if n := len(conditions.Content); n > maxSwitchConditions {
		t.errorf(catches[min(maxSwitchConditions, len(catches)-1)].Path, l.step, summaryLimit,
			"The catches become a switch of %d conditions (one per catch, and one that raises the error again), but Cloud Workflows allows at most %d per switch step. Merge catches that run the same steps, or nest a try inside another.",
			n, maxSwitchConditions)
	}

	return append(steps, stepNode(l.step+"__catch", mapping(str("switch"), conditions)))
}

// warnCustomMatchers warns about custom error names in a call's catch.
// Only fail steps raise custom names, and a call on Cloud Workflows fails
// with system errors such as HttpError or TimeoutError, so such a matcher
// never matches there. A Lambda function, by contrast, can fail with a
// named error on Step Functions.
func (t *translator) warnCustomMatchers(s *workflow.Step, catches []*workflow.Catch) {
	for _, c := range catches {
		for i, m := range c.Errors {
			if m.Kind != workflow.ErrorCustom {
				continue
			}

			t.diags = append(t.diags, workflow.Warningf(c.Path.Key("errors").Index(i), s.Name,
				"Catch never matches on Google Cloud Workflows",
				"The catch names the custom error %q, but a call on Cloud Workflows fails only with timeouts, HTTP errors and other system errors, so the name never matches there. If the service reports this error with an HTTP status, add \"http:<status>\" to the catch.",
				m.Name))
		}
	}
}

// needsErrorObject reports whether a catch binds `as` or names errors to
// match, which both read the neutral error object. A lone catch of any
// error without `as` does not.
func needsErrorObject(catches []*workflow.Catch) bool {
	if !matchesAny(catches[0]) {
		return true
	}

	for _, c := range catches {
		if c.As != "" {
			return true
		}
	}

	return false
}

// variableBase turns a step name into the start of a variable name. Step
// names may contain "-", but variable names may not.
func variableBase(step string) string {
	return strings.ReplaceAll(step, "-", "_")
}

// errorObject builds the neutral error object from the raw error. Its
// error field is "timeout" for a TimeoutError tag, "http" for an HttpError
// tag, the name raised by a fail step, or "error" for anything else.
func (l catchLowering) errorObject() *yaml.Node {
	tags := fmt.Sprintf(`default(map.get(%s, "tags"), [])`, l.raw)
	kind := fmt.Sprintf(`${if("TimeoutError" in %s, "timeout", if("HttpError" in %s, "http", default(map.get(%s, "error"), "error")))}`,
		tags, tags, l.raw)

	obj := mapping()
	entry(obj, "error", str(kind))
	entry(obj, "message", str(fmt.Sprintf(`${default(map.get(%s, "message"), "")}`, l.raw)))

	return obj
}

// catchSwitch has one condition per catch, in order, and ends with a
// condition that raises the error again, unless a catch matches any error.
func (t *translator) catchSwitch(l catchLowering, catches []*workflow.Catch) *yaml.Node {
	items := sequence()

	for i, c := range catches {
		item := mapping()
		entry(item, "condition", t.catchCondition(l, c))
		entry(item, "steps", t.catchSteps(l, i, c))
		items.Content = append(items.Content, item)
	}

	if l.handled == "" && !matchesAny(catches[len(catches)-1]) {
		rethrow := mapping()
		entry(rethrow, "condition", boolNode(true))
		entry(rethrow, "raise", str("${"+l.raw+"}"))
		items.Content = append(items.Content, rethrow)
	}

	return items
}

// catchCondition tests the catch's error names. The names timeout, http
// and custom names are compared with the neutral error object's error
// field, several at once with one list, and HTTP statuses with the raw
// status code, so the condition stays short. The other classes test the
// error's tags (see errorTest). A catch that matches any
// error has the condition true. A condition over the Cloud Workflows
// expression limit is rejected, since it cannot be split without repeating
// the catch's steps.
func (t *translator) catchCondition(l catchLowering, c *workflow.Catch) *yaml.Node {
	if matchesAny(c) {
		return boolNode(true)
	}

	var errorNames, statuses, tagTerms []string

	for _, m := range c.Errors {
		switch m.Kind {
		case workflow.ErrorTimeout:
			errorNames = append(errorNames, strconv.Quote("timeout"))
		case workflow.ErrorHTTP:
			if m.Status != 0 {
				statuses = append(statuses, strconv.Itoa(m.Status))
			} else {
				errorNames = append(errorNames, strconv.Quote("http"))
			}
		case workflow.ErrorCustom:
			errorNames = append(errorNames, strconv.Quote(m.Name))
		default:
			tagTerms = append(tagTerms, errorTest(m, l.raw, l.tags))
		}
	}

	var terms []string

	switch len(errorNames) {
	case 0:
	case 1:
		terms = append(terms, l.caught+".error == "+errorNames[0])
	default:
		terms = append(terms, l.caught+".error in ["+strings.Join(errorNames, ", ")+"]")
	}

	// The code is read with map.get, because only an HTTP error has one,
	// and Google's expressions reference does not document whether `and`
	// skips its right operand when the left is false.
	switch len(statuses) {
	case 0:
	case 1:
		terms = append(terms, fmt.Sprintf(`(%s.error == "http" and map.get(%s, "code") == %s)`, l.caught, l.raw, statuses[0]))
	default:
		terms = append(terms, fmt.Sprintf(`(%s.error == "http" and map.get(%s, "code") in [%s])`, l.caught, l.raw, strings.Join(statuses, ", ")))
	}

	terms = append(terms, tagTerms...)
	condition := "${" + strings.Join(terms, " or ") + "}"

	if n := utf8.RuneCountInString(condition); n > maxExpressionLength {
		t.errorf(c.Path.Key("errors"), l.step, summaryLimit,
			"The catch's error names become a condition of %d characters (%s), but Cloud Workflows allows at most %d characters per expression. Use fewer or shorter custom error names in this catch, or a shorter step name, which the generated variable names repeat.",
			n, abbreviate(condition, 60), maxExpressionLength)
	}

	return str(condition)
}

// catchSteps marks the error handled, binds `as` to the neutral error
// object and runs the catch's steps. A catch without either gets a no-op step, since Cloud Workflows
// step lists are never empty.
func (t *translator) catchSteps(l catchLowering, i int, c *workflow.Catch) *yaml.Node {
	name := l.step + "__catch" + strconv.Itoa(i)

	var assignments []*yaml.Node
	if l.handled != "" {
		assignments = append(assignments, mapping(str(l.handled), nullNode()))
	}

	if c.As != "" {
		assignments = append(assignments, mapping(str(c.As), str("${"+l.caught+"}")))
	}

	var nodes []*yaml.Node
	if len(assignments) > 0 {
		nodes = append(nodes, stepNode(name, assignBody(assignments...)))
	}

	nodes = append(nodes, t.stepList(c.Steps)...)

	if len(nodes) == 0 {
		nodes = append(nodes, t.noopStep(name))
	}

	return sequence(nodes...)
}

func matchesAny(c *workflow.Catch) bool {
	for _, m := range c.Errors {
		if m.Kind == workflow.ErrorAny {
			return true
		}
	}

	return false
}
