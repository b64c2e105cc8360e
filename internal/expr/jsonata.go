package expr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
)

// jsonataHelpers are lambdas bound in a block around the expression when it uses them. They restore
// CEL's meaning where JSONata's differs:
//   - a missing key or an index out of range yields undefined in JSONata, where CEL raises an error,
//     and undefined then vanishes silently inside arrays, objects and comparisons;
//   - a negative index counts from the end;
//   - $number accepts hexadecimal strings and $floor rounds negative numbers down;
//   - x / 0 and x % 0 yield Infinity or NaN instead of an error;
//   - `in` compares arrays and objects by identity, not by value;
//   - an array constructor splices an element that evaluates to an array, unless the element is
//     itself written as [...];
//   - $length and $count each accept only one of strings and arrays;
//   - $lowercase and $uppercase also change letters outside ASCII;
//   - $string writes numbers with 15 significant digits and other exponent thresholds than CEL.
//
// Helper names start with "__", which Env reserves, so they never shadow a workflow variable.
var jsonataHelpers = map[string]string{
	"get": `function($c, $k) { $type($c) = "array" ? ($type($k) = "number" and $k >= 0 and $k < $count($c) ` +
		`and $k = $floor($k) ? $c[$k] : $error("index out of range: " & $string($k))) : $type($c) = "object" ` +
		`and $type($k) = "string" and $exists($lookup($c, $k)) ? $lookup($c, $k) : ` +
		`$error("no such key: " & $string($k)) }`,
	"has":  `function($o, $k) { $type($o) = "object" and $exists($lookup($o, $k)) }`,
	"elem": `function($v) { $type($v) = "array" ? [[$v]] : $v }`,
	"size": `function($v) { $type($v) = "string" ? $length($v) : $type($v) = "array" ? $count($v) : ` +
		`$type($v) = "object" ? $count($keys($v)) : $error("no such overload: size") }`,
	"str": `function($v) { $type($v) = "string" ? $v : $type($v) = "boolean" ? $string($v) : ` +
		`$type($v) = "number" and $abs($v) < 1e6 and ($v = 0 or $abs($v) >= 0.0001) and ` +
		`$number($string($v)) = $v ? $string($v) : $error("string() of this value is not portable: " & $string($v)) }`,
	"int": `function($v) { $type($v) = "number" ? ($abs($v) < 9223372036854775807 ? ($v >= 0 ? $floor($v) : ` +
		`$ceil($v)) : $error("int overflow")) : $type($v) = "string" and $contains($v, /^-?(0|[1-9][0-9]*)$/) ? ` +
		`$number($v) : $error("type conversion error to int: " & $string($v)) }`,
	"double": `function($v) { $type($v) = "number" ? $v : $type($v) = "string" and ` +
		`$contains($v, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) ? $number($v) : ` +
		`$error("type conversion error to double: " & $string($v)) }`,
	"idiv": `function($a, $b) { $b = 0 ? $error("division by zero") : ($q := $a / $b; $q >= 0 ? $floor($q) : $ceil($q)) }`,
	"mod":  `function($a, $b) { $b = 0 ? $error("modulus by zero") : $a % $b }`,
	"in": `function($x, $c) { $type($c) = "object" ? $x in $keys($c) : $type($c) = "array" ? ` +
		`$reduce($c, function($found, $e) { $found or $e = $x }, false) : $error("no such overload: in") }`,
	"starts": `function($s, $p) { $substring($s, 0, $length($p)) = $p }`,
	"ends":   `function($s, $p) { $length($s) >= $length($p) and $substring($s, $length($s) - $length($p)) = $p }`,
	"lower":  `function($s) { $replace($s, /[A-Z]+/, function($m) { $lowercase($m.match) }) }`,
	"upper":  `function($s) { $replace($s, /[a-z]+/, function($m) { $uppercase($m.match) }) }`,
}

// jsonataKeywords cannot follow a dot as a plain field name.
var jsonataKeywords = map[string]bool{"and": true, "or": true, "in": true, "true": true, "false": true,
	"null": true, "function": true}

type jsonataEmitter struct {
	emitter
	used map[string]bool
}

func newJSONataEmitter(e *Expr, r Resolver) *jsonataEmitter {
	return &jsonataEmitter{emitter: emitter{e: e, target: JSONata, resolve: r}, used: map[string]bool{}}
}

// emitRoot emits the whole expression and binds the helpers it uses. A root that is only a variable
// followed by field names stays a plain path: Step Functions fails the state when a path it evaluates
// yields undefined, which matches CEL's missing-key error.
// NOTE: such a plain path maps over a list met on the way where CEL would fail.
func (j *jsonataEmitter) emitRoot(root celast.Expr) (string, error) {
	if path, ok := j.plainPath(root); ok {
		return path, nil
	}
	body, err := j.emit(root)
	if err != nil {
		return "", err
	}
	if len(j.used) == 0 {
		return body, nil
	}
	names := slices.Sorted(maps.Keys(j.used))
	var b strings.Builder
	b.WriteString("(")
	for _, name := range names {
		b.WriteString("$__" + name + " := " + jsonataHelpers[name] + "; ")
	}
	b.WriteString(body + ")")
	return b.String(), nil
}

func (j *jsonataEmitter) plainPath(node celast.Expr) (string, bool) {
	switch node.Kind() {
	case celast.IdentKind:
		return j.resolve(node.AsIdent()), true
	case celast.SelectKind:
		sel := node.AsSelect()
		name := sel.FieldName()
		if sel.IsTestOnly() || !identifierPattern.MatchString(name) || jsonataKeywords[name] {
			return "", false
		}
		operand, ok := j.plainPath(sel.Operand())
		return operand + "." + name, ok
	}
	return "", false
}

func (j *jsonataEmitter) helper(name string, args ...string) string {
	j.used[name] = true
	return "$__" + name + "(" + strings.Join(args, ", ") + ")"
}

func (j *jsonataEmitter) emit(node celast.Expr) (string, error) {
	switch node.Kind() {
	case celast.LiteralKind:
		return j.literal(node)
	case celast.IdentKind:
		return j.resolve(node.AsIdent()), nil
	case celast.SelectKind:
		return j.selectField(node)
	case celast.ListKind:
		return j.listLiteral(node)
	case celast.MapKind:
		return j.mapLiteral(node)
	case celast.CallKind:
		return j.call(node)
	}
	return "", j.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}

func (j *jsonataEmitter) emitAll(nodes []celast.Expr) ([]string, error) {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		s, err := j.emit(n)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// operand emits node for use next to an operator, in parentheses unless it is atomic.
func (j *jsonataEmitter) operand(node celast.Expr) (string, error) {
	s, err := j.emit(node)
	if err == nil && (isOperatorCall(node) || strings.HasPrefix(s, "-")) {
		s = "(" + s + ")"
	}
	return s, err
}

func (j *jsonataEmitter) literal(node celast.Expr) (string, error) {
	switch v := node.AsLiteral().(type) {
	case types.Null:
		return "null", nil
	case types.Bool:
		return fmt.Sprint(bool(v)), nil
	case types.Int:
		if v > maxExactInt || v < -maxExactInt {
			return "", j.reject(node, "JSONata numbers are doubles, which hold integers exactly only up to 2^53",
				"Use a smaller number, or pass it as a string")
		}
		return fmt.Sprint(int64(v)), nil
	case types.Double:
		return formatDouble(float64(v)), nil
	case types.String:
		return jsonString(string(v)), nil
	}
	return "", j.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}

// jsonString quotes s as a JSON string, which JSONata's double-quoted strings accept unchanged.
// Step Functions finds JSONata expressions by their "{%" and "%}" delimiters, so a "%" next to a
// brace is spelled \u0025, which JSONata decodes back to "%".
func jsonString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	text := strings.TrimSuffix(buf.String(), "\n")
	text = strings.ReplaceAll(text, "{%", `{\u0025`)
	return strings.ReplaceAll(text, "%}", `\u0025}`)
}

// fieldPath appends a field to a path, quoting names that are not plain identifiers with backticks.
func fieldPath(operand, name string) string {
	switch {
	case identifierPattern.MatchString(name) && !jsonataKeywords[name]:
		return operand + "." + name
	case !strings.Contains(name, "`"):
		return operand + ".`" + name + "`"
	}
	return "$lookup(" + operand + ", " + jsonString(name) + ")"
}

func (j *jsonataEmitter) selectField(node celast.Expr) (string, error) {
	sel := node.AsSelect()
	operand, err := j.operand(sel.Operand())
	if err != nil {
		return "", err
	}
	opType := j.typeOf(sel.Operand())
	name := jsonString(sel.FieldName())
	if sel.IsTestOnly() {
		if k := kindOf(opType); k == Map || k == Object {
			return "$exists($lookup(" + operand + ", " + name + "))", nil
		}
		return j.helper("has", operand, name), nil
	}
	if _, declared := opType.Fields[sel.FieldName()]; kindOf(opType) == Object && declared {
		return fieldPath(operand, sel.FieldName()), nil
	}
	return j.helper("get", operand, name), nil
}

// listLiteral keeps list-valued elements nested: JSONata splices an element's array into the result
// unless the element is written as an array constructor, so such elements are wrapped in one.
func (j *jsonataEmitter) listLiteral(node celast.Expr) (string, error) {
	var items []string
	for _, elem := range node.AsList().Elements() {
		s, err := j.emit(elem)
		if err != nil {
			return "", err
		}
		switch {
		case elem.Kind() == celast.ListKind:
		case kindOf(j.typeOf(elem)) == List:
			s = "[" + s + "]"
		case kindOf(j.typeOf(elem)) == Dyn:
			s = j.helper("elem", s)
		}
		items = append(items, s)
	}
	return "[" + strings.Join(items, ", ") + "]", nil
}

func (j *jsonataEmitter) mapLiteral(node celast.Expr) (string, error) {
	var parts []string
	for _, entry := range node.AsMap().Entries() {
		me := entry.AsMapEntry()
		value, err := j.emit(me.Value())
		if err != nil {
			return "", err
		}
		parts = append(parts, jsonString(string(me.Key().AsLiteral().(types.String)))+": "+value)
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

var jsonataInfix = map[string]string{
	operators.Subtract: "-", operators.Multiply: "*", operators.Equals: "=", operators.NotEquals: "!=",
	operators.Less: "<", operators.LessEquals: "<=", operators.Greater: ">", operators.GreaterEquals: ">=",
	operators.LogicalAnd: "and", operators.LogicalOr: "or",
}

func (j *jsonataEmitter) call(node celast.Expr) (string, error) {
	fn := node.AsCall().FunctionName()
	args := callArgs(node)
	if op, ok := jsonataInfix[fn]; ok {
		return j.infix(op, args)
	}
	switch fn {
	case operators.Add:
		if kindOf(j.typeOf(args[0])) == String {
			return j.infix("&", args)
		}
		return j.infix("+", args)
	case operators.Divide:
		if kindOf(j.typeOf(args[0])) == Int {
			return j.helperCall("idiv", args)
		}
		return j.infix("/", args)
	case operators.Modulo:
		return j.helperCall("mod", args)
	case operators.Negate:
		s, err := j.operand(args[0])
		return "-" + s, err
	case operators.LogicalNot:
		s, err := j.emit(args[0])
		return "$not(" + s + ")", err
	case operators.Conditional:
		parts, err := j.operands(args)
		if err != nil {
			return "", err
		}
		return parts[0] + " ? " + parts[1] + " : " + parts[2], nil
	case operators.Index:
		return j.helperCall("get", args)
	case operators.In:
		return j.in(args)
	case "size":
		return j.size(args[0])
	case "string", "int", "double":
		return j.conversion(fn, args[0])
	case "contains":
		return j.functionCall("$contains", args)
	case "startsWith":
		return j.helperCall("starts", args)
	case "endsWith":
		return j.helperCall("ends", args)
	case "lowerAscii":
		return j.helperCall("lower", args)
	case "upperAscii":
		return j.helperCall("upper", args)
	}
	return "", j.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}

func (j *jsonataEmitter) operands(args []celast.Expr) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		s, err := j.operand(a)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (j *jsonataEmitter) infix(op string, args []celast.Expr) (string, error) {
	parts, err := j.operands(args)
	if err != nil {
		return "", err
	}
	return parts[0] + " " + op + " " + parts[1], nil
}

func (j *jsonataEmitter) functionCall(name string, args []celast.Expr) (string, error) {
	parts, err := j.emitAll(args)
	if err != nil {
		return "", err
	}
	return name + "(" + strings.Join(parts, ", ") + ")", nil
}

func (j *jsonataEmitter) helperCall(name string, args []celast.Expr) (string, error) {
	parts, err := j.emitAll(args)
	if err != nil {
		return "", err
	}
	return j.helper(name, parts...), nil
}

func (j *jsonataEmitter) in(args []celast.Expr) (string, error) {
	container := j.typeOf(args[1])
	switch {
	case kindOf(container) == List && isScalar(container.Elem):
		return j.infix("in", args)
	case kindOf(container) == Map || kindOf(container) == Object:
		parts, err := j.emitAll(args)
		if err != nil {
			return "", err
		}
		return "(" + parts[0] + ") in $keys(" + parts[1] + ")", nil
	}
	return j.helperCall("in", args)
}

func (j *jsonataEmitter) size(arg celast.Expr) (string, error) {
	s, err := j.emit(arg)
	if err != nil {
		return "", err
	}
	switch kindOf(j.typeOf(arg)) {
	case String:
		return "$length(" + s + ")", nil
	case List:
		return "$count(" + s + ")", nil
	case Map, Object:
		return "$count($keys(" + s + "))", nil
	}
	return j.helper("size", s), nil
}

func (j *jsonataEmitter) conversion(fn string, arg celast.Expr) (string, error) {
	s, err := j.emit(arg)
	if err != nil {
		return "", err
	}
	from := kindOf(j.typeOf(arg))
	switch {
	case fn == "string" && from == String, fn == "int" && from == Int,
		fn == "double" && (from == Double || from == Int):
		return s, nil
	case fn == "string" && (from == Int || from == Bool):
		return "$string(" + s + ")", nil
	case fn == "string":
		return j.helper("str", s), nil
	}
	return j.helper(fn, s), nil
}
