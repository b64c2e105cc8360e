package expr

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/cel-go/cel"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"
)

// Error is a compile or emit error. Message states what is wrong, in which part of the source, and
// what to do, in sentences that start with a capital letter or a quoted name and end with a full stop,
// because diagnostics show it as their detail.
type Error struct {
	Message string
}

func (e *Error) Error() string { return e.Message }

func errorf(format string, args ...any) *Error {
	return &Error{Message: sentence(fmt.Sprintf(format, args...))}
}

// sentence capitalises the first letter of msg and ends it with a full stop.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}

	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}

	first, size := utf8.DecodeRuneInString(msg)

	return string(unicode.ToUpper(first)) + msg[size:]
}

// Expr is a type-checked expression of the portable subset.
type Expr struct {
	src    string // the text the user wrote: an expression or a template
	celSrc string // the CEL source that ast was compiled from
	ast    *celast.AST
	celEnv *cel.Env // kept with celAST for evaluation in tests and plan-time constant folding
	celAST *cel.Ast
	reg    *objectRegistry
	typ    *Type
	vars   []string
}

// Source returns the text the expression was compiled from.
func (e *Expr) Source() string { return e.src }

// Type returns the static type of the expression.
func (e *Expr) Type() *Type { return e.typ }

// Variables returns the root variables the expression references, sorted.
func (e *Expr) Variables() []string { return append([]string(nil), e.vars...) }

// supportedList is quoted by every "unsupported construct" error.
const supportedList = "literals (null, bool, int, double, string), list and map literals, field and index " +
	"access, + - * / %, comparisons, && || !, ? :, in, has(), size(), string(), int(), double(), " +
	"and the string methods contains, startsWith, endsWith, lowerAscii and upperAscii"

// Compile parses and type-checks a bare CEL expression against env and enforces the portable subset.
// Errors are *Error.
func Compile(src string, env *Env) (*Expr, error) {
	if env == nil {
		env = NewEnv()
	}
	if strings.TrimSpace(src) == "" {
		return nil, errorf("empty expression: write a CEL expression such as input.name")
	}
	celEnv, reg, err := env.celEnv()
	if err != nil {
		return nil, err
	}
	checked, issues := celEnv.Compile(src)
	if issues != nil && issues.Err() != nil {
		return nil, errorf("invalid expression %q: %s. Variables in scope: %s.", src, cleanIssues(issues),
			strings.Join(env.Names(), ", "))
	}
	native := checked.NativeRep()
	e := &Expr{src: src, celSrc: src, ast: native, celEnv: celEnv, celAST: checked, reg: reg,
		typ: reg.neutralType(checked.OutputType())}
	c := &checker{e: e, vars: map[string]bool{}}
	if err := c.check(native.Expr()); err != nil {
		return nil, err
	}
	for name := range c.vars {
		e.vars = append(e.vars, name)
	}
	sort.Strings(e.vars)
	return e, nil
}

// cleanIssues drops cel-go's source excerpt lines, which repeat the source the message already quotes,
// turns "<input>:1:14:" into "at column 14:", and adds what to do for the common kinds of error.
func cleanIssues(issues *cel.Issues) string {
	var parts []string
	for _, line := range strings.Split(issues.Err().Error(), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "ERROR: ") {
			parts = append(parts, cleanIssue(strings.TrimPrefix(trimmed, "ERROR: ")))
		}
	}
	if len(parts) == 0 {
		return issues.Err().Error()
	}
	return strings.Join(parts, "; ") + issueHint(parts)
}

var issuePositionPattern = regexp.MustCompile(`^<input>:\d+:(\d+): `)

func cleanIssue(msg string) string {
	msg = issuePositionPattern.ReplaceAllString(msg, "at column $1: ")
	return strings.ReplaceAll(msg, " (in container '')", "")
}

// issueHint suggests a fix for the kinds of error that users hit most.
func issueHint(parts []string) string {
	joined := strings.Join(parts, " ")
	switch {
	case strings.Contains(joined, "no matching overload"):
		return ". The operand types do not fit this operator or function: CEL never mixes int and double, " +
			"so convert with int() or double(), write double literals with a fraction (1000.0), or build " +
			"strings from strings with string()"
	case strings.Contains(joined, "Syntax error"):
		return ". Check the parentheses, quotes and operators; string literals use single or double quotes"
	}
	return ""
}

// typeOf returns the checked type of a node.
func (e *Expr) typeOf(node celast.Expr) *Type {
	return e.reg.neutralType(e.ast.GetType(node.ID()))
}

// text returns the source text of a node for error messages.
func (e *Expr) text(node celast.Expr) string {
	if s, err := parser.Unparse(node, e.ast.SourceInfo()); err == nil {
		return s
	}
	return e.celSrc
}

// checker enforces the target-independent rules of the portable subset on the checked AST.
type checker struct {
	e    *Expr
	vars map[string]bool
}

func (c *checker) check(node celast.Expr) error {
	switch node.Kind() {
	case celast.LiteralKind:
		return c.checkLiteral(node)
	case celast.IdentKind:
		c.vars[node.AsIdent()] = true
		return nil
	case celast.SelectKind:
		return c.check(node.AsSelect().Operand())
	case celast.ListKind:
		return c.checkAll(node.AsList().Elements())
	case celast.MapKind:
		return c.checkMap(node)
	case celast.CallKind:
		return c.checkCall(node)
	case celast.ComprehensionKind:
		return c.unsupported(node, "macros (all, exists, exists_one, map, filter)")
	case celast.StructKind:
		return c.unsupported(node, "message construction")
	}
	return c.unsupported(node, "this construct")
}

func (c *checker) checkAll(nodes []celast.Expr) error {
	for _, n := range nodes {
		if err := c.check(n); err != nil {
			return err
		}
	}
	return nil
}

func (c *checker) unsupported(node celast.Expr, construct string) error {
	return errorf("unsupported construct in %q: %s in `%s` is outside the portable CEL subset, which "+
		"supports %s", c.e.src, construct, c.e.text(node), supportedList)
}

func (c *checker) checkLiteral(node celast.Expr) error {
	switch node.AsLiteral().(type) {
	case types.Uint:
		return c.unsupported(node, "unsigned integers")
	case types.Bytes:
		return c.unsupported(node, "bytes literals")
	}
	return nil
}

func (c *checker) checkMap(node celast.Expr) error {
	for _, entry := range node.AsMap().Entries() {
		me := entry.AsMapEntry()
		key := me.Key()
		if key.Kind() != celast.LiteralKind || key.AsLiteral().Type() != types.StringType {
			return errorf("invalid map literal in %q: key `%s` must be a string literal, because JSON "+
				"objects and the YAML and JSON structures the targets build have constant string keys",
				c.e.src, c.e.text(key))
		}
		if me.IsOptional() {
			return c.unsupported(node, "optional map entries")
		}
		if err := c.check(me.Value()); err != nil {
			return err
		}
	}
	return nil
}

// supportedFunctions maps each allowed function to whether it is called as a method (receiver.f()).
var supportedFunctions = map[string]bool{
	"contains": true, "startsWith": true, "endsWith": true, "lowerAscii": true, "upperAscii": true,
}

func (c *checker) checkCall(node celast.Expr) error {
	call := node.AsCall()
	fn := call.FunctionName()
	args := call.Args()
	if call.IsMemberFunction() {
		args = append([]celast.Expr{call.Target()}, args...)
	}
	if err := c.checkAll(args); err != nil {
		return err
	}
	switch fn {
	case operators.Add, operators.Subtract, operators.Multiply, operators.Divide, operators.Modulo:
		return c.checkArithmetic(node, args)
	case operators.Negate:
		return c.checkArithmetic(node, args)
	case operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		return c.checkOrdering(node, args)
	case operators.LogicalAnd, operators.LogicalOr, operators.LogicalNot:
		return c.checkBoolOperands(node, args, args)
	case operators.Conditional:
		return c.checkBoolOperands(node, args, args[:1])
	case operators.Equals, operators.NotEquals, operators.Index, operators.In:
		return nil
	case "size":
		return c.checkSize(node, args[0])
	case "string", "int", "double":
		return c.checkConversion(node, fn, args[0])
	}
	if member, ok := supportedFunctions[fn]; ok && member == call.IsMemberFunction() {
		return nil
	}
	return c.unsupported(node, fmt.Sprintf("the function %s()", strings.TrimPrefix(fn, "@")))
}

func (c *checker) checkArithmetic(node celast.Expr, args []celast.Expr) error {
	for i, arg := range args {
		t := c.e.typeOf(arg)
		switch kindOf(t) {
		case Dyn:
			return errorf("unknown operand type in %q: the %s operand `%s` of `%s` is dynamic, so the "+
				"operation cannot be translated (integer and double arithmetic, and string concatenation, "+
				"translate differently). Declare the variable's type, or convert the operand with int(), "+
				"double() or string()", c.e.src, ordinal(i, len(args)), c.e.text(arg), c.e.text(node))
		case List:
			return c.unsupported(node, "list concatenation")
		}
	}
	return nil
}

func (c *checker) checkOrdering(node celast.Expr, args []celast.Expr) error {
	for _, arg := range args {
		switch kindOf(c.e.typeOf(arg)) {
		case Int, Double, String, Dyn:
		default:
			return errorf("unsupported comparison in %q: `%s` orders values of type %s, but only numbers "+
				"and strings can be ordered on every target", c.e.src, c.e.text(node), c.e.typeOf(arg))
		}
	}
	return nil
}

// checkBoolOperands requires statically bool operands: JSONata casts other values to bool
// ("" and 0 are false) where CEL raises an error, so a dynamic operand would change meaning.
func (c *checker) checkBoolOperands(node celast.Expr, args, boolArgs []celast.Expr) error {
	for _, arg := range boolArgs {
		if kindOf(c.e.typeOf(arg)) != Bool {
			return errorf("dynamic condition in %q: `%s` has type %s but must be a bool, because "+
				"JSONata treats values such as \"\" and 0 as false where CEL raises an error. "+
				"Compare it explicitly, for example `%s == true`, or declare its type as bool",
				c.e.src, c.e.text(arg), c.e.typeOf(arg), c.e.text(arg))
		}
	}
	return nil
}

func (c *checker) checkSize(node celast.Expr, arg celast.Expr) error {
	switch kindOf(c.e.typeOf(arg)) {
	case String, List, Map, Dyn:
		return nil
	}
	return c.unsupported(node, "size() of "+c.e.typeOf(arg).String())
}

func (c *checker) checkConversion(node celast.Expr, fn string, arg celast.Expr) error {
	from := kindOf(c.e.typeOf(arg))
	allowed := map[string][]Kind{
		"string": {String, Int, Bool, Dyn},
		"int":    {Int, Double, String, Dyn},
		"double": {Double, Int, String, Dyn},
	}[fn]
	for _, k := range allowed {
		if k == from {
			return nil
		}
	}
	if fn == "string" && from == Double {
		return errorf("unsupported conversion in %q: `%s` converts a double to a string, but each target "+
			"formats doubles differently (CEL writes 1e+06 where JSONata writes 1000000). Convert it to "+
			"an int first with int(), or keep the value a number", c.e.src, c.e.text(node))
	}
	return c.unsupported(node, fmt.Sprintf("%s() of %s", fn, c.e.typeOf(arg)))
}

func ordinal(i, n int) string {
	if n == 1 {
		return "only"
	}
	return []string{"left", "right"}[min(i, 1)]
}
