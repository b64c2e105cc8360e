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
// (see catchResults) of steps to null, or nil when there are none. Main
// starts with them, and so does each parallel branch and for_each body for
// its own steps, since a branch may not assign a variable of main.
//
// A variable that is first created inside an except block is local to that
// block on Cloud Workflows, so a catch that assigns a fallback to the
// call's result would lose it when the block ends. The catching-errors
// reference (https://cloud.google.com/workflows/docs/reference/syntax/catching-errors)
// recommends assigning such a variable before the block. The start of main
// never overwrites a value, and the neutral scope rules keep any read of
// the variable after a real assignment.
//
// name is the name of the first step. Further steps, needed beyond 50
// variables, get the suffixes _2, _3 and so on.
func (t *translator) declareCatchResults(steps []*workflow.Step, name string) []*yaml.Node {
	results := t.catchResults(steps)

	var out []*yaml.Node

	for start := 0; start < len(results); start += maxAssignments {
		end := min(start+maxAssignments, len(results))

		items := make([]*yaml.Node, 0, end-start)
		for _, name := range results[start:end] {
			items = append(items, mapping(str(name), nullNode()))
		}

		stepName := name
		if start > 0 {
			stepName += "_" + strconv.Itoa(start/maxAssignments+1)
		}

		out = append(out, stepNode(stepName, assignBody(items...)))
	}

	return out
}

// catchResults returns the result variables of call steps that one of
// their catches assigns again, at any depth of its steps, in the order of
// first assignment in the workflow. These are the only variables set in an
// except block that the neutral scope rules let later steps read, because
// a variable is in scope after a call with catch only when the call itself
// also sets it. The steps of parallel branches and for_each bodies are left
// out: each declares its own.
func (t *translator) catchResults(steps []*workflow.Step) []string {
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
			case *workflow.Loop:
				visit(k.Steps)
			case *workflow.Try:
				visit(k.Steps)

				for _, c := range k.Catch {
					visit(c.Steps)
				}

				visit(k.Finally)
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

	visit(steps)

	var out []string

	for _, v := range t.variables {
		if found[v.Name] {
			out = append(out, v.Name)
		}
	}

	return out
}

// assignsVariable reports whether steps, or any step nested in them, set
// the variable name with an assign step or a step result.
func assignsVariable(steps []*workflow.Step, name string) bool {
	for _, s := range steps {
		if resultOf(s) == name {
			return true
		}

		for _, nested := range nestedSteps(s) {
			if assignsVariable(nested, name) {
				return true
			}
		}

		if a, ok := s.Kind.(*workflow.Assign); ok {
			for _, asg := range a.Assignments {
				if asg.Name == name {
					return true
				}
			}
		}
	}

	return false
}

// resultOf returns the variable that a step's `result` sets, or "".
func resultOf(s *workflow.Step) string {
	switch k := s.Kind.(type) {
	case *workflow.Call:
		return k.Result
	case *workflow.Parallel:
		return k.Result
	case *workflow.ForEach:
		return k.Result
	case *workflow.AwaitCallback:
		return k.Result
	}

	return ""
}

// nestedSteps returns the step lists nested in a step that run in its
// scope: switch cases, catches, loop steps and the parts of a try.
// Parallel branches and for_each bodies own their variables, so they are
// not listed.
func nestedSteps(s *workflow.Step) [][]*workflow.Step {
	switch s.Kind.(type) {
	case *workflow.Parallel, *workflow.ForEach:
		return nil
	}

	return s.NestedSteps()
}
