package expr

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
)

// Target is a workflow dialect that expressions compile to.
type Target int

// Targets.
const (
	JSONata      Target = iota // AWS Step Functions, JSONata 2.0.6 (QueryLanguage JSONata)
	GCPWorkflows               // Google Cloud Workflows ${...}
	LogicApps                  // Azure Logic Apps WDL @functions
)

// String returns the product name of the target, as used in error messages.
func (t Target) String() string {
	switch t {
	case JSONata:
		return "AWS Step Functions"
	case GCPWorkflows:
		return "Google Cloud Workflows"
	case LogicApps:
		return "Azure Logic Apps"
	}
	return "Target(" + strconv.Itoa(int(t)) + ")"
}

// Resolver returns the target text for a root variable. Each translator names variables its own way:
// ASL "$name", GCP "name", Logic Apps "variables('name')" or "triggerBody()".
type Resolver func(name string) string

// Emit renders e for t as bare expression text (no delimiters). It returns an *Error when t cannot
// express e, saying which part, on which target, and a way out.
func (e *Expr) Emit(t Target, r Resolver) (string, error) {
	if e == nil || e.ast == nil {
		return "", errorf("cannot emit an expression that was not compiled: call Compile first")
	}
	if r == nil {
		r = func(name string) string { return name }
	}
	root := e.ast.Expr()
	switch t {
	case JSONata:
		return newJSONataEmitter(e, r).emitRoot(root)
	case GCPWorkflows:
		g := &gcpEmitter{emitter{e: e, target: t, resolve: r}}
		return g.emit(root)
	case LogicApps:
		l := &logicAppsEmitter{emitter{e: e, target: t, resolve: r}}
		return l.emit(root)
	}
	return "", errorf("unknown target %d: use JSONata, GCPWorkflows or LogicApps", int(t))
}

// Render renders e for a value position, wrapped in the target's delimiters: "{% ... %}" (with one
// space inside each delimiter, which asl-validator requires), "${...}" or "@...".
//
// On GCPWorkflows and LogicApps a list or map literal at the root becomes []any or map[string]any
// whose leaves are rendered values, because those targets build structures in YAML or JSON rather than
// inside expressions. Constant leaves, and a constant root, are Go values: string, int64, float64, bool
// or nil. A float64 leaf keeps its double type on Google Cloud Workflows only if the YAML encoder writes
// it with a decimal point. On JSONata the result is always one "{% ... %}" string.
func (e *Expr) Render(t Target, r Resolver) (any, error) {
	if t == JSONata {
		text, err := e.Emit(t, r)
		if err != nil {
			return nil, err
		}
		return "{% " + text + " %}", nil
	}
	if e == nil || e.ast == nil {
		return nil, errorf("cannot render an expression that was not compiled: call Compile first")
	}
	return e.renderValue(e.ast.Expr(), t, r)
}

func (e *Expr) renderValue(node celast.Expr, t Target, r Resolver) (any, error) {
	switch node.Kind() {
	case celast.LiteralKind:
		return constantValue(node.AsLiteral(), t), nil
	case celast.ListKind:
		items := []any{}
		for _, elem := range node.AsList().Elements() {
			v, err := e.renderValue(elem, t, r)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		return items, nil
	case celast.MapKind:
		fields := map[string]any{}
		for _, entry := range node.AsMap().Entries() {
			me := entry.AsMapEntry()
			v, err := e.renderValue(me.Value(), t, r)
			if err != nil {
				return nil, err
			}
			fields[string(me.Key().AsLiteral().(types.String))] = v
		}
		return fields, nil
	}
	sub := &Expr{src: e.src, celSrc: e.celSrc, ast: e.ast, reg: e.reg}
	var text string
	var err error
	switch t {
	case GCPWorkflows:
		text, err = (&gcpEmitter{emitter{e: sub, target: t, resolve: r}}).emit(node)
		text = "${" + text + "}"
	case LogicApps:
		text, err = (&logicAppsEmitter{emitter{e: sub, target: t, resolve: r}}).emit(node)
		text = "@" + text
	default:
		return nil, errorf("unknown target %d: use JSONata, GCPWorkflows or LogicApps", int(t))
	}
	if err != nil {
		return nil, err
	}
	return text, nil
}

// constantValue converts a literal to a Go value. Strings that the target would read as an expression
// are wrapped in one that returns them unchanged.
func constantValue(v any, t Target) any {
	switch lit := v.(type) {
	case types.Null:
		return nil
	case types.Bool:
		return bool(lit)
	case types.Int:
		return int64(lit)
	case types.Double:
		return float64(lit)
	case types.String:
		s := string(lit)
		switch {
		case t == GCPWorkflows && strings.Contains(s, "${"):
			return "${" + gcpString(s) + "}"
		case t == LogicApps && (strings.HasPrefix(s, "@") || strings.Contains(s, "@{")):
			return "@string(" + logicAppsString(s) + ")"
		}
		return s
	}
	return nil
}

// emitter holds what every target's visitor needs.
type emitter struct {
	e       *Expr
	target  Target
	resolve Resolver
}

// reject builds the error for a construct the target cannot express.
func (em *emitter) reject(node celast.Expr, reason, wayOut string) error {
	return errorf("`%s` in %q cannot be translated for %s, because %s. %s.",
		em.e.text(node), em.e.src, em.target, reason, strings.TrimSuffix(wayOut, "."))
}

func (em *emitter) typeOf(node celast.Expr) *Type { return em.e.typeOf(node) }

// callArgs returns the operands of a call with a method receiver first.
func callArgs(node celast.Expr) []celast.Expr {
	call := node.AsCall()
	if call.IsMemberFunction() {
		return append([]celast.Expr{call.Target()}, call.Args()...)
	}
	return call.Args()
}

// isOperatorCall reports whether node prints as an infix or prefix operator on targets that have them.
func isOperatorCall(node celast.Expr) bool {
	if node.Kind() != celast.CallKind {
		return false
	}
	switch node.AsCall().FunctionName() {
	case operators.Add, operators.Subtract, operators.Multiply, operators.Divide, operators.Modulo,
		operators.Negate, operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals,
		operators.Greater, operators.GreaterEquals, operators.LogicalAnd, operators.LogicalOr,
		operators.LogicalNot, operators.Conditional, operators.In:
		return true
	}
	return false
}

// canFail reports whether evaluating node may raise a run-time error. It is conservative: true
// means "maybe". Targets that evaluate every argument of if(), and() or or() use it to decide whether
// a branch that CEL would skip is safe to evaluate anyway.
// NOTE: int overflow, which CEL reports as an error, is not counted.
func (e *Expr) canFail(node celast.Expr) bool {
	switch node.Kind() {
	case celast.LiteralKind, celast.IdentKind:
		return false
	case celast.ListKind:
		return e.anyCanFail(node.AsList().Elements())
	case celast.MapKind:
		for _, entry := range node.AsMap().Entries() {
			if e.canFail(entry.AsMapEntry().Value()) {
				return true
			}
		}
		return false
	case celast.SelectKind:
		sel := node.AsSelect()
		operand := sel.Operand()
		if e.canFail(operand) {
			return true
		}
		opType := e.typeOf(operand)
		if sel.IsTestOnly() {
			return kindOf(opType) != Map && kindOf(opType) != Object
		}
		_, declared := opType.Fields[sel.FieldName()]
		return kindOf(opType) != Object || !declared
	case celast.CallKind:
		return e.callCanFail(node)
	}
	return true
}

func (e *Expr) anyCanFail(nodes []celast.Expr) bool {
	for _, n := range nodes {
		if e.canFail(n) {
			return true
		}
	}
	return false
}

func (e *Expr) callCanFail(node celast.Expr) bool {
	args := callArgs(node)
	if e.anyCanFail(args) {
		return true
	}
	switch node.AsCall().FunctionName() {
	case operators.Divide, operators.Modulo, operators.Index:
		return true
	case operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals, operators.In:
		for _, arg := range args {
			if kindOf(e.typeOf(arg)) == Dyn {
				return true
			}
		}
		return false
	case "size", "string":
		return kindOf(e.typeOf(args[0])) == Dyn
	case "int":
		return kindOf(e.typeOf(args[0])) != Int
	case "double":
		k := kindOf(e.typeOf(args[0]))
		return k == String || k == Dyn
	}
	return false
}

// formatDouble writes a double so that every target reads it back as a double: with a decimal point,
// and in exponent form outside [1e-6, 1e21).
func formatDouble(f float64) string {
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// maxExactInt is the largest integer that an IEEE double, and so JSONata, holds exactly.
const maxExactInt = 1 << 53

// literalText writes a CEL literal for a target whose numbers, bools and null
// read as in JSON, with quote writing the target's string literal.
func literalText(v any, quote func(string) string) string {
	switch lit := v.(type) {
	case types.Bool:
		return fmt.Sprint(bool(lit))
	case types.Int:
		return fmt.Sprint(int64(lit))
	case types.Double:
		return formatDouble(float64(lit))
	case types.String:
		return quote(string(lit))
	}

	return "null"
}
