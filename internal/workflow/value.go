package workflow

import (
	"maps"
	"slices"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// ValueKind selects which field of a Value is set.
type ValueKind int

const (
	ValueLiteral ValueKind = iota // a JSON scalar: string, int64, float64, bool or nil
	ValueExpr                     // a string that held one or more `{{ expr }}` parts
	ValueList
	ValueMap
)

// Value is a JSON-like tree whose leaves are literals or compiled
// expressions. Request bodies, payloads, assignments and return values are
// Values, so a template can sit at any depth.
type Value struct {
	Kind    ValueKind
	Literal any
	Expr    *expr.Expr
	List    []*Value
	Map     map[string]*Value
	Path    Path
}

// Keys returns the map keys in sorted order, so every translator emits them
// in the same order and the output is byte-stable.
func (v *Value) Keys() []string {
	keys := slices.Sorted(maps.Keys(v.Map))

	return keys
}

// IsConstant reports whether the tree holds no expression.
func (v *Value) IsConstant() bool {
	switch v.Kind {
	case ValueExpr:
		return false
	case ValueList:
		for _, item := range v.List {
			if !item.IsConstant() {
				return false
			}
		}
	case ValueMap:
		for _, item := range v.Map {
			if !item.IsConstant() {
				return false
			}
		}
	}

	return true
}

// Type returns the static type of the value.
func (v *Value) Type() *expr.Type {
	switch v.Kind {
	case ValueExpr:
		return v.Expr.Type()
	case ValueList:
		return expr.ListOf(nil)
	case ValueMap:
		fields := make(map[string]*expr.Type, len(v.Map))
		for k, item := range v.Map {
			fields[k] = item.Type()
		}

		return expr.ObjectOf(fields)
	}

	return literalType(v.Literal)
}

func literalType(lit any) *expr.Type {
	switch lit.(type) {
	case nil:
		return expr.NullType
	case bool:
		return expr.BoolType
	case int64:
		return expr.IntType
	case float64:
		return expr.DoubleType
	case string:
		return expr.StringType
	}

	return expr.DynType
}

// Walk calls fn on v and every value below it, depth first, keys sorted.
func (v *Value) Walk(fn func(*Value)) {
	fn(v)

	switch v.Kind {
	case ValueList:
		for _, item := range v.List {
			item.Walk(fn)
		}
	case ValueMap:
		for _, k := range v.Keys() {
			v.Map[k].Walk(fn)
		}
	}
}

// ToAny converts a constant Value back to plain Go data. It panics on an
// expression leaf; callers check IsConstant first.
func (v *Value) ToAny() any {
	switch v.Kind {
	case ValueList:
		out := make([]any, len(v.List))
		for i, item := range v.List {
			out[i] = item.ToAny()
		}

		return out
	case ValueMap:
		out := make(map[string]any, len(v.Map))
		for k, item := range v.Map {
			out[k] = item.ToAny()
		}

		return out
	case ValueExpr:
		panic("workflow: ToAny called on an expression value")
	}

	return v.Literal
}
