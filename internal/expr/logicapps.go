package expr

import (
	"fmt"
	"strings"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
)

// logicAppsEmitter writes Workflow Definition Language expressions, which have functions but no
// infix operators. Field access uses x['f'], which fails on a missing key as CEL does, and never the
// null-safe x?['f'].
type logicAppsEmitter struct{ emitter }

var logicAppsFunctions = map[string]string{
	operators.Subtract: "sub", operators.Multiply: "mul", operators.Modulo: "mod", operators.Equals: "equals",
	operators.Less: "less", operators.LessEquals: "lessOrEquals", operators.Greater: "greater",
	operators.GreaterEquals: "greaterOrEquals", operators.LogicalNot: "not",
	"lowerAscii": "toLower", "upperAscii": "toUpper",
}

func (l *logicAppsEmitter) emit(node celast.Expr) (string, error) {
	switch node.Kind() {
	case celast.LiteralKind:
		return literalText(node.AsLiteral(), logicAppsString), nil
	case celast.IdentKind:
		return l.resolve(node.AsIdent()), nil
	case celast.SelectKind:
		return l.selectField(node)
	case celast.ListKind:
		return l.listLiteral(node)
	case celast.MapKind:
		return "", l.reject(node, "Logic Apps expressions have no object literal; the target builds objects "+
			"in the JSON structure", "Assign the literal to a variable in its own step first, or make it the "+
			"whole value")
	case celast.CallKind:
		return l.call(node)
	}
	return "", l.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}

// logicAppsString writes a single-quoted WDL string. WDL has no backslash escapes; a quote is doubled.
func logicAppsString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (l *logicAppsEmitter) emitAll(args []celast.Expr) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		s, err := l.emit(a)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (l *logicAppsEmitter) selectField(node celast.Expr) (string, error) {
	sel := node.AsSelect()
	operand, err := l.emit(sel.Operand())
	if err != nil {
		return "", err
	}
	name := logicAppsString(sel.FieldName())
	if sel.IsTestOnly() {
		return "contains(" + operand + ", " + name + ")", nil
	}
	return operand + "[" + name + "]", nil
}

// listLiteral lowers a list inside an expression to createArray(), which the reference documents for
// at least two items of one type.
func (l *logicAppsEmitter) listLiteral(node celast.Expr) (string, error) {
	elems := node.AsList().Elements()
	if len(elems) == 0 {
		return "json('[]')", nil
	}
	elemType := l.typeOf(node).Elem
	if len(elems) < 2 || !isScalar(elemType) {
		return "", l.reject(node, "createArray() needs at least two items of one scalar type",
			"Assign the list to a variable in its own step first, or make it the whole value")
	}
	parts, err := l.emitAll(elems)
	if err != nil {
		return "", err
	}
	return "createArray(" + strings.Join(parts, ", ") + ")", nil
}

func (l *logicAppsEmitter) call(node celast.Expr) (string, error) {
	fn := node.AsCall().FunctionName()
	args := callArgs(node)
	switch fn {
	case operators.Add:
		if kindOf(l.typeOf(args[0])) == String {
			return l.concat(node)
		}
		return l.function("add", args)
	case operators.Divide:
		return l.divide(args)
	case operators.NotEquals:
		s, err := l.function("equals", args)
		return "not(" + s + ")", err
	case operators.Negate:
		s, err := l.emit(args[0])
		return "sub(0, " + s + ")", err
	case operators.LogicalAnd, operators.LogicalOr:
		return l.logical(node, fn, args)
	case operators.Conditional:
		return l.conditional(node, args)
	case operators.Index:
		parts, err := l.emitAll(args)
		if err != nil {
			return "", err
		}
		return parts[0] + "[" + parts[1] + "]", nil
	case operators.In:
		return l.function("contains", []celast.Expr{args[1], args[0]})
	case "size":
		return l.size(node, args[0])
	case "string", "int", "double":
		return l.conversion(fn, args[0])
	case "contains":
		// NOTE: the reference does not say whether contains() compares strings case-sensitively.
		return l.function("contains", args)
	case "startsWith", "endsWith":
		return l.affix(fn, args)
	}
	if name, ok := logicAppsFunctions[fn]; ok {
		return l.function(name, args)
	}
	return "", l.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}

func (l *logicAppsEmitter) function(name string, args []celast.Expr) (string, error) {
	parts, err := l.emitAll(args)
	if err != nil {
		return "", err
	}
	return name + "(" + strings.Join(parts, ", ") + ")", nil
}

// concat flattens a chain of string additions into one concat() call.
func (l *logicAppsEmitter) concat(node celast.Expr) (string, error) {
	var parts []string
	var collect func(n celast.Expr) error
	collect = func(n celast.Expr) error {
		if n.Kind() == celast.CallKind && n.AsCall().FunctionName() == operators.Add &&
			kindOf(l.typeOf(n)) == String {
			for _, arg := range n.AsCall().Args() {
				if err := collect(arg); err != nil {
					return err
				}
			}
			return nil
		}
		s, err := l.emit(n)
		parts = append(parts, s)
		return err
	}
	if err := collect(node); err != nil {
		return "", err
	}
	return "concat(" + strings.Join(parts, ", ") + ")", nil
}

// divide keeps CEL's split between integer and double division: div() of two integers returns an
// integer, so a double operand is forced to float in case its value is whole.
// NOTE: the reference does not say how div() rounds a negative integer quotient; .NET truncates toward zero.
func (l *logicAppsEmitter) divide(args []celast.Expr) (string, error) {
	parts, err := l.emitAll(args)
	if err != nil {
		return "", err
	}
	if kindOf(l.typeOf(args[0])) == Double {
		return "div(float(" + parts[0] + "), " + parts[1] + ")", nil
	}
	return "div(" + parts[0] + ", " + parts[1] + ")", nil
}

// logical lowers && and || to and() and or(). These are functions, so both operands are evaluated;
// CEL skips the right operand when the left one decides, which guards like `has(x.f) && x.f == 1` rely on.
// NOTE: that WDL evaluates every argument of and() and or() is inferred from if(), for which it is reported.
func (l *logicAppsEmitter) logical(node celast.Expr, fn string, args []celast.Expr) (string, error) {
	op, name := "&&", "and"
	if fn == operators.LogicalOr {
		op, name = "||", "or"
	}
	if l.e.canFail(args[1]) {
		return "", l.reject(node, fmt.Sprintf("`%s` becomes the function %s(), which evaluates both operands, "+
			"and the right operand `%s` can fail at run time when the left one already decides the result",
			op, name, l.e.text(args[1])), "Move the guard into a switch step, so that the guarded "+
			"expression runs only when the guard holds")
	}
	return l.function(name, args)
}

// conditional lowers `c ? a : b` to if(c, a, b), which evaluates both branches (reported for Logic Apps
// by a 2017 kloud.com.au article on if() and json(null)).
func (l *logicAppsEmitter) conditional(node celast.Expr, args []celast.Expr) (string, error) {
	for _, branch := range args[1:] {
		if l.e.canFail(branch) {
			return "", l.reject(node, fmt.Sprintf("`? :` becomes the function if(), which evaluates both "+
				"branches, and the branch `%s` can fail at run time (a missing key, an index out of range, "+
				"a division by zero or a failed conversion)", l.e.text(branch)),
				"Move the guard into a switch step, or make both branches safe to evaluate")
		}
	}
	return l.function("if", args)
}

func (l *logicAppsEmitter) size(node, arg celast.Expr) (string, error) {
	if k := kindOf(l.typeOf(arg)); k == Map || k == Object {
		return "", l.reject(node, "length() counts only strings and arrays",
			"Keep the count in a variable, or use a list instead of a map")
	}
	// NOTE: length() of a dynamic value that holds an object is not documented.
	return l.function("length", []celast.Expr{arg})
}

func (l *logicAppsEmitter) conversion(fn string, arg celast.Expr) (string, error) {
	s, err := l.emit(arg)
	if err != nil {
		return "", err
	}
	from := kindOf(l.typeOf(arg))
	switch {
	case fn == "string" && from == String, fn == "int" && from == Int, fn == "double" && from == Double:
		return s, nil
	case fn == "string" && from == Bool:
		// string(true) follows .NET and returns "True"; CEL writes "true".
		return "if(" + s + ", 'true', 'false')", nil
	case fn == "string":
		// NOTE: string() of a dynamic bool or double may differ from CEL ("True", other number formats).
		return "string(" + s + ")", nil
	case fn == "int" && from == Double:
		// Truncates toward zero like CEL: mod() keeps the dividend's sign, so x - mod(x, 1) drops the
		// fraction, and the whole number goes through string() because int() parses only strings.
		// NOTE: relies on .NET formatting whole doubles without a decimal point.
		return "int(string(sub(" + s + ", mod(" + s + ", 1))))", nil
	case fn == "int":
		return "int(" + s + ")", nil
	}
	return "float(" + s + ")", nil
}

// affix lowers startsWith and endsWith without the WDL functions of the same name, which ignore case.
// NOTE: take() and skip() on strings, and skip() clamping at the start, are assumed from the reference.
func (l *logicAppsEmitter) affix(fn string, args []celast.Expr) (string, error) {
	parts, err := l.emitAll(args)
	if err != nil {
		return "", err
	}
	s, p := parts[0], parts[1]
	if fn == "startsWith" {
		return "equals(take(" + s + ", length(" + p + ")), " + p + ")", nil
	}
	return "equals(skip(" + s + ", max(0, sub(length(" + s + "), length(" + p + ")))), " + p + ")", nil
}
