package gcpworkflows

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// resolveVariable maps a neutral root name to Cloud Workflows text. Both
// `input` (the parameter of main) and workflow variables keep their names.
// Inside a notify call, `callback` is the variable of its await_callback
// step, so that two such steps never assign one variable.
func (t *translator) resolveVariable(name string) string {
	if name == workflow.CallbackVariable && t.callbackVariable != "" {
		return t.callbackVariable
	}

	return name
}

// value renders a neutral value. On failure it records a diagnostic and
// returns null, so the tree stays well-formed until Translate drops it.
func (t *translator) value(v *workflow.Value, step string) *yaml.Node {
	switch v.Kind {
	case workflow.ValueExpr:
		return t.expression(v.Expr, v.Path, step)
	case workflow.ValueList:
		n := sequence()
		for _, item := range v.List {
			n.Content = append(n.Content, t.value(item, step))
		}

		return n
	case workflow.ValueMap:
		n := mapping()
		for _, k := range v.Keys() {
			entry(n, k, t.value(v.Map[k], step))
		}

		return n
	}

	return t.literal(v.Literal, v.Path, step)
}

// literal renders a JSON scalar from the definition.
func (t *translator) literal(lit any, path workflow.Path, step string) *yaml.Node {
	switch l := lit.(type) {
	case nil:
		return nullNode()
	case bool:
		return boolNode(l)
	case int64:
		return intNode(l)
	case float64:
		return floatNode(l)
	case string:
		if strings.Contains(l, "${") {
			return t.quotedLiteral(l, path, step)
		}

		return str(l)
	}

	t.errorf(path, step, summaryFailed, "The literal of Go type %T has no YAML form. This is a bug in the provider; please report it with the workflow.", lit)

	return nullNode()
}

// quotedLiteral renders a literal string that contains "${" as an
// expression that yields the string itself, so Cloud Workflows never reads
// part of it as an expression. The expression compiler quotes string
// constants the same way.
func (t *translator) quotedLiteral(s string, path workflow.Path, step string) *yaml.Node {
	e, err := expr.Compile(strconv.Quote(s), expr.NewEnv())
	if err != nil {
		t.errorf(path, step, summaryFailed, "The string %q has the form of a Cloud Workflows expression and could not be quoted: %s.", s, err)
		return nullNode()
	}

	return t.expression(e, path, step)
}

// expression renders a compiled expression, usually as one `${...}`
// string. A literal list or map becomes a list or map with rendered leaves.
func (t *translator) expression(e *expr.Expr, path workflow.Path, step string) *yaml.Node {
	rendered, err := e.Render(expr.GCPWorkflows, t.resolveVariable)
	if err != nil {
		t.expressionError(e, err, path, step)
		return nullNode()
	}

	return t.rendered(rendered, path, step)
}

func (t *translator) expressionError(e *expr.Expr, err error, path workflow.Path, step string) {
	var exprErr *expr.Error
	if !errors.As(err, &exprErr) {
		t.errorf(path, step, summaryFailed, "The expression %q could not be rendered: %s.", e.Source(), err)
		return
	}

	t.errorf(path, step, summaryExpression,
		"%s Or render this workflow for another cloud (leave \"gcp\" out of the data source's targets, or change the resource's target).", exprErr.Message)
}

// rendered converts the output of Render (strings, numbers, bools, nil,
// []any and map[string]any) to YAML and checks the length of every
// expression in it.
func (t *translator) rendered(v any, path workflow.Path, step string) *yaml.Node {
	switch r := v.(type) {
	case nil:
		return nullNode()
	case bool:
		return boolNode(r)
	case int:
		return intNode(int64(r))
	case int64:
		return intNode(r)
	case float64:
		return floatNode(r)
	case string:
		t.checkExpressionLength(r, path, step)
		return str(r)
	case []any:
		n := sequence()
		for _, item := range r {
			n.Content = append(n.Content, t.rendered(item, path, step))
		}

		return n
	case map[string]any:
		keys := slices.Sorted(maps.Keys(r))

		n := mapping()
		for _, k := range keys {
			entry(n, k, t.rendered(r[k], path, step))
		}

		return n
	}

	t.errorf(path, step, summaryFailed, "The expression compiler returned a value of Go type %T. This is a bug in the provider; please report it with the workflow.", v)

	return nullNode()
}

// condition renders a bool expression as one `${...}` string, wrapped by
// format (for example "not (%s)"), and checks its length.
func (t *translator) condition(e *expr.Expr, format string, path workflow.Path, step string) *yaml.Node {
	text, err := e.Emit(expr.GCPWorkflows, t.resolveVariable)
	if err != nil {
		t.expressionError(e, err, path, step)
		return boolNode(false)
	}

	rendered := "${" + fmt.Sprintf(format, text) + "}"
	t.checkExpressionLength(rendered, path, step)

	return str(rendered)
}

// isExpression reports whether s is one whole `${...}` expression.
func isExpression(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}")
}

func (t *translator) checkExpressionLength(s string, path workflow.Path, step string) {
	if !isExpression(s) {
		return
	}

	n := utf8.RuneCountInString(s)
	if n <= maxExpressionLength {
		return
	}

	t.errorf(path, step, summaryLimit,
		"The expression is %d characters long in Cloud Workflows syntax (%s), but Cloud Workflows allows at most %d characters per expression. Split it into assign steps that compute parts into variables, then combine the variables.",
		n, abbreviate(s, 60), maxExpressionLength)
}

// abbreviate shortens s to limit characters and an ellipsis for a message.
func abbreviate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}

	runes := []rune(s)

	return string(runes[:limit]) + "…"
}
