package workflow

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// kindAliases maps the step or state types of other workflow languages,
// and common words for them, to the kind that does the same here. Keys are
// lower case without "_", so "SetVariable" and "set_variable" both match.
var kindAliases = map[string]string{
	// Step Functions state types.
	"task": "call", "pass": "assign", "choice": "switch", "succeed": "return", "map": "for_each",

	// Cloud Workflows step keys.
	"raise": "fail", "for": "for_each",

	// Logic Apps action types.
	"if": "switch", "until": "loop", "scope": "try", "terminate": "fail", "response": "return",
	"setvariable": "assign",

	// Other common names.
	"sleep": "wait", "delay": "wait", "pause": "wait", "throw": "fail", "error": "fail",
	"while": "loop", "repeat": "loop", "invoke": "call", "request": "call", "set": "assign",
	"callback": "await_callback", "waitforcallback": "await_callback",
}

// kindKey finds the one kind key of a step.
func (d *decoder) kindKey(obj *object) (string, bool) {
	var found []string

	for _, k := range stepKinds {
		if _, ok := obj.raw[k]; ok {
			found = append(found, k)
		}
	}

	switch len(found) {
	case 1:
		return found[0], true
	case 0:
		d.missingKind(obj)
	default:
		d.errorf(obj.path, obj.step, "Conflicting step kinds",
			"A step has exactly one kind, but this one has %s. Split it into one step per kind.", joinQuoted(found))
	}

	return "", false
}

// missingKind reports a step without a kind key in one error. A key that
// names a kind of another language, or misspells one of ours, is taken as
// the intended kind and gets a suggestion. Without such a key, the only key
// besides "name" is taken as the intended kind. The keys that the error
// names are marked as read, so that the check for unknown attributes does
// not report them a second time.
func (d *decoder) missingKind(obj *object) {
	others := otherKeys(obj.raw)
	kinds := joinQuoted(stepKinds)

	for _, k := range others {
		if hint := kindHint(k); hint != "" {
			obj.used[k] = true
			d.errorf(obj.path, obj.step, "Unknown step kind", "%q is not a step kind.%s A step needs exactly one of: %s.", k, hint, kinds)

			return
		}
	}

	switch len(others) {
	case 0:
		d.errorf(obj.path, obj.step, "Missing step kind", "A step needs exactly one of: %s. Add one, such as return: null.", kinds)
	case 1:
		obj.used[others[0]] = true
		d.errorf(obj.path, obj.step, "Unknown step kind", "%q is not a step kind. Replace it with one of: %s.", others[0], kinds)
	default:
		for _, k := range others {
			obj.used[k] = true
		}

		d.errorf(obj.path, obj.step, "Missing step kind",
			"A step needs exactly one of: %s, and none of its keys (%s) is a step kind. Replace the key that should select the kind with one of them.", kinds, joinQuoted(others))
	}
}

// otherKeys returns the keys of a step besides "name", sorted.
func otherKeys(raw map[string]any) []string {
	var out []string

	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if k != "name" {
			out = append(out, k)
		}
	}

	return out
}

// kindHint returns what to write in place of a key that is not a step
// kind: a call target belongs in a call, a foreign kind name or a typo
// gets the closest kind with what that kind does. It returns "" when no
// kind is close.
func kindHint(key string) string {
	if slices.Contains(callTargets, key) {
		return fmt.Sprintf(" %q is a call target: move it into a \"call\" object, as in call: {%s: {...}}.", key, key)
	}

	kind := kindAliases[strings.ToLower(strings.ReplaceAll(key, "_", ""))]
	if kind == "" {
		kind = closest(key, stepKinds)
	}

	if kind == "" {
		return ""
	}

	return fmt.Sprintf(" Did you mean %q? Use it to %s.", kind, kindPurpose(kind))
}

// kindPurpose returns the main clause of a kind's description in the step
// table, such as "pause for a number of seconds or until a timestamp".
func kindPurpose(kind string) string {
	a, _ := specByName("step").Attribute(kind)
	clause, _, _ := strings.Cut(a.Description, ". ")
	clause, _, _ = strings.Cut(clause, ";")
	clause, _, _ = strings.Cut(clause, ":")

	return lowerFirst(strings.TrimSuffix(clause, "."))
}
