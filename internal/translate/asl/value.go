package asl

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// executionInput is the JSONata path of the execution input. It works in
// every state, unlike $states.input, which is the input of the current state.
const executionInput = "$states.context.Execution.Input"

// jsonataFunctions lists the functions that a Step Functions JSONata
// expression can call: the built-ins of jsonata 2.0.6 (the version Step
// Functions runs) and the functions that Step Functions adds. A workflow
// variable of the same name would hide the function.
var jsonataFunctions = map[string]bool{
	"abs": true, "append": true, "assert": true, "average": true, "base64decode": true, "base64encode": true,
	"boolean": true, "ceil": true, "clone": true, "contains": true, "count": true, "decodeUrl": true,
	"decodeUrlComponent": true, "distinct": true, "each": true, "encodeUrl": true, "encodeUrlComponent": true,
	"error": true, "eval": true, "exists": true, "filter": true, "floor": true, "formatBase": true,
	"formatInteger": true, "formatNumber": true, "fromMillis": true, "join": true, "keys": true, "length": true,
	"lookup": true, "lowercase": true, "map": true, "match": true, "max": true, "merge": true, "millis": true,
	"min": true, "not": true, "now": true, "number": true, "pad": true, "parseInteger": true, "power": true,
	"random": true, "reduce": true, "replace": true, "reverse": true, "round": true, "shuffle": true,
	"sift": true, "single": true, "sort": true, "split": true, "spread": true, "sqrt": true, "string": true,
	"substring": true, "substringAfter": true, "substringBefore": true, "sum": true, "toMillis": true,
	"trim": true, "type": true, "uppercase": true, "zip": true,
	// Added by Step Functions.
	"hash": true, "parse": true, "partition": true, "range": true, "uuid": true,
}

// variableNames maps every workflow variable to its Step Functions name. A
// name that equals a JSONata function gets "_" appended until it is free.
func variableNames(vars []workflow.Variable) map[string]string {
	inUse := make(map[string]bool, len(vars))
	for _, v := range vars {
		inUse[v.Name] = true
	}

	names := make(map[string]string, len(vars))

	for _, v := range vars {
		name := v.Name
		if jsonataFunctions[name] {
			for inUse[name] || jsonataFunctions[name] {
				name += "_"
			}

			inUse[name] = true
		}

		names[v.Name] = name
	}

	return names
}

// variable returns the Step Functions name of a workflow variable: the
// name that the innermost try block renamed it to, or its own.
func (t *translator) variable(name string) string {
	for i := len(t.frames) - 1; i >= 0; i-- {
		if n, ok := t.frames[i].local[name]; ok {
			return n
		}
	}

	if n, ok := t.variables[name]; ok {
		return n
	}

	return name
}

// resolve maps a root name of an expression to its JSONata text.
func (t *translator) resolve(name string) string {
	if name == "input" {
		return executionInput
	}

	// Step Functions resumes a waiting task by its token only, so the
	// callback's URL is null.
	if name == workflow.CallbackVariable && t.inNotify {
		return `({"url": null, "token": $states.context.Task.Token})`
	}

	return "$" + t.variable(name)
}

// expression compiles e to bare JSONata text. A target rejection becomes an
// error diagnostic at path.
func (t *translator) expression(e *expr.Expr, path workflow.Path, step string) (string, bool) {
	text, err := e.Emit(expr.JSONata, t.resolve)
	if err != nil {
		// The expr errors name the expression, the target and a way out.
		t.errorf(path, step, summaryExpression, "%s.", strings.TrimSuffix(err.Error(), "."))

		return "null", false
	}

	return text, true
}

// template renders v for a field that takes a JSON template (Arguments,
// Assign, Seconds, Cause): literals stay JSON, expressions become
// "{% … %}" strings.
func (t *translator) template(v *workflow.Value, step string) any {
	if v == nil {
		return nil
	}

	switch v.Kind {
	case workflow.ValueExpr:
		text, _ := t.expression(v.Expr, v.Path, step)
		return jsonata(text)
	case workflow.ValueList:
		if hasNestedList(v) {
			return jsonata(t.jsonataOf(v, step))
		}

		out := make([]any, len(v.List))
		for i, item := range v.List {
			out[i] = t.template(item, step)
		}

		return out
	case workflow.ValueMap:
		out := make(map[string]any, len(v.Map))
		for _, k := range v.Keys() {
			out[k] = t.template(v.Map[k], step)
		}

		return out
	}

	if !t.checkLiteral(v, step) {
		return nil
	}

	return templateLiteral(v.Literal)
}

// output renders v for an Output or Arguments field, which takes an object
// template or one JSONata string.
func (t *translator) output(v *workflow.Value, step string) any {
	if v != nil && v.Kind == workflow.ValueMap {
		return t.template(v, step)
	}

	return jsonata(t.jsonataOf(v, step))
}

// jsonataOf renders v as one JSONata expression. JSON literals are JSONata
// literals, so only the expression leaves need compiling.
func (t *translator) jsonataOf(v *workflow.Value, step string) string {
	if v == nil {
		return "null"
	}

	switch v.Kind {
	case workflow.ValueExpr:
		text, _ := t.expression(v.Expr, v.Path, step)
		return text
	case workflow.ValueList:
		items := make([]string, len(v.List))
		for i, item := range v.List {
			items[i] = t.jsonataOf(item, step)
		}

		return "[" + strings.Join(items, ", ") + "]"
	case workflow.ValueMap:
		keys := v.Keys()
		fields := make([]string, len(keys))

		for i, k := range keys {
			fields[i] = jsonLiteral(k) + ": " + t.jsonataOf(v.Map[k], step)
		}

		return "{" + strings.Join(fields, ", ") + "}"
	}

	if !t.checkLiteral(v, step) {
		return "null"
	}

	return jsonLiteral(v.Literal)
}

// checkLiteral rejects the float values that JSON cannot hold. YAML can
// write them (.inf, .nan), JSON and Step Functions cannot.
func (t *translator) checkLiteral(v *workflow.Value, step string) bool {
	f, ok := v.Literal.(float64)
	if !ok || !math.IsInf(f, 0) && !math.IsNaN(f) {
		return true
	}

	t.errorf(v.Path, step, summaryUnsupported,
		"The number %v has no JSON form, so a Step Functions definition cannot hold it. Use a finite number.", f)

	return false
}

// hasNestedList reports whether a list holds a list. asl-validator 4.0.0
// only accepts objects and scalars as items of a template array, so such a
// list is written as one JSONata expression instead.
func hasNestedList(v *workflow.Value) bool {
	for _, item := range v.List {
		if item.Kind == workflow.ValueList {
			return true
		}
	}

	return false
}

// templateLiteral keeps a literal as JSON, except strings that Step
// Functions or asl-validator would not take as plain text. Those become a
// JSONata string literal.
func templateLiteral(lit any) any {
	s, ok := lit.(string)
	if !ok || isPlainString(s) {
		return lit
	}

	return jsonata(jsonLiteral(s))
}

// isPlainString reports whether s can stand in a template as it is. Step
// Functions evaluates a string that starts with "{%" and ends with "%}" as
// JSONata, and asl-validator 4.0.0 rejects empty strings and strings with
// line terminators (its pattern uses "." without the s flag).
func isPlainString(s string) bool {
	return s != "" &&
		!strings.HasPrefix(s, "{%") &&
		!strings.ContainsAny(s, "\n\r\u2028\u2029")
}

// jsonata wraps JSONata text in the delimiters. The spaces inside the
// delimiters are required by asl-validator 4.0.0.
func jsonata(text string) string {
	return "{% " + text + " %}"
}

// jsonLiteral writes a JSON scalar, which is also a JSONata literal.
func jsonLiteral(v any) string {
	var b bytes.Buffer

	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)

	if err := enc.Encode(v); err != nil {
		// Only NaN and infinities fail, and checkLiteral rejects them first.
		return "null"
	}

	// Step Functions finds a JSONata expression by its "{%" and "%}"
	// delimiters, so string literals spell "%" next to a brace as \u0025.
	text := strings.TrimSuffix(b.String(), "\n")
	text = strings.ReplaceAll(text, "{%", `{\u0025`)

	return strings.ReplaceAll(text, "%}", `\u0025}`)
}
