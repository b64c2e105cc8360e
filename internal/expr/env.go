package expr

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/ext"
)

// Env declares the variables in scope. It is immutable: With returns a new Env.
type Env struct {
	vars map[string]*Type

	// The cel-go environment is built once per Env on first use, because
	// building it costs far more than checking one expression and a step
	// usually compiles several expressions in the same scope.
	build    sync.Once
	cel      *cel.Env
	registry *objectRegistry
	buildErr error
}

// NewEnv returns an Env without variables.
func NewEnv() *Env { return &Env{vars: map[string]*Type{}} }

// With returns a copy of e in which name has type t (nil = dyn). Invalid names are reported by Compile.
func (e *Env) With(name string, t *Type) *Env {
	if t == nil {
		t = DynType
	}
	vars := make(map[string]*Type, len(e.vars)+1)
	for k, v := range e.vars {
		vars[k] = v
	}
	vars[name] = t
	return &Env{vars: vars}
}

// Lookup returns the type of a declared variable.
func (e *Env) Lookup(name string) (*Type, bool) {
	t, ok := e.vars[name]
	return t, ok
}

// Names returns the declared variable names, sorted.
func (e *Env) Names() []string {
	names := slices.Sorted(maps.Keys(e.vars))
	return names
}

var identifierPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// celReserved lists the words the CEL grammar reserves; a variable with such a name cannot be referenced.
var celReserved = map[string]bool{
	"true": true, "false": true, "null": true, "in": true, "as": true, "break": true, "const": true,
	"continue": true, "else": true, "for": true, "function": true, "if": true, "import": true,
	"let": true, "loop": true, "package": true, "namespace": true, "return": true, "var": true,
	"void": true, "while": true,
}

// validateNames rejects variable names that CEL cannot reference and names starting with "__",
// which the JSONata backend reserves for its helper variables.
func (e *Env) validateNames() error {
	for _, name := range e.Names() {
		switch {
		case !identifierPattern.MatchString(name) || celReserved[name]:
			return errorf("invalid variable name %q: a name must be an identifier (letters, digits and "+
				"underscores, not starting with a digit) and not a CEL reserved word", name)
		case strings.HasPrefix(name, "__"):
			return errorf("invalid variable name %q: names starting with \"__\" are reserved for generated code", name)
		}
	}
	return nil
}

// objectRegistry maps the CEL type names generated for Object types back to their neutral types.
type objectRegistry struct {
	types.Provider
	objects map[string]*Type
}

// celTypeName returns the CEL struct type name for an Object type. Structurally equal objects share
// a name, so two values of the same declared shape compare with == like CEL maps do.
func celTypeName(t *Type) string { return t.String() }

func (r *objectRegistry) register(t *Type) {
	if t == nil {
		return
	}
	switch t.Kind {
	case List, Map:
		r.register(t.Elem)
	case Object:
		name := celTypeName(t)
		if _, done := r.objects[name]; done {
			return
		}
		r.objects[name] = t
		for _, f := range t.Fields {
			r.register(f)
		}
	}
}

func (r *objectRegistry) FindStructType(name string) (*types.Type, bool) {
	if _, ok := r.objects[name]; ok {
		return types.NewTypeTypeWithParam(types.NewObjectType(name)), true
	}
	return r.Provider.FindStructType(name)
}

func (r *objectRegistry) FindStructFieldNames(name string) ([]string, bool) {
	t, ok := r.objects[name]
	if !ok {
		return r.Provider.FindStructFieldNames(name)
	}
	names := slices.Sorted(maps.Keys(t.Fields))
	return names, true
}

// FindStructFieldType also lets cel-go evaluate object-typed values held as Go maps or CEL maps,
// which the conformance tests rely on.
func (r *objectRegistry) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	t, ok := r.objects[name]
	if !ok {
		return r.Provider.FindStructFieldType(name, field)
	}
	ft, ok := t.Fields[field]
	if !ok {
		return nil, false
	}
	return &types.FieldType{
		Type:  celType(ft),
		IsSet: func(target any) bool { _, found := lookupField(target, field); return found },
		GetFrom: func(target any) (any, error) {
			v, found := lookupField(target, field)
			if !found {
				return nil, fmt.Errorf("no such key: %s", field)
			}
			return v, nil
		},
	}, true
}

func lookupField(target any, field string) (any, bool) {
	switch m := target.(type) {
	case map[string]any:
		v, ok := m[field]
		return v, ok
	case ref.Val:
		if mapper, ok := m.(interface {
			Find(ref.Val) (ref.Val, bool)
		}); ok {
			return mapper.Find(types.String(field))
		}
	}
	return nil, false
}

// celType converts a neutral type to its CEL counterpart.
func celType(t *Type) *types.Type {
	switch kindOf(t) {
	case Null:
		return types.NullType
	case Bool:
		return types.BoolType
	case Int:
		return types.IntType
	case Double:
		return types.DoubleType
	case String:
		return types.StringType
	case List:
		return types.NewListType(celType(t.Elem))
	case Map:
		return types.NewMapType(types.StringType, celType(t.Elem))
	case Object:
		return types.NewObjectType(celTypeName(t))
	default:
		return types.DynType
	}
}

// neutralType converts a checked CEL type back to a neutral type. Types outside the subset become dyn;
// the subset check rejects the expressions that produce them.
func (r *objectRegistry) neutralType(t *types.Type) *Type {
	if t == nil {
		return DynType
	}
	switch t.Kind() {
	case types.NullTypeKind:
		return NullType
	case types.BoolKind:
		return BoolType
	case types.IntKind:
		return IntType
	case types.DoubleKind:
		return DoubleType
	case types.StringKind:
		return StringType
	case types.ListKind:
		return ListOf(r.elemType(t.Parameters(), 0))
	case types.MapKind:
		return MapOf(r.elemType(t.Parameters(), 1))
	case types.StructKind:
		if obj, ok := r.objects[t.TypeName()]; ok {
			return obj
		}
	}
	return DynType
}

func (r *objectRegistry) elemType(params []*types.Type, i int) *Type {
	if i >= len(params) {
		return nil
	}
	elem := r.neutralType(params[i])
	if elem.Kind == Dyn {
		return nil
	}
	return elem
}

// celEnv builds the cel-go environment for e. Cross-type numeric comparisons stay off (the default),
// so 1 < 1.5 is a type error as in the neutral language.
func (e *Env) celEnv() (*cel.Env, *objectRegistry, error) {
	e.build.Do(func() {
		e.cel, e.registry, e.buildErr = e.newCELEnv()
	})

	return e.cel, e.registry, e.buildErr
}

func (e *Env) newCELEnv() (*cel.Env, *objectRegistry, error) {
	if err := e.validateNames(); err != nil {
		return nil, nil, err
	}
	base, err := types.NewRegistry()
	if err != nil {
		return nil, nil, err
	}
	reg := &objectRegistry{Provider: base, objects: map[string]*Type{}}
	// Identifier escapes let object fields that are not identifiers be selected as x.`my-field`.
	opts := []cel.EnvOption{cel.CustomTypeProvider(reg), ext.Strings(), cel.CrossTypeNumericComparisons(false),
		cel.EnableIdentifierEscapeSyntax()}
	for _, name := range e.Names() {
		t := e.vars[name]
		reg.register(t)
		opts = append(opts, cel.Variable(name, celType(t)))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, nil, errorf("invalid environment: %v", err)
	}
	return env, reg, nil
}
