package logicapps

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// inputText is the expression for the execution input: the body of the
// Request trigger.
const inputText = "triggerBody()"

// variableText returns the expression that reads a workflow variable.
func variableText(name string) string {
	return "variables(" + quote(name) + ")"
}

// quote writes a WDL string literal. WDL has no backslash escapes, and a
// quote inside the string is doubled.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// resolver maps root names in expressions to their Logic Apps text.
// overrides maps some variables to other text, such as outputs() of the
// Compose action that keeps a variable's old value, and bindings does the
// same for names bound by the enclosing steps, such as a for_each's item.
func resolver(overrides, bindings map[string]string) expr.Resolver {
	return func(name string) string {
		if text, ok := overrides[name]; ok {
			return text
		}

		if text, ok := bindings[name]; ok {
			return text
		}

		if name == "input" {
			return inputText
		}

		return variableText(name)
	}
}

// valueRenderer renders the Values of one step.
type valueRenderer struct {
	t    *translator
	step *workflow.Step

	// overrides is passed to resolver.
	overrides map[string]string

	// verbatim keeps literal strings as they are, for native action inputs
	// where users write Logic Apps expressions themselves.
	verbatim bool

	failed bool
}

func (t *translator) renderer(s *workflow.Step) *valueRenderer {
	return &valueRenderer{t: t, step: s}
}

// render converts a Value to JSON data whose expression leaves are "@..."
// strings. A nil Value renders as nil. ok is false when an expression has
// no Logic Apps translation; the error is then reported.
func (r *valueRenderer) render(v *workflow.Value) (out any, ok bool) {
	r.failed = false
	out = r.value(v)

	return out, !r.failed
}

func (r *valueRenderer) value(v *workflow.Value) any {
	if v == nil {
		return nil
	}

	switch v.Kind {
	case workflow.ValueExpr:
		return r.expression(v)
	case workflow.ValueList:
		out := make([]any, 0, len(v.List))
		for _, item := range v.List {
			out = append(out, r.value(item))
		}

		return out
	case workflow.ValueMap:
		out := make(map[string]any, len(v.Map))
		for _, k := range v.Keys() {
			out[k] = r.value(v.Map[k])
		}

		return out
	}

	if s, isString := v.Literal.(string); isString && !r.verbatim {
		return literalString(s)
	}

	return v.Literal
}

func (r *valueRenderer) expression(v *workflow.Value) any {
	out, err := v.Expr.Render(expr.LogicApps, resolver(r.overrides, r.t.bindings))
	if err != nil {
		r.fail(v.Path, err)
		return nil
	}

	r.checkLength(out, v.Path)

	return out
}

// condition renders a bare condition, such as a switch case's `when`.
func (r *valueRenderer) condition(e *expr.Expr, path workflow.Path) (string, bool) {
	r.failed = false

	text, err := e.Emit(expr.LogicApps, resolver(r.overrides, r.t.bindings))
	if err != nil {
		r.fail(path, err)
		return "", false
	}

	out := "@" + text
	r.checkLength(out, path)

	return out, !r.failed
}

func (r *valueRenderer) fail(path workflow.Path, err error) {
	r.failed = true

	var exprErr *expr.Error
	if errors.As(err, &exprErr) {
		r.t.errorf(path, r.step.Name, summaryExpression, "%s", exprErr.Message)
		return
	}

	r.t.errorf(path, r.step.Name, summaryExpression, "The expression could not be translated for Azure Logic Apps: %s.", err)
}

// checkLength reports expression strings over the Logic Apps limit of
// 8,192 characters per expression.
func (r *valueRenderer) checkLength(v any, path workflow.Path) {
	switch t := v.(type) {
	case string:
		n := utf8.RuneCountInString(t)
		if n > wdlcheck.MaxExpressionLength && wdlcheck.IsExpression(t) {
			r.failed = true
			r.t.errorf(path, r.step.Name, summaryLimit,
				"The generated Logic Apps expression has %d characters, but Logic Apps allows at most %d characters per expression. Split the computation over several assign steps.",
				n, wdlcheck.MaxExpressionLength)
		}
	case []any:
		for _, item := range t {
			r.checkLength(item, path)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			r.checkLength(t[k], path)
		}
	}
}

// literalString keeps a literal string from being read as an expression:
// Logic Apps evaluates a string that starts with "@" or contains "@{". Such
// a string becomes an expression that returns it, the same form the
// expression compiler uses for string constants.
func literalString(s string) any {
	if !strings.HasPrefix(s, "@") && !strings.Contains(s, "@{") {
		return s
	}

	return "@string(" + quote(s) + ")"
}
