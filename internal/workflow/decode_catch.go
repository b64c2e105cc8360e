package workflow

import (
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// portableErrorNames lists the error classes a catch or retry can name.
var portableErrorNames = []string{"any", "timeout", "connection", "http", "permission", "task_failed", "expression"}

// errorType is the portable error object bound by a catch's `as`.
func errorType() *expr.Type {
	return expr.ObjectOf(map[string]*expr.Type{
		"error":   expr.StringType,
		"message": expr.StringType,
	})
}

func (d *decoder) catches(raw []any, path Path, step string, sc *scope) ([]*Catch, []*scope) {
	var (
		out  []*Catch
		ends []*scope
	)

	for i, item := range raw {
		p := path.Index(i)

		if len(out) > 0 && catchesAny(out[len(out)-1]) {
			d.errorf(p, step, "Unreachable catch", "The catch before this one matches \"any\" error, so this one can never run. Remove it or move it before the \"any\" catch.")
		}

		c, end := d.catch(item, p, step, sc)
		if c != nil && catchesKind(out, ErrorTaskFailed) && !catchesTimeout(c) {
			d.errorf(p, step, "Unreachable catch", "An earlier catch matches \"task_failed\", every error except a timeout, so this one can never run. Remove it or move it before the \"task_failed\" catch.")
		}
		if c != nil {
			out = append(out, c)
			ends = append(ends, end)
		}
	}

	return out, ends
}

// catchesKind reports whether any of the catches names an error class.
func catchesKind(catches []*Catch, kind ErrorKind) bool {
	for _, c := range catches {
		for _, m := range c.Errors {
			if m.Kind == kind {
				return true
			}
		}
	}

	return false
}

// catchesTimeout reports whether a catch can match a timeout.
func catchesTimeout(c *Catch) bool {
	for _, m := range c.Errors {
		if m.Kind == ErrorTimeout || m.Kind == ErrorAny {
			return true
		}
	}

	return false
}

func catchesAny(c *Catch) bool {
	for _, m := range c.Errors {
		if m.Kind == ErrorAny {
			return true
		}
	}

	return false
}

func (d *decoder) catch(raw any, path Path, step string, sc *scope) (*Catch, *scope) {
	obj, ok := d.object(raw, path, step, specByName("catch"))
	if !ok {
		return nil, sc
	}

	c := &Catch{Path: path}

	names, ok := obj.list("errors")
	if (!ok || len(names) == 0) && !obj.unknown("errors") && !obj.misspelt("errors") {
		d.errorf(path.Key("errors"), step, "Missing error names", "A catch needs an \"errors\" list, for example [\"timeout\", \"http:404\", \"OutOfStock\"] or [\"any\"].")
	}

	c.Errors = d.errorMatchers(names, path.Key("errors"), step)

	inner := sc
	if obj.unknown("as") {
		d.typesUncertain = true
	}

	if as, ok := obj.str("as", false); ok {
		if t, ok := d.declareVariable(as, errorType(), path.Key("as"), step, sc); ok {
			c.As = as
			inner = sc.with(as, t)
		}
	}

	rawSteps, ok := obj.list("steps")
	if !ok && !obj.unknown("steps") && !obj.misspelt("steps") {
		d.errorf(path.Key("steps"), step, "Missing required attribute", "A catch needs a \"steps\" list; use an empty list to ignore the error and continue.")
	}

	var end *scope
	c.Steps, end = d.steps(rawSteps, path.Key("steps"), inner)
	obj.finish()

	end = d.joinExcluding(sc, c.As, end)

	return c, end
}

func (d *decoder) errorMatchers(raw []any, path Path, step string) []ErrorMatcher {
	var out []ErrorMatcher

	for i, item := range raw {
		p := path.Index(i)

		if isUnknown(item) {
			continue
		}

		name, ok := item.(string)
		if !ok {
			d.errorf(p, step, "Invalid type", "Error names must be strings, such as \"timeout\" or \"http:404\", got %s.", describe(item))
			continue
		}

		m, ok := d.errorMatcher(name, p, step)
		if ok {
			out = append(out, m)
		}
	}

	if len(out) > 1 {
		for _, m := range out {
			if m.Kind == ErrorAny {
				d.errorf(path, step, "Invalid error names", "\"any\" matches every error, so it must be the only name in its list. Remove the other names, or handle them in an earlier catch.")
				break
			}
		}
	}

	return out
}

func (d *decoder) errorMatcher(name string, path Path, step string) (ErrorMatcher, bool) {
	switch {
	case name == "any":
		return ErrorMatcher{Kind: ErrorAny}, true
	case name == "timeout":
		return ErrorMatcher{Kind: ErrorTimeout}, true
	case name == "http":
		return ErrorMatcher{Kind: ErrorHTTP}, true
	case name == "connection":
		return ErrorMatcher{Kind: ErrorConnection}, true
	case name == "permission":
		return ErrorMatcher{Kind: ErrorPermission}, true
	case name == "task_failed":
		return ErrorMatcher{Kind: ErrorTaskFailed}, true
	case name == "expression":
		return ErrorMatcher{Kind: ErrorExpression}, true
	case strings.HasPrefix(name, "http:"):
		// The pattern, shared with the JSON Schema, admits three digits
		// only, so "http:+404" and "http:0404" are rejected.
		status, err := strconv.Atoi(strings.TrimPrefix(name, "http:"))
		if err != nil || !HTTPStatusErrorPattern.MatchString(name) {
			d.errorf(path, step, "Invalid error name", "%q must be \"http:\" followed by an error status from 400 to 599, such as \"http:404\".", name)
			return ErrorMatcher{}, false
		}

		return ErrorMatcher{Kind: ErrorHTTP, Status: status}, true
	case customErrorPattern.MatchString(name) && !strings.HasPrefix(name, "States"):
		return ErrorMatcher{Kind: ErrorCustom, Name: name}, true
	}

	d.errorf(path, step, "Invalid error name",
		"%q is not a portable error name. Use \"any\", \"timeout\", \"connection\", \"http\", \"http:<status>\", \"permission\", \"task_failed\", \"expression\" or a custom name that starts with an upper-case letter, such as \"OutOfStock\".%s",
		name, suggest(name, portableErrorNames))

	return ErrorMatcher{}, false
}
