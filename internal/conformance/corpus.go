// Package conformance runs the execution conformance corpus: neutral
// workflows under testdata/, each with cases that give an input, the
// scripted replies of its calls and the expected output or error, written
// from the neutral semantics. The tests render each workflow as JSONPath-mode
// ASL and run it with aws-local-stepfunctions under the Node 22 binary that
// `make tools` installs, and check every rendering of every target with the
// third-party and structural checkers.
package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// File is one corpus file: a workflow and its cases.
type File struct {
	Name string
	Path string

	// Description names what the workflow covers.
	Description string `yaml:"description"`

	// Workflow is the neutral workflow, kept as a YAML node so that numbers
	// keep their int or double type when it is decoded.
	Workflow yaml.Node `yaml:"workflow"`

	Cases []Case `yaml:"cases"`
}

// Case is one execution of a corpus workflow.
type Case struct {
	Name  string `yaml:"name"`
	Input any    `yaml:"input"`

	// Calls lists, per call step, the replies of its invocations in order.
	Calls map[string][]Reply `yaml:"calls"`

	// Output is the expected output. Its Kind is zero when the case
	// expects an error, and it is a null node for an expected null output.
	Output yaml.Node `yaml:"output"`

	// Error is the expected error: a custom name, or "timeout" or
	// "http:<status>" for a call error that nothing catches.
	Error string `yaml:"error"`

	// CallCounts is the expected number of invocations per call step.
	CallCounts map[string]int `yaml:"call_counts"`
}

// Reply is the neutral reply of one call invocation: a result, or an error
// (timeout, connection, http:<status> or a custom name) with a message.
type Reply struct {
	// Request, when set, limits the reply to the invocation whose request
	// equals it: a function's payload, an HTTP call's body, or a native or
	// workflow call's arguments or input. Replies without it are used in
	// the order of the invocations.
	Request any `yaml:"request"`

	Status  int            `yaml:"status"`
	Headers map[string]any `yaml:"headers"`
	Body    any            `yaml:"body"`

	// NoBody makes an HTTP response without a body, which the neutral
	// result shows as a null body.
	NoBody bool `yaml:"no_body"`

	Error   string `yaml:"error"`
	Message string `yaml:"message"`
}

// LoadFiles reads every corpus file in dir, sorted by name.
func LoadFiles(dir string) ([]*File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}

	sort.Strings(paths)

	files := make([]*File, 0, len(paths))

	for _, p := range paths {
		f, err := loadFile(p)
		if err != nil {
			return nil, err
		}

		files = append(files, f)
	}

	return files, nil
}

func loadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}

	f := &File{Name: strings.TrimSuffix(filepath.Base(path), ".yaml"), Path: path}

	if err := yaml.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("%s: invalid corpus file: %w", path, err)
	}

	if err := checkKeys(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}

	if f.Workflow.Kind == 0 || len(f.Cases) == 0 {
		return nil, fmt.Errorf("%s: a corpus file needs a workflow and at least one case", path)
	}

	for _, c := range f.Cases {
		if (c.Output.Kind == 0) == (c.Error == "") {
			return nil, fmt.Errorf("%s: case %q needs exactly one of output and error", path, c.Name)
		}
	}

	return f, nil
}

// Keys that a corpus file and its cases may have. A misspelt key, such as
// "ouptut", would otherwise leave a case without its expectation.
var (
	fileKeys = map[string]bool{"description": true, "workflow": true, "cases": true}
	caseKeys = map[string]bool{"name": true, "input": true, "calls": true, "output": true, "error": true, "call_counts": true}
)

// checkKeys rejects unknown keys of the file and of its cases. The YAML
// decoder's own check cannot be used, because it also applies inside the
// yaml.Node fields.
func checkKeys(data []byte) error {
	var raw struct {
		Top   map[string]any   `yaml:",inline"`
		Cases []map[string]any `yaml:"cases"`
	}

	if err := yaml.Unmarshal(data, &raw); err != nil {
		return err
	}

	for k := range raw.Top {
		if !fileKeys[k] {
			return fmt.Errorf("unknown key %q; a corpus file has description, workflow and cases", k)
		}
	}

	for i, c := range raw.Cases {
		for k := range c {
			if !caseKeys[k] {
				return fmt.Errorf("case %d: unknown key %q; a case has name, input, calls, output, error and call_counts", i+1, k)
			}
		}
	}

	return nil
}

// Decode decodes the file's workflow.
func (f *File) Decode() (*workflow.Workflow, workflow.Diagnostics) {
	data, err := yaml.Marshal(&f.Workflow)
	if err != nil {
		return nil, workflow.Diagnostics{workflow.Errorf(nil, "", "Invalid YAML", "%s", err)}
	}

	return workflow.DecodeYAML(data)
}

// CallKind is the kind of a call step, which decides how its replies look
// to Step Functions.
type CallKind int

const (
	HTTPCall CallKind = iota
	FunctionCall
	NativeCall
	WorkflowCall

	// CallbackCall is the notify call of an await_callback step; its reply
	// body is the callback's payload.
	CallbackCall
)

// CallKinds maps every call step of w, nested ones included, to its kind.
func CallKinds(w *workflow.Workflow) map[string]CallKind {
	kinds := map[string]CallKind{}
	workflow.WalkSteps(w.Steps, func(s *workflow.Step) {
		if _, ok := s.Kind.(*workflow.AwaitCallback); ok {
			kinds[s.Name] = CallbackCall
			return
		}

		c, ok := s.Kind.(*workflow.Call)
		if !ok {
			return
		}

		switch {
		case c.HTTP != nil:
			kinds[s.Name] = HTTPCall
		case c.Function != nil:
			kinds[s.Name] = FunctionCall
		case c.Workflow != nil:
			kinds[s.Name] = WorkflowCall
		default:
			kinds[s.Name] = NativeCall
		}
	})

	return kinds
}

// lambdaErrorByStatus names the Lambda Invoke API error that Step Functions
// reports for an HTTP status.
var lambdaErrorByStatus = map[int]string{
	400: "Lambda.InvalidParameterValueException",
	404: "Lambda.ResourceNotFoundException",
	429: "Lambda.TooManyRequestsException",
	500: "Lambda.ServiceException",
}

// TaskReply converts a neutral reply to what the Step Functions integration
// of kind returns or raises.
func TaskReply(kind CallKind, r Reply) (map[string]any, error) {
	reply := map[string]any{}

	if r.Request != nil {
		match, err := NormalizeJSON(r.Request)
		if err != nil {
			return nil, err
		}

		reply["match"] = match
		reply["matchField"] = requestField[kind]
	}

	if r.Error == "" {
		reply["result"] = taskResult(kind, r)
		return reply, nil
	}

	name, err := errorName(kind, r.Error)
	if err != nil {
		return nil, err
	}

	reply["error"] = name
	reply["cause"] = r.Message

	return reply, nil
}

// requestField names the field of a Task's input that holds the neutral
// request; empty means the whole input.
var requestField = map[CallKind]string{
	HTTPCall:     "RequestBody",
	FunctionCall: "Payload",
	CallbackCall: "Payload",
	WorkflowCall: "Input",
}

func taskResult(kind CallKind, r Reply) any {
	status := r.Status
	if status == 0 {
		status = 200
	}

	switch kind {
	case HTTPCall:
		headers := r.Headers
		if headers == nil {
			headers = map[string]any{}
		}

		result := map[string]any{"StatusCode": status, "Headers": headers, "ResponseBody": r.Body}
		if r.NoBody {
			delete(result, "ResponseBody")
		}

		return result
	case FunctionCall:
		return map[string]any{"StatusCode": status, "Payload": r.Body}
	case WorkflowCall:
		return map[string]any{"Status": "SUCCEEDED", "Output": r.Body}
	}

	return r.Body
}

// errorName maps a neutral error of a call to the Step Functions error name.
func errorName(kind CallKind, neutral string) (string, error) {
	switch {
	case neutral == "timeout":
		return "States.Timeout", nil
	case neutral == "connection" && kind == HTTPCall:
		return "States.Http.Socket", nil
	case neutral == "connection" && kind == FunctionCall:
		return "Lambda.SdkClientException", nil
	case strings.HasPrefix(neutral, "http:"):
		status, err := strconv.Atoi(strings.TrimPrefix(neutral, "http:"))
		if err != nil {
			return "", fmt.Errorf("invalid reply error %q: write http:<status>", neutral)
		}

		if kind == HTTPCall {
			return "States.Http.StatusCode." + strconv.Itoa(status), nil
		}

		if name, ok := lambdaErrorByStatus[status]; ok && kind == FunctionCall {
			return name, nil
		}

		return "", fmt.Errorf("reply error %q has no Step Functions name for this kind of call", neutral)
	}

	return neutral, nil
}

// ErrorMatches reports whether the Step Functions error name actual is the
// expected neutral error: a custom name, "timeout" or "http:<status>".
func ErrorMatches(expected, actual string) bool {
	switch {
	case expected == "timeout":
		return actual == "States.Timeout" || actual == "States.Http.Socket" ||
			actual == "Lambda.ClientExecutionTimeoutException"
	case strings.HasPrefix(expected, "http:"):
		status, _ := strconv.Atoi(strings.TrimPrefix(expected, "http:"))

		return actual == "States.Http.StatusCode."+strconv.Itoa(status) || actual == lambdaErrorByStatus[status]
	}

	return expected == actual
}

// NormalizeJSON re-encodes a value as JSON and decodes it again, so that
// values from YAML and from the executor compare alike.
func NormalizeJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}

	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}

	return out, nil
}
