package workflow

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
)

// object wraps one map of the raw definition while it is decoded. It records
// which keys were read, so that every key left over is reported as unknown.
// Its spec is the table of keys that the object allows, shared with the JSON
// Schema generator.
type object struct {
	d    *decoder
	raw  map[string]any
	path Path
	step string
	spec *ObjectSpec
	used map[string]bool
}

// keyReadHook, when set by a test, sees every key that the decoder reads
// from an object with a table, so the test can check that the decoder reads
// every key its table lists.
var keyReadHook func(spec *ObjectSpec, key string)

func (d *decoder) object(v any, path Path, step string, spec *ObjectSpec) (*object, bool) {
	if _, isMap := v.(map[string]any); !isMap && !isUnknown(v) {
		d.errorf(path, step, "Invalid type", "%s must be an object with the attributes %s, got %s.",
			spec.Subject, strings.Join(spec.Keys(), ", "), describe(v))

		return nil, false
	}

	o, ok := d.rawObject(v, path, step, spec.Subject)
	if ok {
		o.spec = spec
		d.objects[path.String()] = o
	}

	return o, ok
}

// rawObject wraps a map whose keys are free, such as the variables of an
// assign step.
func (d *decoder) rawObject(v any, path Path, step, subject string) (*object, bool) {
	if isUnknown(v) {
		return nil, false
	}

	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(path, step, "Invalid type", "%s must be an object, got %s.", subject, describe(v))
		return nil, false
	}

	return &object{d: d, raw: m, path: path, step: step, used: map[string]bool{}}, true
}

// specByName returns a table that the decoder relies on. A missing table is
// a bug in this package, so it panics instead of returning nil.
func specByName(name string) *ObjectSpec {
	s := SpecByName(name)
	if s == nil {
		panic("workflow: no key table named " + name)
	}

	return s
}

// get returns the value of key and marks it as read. Null counts as absent,
// because HCL objects with optional attributes produce null for them.
func (o *object) get(key string) (any, bool) {
	o.checkSpec(key)
	o.used[key] = true
	v, ok := o.raw[key]

	if !ok || v == nil {
		return nil, false
	}

	return v, true
}

// checkSpec reports a key that the decoder reads but the object's table
// does not list. That is a bug in this package: the JSON Schema would reject
// a key the decoder accepts.
func (o *object) checkSpec(key string) {
	if o.spec == nil {
		return
	}

	if keyReadHook != nil {
		keyReadHook(o.spec, key)
	}

	if _, ok := o.spec.Attribute(key); !ok {
		o.d.errorf(o.path.Key(key), o.step, "Internal error",
			"The decoder reads %q, which the key table of %s does not list. Please report this bug.", key, o.spec.Subject)
	}
}

func (o *object) has(key string) bool {
	v, ok := o.raw[key]
	return ok && v != nil
}

// unknown reports whether the value of key is known only after apply.
func (o *object) unknown(key string) bool {
	return isUnknown(o.raw[key])
}

// finish reports every key that no decoding step read: a key of an
// enclosing or inner object as misplaced, any other with the closest key of
// the object's table as a suggestion. valid lists the keys that the message
// names as valid; without it, every key of the table.
func (o *object) finish(valid ...string) {
	known := o.spec.Keys()
	if len(valid) == 0 {
		valid = known
	}

	keys := slices.Sorted(maps.Keys(o.raw))

	for _, k := range keys {
		if o.used[k] || o.raw[k] == nil {
			continue
		}

		if o.reportMisplaced(k) {
			continue
		}

		o.d.errorf(o.path.Key(k), o.step, "Unknown attribute",
			"%q is not a valid attribute of %s.%s%s Valid attributes: %s.",
			k, midSentence(o.spec.Subject), o.suggestKey(k, known), o.misplacedHint(k), strings.Join(valid, ", "))
	}
}

// suggestKey returns " Did you mean "x"?" for the key of the table closest
// to an unknown key. When that key is required and missing, it adds so,
// because then the typo is why the key is missing.
func (o *object) suggestKey(key string, known []string) string {
	best := closest(key, known)
	if best == "" {
		return ""
	}

	if a, _ := o.spec.Attribute(best); a.Required && !o.has(best) {
		return fmt.Sprintf(" Did you mean %q? %q is required and missing.", best, best)
	}

	return fmt.Sprintf(" Did you mean %q?", best)
}

// midSentence lowers the first letter of a subject written to start a
// sentence ("A step" becomes "a step"), leaving quoted names alone.
func midSentence(subject string) string {
	if subject == "" || subject[0] < 'A' || subject[0] > 'Z' {
		return subject
	}

	return strings.ToLower(subject[:1]) + subject[1:]
}

// required reports a missing required key, with what the key holds from
// the object's table, unless an unknown key of the object misspells it.
func (o *object) required(key string) {
	if o.misspelt(key) {
		return
	}

	detail := fmt.Sprintf("%q is required.", key)

	if a, ok := o.spec.Attribute(key); ok && a.Description != "" {
		detail = fmt.Sprintf("%q is required: %s", key, lowerFirst(a.Description))
	}

	o.d.errorf(o.path.Key(key), o.step, "Missing required attribute", "%s", detail)
}

func lowerFirst(s string) string {
	if s == "" || strings.ToUpper(s[:1]) == strings.ToLower(s[:1]) {
		return s
	}

	// Keep a leading acronym or proper name, such as "HTTP" or "The", lower
	// only an ordinary capitalised word.
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}

	return strings.ToLower(s[:1]) + s[1:]
}

func (o *object) str(key string, required bool) (string, bool) {
	v, ok := o.get(key)
	if !ok {
		if required {
			o.required(key)
		}

		return "", false
	}

	if isUnknown(v) {
		return "", false
	}

	s, isStr := v.(string)
	if !isStr {
		o.d.errorf(o.path.Key(key), o.step, "Invalid type", "%q must be a string, got %s.", key, describe(v))
		return "", false
	}

	return s, true
}

func (o *object) integer(key string) (int64, bool) {
	v, ok := o.get(key)
	if !ok {
		return 0, false
	}

	if isUnknown(v) {
		return 0, false
	}

	n, isNum := toNumber(v)
	if !isNum || n.isFloat {
		o.d.errorf(o.path.Key(key), o.step, "Invalid type", "%q must be a whole number, got %s.", key, describe(v))
		return 0, false
	}

	return n.i, true
}

func (o *object) number(key string) (float64, bool) {
	v, ok := o.get(key)
	if !ok {
		return 0, false
	}

	if isUnknown(v) {
		return 0, false
	}

	n, isNum := toNumber(v)
	if !isNum {
		o.d.errorf(o.path.Key(key), o.step, "Invalid type", "%q must be a number, got %s.", key, describe(v))
		return 0, false
	}

	return n.float(), true
}

func (o *object) list(key string) ([]any, bool) {
	v, ok := o.get(key)
	if !ok {
		return nil, false
	}

	if isUnknown(v) {
		return nil, false
	}

	l, isList := v.([]any)
	if !isList {
		o.d.errorf(o.path.Key(key), o.step, "Invalid type", "%q must be a list, got %s.", key, describe(v))
		return nil, false
	}

	return l, true
}

// number is a decoded JSON number that remembers whether it was written
// as a whole number, because CEL and the targets treat int and double apart.
type numberValue struct {
	i       int64
	f       float64
	isFloat bool
}

func (n numberValue) float() float64 {
	if n.isFloat {
		return n.f
	}

	return float64(n.i)
}

func toNumber(v any) (numberValue, bool) {
	switch n := v.(type) {
	case int:
		return numberValue{i: int64(n)}, true
	case int64:
		return numberValue{i: n}, true
	case float64:
		// YAML decodes only numbers written with a fraction or exponent as
		// float64, so "2.0" stays a double, as it would in CEL.
		return numberValue{f: n, isFloat: true}, true
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return numberValue{i: i}, true
		}

		f, err := n.Float64()
		if err != nil {
			return numberValue{}, false
		}

		return numberValue{f: f, isFloat: true}, true
	case *big.Float:
		// NOTE: HCL numbers do not remember how they were written, so 2.0 in
		// HCL arrives as the int 2. Inside `{{ }}` CEL literals keep 2.0.
		if n.IsInt() {
			if i, acc := n.Int64(); acc == big.Exact {
				return numberValue{i: i}, true
			}
		}

		f, _ := n.Float64()

		return numberValue{f: f, isFloat: true}, true
	}

	return numberValue{}, false
}

// describe names the JSON type of a raw value for error messages.
func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		if len(t) <= 40 {
			return fmt.Sprintf("the string %q", t)
		}

		return "a string"
	case bool:
		return "a bool"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}

	if n, ok := toNumber(v); ok {
		if n.isFloat {
			return fmt.Sprintf("the number %g", n.f)
		}

		return fmt.Sprintf("the number %d", n.i)
	}

	return fmt.Sprintf("a value of Go type %T", v)
}

// suggest returns " Did you mean "x"?" for the candidate closest to got, or
// an empty string when none is close enough to be a likely typo. Case is
// ignored, and swapping two neighbouring letters counts as one edit.
func suggest(got string, candidates []string) string {
	best := closest(got, candidates)
	if best == "" {
		return ""
	}

	return fmt.Sprintf(" Did you mean %q?", best)
}

// closest returns the candidate nearest to got within maxEdits, preferring
// the earlier candidate on a tie, or "".
func closest(got string, candidates []string) string {
	best, bestDist := "", maxEdits(got)+1
	lower := strings.ToLower(got)

	for _, c := range candidates {
		if c == got {
			continue
		}

		if d := editDistance(lower, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}

	return best
}

// maxEdits is how many edits a typo of a name of this length may have:
// one for short names, where two edits reach unrelated words ("as" and
// "id"), and up to three for long ones.
func maxEdits(name string) int {
	switch n := len(name); {
	case n <= 4:
		return 1
	case n <= 9:
		return 2
	}

	return 3
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of two neighbouring bytes.
func editDistance(a, b string) int {
	rows := make([][]int, len(a)+1)
	for i := range rows {
		rows[i] = make([]int, len(b)+1)
		rows[i][0] = i
	}

	for j := range rows[0] {
		rows[0][j] = j
	}

	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}

			rows[i][j] = min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)

			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				rows[i][j] = min(rows[i][j], rows[i-2][j-2]+1)
			}
		}
	}

	return rows[len(a)][len(b)]
}
