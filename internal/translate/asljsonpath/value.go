package asljsonpath

import (
	"fmt"
	"math"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// expression lowers e for a value field. A rejection becomes an error
// diagnostic at path that names the expression and suggests JSONata mode.
func (b *stepStates) expression(e *expr.Expr, path workflow.Path) (expr.JSONPathValue, bool) {
	resolver := resolve
	if b.notify {
		resolver = resolveCallback
	}

	v, err := e.JSONPath(resolver, b)
	if err == nil && b.notify {
		v, err = callbackFields(v)
	}

	if err != nil {
		b.expressionError(path, err)
		return expr.JSONPathValue{}, false
	}

	return v, true
}

// taskContext is the context object path of the Task state that waits for
// a callback. The callback variable maps to it, and its fields are then
// rewritten by callbackFields.
const taskContext = "$$.Task"

func resolveCallback(name string) string {
	if name == workflow.CallbackVariable {
		return taskContext
	}

	return resolve(name)
}

// callbackFields rewrites callback.token to the task token of the context
// object, $$.Task.Token, and callback.url, which Step Functions does not
// have, to null. Any other use of the callback object is an error.
func callbackFields(v expr.JSONPathValue) (expr.JSONPathValue, error) {
	if !strings.Contains(v.Text, taskContext) {
		return v, nil
	}

	if v.Text == taskContext+".url" {
		return expr.JSONPathValue{}, nil
	}

	text := strings.ReplaceAll(v.Text, taskContext+".token", taskContext+".Token")
	text = strings.ReplaceAll(text, taskContext+".url", "null")

	if strings.Count(text, taskContext) != strings.Count(text, taskContext+".Token") {
		return v, fmt.Errorf("the callback object can only be read by its fields callback.token and callback.url in JSONPath mode")
	}

	return expr.JSONPathValue{Text: text}, nil
}

// rule lowers a condition to a Choice rule.
func (b *stepStates) rule(e *expr.Expr, path workflow.Path) (map[string]any, bool) {
	rule, err := e.ChoiceRule(resolve, b)
	if err != nil {
		b.expressionError(path, err)
		return nil, false
	}

	return rule, true
}

func (b *stepStates) expressionError(path workflow.Path, err error) {
	b.t.errorf(path, b.step.Name, summaryExpression, "%s.%s", strings.TrimSuffix(err.Error(), "."), useJSONata)
}

// path lowers e to a reference path, storing a computed value first.
func (b *stepStates) path(e *expr.Expr, path workflow.Path) (expr.JSONPathValue, bool) {
	v, ok := b.expression(e, path)
	if !ok || v.IsLiteral() || v.IsPath() {
		return v, ok
	}

	return expr.JSONPathValue{Text: b.SpillValue(v.Text)}, true
}

// field sets parameters[key] to the template of v: constants stay JSON,
// expressions become "key.$" entries and maps nest.
func (b *stepStates) field(parameters map[string]any, key string, v *workflow.Value) {
	if v == nil {
		parameters[key] = nil
		return
	}

	switch v.Kind {
	case workflow.ValueExpr:
		if lowered, ok := b.expression(v.Expr, v.Path); ok {
			setField(parameters, key, lowered)
		}
	case workflow.ValueMap:
		parameters[key] = b.object(v)
	case workflow.ValueList:
		b.list(parameters, key, v)
	default:
		if b.checkLiteral(v) {
			parameters[key] = v.Literal
		}
	}
}

// object renders a map value as a Parameters template.
func (b *stepStates) object(v *workflow.Value) map[string]any {
	out := make(map[string]any, len(v.Map))

	for _, k := range v.Keys() {
		if strings.HasSuffix(k, ".$") {
			b.t.errorf(v.Map[k].Path, b.step.Name, summaryUnsupported,
				"The key %q ends with \".$\", which JSONPath mode reads as a path or intrinsic function instead of a key.%s", k, useJSONata)

			continue
		}

		b.field(out, k, v.Map[k])
	}

	return out
}

// list renders a list: a constant list as JSON, and a list with expressions
// as States.Array, whose object items are first built by their own Pass
// states, because Parameters templates have no arrays with paths.
func (b *stepStates) list(parameters map[string]any, key string, v *workflow.Value) {
	if v.IsConstant() {
		if b.checkConstant(v) {
			parameters[key] = v.ToAny()
		}

		return
	}

	lowered, ok := b.listValue(v)
	if ok {
		setField(parameters, key, lowered)
	}
}

func (b *stepStates) listValue(v *workflow.Value) (expr.JSONPathValue, bool) {
	args := make([]string, 0, len(v.List))

	for _, item := range v.List {
		lowered, ok := b.itemValue(item)
		if !ok {
			return expr.JSONPathValue{}, false
		}

		arg, err := expr.IntrinsicArgument(lowered)
		if err != nil {
			// Constant objects inside a list with expressions.
			lowered = expr.JSONPathValue{Text: b.store(item)}
			arg = lowered.Text
		}

		args = append(args, arg)
	}

	return expr.JSONPathValue{Text: "States.Array(" + strings.Join(args, ", ") + ")"}, true
}

func (b *stepStates) itemValue(item *workflow.Value) (expr.JSONPathValue, bool) {
	switch item.Kind {
	case workflow.ValueExpr:
		return b.expression(item.Expr, item.Path)
	case workflow.ValueMap:
		return expr.JSONPathValue{Text: b.store(item)}, true
	case workflow.ValueList:
		if item.IsConstant() {
			return expr.JSONPathValue{Literal: item.ToAny()}, b.checkConstant(item)
		}

		return b.listValue(item)
	}

	return expr.JSONPathValue{Literal: item.Literal}, b.checkLiteral(item)
}

// store builds v with a Pass state into a temporary field and returns its
// path.
func (b *stepStates) store(v *workflow.Value) string {
	tmp := b.t.tempPath()
	parameters := map[string]any{}
	b.field(parameters, "value", v)

	state := map[string]any{
		"Type":       "Pass",
		"Parameters": parameters,
		"ResultPath": tmp,
	}

	b.add(b.newName(), state, nextOf(state))

	return tmp + ".value"
}

// checkLiteral rejects the float values that JSON cannot hold. YAML can
// write them (.inf, .nan), JSON and Step Functions cannot.
func (b *stepStates) checkLiteral(v *workflow.Value) bool {
	f, ok := v.Literal.(float64)
	if !ok || !math.IsInf(f, 0) && !math.IsNaN(f) {
		return true
	}

	b.t.errorf(v.Path, b.step.Name, summaryUnsupported,
		"The number %v has no JSON form, so a Step Functions definition cannot hold it. Use a finite number.", f)

	return false
}

func (b *stepStates) checkConstant(v *workflow.Value) bool {
	ok := true

	v.Walk(func(item *workflow.Value) {
		if item.Kind == workflow.ValueLiteral && !b.checkLiteral(item) {
			ok = false
		}
	})

	return ok
}
