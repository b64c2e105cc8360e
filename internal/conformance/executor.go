package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Machine is one state machine with the cases to run it with.
type Machine struct {
	ID         string          `json:"id"`
	Definition json.RawMessage `json:"definition"`
	Cases      []MachineCase   `json:"cases"`
}

// MachineCase is one execution: the input and, per Task state, the replies
// that the local task handler returns or raises, one per invocation.
type MachineCase struct {
	Name  string                      `json:"name"`
	Input any                         `json:"input"`
	Tasks map[string][]map[string]any `json:"tasks"`
}

// MachineResult is the outcome of one machine's cases.
type MachineResult struct {
	ID string `json:"id"`

	// Invalid is the executor's message when it rejected the definition.
	Invalid string       `json:"invalid"`
	Results []CaseResult `json:"results"`
}

// CaseResult is the outcome of one execution.
type CaseResult struct {
	Name   string `json:"name"`
	Status string `json:"status"` // SUCCEEDED or FAILED
	Output any    `json:"output"`
	Error  string `json:"error"`
	Cause  string `json:"cause"`

	// Calls lists the input of every Task invocation, per state.
	Calls map[string][]any `json:"calls"`
}

// NodeBinary returns the Node 22 binary that `make tools` installs from the
// npm package node@22. aws-local-stepfunctions 3.0.0 fails every Task state
// on Node 20, so the machine's own Node is not used.
func NodeBinary(root string) (string, error) {
	bin := filepath.Join(root, "tools", "node", "node_modules", ".bin", "node")
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("the Node 22 binary is not installed at %s: run make tools", bin)
	}

	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version failed: %v; delete tools/node/node_modules and run make tools", bin, err)
	}

	if !strings.HasPrefix(string(out), "v22.") {
		return "", fmt.Errorf("%s is Node %s, but aws-local-stepfunctions needs Node 22: run make tools", bin, strings.TrimSpace(string(out)))
	}

	return bin, nil
}

// Execute runs the machines with aws-local-stepfunctions in one Node
// process, through run.cjs next to this file.
func Execute(root string, machines []Machine) ([]MachineResult, error) {
	node, err := NodeBinary(root)
	if err != nil {
		return nil, err
	}

	modules := filepath.Join(root, "tools", "node", "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "aws-local-stepfunctions")); err != nil {
		return nil, fmt.Errorf("aws-local-stepfunctions is not installed in %s: run make tools", modules)
	}

	request, err := json.Marshal(machines)
	if err != nil {
		return nil, err
	}

	script := filepath.Join(root, "internal", "conformance", "run.cjs")
	cmd := exec.Command(node, script, modules)
	cmd.Stdin = bytes.NewReader(request)

	var stderr bytes.Buffer
	cmd.Stderr = &stderr

	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s failed: %v\n%s", script, err, stderr.String())
	}

	var results []MachineResult
	if err := json.Unmarshal(out, &results); err != nil {
		return nil, fmt.Errorf("%s wrote no JSON result list: %v\n%s", script, err, out)
	}

	if len(results) != len(machines) {
		return nil, fmt.Errorf("%s returned %d results for %d machines", script, len(results), len(machines))
	}

	return results, nil
}

// TaskStates maps every Task state of an ASL definition, nested ones
// included, to the step it belongs to: the state name up to "__".
func TaskStates(definition []byte) (map[string]string, error) {
	var root map[string]any
	if err := json.Unmarshal(definition, &root); err != nil {
		return nil, err
	}

	out := map[string]string{}
	collectTasks(root, out)

	return out, nil
}

func collectTasks(machine map[string]any, out map[string]string) {
	states, _ := machine["States"].(map[string]any)

	for name, raw := range states {
		state, _ := raw.(map[string]any)

		if state["Type"] == "Task" {
			step, _, _ := strings.Cut(name, "__")
			out[name] = step
		}

		branches, _ := state["Branches"].([]any)
		for _, b := range branches {
			if m, ok := b.(map[string]any); ok {
				collectTasks(m, out)
			}
		}

		if processor, ok := state["ItemProcessor"].(map[string]any); ok {
			collectTasks(processor, out)
		}
	}
}
