package workflow

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

var fieldNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

var scalarTypeNames = []string{"string", "int", "double", "bool", "list", "map", "any"}

// typeAliases maps the type names of JSON Schema, Terraform and common
// languages to the input type that means the same, for suggestions.
var typeAliases = map[string]string{
	"boolean": "bool", "integer": "int", "number": "double", "float": "double",
	"str": "string", "text": "string", "array": "list", "object": "map", "dynamic": "any",
}

// inputType decodes the `input` declaration: an object whose values are type
// names ("string", "int", "double", "bool", "list", "list(T)", "map", "any")
// or nested objects.
func (d *decoder) inputType(raw any, path Path) *expr.Type {
	if isUnknown(raw) {
		d.typesUncertain = true
		return expr.MapType()
	}

	m, ok := raw.(map[string]any)
	if !ok {
		d.errorf(path, "", "Invalid input declaration",
			"\"input\" must be an object that maps field names to types, such as { order_id = \"string\", amount = \"double\" }, got %s.", describe(raw))

		return expr.MapType()
	}

	names := slices.Sorted(maps.Keys(m))

	fields := make(map[string]*expr.Type, len(m))

	for _, name := range names {
		p := path.Key(name)

		if !fieldNamePattern.MatchString(name) {
			d.errorf(p, "", "Invalid field name", "Declared input fields must be identifiers (letters, digits and \"_\", not starting with a digit), got %q.", name)
			continue
		}

		fields[name] = d.fieldType(m[name], p)
	}

	return expr.ObjectOf(fields)
}

func (d *decoder) fieldType(raw any, path Path) *expr.Type {
	if isUnknown(raw) {
		d.typesUncertain = true
		return expr.DynType
	}

	if _, isMap := raw.(map[string]any); isMap {
		return d.inputType(raw, path)
	}

	name, ok := raw.(string)
	if !ok {
		d.errorf(path, "", "Invalid input declaration", "A field type must be a type name or an object of fields, got %s.", describe(raw))
		return expr.DynType
	}

	if t := typeByName(name); t != nil {
		return t
	}

	hint := suggest(name, scalarTypeNames)
	if alias, ok := typeAliases[strings.ToLower(name)]; ok {
		hint = fmt.Sprintf(" Did you mean %q?", alias)
	}

	d.errorf(path, "", "Unknown type",
		"%q is not a type. Use one of %s, \"list(T)\" or an object of fields.%s", name, joinQuoted(scalarTypeNames), hint)

	return expr.DynType
}

func typeByName(name string) *expr.Type {
	switch name {
	case "string":
		return expr.StringType
	case "int":
		return expr.IntType
	case "double":
		return expr.DoubleType
	case "bool":
		return expr.BoolType
	case "list":
		return expr.ListOf(nil)
	case "map":
		return expr.MapType()
	case "any":
		return expr.DynType
	}

	if strings.HasPrefix(name, "list(") && strings.HasSuffix(name, ")") {
		if elem := typeByName(strings.TrimSuffix(strings.TrimPrefix(name, "list("), ")")); elem != nil {
			return expr.ListOf(elem)
		}
	}

	return nil
}
