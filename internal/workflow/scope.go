package workflow

import (
	"regexp"
	"sort"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// variableNamePattern accepts names that are CEL identifiers, Step Functions
// variable names and Cloud Workflows variable names at once.
var variableNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// reservedNames cannot be variables: CEL keywords, `input` (the execution
// input), `states` (Step Functions reserves $states) and the Cloud Workflows
// standard library modules and built-in functions, which a variable of the
// same name would hide.
var reservedNames = map[string]bool{
	// CEL
	"as": true, "break": true, "const": true, "continue": true, "else": true, "false": true, "for": true,
	"function": true, "if": true, "import": true, "in": true, "let": true, "loop": true, "namespace": true,
	"null": true, "package": true, "return": true, "true": true, "var": true, "void": true, "while": true,
	// The neutral language and Step Functions.
	"input": true, "states": true,
	// Cloud Workflows expression keywords: a variable named True would read
	// as the boolean, and one named or would not parse.
	"and": true, "or": true, "not": true, "True": true, "False": true, "TRUE": true, "FALSE": true,
	// Cloud Workflows standard library and built-ins.
	"base64": true, "default": true, "double": true, "events": true, "experimental": true, "hash": true,
	"http": true, "int": true, "json": true, "keys": true, "len": true, "list": true, "map": true,
	"math": true, "retry": true, "string": true, "sys": true, "text": true, "time": true, "type": true,
	"uuid": true, "googleapis": true, "main": true,
}

// scope tracks which variables are certainly assigned at a point of the
// workflow. A variable assigned on only some paths (one switch case, say) is
// not in scope after the join, because reading it there could fail.
type scope struct {
	env        *expr.Env
	vars       map[string]bool
	terminated bool
}

func newScope(env *expr.Env) *scope {
	return &scope{env: env, vars: map[string]bool{}}
}

func (s *scope) with(name string, t *expr.Type) *scope {
	vars := make(map[string]bool, len(s.vars)+1)
	for k := range s.vars {
		vars[k] = true
	}

	vars[name] = true

	return &scope{env: s.env.With(name, t), vars: vars, terminated: s.terminated}
}

func (s *scope) terminate() *scope {
	return &scope{env: s.env, vars: s.vars, terminated: true}
}

// join merges the scopes at the end of alternative paths. Paths that ended
// with return or fail do not reach the join and are left out.
func (d *decoder) join(base *scope, paths ...*scope) *scope {
	return d.joinExcluding(base, "", paths...)
}

// joinExcluding is join that also drops one variable, such as a catch's
// `as` variable, which exists only inside the catch steps.
func (d *decoder) joinExcluding(base *scope, exclude string, paths ...*scope) *scope {
	var live []*scope

	for _, p := range paths {
		if !p.terminated {
			live = append(live, p)
		}
	}

	if len(live) == 0 {
		return base.terminate()
	}

	var common []string

	for name := range live[0].vars {
		inAll := true

		for _, p := range live[1:] {
			if !p.vars[name] {
				inAll = false
				break
			}
		}

		if inAll && !base.vars[name] && name != exclude {
			common = append(common, name)
		}
	}

	sort.Strings(common)

	out := base
	for _, name := range common {
		out = out.with(name, d.varTypes[name])
	}

	return out
}

// declareVariable checks a variable name and records its type, and returns
// the type that expressions see for it. A variable keeps one type class for
// the whole workflow, because Logic Apps declares each variable once with a
// fixed type (integer, float, string, boolean, array or object). A
// conflicting assignment is reported, and the variable keeps its first type
// so that later steps do not report it as undeclared as well.
func (d *decoder) declareVariable(name string, t *expr.Type, path Path, step string) (*expr.Type, bool) {
	if !variableNamePattern.MatchString(name) {
		d.errorf(path, step, "Invalid variable name",
			"%q is not a valid variable name. Use a letter or \"_\" followed by letters, digits or \"_\", at most 64 characters.", name)

		return nil, false
	}

	if reservedNames[name] {
		d.errorf(path, step, "Reserved variable name",
			"%q is reserved (a CEL keyword, the execution input, or a name that Step Functions or Cloud Workflows uses). Choose another name, for example %q.", name, name+"_value")

		return nil, false
	}

	prev, seen := d.varTypes[name]
	if !seen {
		d.varTypes[name] = t
		d.varPaths[name] = path
		d.varOrder = append(d.varOrder, name)

		return t, true
	}

	if !compatibleTypes(prev, t) {
		d.typeErrorf(path, step, "Conflicting variable type",
			"Variable %q is assigned a value of type %s here, but it was first assigned a %s at %s. A variable keeps one type class (int, double, string, bool, list or object) across the workflow, because Logic Apps declares variables with a fixed type. Use another variable name, or convert the value so both assignments have the same type.",
			name, t, prev, d.varPaths[name])
	}

	return prev, true
}

// compatibleTypes reports whether two assignments can share a variable: the
// same type, or two values that Logic Apps stores in one variable type. Maps,
// objects of any shape, dynamic values and null are all Logic Apps objects,
// and lists of any element type are arrays.
func compatibleTypes(a, b *expr.Type) bool {
	if a.String() == b.String() {
		return true
	}

	class := func(t *expr.Type) string {
		switch t.Kind {
		case expr.MapType().Kind, expr.ObjectOf(nil).Kind, expr.DynType.Kind, expr.NullType.Kind:
			return "object"
		case expr.ListOf(nil).Kind:
			return "array"
		}

		return t.String()
	}

	return class(a) == class(b)
}

// compileTemplate compiles a string that may hold `{{ expr }}` parts. It
// returns ok true for every string with template parts, also when they fail.
func (d *decoder) compileTemplate(s string, path Path, step string, sc *scope) (*expr.Expr, bool) {
	e, ok, err := expr.CompileTemplate(s, sc.env)
	if err != nil {
		d.typeErrorf(path, step, "Invalid expression", "%s%s", err, scopeHint(err, sc))
		return nil, true
	}

	return e, ok
}

// compileCondition compiles a bare CEL condition that must be a bool.
func (d *decoder) compileCondition(src string, path Path, step string, sc *scope) *expr.Expr {
	e, err := expr.Compile(src, sc.env)
	if err != nil {
		d.typeErrorf(path, step, "Invalid expression", "%s%s", err, scopeHint(err, sc))
		return nil
	}

	if e.Type().Kind != expr.BoolType.Kind {
		d.typeErrorf(path, step, "Condition is not a bool",
			"The condition %q has type %s, but conditions must be bool, because the three clouds treat non-bool values as true or false differently. Compare explicitly, for example `x == true` or `size(x) > 0`.",
			src, e.Type())

		return nil
	}

	return e
}

// scopeHint explains the scope rule when an expression refers to a
// variable that is not in scope, since that is the usual cause.
func scopeHint(err error, _ *scope) string {
	if !strings.Contains(err.Error(), "undeclared reference") {
		return ""
	}

	return " A variable is in scope after the step that sets it. After a switch, or a call with catch, it is in scope only when every path that continues sets it. A catch's \"as\" variable exists only inside that catch's steps."
}
