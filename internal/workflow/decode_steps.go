package workflow

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// customErrorPattern keeps custom error names apart from the portable
// lowercase names and from Step Functions' reserved `States.` prefix.
var customErrorPattern = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]{0,63}$`)

func (d *decoder) assign(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.rawObject(raw, path, step, "\"assign\"")
	if !ok {
		return nil, sc
	}

	if len(obj.raw) == 0 {
		d.errorf(path, step, "Empty assign", "\"assign\" needs at least one variable, such as {total: 0}. Remove the step if it sets nothing.")
		return nil, sc
	}

	names := slices.Sorted(maps.Keys(obj.raw))

	a := &Assign{}
	next := sc

	for _, name := range names {
		p := path.Key(name)
		v := d.value(obj.raw[name], p, step, sc)

		if v == nil {
			continue
		}

		d.rejectSameStepReads(v, names, name, p, step)

		if containsUnknownLeaf(v) {
			d.typesUncertain = true
		}

		if t, ok := d.declareVariable(name, v.Type(), p, step, sc); ok {
			next = next.with(name, t)
		}

		a.Assignments = append(a.Assignments, Assignment{Name: name, Value: v, Path: p})
	}

	return a, next
}

// rejectSameStepReads rejects a value that reads a variable the same assign
// step sets: Step Functions evaluates one Assign against the values before
// the state, while Cloud Workflows assigns in order, so the result would
// differ between clouds.
func (d *decoder) rejectSameStepReads(v *Value, names []string, self string, path Path, step string) {
	v.Walk(func(leaf *Value) {
		if leaf.Kind != ValueExpr {
			return
		}

		for _, ref := range leaf.Expr.Variables() {
			if ref == self {
				continue
			}

			for _, n := range names {
				if n == ref {
					d.errorf(path, step, "Variable read in the same assign step",
						"The value reads %q, which this assign step also sets. The clouds disagree on whether it sees the old or the new value, so move the assignment of %q into an earlier step.", ref, ref)
				}
			}
		}
	})
}

func (d *decoder) switchStep(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("switch"))
	if !ok {
		return nil, sc
	}

	sw := &Switch{Path: path}

	rawCases, _ := obj.list("cases")
	if len(rawCases) == 0 && !obj.unknown("cases") && !obj.misspelt("cases") {
		d.errorf(path.Key("cases"), step, "Missing switch cases", "\"switch\" needs a \"cases\" list with at least one case, each with \"when\" and \"steps\".")
	}

	var ends []*scope

	for i, rc := range rawCases {
		c, end := d.switchCase(rc, path.Key("cases").Index(i), step, sc)
		if c != nil {
			sw.Cases = append(sw.Cases, c)
			ends = append(ends, end)
		}
	}

	if rawDefault, ok := obj.list("default"); ok {
		var end *scope
		sw.Default, end = d.steps(rawDefault, path.Key("default"), sc)
		ends = append(ends, end)
	} else {
		ends = append(ends, sc)
	}

	obj.finish()

	return sw, d.join(sc, ends...)
}

func (d *decoder) switchCase(raw any, path Path, step string, sc *scope) (*Case, *scope) {
	obj, ok := d.object(raw, path, step, specByName("switch_case"))
	if !ok {
		return nil, sc
	}

	c := &Case{Path: path}

	if src, ok := obj.str("when", true); ok {
		c.When = d.compileCondition(src, path.Key("when"), step, sc)
	}

	rawSteps, ok := obj.list("steps")
	if !ok && !obj.unknown("steps") && !obj.misspelt("steps") {
		d.errorf(path.Key("steps"), step, "Missing required attribute", "A switch case needs a \"steps\" list: the steps to run when \"when\" holds; an empty list is allowed.")
	}

	var end *scope
	c.Steps, end = d.steps(rawSteps, path.Key("steps"), sc)
	obj.finish()

	return c, end
}

func (d *decoder) wait(raw any, path Path, step string, sc *scope) StepKind {
	obj, ok := d.object(raw, path, step, specByName("wait"))
	if !ok {
		return nil
	}

	w := &Wait{Path: path}

	if rawSec, ok := obj.get("seconds"); ok {
		w.Seconds = d.value(rawSec, path.Key("seconds"), step, sc)
		d.checkWaitSeconds(w.Seconds, step)
	}

	if rawUntil, ok := obj.get("until"); ok {
		w.Until = d.value(rawUntil, path.Key("until"), step, sc)
		d.checkWaitUntil(w.Until, step)
	}

	if obj.has("seconds") == obj.has("until") {
		d.errorf(path, step, "Invalid wait", "\"wait\" needs exactly one of \"seconds\" (a whole number of seconds) and \"until\" (an RFC 3339 timestamp).")
	}

	obj.finish()

	return w
}

func (d *decoder) checkWaitSeconds(v *Value, step string) {
	if v == nil {
		return
	}

	if v.isUnknown() {
		return
	}

	if v.Kind == ValueLiteral {
		n, ok := v.Literal.(int64)
		if !ok || n < 0 {
			d.errorf(v.Path, step, "Invalid wait", "\"seconds\" must be a whole number of seconds, 0 or more, got %s.%s", describe(v.Literal), waitSecondsFix(v.Literal))
		}

		return
	}

	if v.Kind != ValueExpr || v.Expr.Type().Kind != expr.IntType.Kind {
		d.typeErrorf(v.Path, step, "Invalid wait", "\"seconds\" must be a whole number or an expression of type int, got %s. Convert with int().", v.Type())
	}
}

// waitSecondsFix returns what to write in place of an invalid literal of
// wait.seconds. The attribute's name gives its unit, so it takes a number,
// unlike the duration attributes, which also take strings such as "30s".
func waitSecondsFix(lit any) string {
	const generic = " Write a number of seconds such as 30, or a {{ }} expression of type int."

	switch t := lit.(type) {
	case string:
		dur, err := time.ParseDuration(t)
		if err != nil || dur < 0 {
			return generic
		}

		if dur%time.Second != 0 {
			return fmt.Sprintf(" Round %q to whole seconds and write the number.", t)
		}

		return fmt.Sprintf(" Write %d in place of %q: \"seconds\" takes a number, and only \"timeout\", \"initial_interval\" and \"max_interval\" take duration strings.", dur/time.Second, t)
	case float64:
		if t >= 0 {
			return fmt.Sprintf(" Round it to whole seconds, such as %d.", int64(math.Round(t)))
		}
	}

	return generic
}

func (d *decoder) checkWaitUntil(v *Value, step string) {
	if v == nil {
		return
	}

	if v.isUnknown() {
		return
	}

	if v.Kind == ValueLiteral {
		// time.Parse also accepts forms that RFC 3339 does not, such as a
		// one-digit hour, so the string must match TimestampPattern too.
		s, ok := v.Literal.(string)
		if _, err := time.Parse(time.RFC3339, s); !ok || err != nil || !TimestampPattern.MatchString(s) {
			d.errorf(v.Path, step, "Invalid wait", "\"until\" must be an RFC 3339 timestamp such as \"2026-01-31T09:00:00Z\", got %s.", describe(v.Literal))
		}

		return
	}

	if v.Kind != ValueExpr || v.Expr.Type().Kind != expr.StringType.Kind {
		d.typeErrorf(v.Path, step, "Invalid wait", "\"until\" must be an RFC 3339 timestamp string or an expression of type string, got %s.", v.Type())
	}
}

func (d *decoder) fail(raw any, path Path, step string, sc *scope) StepKind {
	obj, ok := d.object(raw, path, step, specByName("fail"))
	if !ok {
		return nil
	}

	f := &Fail{Path: path}

	if name, ok := obj.str("error", true); ok {
		f.Error = name
		d.checkCustomError(name, path.Key("error"), step)
	}

	if rawMsg, ok := obj.get("message"); ok {
		f.Message = d.value(rawMsg, path.Key("message"), step, sc)
		d.requireString(f.Message, "message", step)
	}

	obj.finish()

	return f
}

func (d *decoder) checkCustomError(name string, path Path, step string) {
	if !customErrorPattern.MatchString(name) || strings.HasPrefix(name, "States") {
		d.errorf(path, step, "Invalid error name",
			"Custom error names start with an upper-case letter, contain only letters, digits and \"_\", have at most 64 characters and do not start with \"States\" (reserved by Step Functions), for example \"OutOfStock\". Got %q.", name)
	}
}

func (d *decoder) returnStep(raw any, path Path, step string, sc *scope) StepKind {
	r := &Return{Path: path}

	if sc.noReturn != "" {
		d.errorf(path, step, "Return not allowed here", "%s", sc.noReturn)
	}

	if raw != nil {
		r.Value = d.value(raw, path, step, sc)
	}

	return r
}

// requireString checks that a value is a string: a literal or an
// expression of type string.
func (d *decoder) requireString(v *Value, attr, step string) bool {
	if v == nil {
		return false
	}

	if v.Type().Kind == expr.StringType.Kind || v.isUnknown() {
		return true
	}

	d.typeErrorf(v.Path, step, "Invalid type", "%q must be a string, got %s. Convert an expression with string().", attr, v.Type())

	return false
}

// value decodes a JSON-like value, compiling every string that holds
// `{{ expr }}` parts.
func (d *decoder) value(raw any, path Path, step string, sc *scope) *Value {
	switch t := raw.(type) {
	case Unknown:
		return &Value{Kind: ValueLiteral, Literal: t, Path: path}
	case string:
		e, ok := d.compileTemplate(t, path, step, sc)
		if e != nil {
			return &Value{Kind: ValueExpr, Expr: e, Path: path}
		}

		if ok {
			return nil
		}

		return &Value{Kind: ValueLiteral, Literal: t, Path: path}
	case []any:
		v := &Value{Kind: ValueList, Path: path}
		for i, item := range t {
			if iv := d.value(item, path.Index(i), step, sc); iv != nil {
				v.List = append(v.List, iv)
			}
		}

		return v
	case map[string]any:
		v := &Value{Kind: ValueMap, Map: map[string]*Value{}, Path: path}
		for k, item := range t {
			if iv := d.value(item, path.Key(k), step, sc); iv != nil {
				v.Map[k] = iv
			}
		}

		return v
	case nil, bool:
		return &Value{Kind: ValueLiteral, Literal: t, Path: path}
	}

	n, ok := toNumber(raw)
	if !ok {
		d.errorf(path, step, "Invalid value", "Expected a JSON value, got %s.", describe(raw))
		return nil
	}

	if n.isFloat {
		return &Value{Kind: ValueLiteral, Literal: n.f, Path: path}
	}

	return &Value{Kind: ValueLiteral, Literal: n.i, Path: path}
}

// seconds reads a duration given as a whole number of seconds or as a
// duration string such as "30s" or "5m".
func (o *object) seconds(key string) (int, bool) {
	v, ok := o.get(key)
	if !ok {
		return 0, false
	}

	if isUnknown(v) {
		return 0, false
	}

	if s, isStr := v.(string); isStr {
		dur, err := time.ParseDuration(s)
		if err != nil || dur%time.Second != 0 || dur < 0 {
			o.d.errorf(o.path.Key(key), o.step, "Invalid duration",
				"%q must be a whole number of seconds or a duration such as \"30s\", \"5m\" or \"1h\" in whole seconds, got %q.", key, s)

			return 0, false
		}

		return int(dur / time.Second), true
	}

	n, isNum := toNumber(v)
	if !isNum || n.isFloat || n.i < 0 || n.i > 1<<31 {
		o.d.errorf(o.path.Key(key), o.step, "Invalid duration",
			"%q must be a whole number of seconds or a duration such as \"30s\", got %s.", key, describe(v))

		return 0, false
	}

	return int(n.i), true
}
