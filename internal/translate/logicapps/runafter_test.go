package logicapps

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// runSimulator executes the control flow of a generated definition with the
// Logic Apps run-after rules, as the "Handle errors and exceptions in Azure
// Logic Apps" page describes them:
//   - an action runs when every runAfter predecessor finished with one of
//     the listed statuses, and is Skipped otherwise;
//   - a Scope or If gets the status of its branch, which is Failed when an
//     action that ends the branch failed, and a branch that ends with a
//     Skipped action takes the status of that action's predecessors;
//   - a Terminate ends the whole run with its runStatus;
//   - a Foreach or Until runs its actions once, and a Compose that converts
//     text with int() fails, as the translator's throw actions do.
//
// Expressions are not evaluated: the test sets the status of each call
// action and the result of each If condition.
type runSimulator struct {
	// outcomes is the status of each action that the test names; every
	// other action that runs succeeds.
	outcomes map[string]string

	// conditions lists the If actions whose expression holds.
	conditions map[string]bool

	// ran lists the actions that ran, and terminated the runStatus of the
	// Terminate that ended the run, or "".
	ran        map[string]bool
	terminated string
}

// run executes a definition and returns the run status.
func (s *runSimulator) run(t *testing.T, text string) string {
	t.Helper()

	var def struct {
		Actions map[string]any `json:"actions"`
	}

	if err := json.Unmarshal([]byte(text), &def); err != nil {
		t.Fatal(err)
	}

	s.ran = map[string]bool{}

	status := s.block(def.Actions)
	if s.terminated != "" {
		return s.terminated
	}

	return status
}

// block runs one actions object and returns its status.
func (s *runSimulator) block(actions map[string]any) string {
	statuses := map[string]string{}

	for len(statuses) < len(actions) && s.terminated == "" {
		progressed := false

		for _, name := range slices.Sorted(maps.Keys(actions)) {
			if _, done := statuses[name]; done {
				continue
			}

			action := actions[name].(map[string]any)

			status, ready := s.decide(action, statuses)
			if !ready {
				continue
			}

			progressed = true

			if status == "" {
				status = s.execute(name, action)
			}

			statuses[name] = status

			if s.terminated != "" {
				return "Failed"
			}
		}

		if !progressed {
			panic("runAfter references an action that never finishes")
		}
	}

	return blockStatus(actions, statuses)
}

// decide returns whether every predecessor of action finished, and
// "Skipped" when one of them finished with a status it does not wait for.
func (s *runSimulator) decide(action map[string]any, statuses map[string]string) (string, bool) {
	after, _ := action["runAfter"].(map[string]any)

	skipped := false

	for predecessor, allowed := range after {
		status, done := statuses[predecessor]
		if !done {
			return "", false
		}

		if !contains(allowed.([]any), status) {
			skipped = true
		}
	}

	if skipped {
		return "Skipped", true
	}

	return "", true
}

func (s *runSimulator) execute(name string, action map[string]any) string {
	s.ran[name] = true

	switch action["type"] {
	case "Terminate":
		s.terminated = action["inputs"].(map[string]any)["runStatus"].(string)
		return s.terminated
	case "Scope":
		return s.block(action["actions"].(map[string]any))
	case "Foreach", "Until":
		// One iteration stands for all of them.
		return s.block(action["actions"].(map[string]any))
	case "Compose":
		// A throw action fails on purpose.
		if inputs, _ := action["inputs"].(string); strings.HasPrefix(inputs, "@int(") {
			return "Failed"
		}
	case "If":
		if s.conditions[name] {
			return s.block(action["actions"].(map[string]any))
		}

		if otherwise, ok := action["else"].(map[string]any); ok {
			return s.block(otherwise["actions"].(map[string]any))
		}

		return "Succeeded"
	}

	if status, ok := s.outcomes[name]; ok {
		return status
	}

	return "Succeeded"
}

// blockStatus is Failed when an action that no other action of the block
// runs after failed or timed out, following Skipped actions back to their
// predecessors.
func blockStatus(actions map[string]any, statuses map[string]string) string {
	hasSuccessor := map[string]bool{}

	for _, raw := range actions {
		after, _ := raw.(map[string]any)["runAfter"].(map[string]any)
		for predecessor := range after {
			hasSuccessor[predecessor] = true
		}
	}

	var resolve func(name string) string
	resolve = func(name string) string {
		if statuses[name] != "Skipped" {
			return statuses[name]
		}

		after, _ := actions[name].(map[string]any)["runAfter"].(map[string]any)
		for _, predecessor := range slices.Sorted(maps.Keys(after)) {
			if status := resolve(predecessor); status == "Failed" || status == "TimedOut" {
				return "Failed"
			}
		}

		return "Succeeded"
	}

	for name := range actions {
		if hasSuccessor[name] {
			continue
		}

		if status := resolve(name); status == "Failed" || status == "TimedOut" {
			return "Failed"
		}
	}

	return "Succeeded"
}

func contains(list []any, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}

	return false
}

func translateYAML(t *testing.T, source string) string {
	t.Helper()

	w, diags := workflow.DecodeYAML([]byte(source))
	if diags.HasErrors() {
		t.Fatalf("decoding failed:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if diags.HasErrors() {
		t.Fatalf("translation failed:\n%s", diags.Error())
	}

	return text
}

func ranActions(s *runSimulator) []string {
	out := slices.Sorted(maps.Keys(s.ran))

	return out
}

// expectRan reports each of names that the run did not reach.
func (s *runSimulator) expectRan(t *testing.T, names ...string) {
	t.Helper()

	for _, name := range names {
		if !s.ran[name] {
			t.Errorf("%s did not run; ran %v", name, ranActions(s))
		}
	}
}

// A caught failure of a call with a result, in a switch case, must let the
// steps after the switch run.
func TestCaughtCallWithResultEndsSwitchCase(t *testing.T) {
	text := translateYAML(t, `
input:
  go: bool
steps:
  - name: route
    switch:
      cases:
        - when: input.go
          steps:
            - name: fetch
              call:
                http: {method: GET, url: "https://api.example.com/items"}
                result: items
                catch:
                  - errors: [any]
                    steps:
                      - name: note
                        assign:
                          handled: true
  - name: done
    return: ok
`)

	sim := &runSimulator{outcomes: map[string]string{"fetch": "Failed"}, conditions: map[string]bool{"route": true}}

	if status := sim.run(t, text); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	if !sim.ran["note"] {
		t.Errorf("the catch steps did not run; ran %v", ranActions(sim))
	}

	if !sim.ran["done"] {
		t.Errorf("the step after the switch did not run; ran %v", ranActions(sim))
	}
}

// A failure before a call with a result and catches must not be swallowed
// by the join after that call: the Skipped call leaves both its result and
// its handler Skipped.
func TestFailureBeforeCaughtCallStopsRun(t *testing.T) {
	text := translateYAML(t, `
steps:
  - name: first
    call:
      http: {method: GET, url: "https://api.example.com/items"}
  - name: fetch
    call:
      http: {method: GET, url: "https://api.example.com/items"}
      result: items
      catch:
        - errors: [any]
          steps: []
  - name: done
    return: ok
`)

	sim := &runSimulator{outcomes: map[string]string{"first": "Failed"}}

	if status := sim.run(t, text); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	if sim.ran["done"] {
		t.Errorf("the return after the failed call ran; ran %v", ranActions(sim))
	}
}

// The paths through a call with a result and catches at the top level.
func TestCaughtCallWithResultPaths(t *testing.T) {
	source := `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://api.example.com/items"}
      result: items
      catch:
        - errors: [any]
          steps:
            - name: note
              assign:
                handled: true
  - name: done
    return: ok
`

	for _, outcome := range []string{"Succeeded", "Failed", "TimedOut"} {
		t.Run(outcome, func(t *testing.T) {
			sim := &runSimulator{outcomes: map[string]string{"fetch": outcome}}

			if status := sim.run(t, translateYAML(t, source)); status != "Succeeded" {
				t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
			}

			if !sim.ran["done"] {
				t.Errorf("the step after the call did not run; ran %v", ranActions(sim))
			}

			if handled := sim.ran["note"]; handled != (outcome != "Succeeded") {
				t.Errorf("catch steps ran = %v for outcome %s", handled, outcome)
			}
		})
	}
}
