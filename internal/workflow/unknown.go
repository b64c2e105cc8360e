package workflow

// Unknown stands for a value that Terraform learns only during apply, such
// as the ARN of a function created in the same run. Decode accepts it in
// any position and then checks only what does not depend on it.
type Unknown struct{}

func isUnknown(v any) bool {
	_, ok := v.(Unknown)
	return ok
}

func (v *Value) isUnknown() bool {
	return v.Kind == ValueLiteral && isUnknown(v.Literal)
}

// containsUnknown reports whether any part of a generic value is Unknown.
func containsUnknown(v any) bool {
	switch t := v.(type) {
	case Unknown:
		return true
	case map[string]any:
		for _, item := range t {
			if containsUnknown(item) {
				return true
			}
		}
	case []any:
		for _, item := range t {
			if containsUnknown(item) {
				return true
			}
		}
	}

	return false
}

// containsUnknownLeaf reports whether a decoded value has an Unknown leaf.
func containsUnknownLeaf(v *Value) bool {
	found := false

	v.Walk(func(leaf *Value) {
		if leaf.isUnknown() {
			found = true
		}
	})

	return found
}
