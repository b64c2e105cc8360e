package logicapps

import (
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// connectionsParameter is the parameter through which managed connector
// actions (ApiConnection) find their connections.
const connectionsParameter = "$connections"

// trigger returns the Request trigger that starts the workflow. Its body is
// the execution input, described by a JSON schema when the workflow
// declares its input.
func (t *translator) trigger() map[string]any {
	schema := map[string]any{}
	if t.w.InputDeclared {
		schema = jsonSchema(t.w.Input)
	}

	return map[string]any{
		"type":   "Request",
		"kind":   "Http",
		"inputs": map[string]any{"schema": schema},
	}
}

// jsonSchema describes values of a neutral type. Declared fields are not
// marked required, because the input declaration states types only.
func jsonSchema(t *expr.Type) map[string]any {
	if t == nil {
		return map[string]any{}
	}

	switch t.Kind {
	case expr.Null:
		return map[string]any{"type": "null"}
	case expr.Bool:
		return map[string]any{"type": "boolean"}
	case expr.Int:
		return map[string]any{"type": "integer"}
	case expr.Double:
		return map[string]any{"type": "number"}
	case expr.String:
		return map[string]any{"type": "string"}
	case expr.List:
		out := map[string]any{"type": "array"}
		if t.Elem != nil && t.Elem.Kind != expr.Dyn {
			out["items"] = jsonSchema(t.Elem)
		}

		return out
	case expr.Map:
		out := map[string]any{"type": "object"}
		if t.Elem != nil && t.Elem.Kind != expr.Dyn {
			out["additionalProperties"] = jsonSchema(t.Elem)
		}

		return out
	case expr.Object:
		properties := make(map[string]any, len(t.Fields))
		for name, field := range t.Fields {
			properties[name] = jsonSchema(field)
		}

		return map[string]any{"type": "object", "properties": properties}
	}

	return map[string]any{}
}

// parameters declares $connections when a native action reads it, so that
// the definition is valid on its own. The workflow resource supplies the
// connections' values.
func (t *translator) parameters() map[string]any {
	if !readsParameter(t.top.actions, connectionsParameter) {
		return map[string]any{}
	}

	return map[string]any{
		connectionsParameter: map[string]any{"type": "Object", "defaultValue": map[string]any{}},
	}
}

// readsParameter reports whether a string below v calls parameters(name).
func readsParameter(v any, name string) bool {
	switch t := v.(type) {
	case string:
		return strings.Contains(t, "parameters("+quote(name)+")")
	case []any:
		for _, item := range t {
			if readsParameter(item, name) {
				return true
			}
		}
	case map[string]any:
		for _, item := range t {
			if readsParameter(item, name) {
				return true
			}
		}
	}

	return false
}
