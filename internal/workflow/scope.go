package workflow

import (
	"fmt"
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
	// The callback address inside an await_callback's notify call.
	CallbackVariable: true,
}

// scope tracks which variables are certainly assigned at a point of the
// workflow. A variable assigned on only some paths (one switch case, say) is
// not in scope after the join, because reading it there could fail.
type scope struct {
	env        *expr.Env
	vars       map[string]bool
	terminated bool

	// owner is the parallel branch or for_each body that the steps run in,
	// empty at the workflow level; see Variable.Owner.
	owner string

	// ownerKind describes owner for messages: "parallel branch" or
	// "for_each body".
	ownerKind string

	// noReturn, when set, explains why a return step is not allowed here.
	noReturn string
}

func newScope(env *expr.Env) *scope {
	return &scope{env: env, vars: map[string]bool{}}
}

// clone copies the scope with its own variable set.
func (s *scope) clone() *scope {
	out := *s
	out.vars = make(map[string]bool, len(s.vars)+1)

	for k := range s.vars {
		out.vars[k] = true
	}

	return &out
}

func (s *scope) with(name string, t *expr.Type) *scope {
	out := s.clone()
	out.env = s.env.With(name, t)
	out.vars[name] = true

	return out
}

func (s *scope) terminate() *scope {
	out := *s
	out.terminated = true

	return &out
}

// inBody returns the scope for the steps of a parallel branch or for_each
// body, which own the variables they assign and cannot end the workflow.
func (s *scope) inBody(owner, kind string) *scope {
	out := s.clone()
	out.owner = owner
	out.ownerKind = kind
	out.noReturn = fmt.Sprintf("A return inside a %s cannot end the workflow on every cloud, because Step Functions ends only the branch or iteration. Set the value through the %s's \"output\" and return it after the step.", kind, kind)

	return out
}

// withoutReturn returns the scope with return steps rejected for reason.
func (s *scope) withoutReturn(reason string) *scope {
	out := s.clone()
	out.noReturn = reason

	return out
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
//
// A variable also belongs to one place: the workflow level, or the one
// parallel branch or for_each body where it is first assigned. Step
// Functions and Cloud Workflows cannot assign an enclosing scope's
// variables from a branch, and Logic Apps variables are global, so two
// branches that run at the same time must not share one.
func (d *decoder) declareVariable(name string, t *expr.Type, path Path, step string, sc *scope) (*expr.Type, bool) {
	if !d.checkVariableName(name, path, step) {
		return nil, false
	}

	if d.loopVars[name] {
		d.errorf(path, step, "Loop variable assigned",
			"%q is the item or index variable of a for_each step, which only the for_each sets. Assign another variable.", name)

		return nil, false
	}

	prev, seen := d.varTypes[name]
	if !seen {
		d.recordVariable(name, t, path, sc.owner)
		d.noteAssignment(name, sc)

		return t, true
	}

	if owner := d.varOwners[name]; owner != sc.owner {
		d.errorf(path, step, "Variable assigned outside its scope", "%s", ownerConflict(name, owner, sc, d.varPaths[name]))

		return nil, false
	}

	d.checkVariableType(name, prev, t, path, step)
	d.noteAssignment(name, sc)

	return prev, true
}

// declareLoopVariable records a for_each item or index variable. The same
// name may serve several for_each steps, but no assignment.
func (d *decoder) declareLoopVariable(name string, t *expr.Type, path Path, step string, sc *scope) (*expr.Type, bool) {
	if !d.checkVariableName(name, path, step) {
		return nil, false
	}

	prev, seen := d.varTypes[name]
	if !seen {
		d.recordVariable(name, t, path, sc.owner)
		d.loopVars[name] = true

		return t, true
	}

	if !d.loopVars[name] {
		d.errorf(path, step, "Variable used as loop variable",
			"%q is already assigned at %s, so it cannot also be the item or index variable of a for_each step. Choose another name.", name, d.varPaths[name])

		return nil, false
	}

	if sc.vars[name] {
		d.errorf(path, step, "Variable used as loop variable",
			"%q is already in scope here, as the item or index variable of an enclosing for_each. Choose another name, so that the inner variable does not hide the outer one.", name)

		return nil, false
	}

	d.checkVariableType(name, prev, t, path, step)

	return prev, true
}

func (d *decoder) checkVariableName(name string, path Path, step string) bool {
	if !variableNamePattern.MatchString(name) {
		d.errorf(path, step, "Invalid variable name",
			"%q is not a valid variable name. Use a letter or \"_\" followed by letters, digits or \"_\", at most 64 characters.", name)

		return false
	}

	if reservedNames[name] {
		d.errorf(path, step, "Reserved variable name",
			"%q is reserved (a CEL keyword, the execution input, the callback of await_callback, or a name that Step Functions or Cloud Workflows uses). Choose another name, for example %q.", name, name+"_value")

		return false
	}

	return true
}

func (d *decoder) recordVariable(name string, t *expr.Type, path Path, owner string) {
	d.varTypes[name] = t
	d.varPaths[name] = path
	d.varOwners[name] = owner
	d.varOrder = append(d.varOrder, name)
}

func (d *decoder) checkVariableType(name string, prev, t *expr.Type, path Path, step string) {
	if !compatibleTypes(prev, t) {
		d.typeErrorf(path, step, "Conflicting variable type",
			"Variable %q is assigned a value of type %s here, but it was first assigned a %s at %s. A variable keeps one type class (int, double, string, bool, list or object) across the workflow, because Logic Apps declares variables with a fixed type. Use another variable name, or convert the value so both assignments have the same type.",
			name, t, prev, d.varPaths[name])
	}
}

// ownerConflict explains why a variable cannot be assigned in scope sc.
func ownerConflict(name, owner string, sc *scope, first Path) string {
	if sc.owner != "" && (owner == "" || strings.HasPrefix(sc.owner, owner+ownerSeparator)) {
		return fmt.Sprintf("The %s %q assigns %q, a variable of the enclosing steps (first assigned at %s). Parallel branches and for_each bodies may read the enclosing steps' variables but not assign them, because their steps run in a scope of their own on Step Functions and Cloud Workflows. Set the value through the %s's \"output\" and read it from the step's \"result\".",
			sc.ownerKind, sc.owner, name, first, sc.ownerKind)
	}

	return fmt.Sprintf("%q belongs to the parallel branch or for_each body %q (first assigned at %s), and a variable assigned there exists only there, so it cannot be assigned here. Use another name: branches that run at the same time cannot share a variable, because Logic Apps variables are global.",
		name, owner, first)
}

// ownerSeparator joins the owners of nested branches and bodies.
const ownerSeparator = " > "

// nestedOwner returns the owner of a branch or body inside scope sc.
func nestedOwner(sc *scope, name string) string {
	if sc.owner == "" {
		return name
	}

	return sc.owner + ownerSeparator + name
}

// noteAssignment records an assignment for every try being decoded whose
// steps run in the same branch or body.
func (d *decoder) noteAssignment(name string, sc *scope) {
	for _, c := range d.tryAssignments {
		if c.owner == sc.owner {
			c.names[name] = true
		}
	}
}

// assignmentCollector gathers the variables that a try's steps assign.
type assignmentCollector struct {
	owner string
	names map[string]bool
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
		d.typeErrorf(path, step, "Invalid expression", "%s%s", err, d.scopeHint(err, path, sc))
		return nil, true
	}

	return e, ok
}

// compileCondition compiles a bare CEL condition that must be a bool.
func (d *decoder) compileCondition(src string, path Path, step string, sc *scope) *expr.Expr {
	if d.rejectTemplateBraces(src, path, step) {
		return nil
	}

	e, err := expr.Compile(src, sc.env)
	if err != nil {
		d.typeErrorf(path, step, "Invalid expression", "%s%s", err, d.scopeHint(err, path, sc))
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

// rejectTemplateBraces reports a bare CEL expression written as a {{ }}
// template, the form that other attributes use, and returns whether it did.
// CEL would otherwise report a syntax error at the braces, which does not
// point at the cause. TemplateBracesPattern, which the JSON Schema shares,
// explains why no valid CEL expression matches.
func (d *decoder) rejectTemplateBraces(src string, path Path, step string) bool {
	if !TemplateBracesPattern.MatchString(src) {
		return false
	}

	trimmed := strings.TrimSpace(src)

	attr := path[len(path)-1].Key
	fix := "Remove the {{ and }}."

	inner := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(trimmed, "{{"), "}}"))
	if strings.HasSuffix(trimmed, "}}") && inner != "" && !strings.Contains(inner, "{{") && !strings.Contains(inner, "}}") {
		fix = fmt.Sprintf("Remove the {{ and }}: write %q.", inner)
	}

	d.errorf(path, step, "Template braces in a bare expression",
		"%q takes a bare CEL expression, not a {{ }} template. %s Only the string values of other attributes, such as \"return\" and the values of \"assign\", embed {{ }} templates.",
		attr, fix)

	return true
}

var (
	undeclaredPattern = regexp.MustCompile(`undeclared reference to '([^']+)'`)
	undefinedPattern  = regexp.MustCompile(`undefined field '([^']+)'`)
)

// scopeHint adds what to do to an expression error: the closest variable
// or field name for a typo, where a variable that is not in scope here was
// assigned, and the scope rule, since that is the usual cause.
func (d *decoder) scopeHint(err error, path Path, sc *scope) string {
	msg := err.Error()

	var b strings.Builder

	for _, m := range undefinedPattern.FindAllStringSubmatch(msg, -1) {
		b.WriteString(suggest(m[1], fieldNames(sc.env)))
	}

	undeclared := undeclaredPattern.FindAllStringSubmatch(msg, -1)
	if len(undeclared) == 0 {
		return b.String()
	}

	onlyMisplaced := true

	for _, m := range undeclared {
		b.WriteString(d.undeclaredHint(m[1], path, sc))

		if _, ok := d.misplaced[m[1]]; !ok {
			onlyMisplaced = false
		}
	}

	// The scope rule would only distract from a misplaced declaration.
	if onlyMisplaced {
		return b.String()
	}

	b.WriteString(" A variable is in scope after the step that sets it. After a switch, or a call with catch, it is in scope only when every path that continues sets it. A catch's \"as\" variable exists only inside that catch's steps.")

	return b.String()
}

// undeclaredHint explains one name that the expression at path reads but
// the scope does not declare.
func (d *decoder) undeclaredHint(name string, path Path, sc *scope) string {
	if name == CallbackVariable {
		return fmt.Sprintf(" %q exists only inside the \"notify\" call of an await_callback step.", name)
	}

	first, ok := d.varPaths[name]
	if !ok {
		if at, misplaced := d.misplaced[name]; misplaced {
			return fmt.Sprintf(" %q is not declared because the %q key that names it, at %s, is misplaced. Moving that key fixes this error too.", name, at[len(at)-1].Key, at)
		}

		return suggest(name, sc.env.Names())
	}

	if d.loopVars[name] {
		return fmt.Sprintf(" %q is the item or index variable of the for_each at %s, which exists only in that for_each's steps and output.", name, first[:len(first)-1])
	}

	if last := first[len(first)-1]; last.Key == "as" && !last.IsIndex {
		return fmt.Sprintf(" %q is the \"as\" variable of the catch at %s and exists only inside that catch's steps.", name, first[:len(first)-1])
	}

	if owner := d.varOwners[name]; owner != "" && owner != sc.owner && !strings.HasPrefix(sc.owner, owner+ownerSeparator) {
		return fmt.Sprintf(" %q belongs to the parallel branch or for_each body %q (first assigned at %s) and exists only there. Pass the value out through \"output\" and read it from the step's \"result\".", name, owner, first)
	}

	return fmt.Sprintf(" %q is first assigned at %s, but it is not certainly set here: only some paths to this expression set it, or it is set after this expression runs.%s", name, first, unsetVariableFix(first, path))
}

// fieldNames collects the declared field names of every object type that
// the variables in scope have, for suggestions on a misspelt field.
func fieldNames(env *expr.Env) []string {
	seen := map[string]bool{}

	var walk func(t *expr.Type, depth int)
	walk = func(t *expr.Type, depth int) {
		if t == nil || depth > 8 {
			return
		}

		for name, f := range t.Fields {
			seen[name] = true
			walk(f, depth+1)
		}

		walk(t.Elem, depth+1)
	}

	for _, name := range env.Names() {
		t, _ := env.Lookup(name)
		walk(t, 0)
	}

	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}

	sort.Strings(names)

	return names
}
