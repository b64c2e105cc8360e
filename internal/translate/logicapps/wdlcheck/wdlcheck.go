// Package wdlcheck checks the structure of an Azure Logic Apps (Consumption)
// workflow definition written in the Workflow Definition Language (WDL).
//
// Azure validates a definition only on the service (the workflows validate
// endpoint), and the WDL JSON schema that Azure serves is not published in
// any package or repository, so this package implements the documented rules
// itself. Sources: the Microsoft Learn pages "Schema reference for Workflow
// Definition Language", "Schema reference guide for trigger and action
// types", "Handle errors and exceptions" (retry policies) and "Limits and
// configuration reference for Azure Logic Apps".
//
// Check reports:
//   - the top-level shape: $schema, contentVersion, parameters, triggers with
//     a `manual` trigger, actions and outputs;
//   - action types, the fields each type requires, and unknown action keys;
//   - runAfter targets in the same scope, run-after statuses and cycles;
//   - InitializeVariable outside the top level, SetVariable of an undeclared
//     variable, Response and Terminate inside loops;
//   - expression syntax in `@...` and `@{...}` strings (balanced parentheses,
//     brackets and quotes, known functions) and references to unknown actions
//     variables or parameters by name;
//   - the fields of Scope, Foreach, Until, Workflow, HttpWebhook, Query and
//     Select actions, ISO 8601 action timeouts, "Sequential" only on a
//     Foreach, and items(), iterationIndexes() and result() naming an action
//     of the type they take;
//   - retry policies and the documented limits (actions, nesting depth,
//     variables, switch cases, expression length, name length, Foreach
//     concurrency 1 to 50, Until count 1 to 5,000).
//
// It does not check expression types or function arity, connector inputs,
// or whether referenced Azure resources such as functions exist.
package wdlcheck

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of Logic Apps Consumption workflows, from the Microsoft Learn page
// "Limits and configuration reference for Azure Logic Apps".
const (
	// SchemaURL is the WDL schema version that definitions declare.
	SchemaURL = "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#"

	MaxActions          = 500
	MaxNestingDepth     = 8
	MaxExpressionLength = 8192
	MaxVariables        = 250
	MaxNameLength       = 80
	MaxTriggers         = 10
	MaxOutputs          = 10
	MaxParameters       = 50
	MaxSwitchCases      = 25

	// MaxForeachConcurrency bounds runtimeConfiguration.concurrency.repetitions
	// of a Foreach (1 to 50), and MaxUntilCount the limit.count of an Until
	// (1 to 5,000).
	MaxForeachConcurrency = 50
	MaxUntilCount         = 5000

	// MaxRetryCount bounds retryPolicy.count, and MinRetryIntervalSeconds
	// and MaxRetryIntervalSeconds bound its intervals (PT5S to P1D).
	MaxRetryCount           = 90
	MinRetryIntervalSeconds = 5
	MaxRetryIntervalSeconds = 86400
)

// Problem is one rule that a definition breaks.
type Problem struct {
	// Pointer is the JSON Pointer (RFC 6901) of the offending value; the
	// empty string is the whole document.
	Pointer string
	Message string
}

func (p Problem) String() string {
	pointer := p.Pointer
	if pointer == "" {
		pointer = "(document)"
	}

	return pointer + ": " + p.Message
}

// Problems is the error that Check returns, one entry per broken rule.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}

	return strings.Join(lines, "\n")
}

func (ps *Problems) add(pointer, format string, args ...any) {
	*ps = append(*ps, Problem{Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// Check parses a workflow definition (the value of the `definition`
// property) and returns nil, or Problems listing every rule it breaks.
func Check(definitionJSON []byte) error {
	root, problems, err := decodeDocument(definitionJSON)
	if err != nil {
		return Problems{{Message: "invalid JSON: " + err.Error()}}
	}

	c := &checker{
		problems:           problems,
		actionPointer:      map[string]string{},
		actionTypes:        map[string]string{},
		variables:          map[string]string{},
		declaredParameters: map[string]bool{},
	}

	c.definition(root)
	c.resolveReferences()

	if len(c.problems) == 0 {
		return nil
	}

	return c.problems
}

// reference is a use of an action or variable by name, resolved after the
// whole definition has been read.
type reference struct {
	name     string
	pointer  string
	function string
}

type checker struct {
	problems Problems

	// actionPointer maps every action name to where it is defined, and
	// actionTypes to its canonical type.
	actionPointer map[string]string
	actionTypes   map[string]string
	actionCount   int

	// variables maps every variable that an InitializeVariable declares to
	// where it is declared.
	variables     map[string]string
	variableCount int

	// declaredParameters lists the parameters that the definition declares.
	declaredParameters map[string]bool

	actionRefs    []reference
	variableRefs  []reference
	parameterRefs []reference
}

var definitionKeys = map[string]bool{
	"$schema": true, "contentVersion": true, "parameters": true, "triggers": true,
	"actions": true, "outputs": true, "staticResults": true, "description": true,
}

func (c *checker) definition(root any) {
	def, ok := root.(*object)
	if !ok {
		c.problems.add("", "a workflow definition must be a JSON object, got %s", describeJSON(root))
		return
	}

	for _, k := range def.keys {
		if !definitionKeys[k] {
			c.problems.add("/"+escapePointer(k), "unknown definition property %q", k)
		}
	}

	c.schema(def)
	c.optionalString(def, "contentVersion", "")
	c.parameters(def)
	c.triggers(def)
	c.outputs(def)

	if raw, ok := def.get("actions"); ok {
		c.scope(raw, "/actions", 0, false)
	}

	if c.actionCount > MaxActions {
		c.problems.add("/actions", "the definition has %d actions; Logic Apps allows at most %d actions per workflow", c.actionCount, MaxActions)
	}

	if c.variableCount > MaxVariables {
		c.problems.add("/actions", "the definition declares %d variables; Logic Apps allows at most %d variables per workflow", c.variableCount, MaxVariables)
	}
}

func (c *checker) schema(def *object) {
	raw, ok := def.get("$schema")
	if !ok {
		c.problems.add("/$schema", "missing $schema; use %q", SchemaURL)
		return
	}

	s, ok := raw.(string)
	if !ok || strings.TrimSuffix(s, "#") != strings.TrimSuffix(SchemaURL, "#") {
		c.problems.add("/$schema", "$schema must be %q, got %v", SchemaURL, raw)
	}
}

func (c *checker) optionalString(o *object, key, pointer string) {
	if raw, ok := o.get(key); ok {
		if _, ok := raw.(string); !ok {
			c.problems.add(pointer+"/"+escapePointer(key), "%s must be a string, got %s", key, describeJSON(raw))
		}
	}
}

var parameterTypes = map[string]bool{
	"int": true, "float": true, "string": true, "securestring": true, "bool": true,
	"array": true, "object": true, "secureobject": true,
}

func (c *checker) parameters(def *object) {
	params, ok := c.optionalObject(def, "parameters", "")
	if !ok {
		return
	}

	if len(params.keys) > MaxParameters {
		c.problems.add("/parameters", "the definition has %d parameters; Logic Apps Consumption allows at most %d", len(params.keys), MaxParameters)
	}

	for _, name := range params.keys {
		pointer := "/parameters/" + escapePointer(name)
		c.declaredParameters[name] = true

		p, ok := params.values[name].(*object)
		if !ok {
			c.problems.add(pointer, "a parameter must be an object, got %s", describeJSON(params.values[name]))
			continue
		}

		t, _ := p.values["type"].(string)
		if !parameterTypes[strings.ToLower(t)] {
			c.problems.add(pointer+"/type", "parameter type must be one of %s, got %v", sortedKeys(parameterTypes), p.values["type"])
		}
	}
}

func (c *checker) triggers(def *object) {
	raw, ok := def.get("triggers")
	if !ok {
		c.problems.add("/triggers", "missing triggers; the definition needs the Request trigger \"manual\"")
		return
	}

	triggers, ok := raw.(*object)
	if !ok {
		c.problems.add("/triggers", "triggers must be an object, got %s", describeJSON(raw))
		return
	}

	if len(triggers.keys) > MaxTriggers {
		c.problems.add("/triggers", "the definition has %d triggers; Logic Apps allows at most %d", len(triggers.keys), MaxTriggers)
	}

	if !triggers.has("manual") {
		c.problems.add("/triggers", "missing the Request trigger \"manual\"")
	}

	for _, name := range triggers.keys {
		c.trigger(name, triggers.values[name], "/triggers/"+escapePointer(name))
	}
}

func (c *checker) trigger(name string, raw any, pointer string) {
	c.name(name, pointer)

	t, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer, "a trigger must be an object, got %s", describeJSON(raw))
		return
	}

	typ, ok := t.values["type"].(string)
	if !ok {
		c.problems.add(pointer+"/type", "a trigger needs a type")
		return
	}

	for _, k := range t.keys {
		if k == "inputs" {
			continue
		}

		c.texts(t.values[k], pointer+"/"+escapePointer(k))
	}

	if name != "manual" {
		return
	}

	if typ != "Request" {
		c.problems.add(pointer+"/type", "the \"manual\" trigger must have type \"Request\", got %q", typ)
	}

	if kind, ok := t.values["kind"]; ok && kind != "Http" {
		c.problems.add(pointer+"/kind", "the \"manual\" trigger must have kind \"Http\", got %v", kind)
	}

	inputs, ok := c.optionalObject(t, "inputs", pointer)
	if !ok {
		return
	}

	if schema, ok := inputs.get("schema"); ok {
		if _, ok := schema.(*object); !ok {
			c.problems.add(pointer+"/inputs/schema", "the request schema must be a JSON Schema object, got %s", describeJSON(schema))
		}
	}
}

func (c *checker) outputs(def *object) {
	outputs, ok := c.optionalObject(def, "outputs", "")
	if !ok {
		return
	}

	if len(outputs.keys) > MaxOutputs {
		c.problems.add("/outputs", "the definition has %d outputs; Logic Apps allows at most %d", len(outputs.keys), MaxOutputs)
	}

	for _, name := range outputs.keys {
		pointer := "/outputs/" + escapePointer(name)

		out, ok := outputs.values[name].(*object)
		if !ok || !out.has("type") || !out.has("value") {
			c.problems.add(pointer, "an output must be an object with \"type\" and \"value\"")
			continue
		}

		c.texts(out.values["value"], pointer+"/value")
	}
}

// optionalObject returns o[key] when it is an object, and reports it when it
// is present but not an object.
func (c *checker) optionalObject(o *object, key, pointer string) (*object, bool) {
	raw, ok := o.get(key)
	if !ok {
		return nil, false
	}

	out, ok := raw.(*object)
	if !ok {
		c.problems.add(pointer+"/"+escapePointer(key), "%s must be an object, got %s", key, describeJSON(raw))
	}

	return out, ok
}

// name checks a trigger or action name.
func (c *checker) name(name, pointer string) {
	if name == "" {
		c.problems.add(pointer, "names must not be empty")
	}

	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		c.problems.add(pointer, "the name has %d characters; Logic Apps allows at most %d", n, MaxNameLength)
	}
}

func (c *checker) resolveReferences() {
	for _, ref := range c.actionRefs {
		if _, ok := c.actionPointer[ref.name]; !ok {
			c.problems.add(ref.pointer, "%s('%s') names an action that the definition does not contain", ref.function, ref.name)
			continue
		}

		if want := containerFunctions[ref.function]; want != nil && !want[c.actionTypes[ref.name]] {
			c.problems.add(ref.pointer, "%s('%s') names a %s action, but %s() takes the name of a %s action", ref.function, ref.name,
				typeOrUnknown(c.actionTypes[ref.name]), ref.function, strings.Join(slices.Sorted(maps.Keys(want)), " or "))
		}
	}

	for _, ref := range c.parameterRefs {
		if !c.declaredParameters[ref.name] {
			c.problems.add(ref.pointer, "parameters('%s') names a parameter that the definition does not declare", ref.name)
		}
	}

	for _, ref := range c.variableRefs {
		if _, ok := c.variables[ref.name]; !ok {
			c.problems.add(ref.pointer, "%s names variable %q, which no InitializeVariable action declares", ref.function, ref.name)
		}
	}
}

// containerFunctions are the functions that take the name of an action of
// certain types: the loop whose current item or iteration they return, or
// the container whose actions' results they list.
var containerFunctions = map[string]map[string]bool{
	"items":            {"Foreach": true},
	"iterationindexes": {"Until": true},
	"result":           {"Scope": true, "Foreach": true, "Until": true},
}

func sortedKeys(m map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(m)), ", ")
}
