package expr

import (
	"fmt"
	"strconv"
	"strings"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
)

// jsonPathTarget names Step Functions in JSONPath mode in error messages.
const jsonPathTarget = "AWS Step Functions in JSONPath mode"

// JSONPathValue is an expression lowered for a JSONPath-mode field: a
// reference path ("$.vars.total"), an intrinsic function call
// ("States.Format('{} items', $.input.count)") or a constant.
type JSONPathValue struct {
	// Text is the path or the intrinsic function call, or empty for a constant.
	Text string

	// Literal is the constant when Text is empty: nil, bool, int64, float64,
	// string, []any or map[string]any.
	Literal any
}

// IsLiteral reports whether v is a constant.
func (v JSONPathValue) IsLiteral() bool { return v.Text == "" }

// IsPath reports whether v is a reference path, which every "*Path" field
// and every Choice rule Variable accepts, unlike an intrinsic function call.
func (v JSONPathValue) IsPath() bool { return strings.HasPrefix(v.Text, "$") }

// JSONPathSpiller computes, in states before the one being built, the parts
// of an expression that a JSONPath field cannot hold inline, and returns the
// path of the state data where it stored each result. Choice rules compare
// paths only, and intrinsic functions have no comparison or condition.
type JSONPathSpiller interface {
	// SpillValue stores the result of an intrinsic function call.
	SpillValue(intrinsic string) string

	// SpillCondition stores true when the Choice rule matches and false
	// otherwise.
	SpillCondition(rule map[string]any) string

	// SpillSelect stores then when the Choice rule matches and otherwise
	// when it does not.
	SpillSelect(rule map[string]any, then, otherwise JSONPathValue) string
}

// JSONPath lowers e for a JSONPath-mode value field (a "key.$" entry of
// Parameters, or a *Path field after spilling). The resolver maps root
// variables to reference paths. It returns an *Error when JSONPath mode
// cannot express e.
func (e *Expr) JSONPath(r Resolver, s JSONPathSpiller) (JSONPathValue, error) {
	j, err := newJSONPathEmitter(e, r, s)
	if err != nil {
		return JSONPathValue{}, err
	}

	return j.value(e.ast.Expr())
}

// ChoiceRule lowers a bool expression to an ASL Choice rule without Next.
func (e *Expr) ChoiceRule(r Resolver, s JSONPathSpiller) (map[string]any, error) {
	j, err := newJSONPathEmitter(e, r, s)
	if err != nil {
		return nil, err
	}

	return j.rule(e.ast.Expr())
}

// IntrinsicArgument writes a value as an argument of an intrinsic function:
// a path or call as it is, a scalar as an intrinsic literal and a list as
// States.Array. Objects have no intrinsic form.
func IntrinsicArgument(v JSONPathValue) (string, error) {
	if !v.IsLiteral() {
		return v.Text, nil
	}

	return intrinsicLiteral(v.Literal)
}

type jsonPathEmitter struct {
	e       *Expr
	resolve Resolver
	spill   JSONPathSpiller

	// guarded counts the &&, || and ? : around the node being lowered. A
	// value computed before the Choice state is computed whatever the other
	// operands are, so it must not fail where CEL would skip it.
	guarded int
}

func newJSONPathEmitter(e *Expr, r Resolver, s JSONPathSpiller) (*jsonPathEmitter, error) {
	if e == nil || e.ast == nil {
		return nil, errorf("cannot emit an expression that was not compiled: call Compile first")
	}

	if r == nil {
		r = func(name string) string { return "$." + name }
	}

	return &jsonPathEmitter{e: e, resolve: r, spill: s}, nil
}

// reject builds the error for a construct that JSONPath mode cannot express.
func (j *jsonPathEmitter) reject(node celast.Expr, reason string) error {
	return errorf("`%s` in %q cannot be translated for %s, because %s", j.e.text(node), j.e.src, jsonPathTarget, reason)
}

func (j *jsonPathEmitter) value(node celast.Expr) (JSONPathValue, error) {
	switch node.Kind() {
	case celast.LiteralKind:
		return j.literal(node)
	case celast.IdentKind:
		return JSONPathValue{Text: j.resolve(node.AsIdent())}, nil
	case celast.SelectKind:
		return j.selectField(node)
	case celast.ListKind:
		return j.listLiteral(node)
	case celast.MapKind:
		return j.mapLiteral(node)
	case celast.CallKind:
		return j.call(node)
	}

	return JSONPathValue{}, j.reject(node, "it is outside the portable subset")
}

func (j *jsonPathEmitter) literal(node celast.Expr) (JSONPathValue, error) {
	switch v := node.AsLiteral().(type) {
	case types.Null:
		return JSONPathValue{}, nil
	case types.Bool:
		return JSONPathValue{Literal: bool(v)}, nil
	case types.Int:
		if v > maxExactInt || v < -maxExactInt {
			return JSONPathValue{}, j.reject(node, "Step Functions numbers are doubles, which hold integers exactly only up to 2^53; use a smaller number, or pass it as a string")
		}

		return JSONPathValue{Literal: int64(v)}, nil
	case types.Double:
		return JSONPathValue{Literal: float64(v)}, nil
	case types.String:
		return JSONPathValue{Literal: string(v)}, nil
	}

	return JSONPathValue{}, j.reject(node, "it is outside the portable subset")
}

// path lowers node to a reference path, storing an intrinsic result in the
// state data first when needed.
func (j *jsonPathEmitter) path(node celast.Expr) (string, error) {
	v, err := j.value(node)
	if err != nil {
		return "", err
	}

	switch {
	case v.IsPath():
		return v.Text, nil
	case v.IsLiteral():
		return "", j.reject(node, "a Choice rule compares a path of the state data, not a constant")
	}

	return j.spillValue(node, v)
}

// spillValue stores an intrinsic result before the Choice state.
func (j *jsonPathEmitter) spillValue(node celast.Expr, v JSONPathValue) (string, error) {
	if v.IsPath() {
		return v.Text, nil
	}

	if j.guarded > 0 && j.e.canFail(node) {
		return "", j.reject(node, "its value is computed before the condition is tested, and it can fail where CEL "+
			"would skip it because of another operand of && || or ? :; test the guard in an outer switch step "+
			"and this condition in a nested one")
	}

	return j.spill.SpillValue(v.Text), nil
}

func (j *jsonPathEmitter) selectField(node celast.Expr) (JSONPathValue, error) {
	sel := node.AsSelect()
	if sel.IsTestOnly() {
		return j.condition(node)
	}

	operand, err := j.path(sel.Operand())
	if err != nil {
		return JSONPathValue{}, err
	}

	field, err := j.fieldPath(node, sel.FieldName())
	if err != nil {
		return JSONPathValue{}, err
	}

	return JSONPathValue{Text: operand + field}, nil
}

// fieldPath writes ".name", or ['name'] for names that are not identifiers.
// asl-validator 4.0.0 accepts an escaped quote inside brackets, but whether
// Step Functions and aws-local-stepfunctions read it alike is not verified,
// so names with a quote, a bracket or a backslash are rejected.
func (j *jsonPathEmitter) fieldPath(node celast.Expr, name string) (string, error) {
	if identifierPattern.MatchString(name) {
		return "." + name, nil
	}

	if name == "" || strings.ContainsAny(name, `'\"[]`) {
		return "", j.reject(node, fmt.Sprintf("the field name %q cannot be written in a JSONPath reference path", name))
	}

	return "['" + name + "']", nil
}

func (j *jsonPathEmitter) listLiteral(node celast.Expr) (JSONPathValue, error) {
	elems := node.AsList().Elements()
	items := make([]JSONPathValue, 0, len(elems))
	constant := make([]any, 0, len(elems))
	allConstant := true

	for _, elem := range elems {
		v, err := j.value(elem)
		if err != nil {
			return JSONPathValue{}, err
		}

		items = append(items, v)
		constant = append(constant, v.Literal)
		allConstant = allConstant && v.IsLiteral()
	}

	if allConstant {
		return JSONPathValue{Literal: constant}, nil
	}

	args := make([]string, 0, len(items))

	for i, v := range items {
		arg, err := IntrinsicArgument(v)
		if err != nil {
			return JSONPathValue{}, j.reject(elems[i], "intrinsic functions have no object literal; write the list in the workflow's own structure, with {{ }} leaves")
		}

		args = append(args, arg)
	}

	return JSONPathValue{Text: "States.Array(" + strings.Join(args, ", ") + ")"}, nil
}

// mapLiteral accepts only constant maps, because intrinsic functions cannot
// build an object. A map with expressions is written as structure with
// {{ }} leaves instead, which the translator turns into a Parameters template.
func (j *jsonPathEmitter) mapLiteral(node celast.Expr) (JSONPathValue, error) {
	out := map[string]any{}

	for _, entry := range node.AsMap().Entries() {
		me := entry.AsMapEntry()

		v, err := j.value(me.Value())
		if err != nil {
			return JSONPathValue{}, err
		}

		if !v.IsLiteral() {
			return JSONPathValue{}, j.reject(node, "intrinsic functions cannot build an object; write the object in the workflow's own structure, with {{ }} leaves")
		}

		out[string(me.Key().AsLiteral().(types.String))] = v.Literal
	}

	return JSONPathValue{Literal: out}, nil
}

func (j *jsonPathEmitter) call(node celast.Expr) (JSONPathValue, error) {
	fn := node.AsCall().FunctionName()
	args := callArgs(node)

	switch fn {
	case operators.Add:
		return j.add(node, args)
	case operators.Subtract:
		return j.subtract(node, args)
	case operators.Multiply, operators.Divide, operators.Modulo, operators.Negate:
		return JSONPathValue{}, j.reject(node, "the only arithmetic intrinsic is States.MathAdd, which adds integers")
	case operators.Conditional:
		return j.conditional(node, args)
	case operators.Index:
		return j.index(node, args)
	case operators.In:
		return j.in(node, args)
	case "size":
		return j.size(node, args[0])
	case "string", "int", "double":
		return j.conversion(node, fn, args[0])
	case "lowerAscii", "upperAscii":
		return JSONPathValue{}, j.reject(node, "no intrinsic function changes the case of a string")
	}

	return j.condition(node)
}

// condition computes a bool expression with a Choice state, because
// intrinsic functions have no comparison or logic.
func (j *jsonPathEmitter) condition(node celast.Expr) (JSONPathValue, error) {
	rule, err := j.rule(node)
	if err != nil {
		return JSONPathValue{}, err
	}

	return JSONPathValue{Text: j.spill.SpillCondition(rule)}, nil
}

// add lowers string concatenation to one States.Format and int addition to
// States.MathAdd. Doubles are rejected, because States.MathAdd rounds its
// arguments to integers.
func (j *jsonPathEmitter) add(node celast.Expr, args []celast.Expr) (JSONPathValue, error) {
	switch kindOf(j.e.typeOf(node)) {
	case String:
		return j.format(node)
	case Int:
		return j.intrinsic("States.MathAdd", args...)
	}

	return JSONPathValue{}, j.reject(node, "States.MathAdd, the only arithmetic intrinsic, rounds its arguments to integers")
}

// subtract lowers a - <int literal> to States.MathAdd(a, -literal). There is
// no intrinsic that negates a value read from a path.
func (j *jsonPathEmitter) subtract(node celast.Expr, args []celast.Expr) (JSONPathValue, error) {
	if kindOf(j.e.typeOf(node)) != Int || args[1].Kind() != celast.LiteralKind {
		return JSONPathValue{}, j.reject(node, "the only arithmetic intrinsic is States.MathAdd, so only an int literal can be subtracted")
	}

	left, err := j.value(args[0])
	if err != nil {
		return JSONPathValue{}, err
	}

	leftArg, err := IntrinsicArgument(left)
	if err != nil {
		return JSONPathValue{}, err
	}

	right := int64(args[1].AsLiteral().(types.Int))

	return JSONPathValue{Text: "States.MathAdd(" + leftArg + ", " + strconv.FormatInt(-right, 10) + ")"}, nil
}

// format flattens a chain of string + into one States.Format call.
func (j *jsonPathEmitter) format(node celast.Expr) (JSONPathValue, error) {
	var template strings.Builder
	var args []string

	for _, term := range j.concatTerms(node) {
		v, err := j.stringTerm(term)
		if err != nil {
			return JSONPathValue{}, err
		}

		if s, ok := v.Literal.(string); ok && v.IsLiteral() {
			if strings.Contains(s, `\`) {
				return JSONPathValue{}, j.reject(term, backslashReason)
			}

			template.WriteString(escapeIntrinsic(s))

			continue
		}

		arg, err := IntrinsicArgument(v)
		if err != nil {
			return JSONPathValue{}, err
		}

		template.WriteString("{}")
		args = append(args, arg)
	}

	if len(args) == 0 {
		return JSONPathValue{Literal: unescapeIntrinsic(template.String())}, nil
	}

	return JSONPathValue{Text: "States.Format('" + template.String() + "', " + strings.Join(args, ", ") + ")"}, nil
}

// stringTerm lowers one operand of a string concatenation. string() of an
// int, bool or dyn value needs no call, because States.Format writes its
// arguments as text.
func (j *jsonPathEmitter) stringTerm(term celast.Expr) (JSONPathValue, error) {
	if term.Kind() == celast.CallKind && term.AsCall().FunctionName() == "string" {
		return j.value(callArgs(term)[0])
	}

	return j.value(term)
}

func (j *jsonPathEmitter) concatTerms(node celast.Expr) []celast.Expr {
	if node.Kind() != celast.CallKind || node.AsCall().FunctionName() != operators.Add ||
		kindOf(j.e.typeOf(node)) != String {
		return []celast.Expr{node}
	}

	args := callArgs(node)

	return append(j.concatTerms(args[0]), j.concatTerms(args[1])...)
}

// intrinsic writes a call of an intrinsic function on the lowered args.
func (j *jsonPathEmitter) intrinsic(name string, args ...celast.Expr) (JSONPathValue, error) {
	texts := make([]string, 0, len(args))

	for _, a := range args {
		v, err := j.value(a)
		if err != nil {
			return JSONPathValue{}, err
		}

		text, err := IntrinsicArgument(v)
		if err != nil {
			return JSONPathValue{}, j.reject(a, "intrinsic functions take no object arguments")
		}

		texts = append(texts, text)
	}

	return JSONPathValue{Text: name + "(" + strings.Join(texts, ", ") + ")"}, nil
}

func (j *jsonPathEmitter) conditional(node celast.Expr, args []celast.Expr) (JSONPathValue, error) {
	rule, err := j.rule(args[0])
	if err != nil {
		return JSONPathValue{}, err
	}

	// The Pass state of each branch reads only its own value, but values
	// that a branch needs computed first are computed on both paths.
	j.guarded++
	defer func() { j.guarded-- }()

	then, err := j.value(args[1])
	if err != nil {
		return JSONPathValue{}, err
	}

	otherwise, err := j.value(args[2])
	if err != nil {
		return JSONPathValue{}, err
	}

	return JSONPathValue{Text: j.spill.SpillSelect(rule, then, otherwise)}, nil
}

// index writes l[<int literal>] and m['<key>'] as paths, and l[i] with a
// computed index as States.ArrayGetItem. Negative literal indexes are
// rejected: CEL fails on them, while JSONPath counts from the end.
func (j *jsonPathEmitter) index(node celast.Expr, args []celast.Expr) (JSONPathValue, error) {
	key := args[1]

	if key.Kind() == celast.LiteralKind {
		operand, err := j.path(args[0])
		if err != nil {
			return JSONPathValue{}, err
		}

		switch k := key.AsLiteral().(type) {
		case types.Int:
			if k < 0 {
				return JSONPathValue{}, j.reject(node, "a negative index fails in CEL but counts from the end in JSONPath")
			}

			return JSONPathValue{Text: operand + "[" + strconv.FormatInt(int64(k), 10) + "]"}, nil
		case types.String:
			field, err := j.fieldPath(node, string(k))
			if err != nil {
				return JSONPathValue{}, err
			}

			return JSONPathValue{Text: operand + field}, nil
		}
	}

	if kindOf(j.e.typeOf(key)) != Int || kindOf(j.e.typeOf(args[0])) == Map || kindOf(j.e.typeOf(args[0])) == Object {
		return JSONPathValue{}, j.reject(node, "a JSONPath reference path takes only literal keys, and States.ArrayGetItem takes only a list and an int index")
	}

	return j.intrinsic("States.ArrayGetItem", args...)
}

// in lowers membership in a list value to States.ArrayContains and every
// other form to a Choice rule.
func (j *jsonPathEmitter) in(node celast.Expr, args []celast.Expr) (JSONPathValue, error) {
	container := j.e.typeOf(args[1])

	if args[1].Kind() != celast.ListKind && kindOf(container) == List && isScalar(container.Elem) {
		return j.intrinsic("States.ArrayContains", args[1], args[0])
	}

	return j.condition(node)
}

func (j *jsonPathEmitter) size(node, arg celast.Expr) (JSONPathValue, error) {
	switch kindOf(j.e.typeOf(arg)) {
	case List, Dyn:
		// NOTE: size() of a dyn string or map fails at run time here, because
		// States.ArrayLength takes arrays only, while CEL returns its size.
		return j.intrinsic("States.ArrayLength", arg)
	}

	return JSONPathValue{}, j.reject(node, "States.ArrayLength, the only size intrinsic, takes a list")
}

func (j *jsonPathEmitter) conversion(node celast.Expr, fn string, arg celast.Expr) (JSONPathValue, error) {
	from := kindOf(j.e.typeOf(arg))

	switch {
	case fn == "string" && from == String, fn == "int" && from == Int,
		fn == "double" && (from == Double || from == Int):
		return j.value(arg)
	case fn == "string" && (from == Int || from == Bool || from == Dyn):
		return j.format(node)
	}

	return JSONPathValue{}, j.reject(node, fmt.Sprintf("no intrinsic function converts a %s with %s()", from, fn))
}

// rule lowers a bool expression to a Choice rule.
func (j *jsonPathEmitter) rule(node celast.Expr) (map[string]any, error) {
	switch node.Kind() {
	case celast.LiteralKind:
		if b, ok := node.AsLiteral().(types.Bool); ok {
			return constantRule(bool(b)), nil
		}
	case celast.SelectKind:
		if node.AsSelect().IsTestOnly() {
			return j.hasRule(node)
		}
	case celast.CallKind:
		if rule, ok, err := j.callRule(node); ok || err != nil {
			return rule, err
		}
	}

	p, err := j.path(node)
	if err != nil {
		return nil, err
	}

	return map[string]any{"Variable": p, "BooleanEquals": true}, nil
}

// constantRule matches always (or never): the root path is always present.
func constantRule(b bool) map[string]any {
	rule := map[string]any{"Variable": "$", "IsPresent": true}
	if b {
		return rule
	}

	return map[string]any{"Not": rule}
}

func (j *jsonPathEmitter) hasRule(node celast.Expr) (map[string]any, error) {
	sel := node.AsSelect()

	operand, err := j.path(sel.Operand())
	if err != nil {
		return nil, err
	}

	field, err := j.fieldPath(node, sel.FieldName())
	if err != nil {
		return nil, err
	}

	return map[string]any{"Variable": operand + field, "IsPresent": true}, nil
}

// callRule lowers the calls that have a Choice rule form. ok is false for
// the others, which are computed as values and compared with true.
func (j *jsonPathEmitter) callRule(node celast.Expr) (rule map[string]any, ok bool, err error) {
	args := callArgs(node)

	switch fn := node.AsCall().FunctionName(); fn {
	case operators.LogicalAnd, operators.LogicalOr:
		rule, err = j.junction(fn, args)
	case operators.LogicalNot:
		rule, err = j.negation(args[0])
	case operators.Conditional:
		rule, err = j.conditionalRule(args)
	case operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals,
		operators.Greater, operators.GreaterEquals:
		rule, err = j.comparison(node, fn, args[0], args[1])
	case operators.In:
		if args[1].Kind() != celast.ListKind && kindOf(j.e.typeOf(args[1])) == List {
			return nil, false, nil
		}

		rule, err = j.inRule(node, args)
	case "contains", "startsWith", "endsWith":
		rule, err = j.matchRule(node, fn, args)
	default:
		return nil, false, nil
	}

	return rule, true, err
}

func (j *jsonPathEmitter) junction(fn string, args []celast.Expr) (map[string]any, error) {
	key := "And"
	if fn == operators.LogicalOr {
		key = "Or"
	}

	var rules []any

	j.guarded++
	defer func() { j.guarded-- }()

	for _, a := range args {
		r, err := j.rule(a)
		if err != nil {
			return nil, err
		}

		// Flatten a && b && c into one And, which reads like the source.
		if nested, ok := r[key].([]any); ok && len(r) == 1 {
			rules = append(rules, nested...)
			continue
		}

		rules = append(rules, r)
	}

	return map[string]any{key: rules}, nil
}

func (j *jsonPathEmitter) negation(arg celast.Expr) (map[string]any, error) {
	r, err := j.rule(arg)
	if err != nil {
		return nil, err
	}

	if inner, ok := r["Not"].(map[string]any); ok && len(r) == 1 {
		return inner, nil
	}

	return map[string]any{"Not": r}, nil
}

// conditionalRule writes c ? a : b for bool a and b as (c and a) or (not c
// and b).
func (j *jsonPathEmitter) conditionalRule(args []celast.Expr) (map[string]any, error) {
	rules := make([]map[string]any, 0, len(args))

	j.guarded++
	defer func() { j.guarded-- }()

	for _, a := range args {
		r, err := j.rule(a)
		if err != nil {
			return nil, err
		}

		rules = append(rules, r)
	}

	return map[string]any{"Or": []any{
		map[string]any{"And": []any{rules[0], rules[1]}},
		map[string]any{"And": []any{map[string]any{"Not": rules[0]}, rules[2]}},
	}}, nil
}

// mirrored gives the operator that holds with the operands swapped.
var mirrored = map[string]string{
	operators.Equals: operators.Equals, operators.NotEquals: operators.NotEquals,
	operators.Less: operators.Greater, operators.LessEquals: operators.GreaterEquals,
	operators.Greater: operators.Less, operators.GreaterEquals: operators.LessEquals,
}

var comparatorSuffix = map[string]string{
	operators.Equals: "Equals", operators.NotEquals: "Equals", operators.Less: "LessThan",
	operators.LessEquals: "LessThanEquals", operators.Greater: "GreaterThan",
	operators.GreaterEquals: "GreaterThanEquals",
}

// comparison lowers a comparison to a Choice comparator: against a literal
// (StringEquals, NumericLessThan, BooleanEquals, IsNull) or against a second
// path (StringEqualsPath, NumericLessThanPath, ...). != is Not of Equals.
func (j *jsonPathEmitter) comparison(node celast.Expr, op string, left, right celast.Expr) (map[string]any, error) {
	leftValue, err := j.value(left)
	if err != nil {
		return nil, err
	}

	rightValue, err := j.value(right)
	if err != nil {
		return nil, err
	}

	if leftValue.IsLiteral() && !rightValue.IsLiteral() {
		left, right = right, left
		leftValue, rightValue = rightValue, leftValue
		op = mirrored[op]
	}

	if leftValue.IsLiteral() {
		return nil, j.reject(node, "a Choice rule compares a path of the state data, and both operands are constants")
	}

	variable, err := j.spillValue(left, leftValue)
	if err != nil {
		return nil, err
	}

	rule := map[string]any{"Variable": variable}

	if rightValue.IsLiteral() {
		if err := j.literalComparator(node, op, rule, rightValue.Literal); err != nil {
			return nil, err
		}
	} else {
		kind := kindOf(j.e.typeOf(left))
		if kind == Dyn {
			kind = kindOf(j.e.typeOf(right))
		}

		prefix, err := j.comparatorPrefix(node, op, kind)
		if err != nil {
			return nil, err
		}

		other, err := j.spillValue(right, rightValue)
		if err != nil {
			return nil, err
		}

		rule[prefix+comparatorSuffix[op]+"Path"] = other
	}

	if op == operators.NotEquals {
		return map[string]any{"Not": rule}, nil
	}

	return rule, nil
}

func (j *jsonPathEmitter) literalComparator(node celast.Expr, op string, rule map[string]any, lit any) error {
	switch lit.(type) {
	case nil:
		if op != operators.Equals && op != operators.NotEquals {
			return j.reject(node, "null cannot be ordered")
		}

		rule["IsNull"] = true

		return nil
	case bool:
		if op != operators.Equals && op != operators.NotEquals {
			return j.reject(node, "bools cannot be ordered")
		}

		rule["BooleanEquals"] = lit

		return nil
	case int64, float64:
		rule["Numeric"+comparatorSuffix[op]] = lit
		return nil
	case string:
		rule["String"+comparatorSuffix[op]] = lit
		return nil
	}

	return j.reject(node, "Choice rules compare scalars only, not lists or maps")
}

func (j *jsonPathEmitter) comparatorPrefix(node celast.Expr, op string, kind Kind) (string, error) {
	switch kind {
	case Int, Double:
		return "Numeric", nil
	case String:
		return "String", nil
	case Bool:
		if op == operators.Equals || op == operators.NotEquals {
			return "Boolean", nil
		}
	}

	return "", j.reject(node, fmt.Sprintf("a Choice rule compares two paths only when their type is a string, number or bool, and here it is %s; declare the type or convert one operand with int(), double() or string()", kind))
}

// inRule lowers x in [a, b] to an Or of equalities and k in m to IsPresent.
func (j *jsonPathEmitter) inRule(node celast.Expr, args []celast.Expr) (map[string]any, error) {
	if args[1].Kind() == celast.ListKind {
		var rules []any

		for _, item := range args[1].AsList().Elements() {
			r, err := j.comparison(node, operators.Equals, args[0], item)
			if err != nil {
				return nil, err
			}

			rules = append(rules, r)
		}

		if len(rules) == 0 {
			return constantRule(false), nil
		}

		return map[string]any{"Or": rules}, nil
	}

	key := args[0]
	if k := kindOf(j.e.typeOf(args[1])); key.Kind() != celast.LiteralKind || (k != Map && k != Object) {
		return nil, j.reject(node, "a JSONPath reference path takes only a literal key; test a computed key in JSONata mode")
	}

	name, ok := key.AsLiteral().(types.String)
	if !ok {
		return nil, j.reject(node, "map keys are strings")
	}

	operand, err := j.path(args[1])
	if err != nil {
		return nil, err
	}

	field, err := j.fieldPath(node, string(name))
	if err != nil {
		return nil, err
	}

	return map[string]any{"Variable": operand + field, "IsPresent": true}, nil
}

// matchRule lowers contains, startsWith and endsWith with a literal argument
// to StringMatches, whose only wildcard is *.
func (j *jsonPathEmitter) matchRule(node celast.Expr, fn string, args []celast.Expr) (map[string]any, error) {
	lit, ok := literalString(args[1])
	if !ok {
		return nil, j.reject(node, "StringMatches takes a constant pattern, so the argument must be a string literal")
	}

	pattern := strings.NewReplacer(`\`, `\\`, `*`, `\*`).Replace(lit)

	switch fn {
	case "contains":
		pattern = "*" + pattern + "*"
	case "startsWith":
		pattern += "*"
	case "endsWith":
		pattern = "*" + pattern
	}

	receiver, err := j.path(args[0])
	if err != nil {
		return nil, err
	}

	// IsString makes the type test explicit, so the rule does not depend on
	// how an executor applies StringMatches to a value that is not a string.
	return map[string]any{"And": []any{
		map[string]any{"Variable": receiver, "IsString": true},
		map[string]any{"Variable": receiver, "StringMatches": pattern},
	}}, nil
}

func literalString(node celast.Expr) (string, bool) {
	if node.Kind() != celast.LiteralKind {
		return "", false
	}

	s, ok := node.AsLiteral().(types.String)

	return string(s), ok
}

// intrinsicLiteral writes a constant as an intrinsic function argument.
func intrinsicLiteral(lit any) (string, error) {
	switch v := lit.(type) {
	case nil:
		return "null", nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return formatDouble(v), nil
	case string:
		if strings.Contains(v, `\`) {
			return "", errorf("the string %q cannot be an intrinsic function argument, because %s", v, backslashReason)
		}

		return "'" + escapeIntrinsic(v) + "'", nil
	case []any:
		items := make([]string, 0, len(v))

		for _, item := range v {
			text, err := intrinsicLiteral(item)
			if err != nil {
				return "", err
			}

			items = append(items, text)
		}

		return "States.Array(" + strings.Join(items, ", ") + ")", nil
	}

	return "", errorf("intrinsic functions take no object arguments")
}

// backslashReason explains why text with a backslash is rejected inside
// intrinsic functions.
const backslashReason = "the intrinsic function grammar escapes a backslash as \\\\, which asl-validator 4.0.0 rejects; " +
	"build the text without a backslash, or keep it a constant value"

// escapeIntrinsic escapes the characters that the intrinsic function
// grammar reserves inside a string literal: ' { and }. Callers reject
// backslashes first.
func escapeIntrinsic(s string) string {
	return strings.NewReplacer(`'`, `\'`, `{`, `\{`, `}`, `\}`).Replace(s)
}

func unescapeIntrinsic(s string) string {
	return strings.NewReplacer(`\'`, `'`, `\{`, `{`, `\}`, `}`).Replace(s)
}
