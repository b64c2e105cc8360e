package expr

import (
	"fmt"
	"strings"
	"unicode/utf8"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
)

// gcpKeywords cannot be written as a plain field name after a dot.
var gcpKeywords = map[string]bool{"and": true, "or": true, "not": true, "in": true, "true": true,
	"false": true, "null": true, "True": true, "False": true, "TRUE": true, "FALSE": true}

var gcpInfix = map[string]string{
	operators.Add: "+", operators.Subtract: "-", operators.Multiply: "*", operators.Modulo: "%",
	operators.Equals: "==", operators.NotEquals: "!=", operators.Less: "<", operators.LessEquals: "<=",
	operators.Greater: ">", operators.GreaterEquals: ">=", operators.LogicalAnd: "and",
	operators.LogicalOr: "or", operators.In: "in",
}

// gcpEmitter writes Google Cloud Workflows expressions. Operands that are themselves operators are
// always parenthesised, because the documented operator precedence is incomplete.
type gcpEmitter struct{ emitter }

func (g *gcpEmitter) emit(node celast.Expr) (string, error) {
	switch node.Kind() {
	case celast.LiteralKind:
		return literalText(node.AsLiteral(), gcpString), nil
	case celast.IdentKind:
		return g.resolve(node.AsIdent()), nil
	case celast.SelectKind:
		return g.selectField(node)
	case celast.ListKind, celast.MapKind:
		return "", g.reject(node, "Workflows expressions have no list or map literals; the target builds "+
			"lists and maps in the YAML structure", "Assign the literal to a variable in its own step first, "+
			"or make it the whole value")
	case celast.CallKind:
		return g.call(node)
	}
	return "", g.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}

// gcpString writes a double-quoted Workflows string.
// NOTE: the escapes other than \" and \\ follow JSON; Google documents no escape list.
func gcpString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteRune('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == utf8.RuneError:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (g *gcpEmitter) operand(node celast.Expr) (string, error) {
	s, err := g.emit(node)
	if err == nil && (isOperatorCall(node) || strings.HasPrefix(s, "-")) {
		s = "(" + s + ")"
	}
	return s, err
}

func (g *gcpEmitter) operands(args []celast.Expr) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		s, err := g.operand(a)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (g *gcpEmitter) selectField(node celast.Expr) (string, error) {
	sel := node.AsSelect()
	operand, err := g.operand(sel.Operand())
	if err != nil {
		return "", err
	}
	name := sel.FieldName()
	if sel.IsTestOnly() {
		return "(" + gcpString(name) + " in " + operand + ")", nil
	}
	if identifierPattern.MatchString(name) && !gcpKeywords[name] {
		return operand + "." + name, nil
	}
	return operand + "[" + gcpString(name) + "]", nil
}

func (g *gcpEmitter) call(node celast.Expr) (string, error) {
	fn := node.AsCall().FunctionName()
	args := callArgs(node)
	switch fn {
	case operators.Divide:
		parts, err := g.operands(args)
		if err != nil {
			return "", err
		}
		if kindOf(g.typeOf(args[0])) == Int {
			// NOTE: relies on int() truncating toward zero, as the gcw-emulator does; Google's reference
			// does not say how int() rounds, and operands beyond 2^53 lose precision in the double quotient.
			return "int(" + parts[0] + " / " + parts[1] + ")", nil
		}
		return parts[0] + " / " + parts[1], nil
	case operators.In:
		if args[1].Kind() == celast.ListKind {
			return g.inLiteral(args[0], args[1].AsList().Elements())
		}
	case operators.Negate:
		s, err := g.operand(args[0])
		if kindOf(g.typeOf(args[0])) == Double {
			return "0.0 - " + s, err
		}
		return "0 - " + s, err
	case operators.LogicalNot:
		s, err := g.operand(args[0])
		return "not " + s, err
	case operators.Conditional:
		return g.conditional(node, args)
	case operators.Index:
		parts, err := g.operands(args)
		if err != nil {
			return "", err
		}
		return parts[0] + "[" + parts[1] + "]", nil
	}
	if op, ok := gcpInfix[fn]; ok {
		parts, err := g.operands(args)
		if err != nil {
			return "", err
		}
		return parts[0] + " " + op + " " + parts[1], nil
	}
	return g.function(node, fn, args)
}

// inLiteral expands `x in [a, b]` into comparisons, because Workflows expressions have no list literals.
func (g *gcpEmitter) inLiteral(x celast.Expr, items []celast.Expr) (string, error) {
	if len(items) == 0 {
		return "false", nil
	}
	left, err := g.operand(x)
	if err != nil {
		return "", err
	}
	var terms []string
	for _, item := range items {
		right, err := g.operand(item)
		if err != nil {
			return "", err
		}
		terms = append(terms, "("+left+" == "+right+")")
	}
	return strings.Join(terms, " or "), nil
}

// conditional lowers `c ? a : b` to if(c, a, b).
// NOTE: if() is a function, so Workflows may evaluate both branches before choosing, and Google's
// reference does not document which. Branches that can fail are therefore rejected.
func (g *gcpEmitter) conditional(node celast.Expr, args []celast.Expr) (string, error) {
	for _, branch := range args[1:] {
		if g.e.canFail(branch) {
			return "", g.reject(node, fmt.Sprintf("`? :` becomes the function if(), which may evaluate "+
				"both branches, and the branch `%s` can fail at run time (a missing key, an index out of "+
				"range, a division by zero or a failed conversion)", g.e.text(branch)),
				"Move the guard into a switch step, or make both branches safe to evaluate")
		}
	}
	parts, err := g.emitAll(args)
	if err != nil {
		return "", err
	}
	return "if(" + strings.Join(parts, ", ") + ")", nil
}

func (g *gcpEmitter) emitAll(args []celast.Expr) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		s, err := g.emit(a)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (g *gcpEmitter) function(node celast.Expr, fn string, args []celast.Expr) (string, error) {
	parts, err := g.emitAll(args)
	if err != nil {
		return "", err
	}
	from := kindOf(g.typeOf(args[0]))
	switch fn {
	case "size":
		return "len(" + parts[0] + ")", nil
	case "string":
		switch from {
		case String:
			return parts[0], nil
		case Bool:
			return "if(" + parts[0] + `, "true", "false")`, nil
		}
		// NOTE: string() of a dynamic double may format it differently from CEL.
		return "string(" + parts[0] + ")", nil
	case "int":
		if from == Int {
			return parts[0], nil
		}
		// NOTE: int() of a string may accept other spellings than CEL's decimal integers.
		return "int(" + parts[0] + ")", nil
	case "double":
		if from == Double {
			return parts[0], nil
		}
		return "double(" + parts[0] + ")", nil
	case "contains":
		// NOTE: text.find_all with an empty substring is assumed to find a match, as CEL's contains("") does.
		return "(len(text.find_all(" + parts[0] + ", " + parts[1] + ")) > 0)", nil
	case "startsWith":
		return "(len(" + parts[0] + ") >= len(" + parts[1] + ") and text.substring(" + parts[0] + ", 0, len(" +
			parts[1] + ")) == " + parts[1] + ")", nil
	case "endsWith":
		return "(len(" + parts[0] + ") >= len(" + parts[1] + ") and text.substring(" + parts[0] + ", len(" +
			parts[0] + ") - len(" + parts[1] + "), len(" + parts[0] + ")) == " + parts[1] + ")", nil
	case "lowerAscii":
		// NOTE: text.to_lower is assumed to also lower non-ASCII letters, which lowerAscii keeps.
		return "text.to_lower(" + parts[0] + ")", nil
	case "upperAscii":
		return "text.to_upper(" + parts[0] + ")", nil
	}
	return "", g.reject(node, "it is outside the portable subset", "Rewrite it with the supported constructs")
}
