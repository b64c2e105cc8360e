package expr

import (
	"maps"
	"slices"
	"strings"
)

// Kind is the kind of a neutral static type.
type Kind int

// Kinds of neutral static types. Dyn means the type is only known at run time.
const (
	Dyn Kind = iota
	Null
	Bool
	Int
	Double
	String
	List
	Map
	Object
)

var kindNames = [...]string{"dyn", "null", "bool", "int", "double", "string", "list", "map", "object"}

// String returns the CEL-style name of the kind.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "invalid"
	}
	return kindNames[k]
}

// Type is a neutral static type.
type Type struct {
	Kind Kind
	// Elem is the element type of a List and the value type of a Map (nil = dyn).
	Elem *Type
	// Fields lists the known fields of an Object. Access to any other field is a type error.
	Fields map[string]*Type
}

// Predeclared scalar types.
var (
	DynType    = &Type{Kind: Dyn}
	NullType   = &Type{Kind: Null}
	BoolType   = &Type{Kind: Bool}
	IntType    = &Type{Kind: Int}
	DoubleType = &Type{Kind: Double}
	StringType = &Type{Kind: String}
)

// ListOf returns the type of lists whose elements have type elem (nil = dyn).
func ListOf(elem *Type) *Type { return &Type{Kind: List, Elem: elem} }

// MapType returns map(string, dyn), the type of JSON objects without declared fields.
func MapType() *Type { return &Type{Kind: Map} }

// MapOf returns map(string, elem) (nil = dyn).
func MapOf(elem *Type) *Type { return &Type{Kind: Map, Elem: elem} }

// ObjectOf returns an object type with the given known fields. The map is copied.
func ObjectOf(fields map[string]*Type) *Type {
	copied := make(map[string]*Type, len(fields))
	for name, t := range fields {
		copied[name] = t
	}
	return &Type{Kind: Object, Fields: copied}
}

// String returns the type in CEL notation, with objects written as object{name: type, ...}
// in field-name order.
func (t *Type) String() string {
	if t == nil {
		return "dyn"
	}
	switch t.Kind {
	case List:
		return "list(" + t.Elem.String() + ")"
	case Map:
		return "map(string, " + t.Elem.String() + ")"
	case Object:
		names := slices.Sorted(maps.Keys(t.Fields))
		var b strings.Builder
		b.WriteString("object{")
		for i, name := range names {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(name + ": " + t.Fields[name].String())
		}
		b.WriteString("}")
		return b.String()
	default:
		return t.Kind.String()
	}
}

// kindOf treats a nil type as dyn.
func kindOf(t *Type) Kind {
	if t == nil {
		return Dyn
	}
	return t.Kind
}

// isScalar reports whether values of t compare by value in every target's `in` operator.
func isScalar(t *Type) bool {
	switch kindOf(t) {
	case Null, Bool, Int, Double, String:
		return true
	}
	return false
}
