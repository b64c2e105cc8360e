package workflow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	yaml "go.yaml.in/yaml/v3"
)

// stepNamePattern is the intersection of the three clouds' naming rules.
// Cloud Workflows wants a leading letter and a trailing letter or digit and
// at most 64 characters. Step Functions and Logic Apps cap names at 80, and
// the Step Functions logging and azurerm rules allow only letters, digits,
// `_` and `-`. Translators reserve `__` for the names they generate.
var stepNamePattern = regexp.MustCompile(`^[A-Za-z]([A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$`)

// stepKinds lists the kind keys in the order they are reported.
var stepKinds = []string{"call", "assign", "switch", "wait", "fail", "return", "parallel", "for_each", "loop", "try", "await_callback"}

// Decode builds and validates a workflow from a generic value: maps with
// string keys, lists, strings, bools, numbers (int, int64, float64,
// json.Number or *big.Float) and nil. The Terraform dynamic value, JSON and
// YAML all decode through here, so they accept exactly the same language.
func Decode(v any) (*Workflow, Diagnostics) {
	d := &decoder{
		stepPaths: map[string]Path{},
		varTypes:  map[string]*expr.Type{},
		varPaths:  map[string]Path{},
		varOwners: map[string]string{},
		loopVars:  map[string]bool{},
		objects:   map[string]*object{},
		misplaced: map[string]Path{},
	}

	w := d.workflow(v)

	if containsUnknown(v) {
		return nil, d.knownDiagnostics()
	}

	if d.diags.HasErrors() {
		return nil, d.diags
	}

	return w, d.diags
}

// knownDiagnostics drops the errors that rest on inferred types when a value
// that is unknown during plan feeds a variable's type, because the type may
// be fine once the value is known. A definition with unknown values decodes
// to no workflow: it cannot be rendered until apply.
func (d *decoder) knownDiagnostics() Diagnostics {
	if !d.typesUncertain {
		return d.diags
	}

	var out Diagnostics

	for _, diag := range d.diags {
		if !diag.typeDependent {
			out = append(out, diag)
		}
	}

	return out
}

// DecodeJSON decodes a workflow written as JSON.
func DecodeJSON(data []byte) (*Workflow, Diagnostics) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()

	var v any
	if err := dec.Decode(&v); err != nil {
		fix := "Check that every bracket and quote is closed."

		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			fix = fmt.Sprintf("Fix the syntax at byte offset %d.", syntaxErr.Offset)
		}

		return nil, Diagnostics{Errorf(nil, "", "Invalid JSON", "The workflow is not valid JSON: %s. %s", err, fix)}
	}

	return Decode(v)
}

// DecodeYAML decodes a workflow written as YAML.
func DecodeYAML(data []byte) (*Workflow, Diagnostics) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, Diagnostics{Errorf(nil, "", "Invalid YAML",
			"The workflow is not valid YAML: %s. Fix the syntax at the line that the message names.", err)}
	}

	normal, diag := normalizeYAML(v, nil)
	if diag != nil {
		return nil, Diagnostics{*diag}
	}

	return Decode(normal)
}

// normalizeYAML rejects maps with keys that are not strings, because a
// workflow only has string keys and JSON cannot hold others.
func normalizeYAML(v any, path Path) (any, *Diagnostic) {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, item := range t {
			n, diag := normalizeYAML(item, path.Key(k))
			if diag != nil {
				return nil, diag
			}

			out[k] = n
		}

		return out, nil
	case map[any]any:
		// The YAML decoder also returns this type for a map whose keys are
		// all strings, for example when one of them carries a custom tag.
		strs, ok := stringKeyed(t)
		if !ok {
			return nil, nonStringKey(t, path)
		}

		return normalizeYAML(strs, path)
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			n, diag := normalizeYAML(item, path.Index(i))
			if diag != nil {
				return nil, diag
			}

			out[i] = n
		}

		return out, nil
	}

	return v, nil
}

// stringKeyed returns m with string keys, or false when a key is not a
// string.
func stringKeyed(m map[any]any) (map[string]any, bool) {
	out := make(map[string]any, len(m))

	for k, v := range m {
		s, ok := k.(string)
		if !ok {
			return nil, false
		}

		out[s] = v
	}

	return out, true
}

// nonStringKey reports a key of a YAML map that is not a string, the first
// in text order so that the message does not change between runs.
func nonStringKey(m map[any]any, path Path) *Diagnostic {
	keyText := func(k any) string {
		if k == nil {
			return "null"
		}

		return fmt.Sprint(k)
	}

	var keys []string

	for k := range m {
		if _, ok := k.(string); !ok {
			keys = append(keys, keyText(k))
		}
	}

	slices.Sort(keys)

	var first any

	for k := range m {
		if _, ok := k.(string); !ok && keyText(k) == keys[0] {
			first = k
		}
	}

	diag := Errorf(path, "", "Invalid YAML",
		"A map key is %s, but workflow keys must be strings, as in JSON. Quote the key, as in \"%s\": value.", describe(first), keys[0])

	return &diag
}

type decoder struct {
	diags Diagnostics

	// stepPaths maps each lower-cased step name to where it was first
	// declared.
	stepPaths map[string]Path

	// varTypes holds the one type of every variable; varOrder keeps the
	// order of first assignment for Workflow.Variables.
	varTypes map[string]*expr.Type
	varPaths map[string]Path
	varOrder []string

	// varOwners maps each variable to the branch or body it belongs to
	// (see Variable.Owner), and loopVars marks for_each item and index
	// variables.
	varOwners map[string]string
	loopVars  map[string]bool

	// tryAssignments collects the assignments of the try steps being
	// decoded, innermost last.
	tryAssignments []*assignmentCollector

	// objects maps the path of every object with a key table to the
	// object, so that an unknown key can be looked up in the enclosing
	// objects.
	objects map[string]*object

	// misplaced maps a variable name to the "result", "as" or "index" key
	// that would declare it but sits in the wrong object, so that reading
	// the variable later points at that key.
	misplaced map[string]Path

	// typesUncertain is set when a value unknown during plan decides the
	// type of a variable or of the input.
	typesUncertain bool
}

func (d *decoder) errorf(path Path, step, summary, format string, args ...any) {
	d.diags = append(d.diags, Errorf(path, step, summary, format, args...))
}

// typeErrorf records an error that depends on inferred types.
func (d *decoder) typeErrorf(path Path, step, summary, format string, args ...any) {
	diag := Errorf(path, step, summary, format, args...)
	diag.typeDependent = true
	d.diags = append(d.diags, diag)
}

func (d *decoder) workflow(v any) *Workflow {
	if text, isString := v.(string); isString {
		d.errorf(nil, "", "Invalid type",
			"The workflow definition must be an object with the attributes input, steps, got %s. A string here is usually a file's text: decode it with yamldecode(file(\"workflow.yaml\")) or jsondecode(file(\"workflow.json\")).",
			describe(text))

		return nil
	}

	top, ok := d.object(v, nil, "", specByName("workflow"))
	if !ok {
		return nil
	}

	w := &Workflow{Input: expr.MapType()}

	if raw, ok := top.get("input"); ok {
		w.Input = d.inputType(raw, Path{}.Key("input"))
		w.InputDeclared = true
	}

	env := expr.NewEnv().With("input", w.Input)

	rawSteps, ok := top.list("steps")
	if !ok && !top.has("steps") && !top.misspelt("steps") {
		d.errorf(Path{}.Key("steps"), "", "Missing required attribute", "A workflow needs a \"steps\" list with at least one step.")
	}

	if ok && len(rawSteps) == 0 {
		d.errorf(Path{}.Key("steps"), "", "Empty step list", "A workflow needs at least one step in \"steps\", such as {name: done, return: null}.")
	}

	w.Steps, _ = d.steps(rawSteps, Path{}.Key("steps"), newScope(env))
	top.finish()

	for _, name := range d.varOrder {
		w.Variables = append(w.Variables, Variable{
			Name:         name,
			Type:         d.varTypes[name],
			Owner:        d.varOwners[name],
			LoopVariable: d.loopVars[name],
		})
	}

	return w
}

// steps decodes a step list and returns the scope after its last step.
func (d *decoder) steps(raw []any, path Path, sc *scope) ([]*Step, *scope) {
	out := make([]*Step, 0, len(raw))

	for i, item := range raw {
		p := path.Index(i)

		if sc.terminated {
			d.errorf(p, stepNameOf(item), "Unreachable step",
				"This step follows a \"return\" or \"fail\" step in the same list, so it can never run. Remove it or move it before that step.")
		}

		s, next := d.step(item, p, sc)
		if s != nil {
			out = append(out, s)
		}

		sc = next
	}

	return out, sc
}

func stepNameOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		if n, ok := m["name"].(string); ok {
			return n
		}
	}

	return ""
}

func (d *decoder) step(v any, path Path, sc *scope) (*Step, *scope) {
	obj, ok := d.object(v, path, "", specByName("step"))
	if !ok {
		return nil, sc
	}

	name, _ := obj.str("name", true)
	obj.step = name
	d.stepName(name, path)

	kind, ok := d.kindKey(obj)
	if !ok {
		// The kind error already names every kind key the step has.
		for _, k := range stepKinds {
			obj.used[k] = true
		}

		obj.finish(append([]string{"name"}, stepKinds...)...)

		return nil, sc
	}

	raw := obj.raw[kind]
	obj.used[kind] = true
	obj.finish("name", kind)

	s := &Step{Name: name, Path: path}
	kindPath := path.Key(kind)

	switch kind {
	case "call":
		s.Kind, sc = d.call(raw, kindPath, name, sc)
	case "assign":
		s.Kind, sc = d.assign(raw, kindPath, name, sc)
	case "switch":
		s.Kind, sc = d.switchStep(raw, kindPath, name, sc)
	case "wait":
		s.Kind = d.wait(raw, kindPath, name, sc)
	case "fail":
		s.Kind = d.fail(raw, kindPath, name, sc)
		sc = sc.terminate()
	case "return":
		s.Kind = d.returnStep(raw, kindPath, name, sc)
		sc = sc.terminate()
	case "parallel":
		s.Kind, sc = d.parallel(raw, kindPath, name, sc)
	case "for_each":
		s.Kind, sc = d.forEach(raw, kindPath, name, sc)
	case "loop":
		s.Kind, sc = d.loop(raw, kindPath, name, sc)
	case "try":
		s.Kind, sc = d.tryStep(raw, kindPath, name, sc)
	case "await_callback":
		s.Kind, sc = d.awaitCallback(raw, kindPath, name, sc)
	}

	if s.Kind == nil {
		return nil, sc
	}

	return s, sc
}

func (d *decoder) stepName(name string, path Path) {
	if name == "" {
		return
	}

	p := path.Key("name")

	if !stepNamePattern.MatchString(name) || containsDoubleUnderscore(name) {
		d.errorf(p, name, "Invalid step name",
			"Step names must start with a letter, end with a letter or digit, contain only letters, digits, \"_\" and \"-\", have at most 64 characters and contain no \"__\", so that the name is valid on all three clouds (pattern ^[A-Za-z]([A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$).")

		return
	}

	// NOTE: Logic Apps action names are compared without regard to case as
	// far as we know, so names that differ only in case are rejected too.
	key := strings.ToLower(name)
	if first, dup := d.stepPaths[key]; dup {
		d.errorf(p, name, "Duplicate step name",
			"The name is already used, ignoring case, by the step at %s. Step names must be unique across the whole workflow, including nested steps, because Step Functions and Logic Apps name states and actions in one namespace. Rename one of the two steps.", first)

		return
	}

	d.stepPaths[key] = path
}

func containsDoubleUnderscore(s string) bool {
	return bytes.Contains([]byte(s), []byte("__"))
}

func joinQuoted(items []string) string {
	var b bytes.Buffer

	for i, s := range items {
		if i > 0 {
			b.WriteString(", ")
		}

		fmt.Fprintf(&b, "%q", s)
	}

	return b.String()
}

// NamePattern is the portable rule for workflow and step names.
var NamePattern = stepNamePattern
