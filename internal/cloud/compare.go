package cloud

import (
	"reflect"

	"go.yaml.in/yaml/v3"
)

// SameDefinition reports whether two definition texts hold the same
// document: JSON and YAML are both parsed, so key order, indentation and
// quoting never count as a change. Text that does not parse is compared
// byte for byte.
func SameDefinition(a, b string) bool {
	if a == b {
		return true
	}

	var va, vb any
	if yaml.Unmarshal([]byte(a), &va) != nil || yaml.Unmarshal([]byte(b), &vb) != nil {
		return false
	}

	return reflect.DeepEqual(normalize(va), normalize(vb))
}

// normalize turns the YAML decoder's integer and float forms into float64,
// because a cloud may return 1.0 where we wrote 1.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}

	return v
}
