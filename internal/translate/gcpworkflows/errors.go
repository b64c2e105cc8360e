package gcpworkflows

import (
	"fmt"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// returnSentinel is the error name that a return inside the steps of a try
// with finally raises, so that the finally steps run before the workflow
// ends. User error names start with an upper-case letter, so no fail step
// raises it.
const returnSentinel = "return__"

// errorTags maps each portable error class to the Cloud Workflows tags
// that it matches. Both names of the authentication tag are matched.
// NOTE: sources disagree on the tag (AuthError or AuthenticationError), and
// no deployment has checked which one a failed token request carries.
var errorTags = map[workflow.ErrorKind][]string{
	workflow.ErrorTimeout:    {"TimeoutError"},
	workflow.ErrorConnection: {"ConnectionError", "ConnectionFailedError"},
	workflow.ErrorPermission: {"AuthError", "AuthenticationError"},
	workflow.ErrorExpression: {"TypeError", "KeyError", "IndexError", "ValueError", "ZeroDivisionError"},
}

// errorTest returns a Cloud Workflows bool expression, without `${}`, that
// is true when the raw error in variable raw, whose tag list is in variable
// tags, belongs to the class m. Status codes are read with map.get, so the
// test never depends on `and` skipping its right operand.
func errorTest(m workflow.ErrorMatcher, raw, tags string) string {
	switch m.Kind {
	case workflow.ErrorAny:
		return "true"
	case workflow.ErrorTaskFailed:
		return `not ("TimeoutError" in ` + tags + `)`
	case workflow.ErrorCustom:
		return fmt.Sprintf(`map.get(%s, "error") == %s`, raw, strconv.Quote(m.Name))
	case workflow.ErrorHTTP:
		if m.Status != 0 {
			return fmt.Sprintf(`("HttpError" in %s and map.get(%s, "code") == %d)`, tags, raw, m.Status)
		}

		return `"HttpError" in ` + tags
	case workflow.ErrorPermission:
		return fmt.Sprintf(`(%s or ("HttpError" in %s and map.get(%s, "code") in [401, 403]))`,
			tagTest(errorTags[m.Kind], tags), tags, raw)
	}

	return tagTest(errorTags[m.Kind], tags)
}

// tagTest is true when one of names is in the tag list.
func tagTest(names []string, tags string) string {
	terms := make([]string, len(names))
	for i, n := range names {
		terms[i] = strconv.Quote(n) + " in " + tags
	}

	if len(terms) == 1 {
		return terms[0]
	}

	return "(" + strings.Join(terms, " or ") + ")"
}

// tagsOf is the expression that reads the tag list of a raw error, an
// empty list for an error raised by a fail step.
func tagsOf(raw string) string {
	return fmt.Sprintf(`default(map.get(%s, "tags"), [])`, raw)
}

// isSentinel is the expression that is true when the raw error is the one a
// return inside a try with finally raises.
func isSentinel(raw string) string {
	return fmt.Sprintf(`map.get(%s, "error") == %s`, raw, strconv.Quote(returnSentinel))
}

// filterPredicate returns the name of a retry predicate subworkflow that
// returns true for the errors that matchers select, generating it on
// first use. skipReturn makes it return false for returnSentinel first,
// for a try whose steps return through it. Each matcher is one switch
// condition, so no expression grows with the number of matchers.
func (t *translator) filterPredicate(matchers []workflow.ErrorMatcher, skipReturn bool) string {
	key := fmt.Sprintf("%v|%v", matchers, skipReturn)
	if name, ok := t.predicates[key]; ok {
		return name
	}

	name := t.names.variable("is_retried_error")
	t.predicates[key] = name

	steps := sequence(stepNode("read_tags", assignBody(mapping(str("tags"), str("${"+tagsOf("e")+"}")))))

	if skipReturn {
		item := mapping()
		entry(item, "condition", str("${"+isSentinel("e")+"}"))
		entry(item, "return", boolNode(false))
		steps.Content = append(steps.Content, stepNode("skip_return", mapping(str("switch"), sequence(item))))
	}

	for start := 0; start < len(matchers); start += maxSwitchConditions {
		end := min(start+maxSwitchConditions, len(matchers))

		items := sequence()
		for _, m := range matchers[start:end] {
			item := mapping()
			entry(item, "condition", matcherCondition(m))
			entry(item, "return", boolNode(true))
			items.Content = append(items.Content, item)
		}

		stepName := "check_errors"
		if start > 0 {
			stepName += "_" + strconv.Itoa(start/maxSwitchConditions+1)
		}

		steps.Content = append(steps.Content, stepNode(stepName, mapping(str("switch"), items)))
	}

	steps.Content = append(steps.Content, stepNode("other_error", mapping(str("return"), boolNode(false))))

	body := mapping()
	entry(body, "params", flowSequence(str("e")))
	entry(body, "steps", steps)
	t.subworkflows[name] = body

	return name
}

// matcherCondition is the switch condition of one matcher in a predicate.
func matcherCondition(m workflow.ErrorMatcher) *yaml.Node {
	if m.Kind == workflow.ErrorAny {
		return boolNode(true)
	}

	return str("${" + errorTest(m, "e", "tags") + "}")
}

// needsTags reports whether a catch list tests error tags beyond the
// classes that the neutral error object names (timeout, http and custom
// names).
func needsTags(catches []*workflow.Catch) bool {
	for _, c := range catches {
		for _, m := range c.Errors {
			switch m.Kind {
			case workflow.ErrorConnection, workflow.ErrorPermission, workflow.ErrorTaskFailed, workflow.ErrorExpression:
				return true
			}
		}
	}

	return false
}
