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
type object struct {
	d    *decoder
	raw  map[string]any
	path Path
	step string
	used map[string]bool
}

func (d *decoder) object(v any, path Path, step, subject string) (*object, bool) {
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

// get returns the value of key and marks it as read. Null counts as absent,
// because HCL objects with optional attributes produce null for them.
func (o *object) get(key string) (any, bool) {
	o.used[key] = true
	v, ok := o.raw[key]

	if !ok || v == nil {
		return nil, false
	}

	return v, true
}

func (o *object) has(key string) bool {
	v, ok := o.raw[key]
	return ok && v != nil
}

// unknown reports whether the value of key is known only after apply.
func (o *object) unknown(key string) bool {
	return isUnknown(o.raw[key])
}

// finish reports every key that no decoding step read, with the closest
// allowed key as a suggestion.
func (o *object) finish(allowed ...string) {
	keys := slices.Sorted(maps.Keys(o.raw))

	for _, k := range keys {
		if o.used[k] || o.raw[k] == nil {
			continue
		}

		o.d.errorf(o.path.Key(k), o.step, "Unknown attribute",
			"%q is not a valid attribute here.%s Valid attributes: %s.",
			k, suggest(k, allowed), strings.Join(allowed, ", "))
	}
}

func (o *object) str(key string, required bool) (string, bool) {
	v, ok := o.get(key)
	if !ok {
		if required {
			o.d.errorf(o.path.Key(key), o.step, "Missing required attribute", "%q is required.", key)
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

// suggest returns " Did you mean "x"?" for the closest candidate within a
// small edit distance, or an empty string.
func suggest(got string, candidates []string) string {
	best, bestDist := "", 3

	for _, c := range candidates {
		if d := editDistance(strings.ToLower(got), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}

	if best == "" {
		return ""
	}

	return fmt.Sprintf(" Did you mean %q?", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}

	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i

		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}

			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}

		prev = cur
	}

	return prev[len(b)]
}
