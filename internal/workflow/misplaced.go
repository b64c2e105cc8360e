package workflow

import (
	"fmt"
	"slices"
	"strings"
)

// misplacedHint explains a key that belongs one level deeper or higher,
// the usual slip when a call target sits directly in a step.
func (o *object) misplacedHint(key string) string {
	if o.spec.Name == "step" && slices.Contains(callTargets, key) {
		return fmt.Sprintf(" %q is a call target: move it into a \"call\" object, as in call: {%s: {...}}.", key, key)
	}

	if o.spec.Name == "call" && slices.Contains(stepKinds, key) {
		return fmt.Sprintf(" %q is a step kind: move it into a step of its own.", key)
	}

	return ""
}

// reportMisplaced reports an unknown key that is a valid key of an
// enclosing object, up to the step, or of the step's kind object, and
// returns whether it did. Such a key is usually indented one level too
// deep or too shallow, so its place is the fix, not a similar name.
func (o *object) reportMisplaced(key string) bool {
	if outer, levels := o.enclosingOwner(key); outer != nil {
		o.noteMisplacedVariable(key)
		o.d.errorf(o.path.Key(key), o.step, "Misplaced attribute", "%s",
			misplacedOut(key, o, outer, levels))

		return true
	}

	if kind, kindRaw, ok := o.kindOwner(key); ok {
		o.noteMisplacedVariable(key)
		o.d.errorf(o.path.Key(key), o.step, "Misplaced attribute", "%s",
			misplacedIn(key, kind, kindRaw))

		return true
	}

	return false
}

// enclosingOwner returns the nearest enclosing object, up to and including
// the step, whose table has key, and how many levels out it is. The search
// also stops at a notify call, because the await_callback around it gives
// "result" another meaning: the callback's payload, not the call's result.
func (o *object) enclosingOwner(key string) (*object, int) {
	if o.spec.Name == "step" || o.spec.Name == "workflow" || o.spec.Name == "notify" {
		return nil, 0
	}

	levels := 0

	for i := len(o.path) - 1; i >= 0; i-- {
		outer := o.d.objects[o.path[:i].String()]
		if outer == nil {
			continue
		}

		levels++

		if _, ok := outer.spec.Attribute(key); ok {
			return outer, levels
		}

		if outer.spec.Name == "step" || outer.spec.Name == "notify" {
			break
		}
	}

	return nil, 0
}

// kindOwner returns the kind key of a step whose object's table has key,
// with the kind's raw object.
func (o *object) kindOwner(key string) (string, map[string]any, bool) {
	if o.spec.Name != "step" {
		return "", nil, false
	}

	for _, kind := range stepKinds {
		spec := SpecByName(kind)
		raw, present := o.raw[kind]

		if !present || spec == nil {
			continue
		}

		if _, ok := spec.Attribute(key); ok {
			m, _ := raw.(map[string]any)
			return kind, m, true
		}
	}

	return "", nil, false
}

func misplacedOut(key string, inner, outer *object, levels int) string {
	innerSubject := midSentence(inner.spec.Subject)
	owner := definite(outer.spec.Subject)

	if outer.has(key) {
		return fmt.Sprintf("%q belongs to %s, not to %s, and %s already sets it at %s. Remove this one.",
			key, owner, innerSubject, owner, outer.path.Key(key))
	}

	next := inner.path[len(outer.path)].Key

	return fmt.Sprintf("%q belongs to %s, not to %s: move it %s out, next to %q.",
		key, owner, innerSubject, levelCount(levels), next)
}

func misplacedIn(key, kind string, kindRaw map[string]any) string {
	if _, set := kindRaw[key]; set {
		return fmt.Sprintf("%q belongs to %q, not to the step, and %q already sets it. Remove this one.", key, kind, kind)
	}

	return fmt.Sprintf("%q belongs to %q, not to the step: move it one level in, into %q.", key, kind, kind)
}

func levelCount(n int) string {
	words := []string{"", "one level", "two levels", "three levels"}
	if n < len(words) {
		return words[n]
	}

	return fmt.Sprintf("%d levels", n)
}

// definite turns a subject such as "A step" into "the step", for a
// sentence that names one particular object.
func definite(subject string) string {
	if rest, ok := strings.CutPrefix(subject, "A "); ok {
		return "the " + rest
	}

	return midSentence(subject)
}

// variableKeys are the keys whose string value declares a variable.
var variableKeys = []string{"result", "as", "index"}

// noteMisplacedVariable records the variable that a misplaced key would
// have declared, so that an expression reading it can point at the key.
func (o *object) noteMisplacedVariable(key string) {
	if !slices.Contains(variableKeys, key) {
		return
	}

	if name, ok := o.raw[key].(string); ok {
		o.d.misplaced[name] = o.path.Key(key)
	}
}

// misspelt reports whether key is absent while an unknown key of the
// object is a likely typo of it. finish reports that key with the
// suggestion, so an error about the missing key would only repeat it.
func (o *object) misspelt(key string) bool {
	if o.spec == nil || o.has(key) {
		return false
	}

	known := o.spec.Keys()

	for k, v := range o.raw {
		if _, valid := o.spec.Attribute(k); valid || v == nil {
			continue
		}

		if outer, _ := o.enclosingOwner(k); outer != nil {
			continue
		}

		if closest(k, known) == key {
			return true
		}
	}

	return false
}
