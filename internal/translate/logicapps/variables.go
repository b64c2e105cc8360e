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
		// A for_each's item and index are read through items() of its
		// Foreach action, so that concurrent iterations do not share them.
		if v.LoopVariable || t.boundNames[v.Name] {
			continue
		}

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

// initializeHidden declares the variables of the lowerings, which are known
// only after the steps are translated. Their InitializeVariable actions run
// after the workflow's own ones (firstStepAfter is the runAfter that the
// first step's actions got), and the first step's actions then run after
// the last of them.
func (t *translator) initializeHidden(firstStepAfter map[string]any) {
	if len(t.hidden) == 0 {
		return
	}

	var first []map[string]any

	for _, raw := range t.top.actions {
		action := raw.(map[string]any)
		if after, _ := action["runAfter"].(map[string]any); sameRunAfter(after, firstStepAfter) {
			first = append(first, action)
		}
	}

	last := t.top.after
	t.top.after = firstStepAfter

	for _, v := range t.hidden {
		t.addAction(t.top, nil, actionName(initActionPrefix+v.name), map[string]any{
			"type": "InitializeVariable",
			"inputs": map[string]any{
				"variables": []any{map[string]any{"name": v.name, "type": v.typ}},
			},
		})
	}

	for _, action := range first {
		action["runAfter"] = t.top.after
	}

	t.top.after = last
}

// sameRunAfter reports whether two runAfter objects name the same actions.
// Only the first step's actions run after the last InitializeVariable, or
// right after the trigger when there is none.
func sameRunAfter(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}

	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}

	return true
}

// variableCount counts the variables that the definition declares.
func (t *translator) variableCount() int {
	n := len(t.hidden)

	for _, v := range t.w.Variables {
		if !v.LoopVariable && !t.boundNames[v.Name] {
			n++
		}
	}

	return n
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
		case *workflow.Parallel:
			for _, br := range k.Branches {
				findOrigins(br.Steps, origins)
			}

			record(k.Result, s, k.Path.Key("result"))
		case *workflow.ForEach:
			findOrigins(k.Steps, origins)
			record(k.Result, s, k.Path.Key("result"))
		case *workflow.AwaitCallback:
			record(k.Result, s, k.Path.Key("result"))
		case *workflow.Try:
			findOrigins(k.Steps, origins)

			for _, c := range k.Catch {
				record(c.As, s, c.Path.Key("as"))
				findOrigins(c.Steps, origins)
			}

			findOrigins(k.Finally, origins)
		default:
			for _, nested := range s.NestedSteps() {
				findOrigins(nested, origins)
			}
		}
	}
}
