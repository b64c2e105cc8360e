package gcpworkflows

import (
	"strconv"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// catchResultsStep names the step that declares the catch results. User
// step names never contain "__", and no step name generated from a user
// step ends with "__catch_results".
const catchResultsStep = "init__catch_results"

// declareCatchResults returns the assign steps that set every catch result
// (see catchResults) to null at the start of main, or nil when there are
// none.
//
// A variable that is first created inside an except block is local to that
// block on Cloud Workflows, so a catch that assigns a fallback to the
// call's result would lose it when the block ends. The catching-errors
// reference (https://cloud.google.com/workflows/docs/reference/syntax/catching-errors)
// recommends assigning such a variable before the block. The start of main
// never overwrites a value, and the neutral scope rules keep any read of
// the variable after a real assignment.
func (t *translator) declareCatchResults(w *workflow.Workflow) []*yaml.Node {
	results := catchResults(w)

	var steps []*yaml.Node

	for start := 0; start < len(results); start += maxAssignments {
		end := min(start+maxAssignments, len(results))

		items := make([]*yaml.Node, 0, end-start)
		for _, name := range results[start:end] {
			items = append(items, mapping(str(name), nullNode()))
		}

		name := catchResultsStep
		if start > 0 {
			name += "_" + strconv.Itoa(start/maxAssignments+1)
		}

		steps = append(steps, stepNode(name, assignBody(items...)))
	}

	return steps
}

// catchResults returns the result variables of call steps that one of
// their catches assigns again, at any depth of its steps, in the order of
// first assignment in the workflow. These are the only variables set in an
// except block that the neutral scope rules let later steps read, because
// a variable is in scope after a call with catch only when the call itself
// also sets it.
func catchResults(w *workflow.Workflow) []string {
	found := map[string]bool{}

	var visit func(steps []*workflow.Step)
	visit = func(steps []*workflow.Step) {
		for _, s := range steps {
			switch k := s.Kind.(type) {
			case *workflow.Switch:
				for _, c := range k.Cases {
					visit(c.Steps)
				}

				visit(k.Default)
			case *workflow.Call:
				for _, c := range k.Catch {
					if k.Result != "" && assignsVariable(c.Steps, k.Result) {
						found[k.Result] = true
					}

					visit(c.Steps)
				}
			}
		}
	}

	visit(w.Steps)

	var out []string

	for _, v := range w.Variables {
		if found[v.Name] {
			out = append(out, v.Name)
		}
	}

	return out
}

// assignsVariable reports whether steps, or any step nested in them, set
// the variable name with an assign step or a call result.
func assignsVariable(steps []*workflow.Step, name string) bool {
	for _, s := range steps {
		switch k := s.Kind.(type) {
		case *workflow.Assign:
			for _, a := range k.Assignments {
				if a.Name == name {
					return true
				}
			}
		case *workflow.Call:
			if k.Result == name {
				return true
			}

			for _, c := range k.Catch {
				if assignsVariable(c.Steps, name) {
					return true
				}
			}
		case *workflow.Switch:
			for _, c := range k.Cases {
				if assignsVariable(c.Steps, name) {
					return true
				}
			}

			if assignsVariable(k.Default, name) {
				return true
			}
		}
	}

	return false
}
