package logicapps

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// variableType returns the InitializeVariable type of a neutral type, and
// whether the type is only known at run time.
func variableType(t *expr.Type) (typ string, dynamic bool) {
	if t == nil {
		return "object", true
	}

	switch t.Kind {
	case expr.Bool:
		return "boolean", false
	case expr.Int:
		return "integer", false
	case expr.Double:
		return "float", false
	case expr.String:
		return "string", false
	case expr.List:
		return "array", false
	case expr.Map, expr.Object:
		return "object", false
	}

	return "object", true
}

// initializeVariables declares every workflow variable at the top level,
// which is the only place Logic Apps allows InitializeVariable. Each gets
// its own action, chained before the first step, as the designer does.
func (t *translator) initializeVariables() {
	origins := map[string]variableOrigin{}
	findOrigins(t.w.Steps, origins)

	for _, v := range t.w.Variables {
		typ, dynamic := variableType(v.Type)
		if dynamic {
			origin := origins[v.Name]
			t.warnf(origin.path, origin.step,
				"Variable %q has type %s, which is only known at run time, but Logic Apps declares every variable with a fixed type. It is declared as an object, so assigning it a value that is not an object fails at run time. Where the value is a scalar, convert it with string(), int() or double() where it is assigned, so the variable gets a fixed type.",
				v.Name, v.Type)
		}

		t.addAction(t.top, nil, actionName(initActionPrefix+v.Name), map[string]any{
			"type": "InitializeVariable",
			"inputs": map[string]any{
				"variables": []any{map[string]any{"name": v.Name, "type": typ}},
			},
		})
	}
}

// variableOrigin is the step and attribute path of a variable's first
// assignment, for diagnostics.
type variableOrigin struct {
	step string
	path workflow.Path
}

// findOrigins records the first step that assigns each variable: by
// assign, as a call's result or as a catch's `as`.
func findOrigins(steps []*workflow.Step, origins map[string]variableOrigin) {
	record := func(name string, s *workflow.Step, path workflow.Path) {
		if _, seen := origins[name]; !seen && name != "" {
			origins[name] = variableOrigin{step: s.Name, path: path}
		}
	}

	for _, s := range steps {
		switch k := s.Kind.(type) {
		case *workflow.Assign:
			for _, a := range k.Assignments {
				record(a.Name, s, a.Path)
			}
		case *workflow.Call:
			record(k.Result, s, k.Path.Key("result"))

			for _, c := range k.Catch {
				record(c.As, s, c.Path.Key("as"))
				findOrigins(c.Steps, origins)
			}
		case *workflow.Switch:
			for _, c := range k.Cases {
				findOrigins(c.Steps, origins)
			}

			findOrigins(k.Default, origins)
		}
	}
}
