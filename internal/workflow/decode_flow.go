package workflow

import (
	"maps"
	"slices"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// callbackType is the type of the callback variable inside a notify call.
func callbackType() *expr.Type {
	return expr.ObjectOf(map[string]*expr.Type{
		"url":   expr.StringType,
		"token": expr.StringType,
	})
}

// requiredSteps reads the "steps" list of a block, reporting a missing one.
func (d *decoder) requiredSteps(obj *object) []any {
	raw, ok := obj.list("steps")
	if !ok && !obj.unknown("steps") && !obj.misspelt("steps") {
		d.errorf(obj.path.Key("steps"), obj.step, "Missing required attribute",
			"%s needs a \"steps\" list: the steps to run, in order; an empty list is allowed.", obj.spec.Subject)
	}

	return raw
}

func (d *decoder) parallel(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("parallel"))
	if !ok {
		return nil, sc
	}

	p := &Parallel{Path: path}

	rawBranches, ok := obj.list("branches")
	if (!ok || len(rawBranches) == 0) && !obj.unknown("branches") && !obj.misspelt("branches") {
		d.errorf(path.Key("branches"), step, "Missing parallel branches",
			"\"parallel\" needs a \"branches\" list with at least one branch, each with \"name\" and \"steps\".")
	}

	alwaysFails := false

	for i, rb := range rawBranches {
		b, end := d.branch(rb, path.Key("branches").Index(i), step, sc)
		if b == nil {
			continue
		}

		p.Branches = append(p.Branches, b)
		alwaysFails = alwaysFails || end.terminated
	}

	if policy, ok := obj.str("on_failure", false); ok && policy != "fail_fast" {
		d.errorf(path.Key("on_failure"), step, "Invalid failure policy",
			"\"on_failure\" must be \"fail_fast\" (the first failing branch fails the step), the only policy that all three clouds can honour, got %q. To let the other branches go on after one fails, wrap each branch's steps in a \"try\" with a \"catch\".", policy)
	}

	after := d.stepResult(obj, expr.ListOf(nil), step, sc, &p.Result)
	obj.finish()

	// A branch that always fails fails the whole step.
	if alwaysFails {
		after = after.terminate()
	}

	return p, after
}

func (d *decoder) branch(raw any, path Path, step string, sc *scope) (*Branch, *scope) {
	obj, ok := d.object(raw, path, step, specByName("branch"))
	if !ok {
		return nil, sc
	}

	b := &Branch{Path: path}

	// Branch names share the step namespace, because the targets name the
	// branch's scope or action after it.
	b.Name, _ = obj.str("name", true)
	d.stepName(b.Name, path)

	inner := sc.inBody(nestedOwner(sc, step+"/"+b.Name), "parallel branch")

	var end *scope
	b.Steps, end = d.steps(d.requiredSteps(obj), path.Key("steps"), inner)

	if rawOutput, ok := obj.get("output"); ok {
		b.Output = d.value(rawOutput, path.Key("output"), step, end)
	}

	obj.finish()

	return b, end
}

// stepResult declares the "result" variable of a parallel, for_each or
// await_callback step and returns the scope after the step.
func (d *decoder) stepResult(obj *object, t *expr.Type, step string, sc *scope, result *string) *scope {
	if obj.unknown("result") {
		d.typesUncertain = true
	}

	name, ok := obj.str("result", false)
	if !ok {
		return sc
	}

	declared, ok := d.declareVariable(name, t, obj.path.Key("result"), step, sc)
	if !ok {
		return sc
	}

	*result = name

	return sc.with(name, declared)
}

func (d *decoder) forEach(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("for_each"))
	if !ok {
		return nil, sc
	}

	f := &ForEach{Path: path, MaxConcurrency: 1}
	inner := sc.inBody(nestedOwner(sc, step), "for_each body")
	inner = d.forEachVariables(obj, f, step, sc, inner)

	if n, ok := obj.integer("max_concurrency"); ok {
		if n < 1 || n > 1000000 {
			d.errorf(path.Key("max_concurrency"), step, "Invalid concurrency",
				"\"max_concurrency\" must be between 1 (one item after another) and 1000000, got %d. Each cloud has a lower limit of its own, which the plan reports.", n)
		} else {
			f.MaxConcurrency = int(n)
		}
	}

	var end *scope
	f.Steps, end = d.steps(d.requiredSteps(obj), path.Key("steps"), inner)

	resultType := expr.ListOf(nil)

	if rawOutput, ok := obj.get("output"); ok {
		f.Output = d.value(rawOutput, path.Key("output"), step, end)
		if f.Output != nil && f.Output.Kind == ValueExpr {
			resultType = expr.ListOf(f.Output.Type())
		}
	}

	after := d.stepResult(obj, resultType, step, sc, &f.Result)
	obj.finish()

	return f, after
}

// forEachVariables compiles the items and declares the item and index
// variables, and returns the body's scope with them.
func (d *decoder) forEachVariables(obj *object, f *ForEach, step string, outer, inner *scope) *scope {
	elem := expr.DynType

	if src, ok := obj.str("items", true); ok {
		f.Items = d.compileItems(src, obj.path.Key("items"), step, outer)
		if f.Items != nil && f.Items.Type().Kind == expr.List && f.Items.Type().Elem != nil {
			elem = f.Items.Type().Elem
		}
	}

	if obj.unknown("items") || obj.unknown("as") || obj.unknown("index") {
		d.typesUncertain = true
	}

	if as, ok := obj.str("as", true); ok {
		if t, ok := d.declareLoopVariable(as, elem, obj.path.Key("as"), step, inner); ok {
			f.As = as
			inner = inner.with(as, t)
		}
	}

	if index, ok := obj.str("index", false); ok {
		if index == f.As {
			d.errorf(obj.path.Key("index"), step, "Invalid loop variable",
				"\"index\" and \"as\" both name %q. Give the index its own name, such as \"i\".", index)
		} else if t, ok := d.declareLoopVariable(index, expr.IntType, obj.path.Key("index"), step, inner); ok {
			f.Index = index
			inner = inner.with(index, t)
		}
	}

	return inner
}

// compileItems compiles a bare CEL expression that must be a list.
func (d *decoder) compileItems(src string, path Path, step string, sc *scope) *expr.Expr {
	if d.rejectTemplateBraces(src, path, step) {
		return nil
	}

	e, err := expr.Compile(src, sc.env)
	if err != nil {
		d.typeErrorf(path, step, "Invalid expression", "%s%s", err, d.scopeHint(err, path, sc))
		return nil
	}

	if k := e.Type().Kind; k != expr.List && k != expr.Dyn {
		d.typeErrorf(path, step, "Items are not a list",
			"The items expression %q has type %s, but for_each iterates over a list. Give an expression of type list, such as input.orders.", src, e.Type())

		return nil
	}

	return e
}

func (d *decoder) loop(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("loop"))
	if !ok {
		return nil, sc
	}

	l := &Loop{Path: path}

	if obj.has("while") == obj.has("until") {
		d.errorf(path, step, "Invalid loop",
			"\"loop\" needs exactly one of \"while\" (checked before each iteration) and \"until\" (checked after each iteration), each a bare CEL condition.")
	}

	if n, ok := obj.integer("max_iterations"); ok {
		if n < 1 || n > 1000000 {
			d.errorf(path.Key("max_iterations"), step, "Invalid loop bound",
				"\"max_iterations\" must be between 1 and 1000000, got %d.", n)
		} else {
			l.MaxIterations = int(n)
		}
	} else if !obj.has("max_iterations") && !obj.misspelt("max_iterations") {
		d.errorf(path.Key("max_iterations"), step, "Missing required attribute",
			"\"max_iterations\" is required: the most iterations the loop may run. When the limit is reached and the condition still asks for another iteration, the loop fails with %s.", LoopLimitError)
	}

	if src, ok := obj.str("while", false); ok {
		l.While = d.compileCondition(src, path.Key("while"), step, sc)
	}

	var end *scope
	l.Steps, end = d.steps(d.requiredSteps(obj), path.Key("steps"), sc)

	if src, ok := obj.str("until", false); ok {
		l.Until = d.compileCondition(src, path.Key("until"), step, end)
	}

	obj.finish()

	// A while loop may run zero times, so only the variables set before
	// it are certain afterwards. An until loop runs its steps at least once.
	if obj.has("until") {
		return l, end
	}

	return l, sc
}

func (d *decoder) tryStep(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("try"))
	if !ok {
		return nil, sc
	}

	t := &Try{Path: path}

	collector := &assignmentCollector{owner: sc.owner, names: map[string]bool{}}
	d.tryAssignments = append(d.tryAssignments, collector)

	var end *scope
	t.Steps, end = d.steps(d.requiredSteps(obj), path.Key("steps"), sc)
	d.tryAssignments = d.tryAssignments[:len(d.tryAssignments)-1]

	for _, name := range slices.Sorted(maps.Keys(collector.names)) {
		t.Assigned = append(t.Assigned, TryVariable{
			Name:      name,
			SetBefore: sc.vars[name],
			SetAfter:  !end.terminated && end.vars[name],
		})
	}

	if r, ok := obj.get("retry"); ok {
		t.Retry = d.retry(r, path.Key("retry"), step)
	}

	catchScope := sc
	if obj.has("finally") {
		catchScope = sc.withoutReturn("A return inside a catch of a try with \"finally\" would skip the finally steps on Step Functions. Assign the value to a variable in the catch and return it after the try.")
	}

	ends := []*scope{end}

	if rawCatch, ok := obj.list("catch"); ok {
		var catchEnds []*scope
		t.Catch, catchEnds = d.catches(rawCatch, path.Key("catch"), step, catchScope)
		ends = append(ends, catchEnds...)
	}

	if !obj.has("retry") && !obj.has("catch") && !obj.has("finally") {
		d.errorf(path, step, "Invalid try", "\"try\" needs at least one of \"catch\", \"finally\" and \"retry\"; without them it does nothing. Add one, or move the steps out of the try.")
	}

	after := d.join(sc, ends...)
	after = d.finally(obj, t, step, sc, after)
	obj.finish()

	return t, after
}

// finally decodes the finally steps and returns the scope after the try.
// They run on every path, the uncaught error included, whose assignments
// are undone, so they see only the variables set before the try. Their own
// assignments are in scope after the try.
func (d *decoder) finally(obj *object, t *Try, step string, before, after *scope) *scope {
	rawFinally, ok := obj.list("finally")
	if !ok {
		return after
	}

	var end *scope
	t.Finally, end = d.steps(rawFinally, obj.path.Key("finally"), before)

	if end.terminated {
		return after.terminate()
	}

	for _, name := range slices.Sorted(maps.Keys(end.vars)) {
		if !before.vars[name] && !after.vars[name] {
			after = after.with(name, d.varTypes[name])
		}
	}

	return after
}

func (d *decoder) awaitCallback(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("await_callback"))
	if !ok {
		return nil, sc
	}

	a := &AwaitCallback{Path: path}

	if rawNotify, ok := obj.get("notify"); ok {
		a.Notify = d.notify(rawNotify, path.Key("notify"), step, sc.with(CallbackVariable, callbackType()))
	} else if !obj.unknown("notify") && !obj.misspelt("notify") {
		d.errorf(path.Key("notify"), step, "Missing required attribute",
			"\"notify\" is required: an \"http\" or \"function\" call that hands the callback address to the party that resumes the workflow.")
	}

	if v, ok := obj.seconds("timeout"); ok {
		if v < 1 {
			d.errorf(path.Key("timeout"), step, "Invalid duration", "\"timeout\" must be at least 1 second, got %d.", v)
		}

		a.TimeoutSeconds = v
	} else if !obj.has("timeout") && !obj.misspelt("timeout") {
		d.errorf(path.Key("timeout"), step, "Missing required attribute",
			"\"timeout\" is required: how long to wait for the callback before the step fails with a timeout error, such as \"1h\" or \"7d\" written as \"168h\".")
	}

	after := d.stepResult(obj, expr.DynType, step, sc, &a.Result)
	obj.finish()

	return a, after
}

// notify decodes the call of an await_callback: one HTTP or function call,
// without result, retry or catch, because the step's result is the
// callback's payload.
func (d *decoder) notify(raw any, path Path, step string, sc *scope) *Call {
	obj, ok := d.object(raw, path, step, specByName("notify"))
	if !ok {
		return nil
	}

	c := &Call{Path: path}
	d.callTarget(obj, c, step, sc, []string{"http", "function"})
	obj.finish()

	return c
}
