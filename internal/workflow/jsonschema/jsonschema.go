// Package jsonschema generates the JSON Schema (draft 2020-12) of the neutral
// workflow format from the decoder's key tables (workflow.Spec), so the
// schema accepts the keys, kinds and enums that the decoder accepts.
//
// The generated schema is committed as schema/workflow.schema.json. A test
// fails when that file differs from Generate's output; run
// `go test ./internal/workflow/jsonschema -update` to rewrite it.
//
// Editors with a YAML language server (the Red Hat YAML extension for VS Code,
// for example) complete and check a workflow file that starts with this line,
// the path being relative to the file:
//
//	# yaml-language-server: $schema=../../schema/workflow.schema.json
//
// NOTE: Red Hat's yaml-language-server, behind the VS Code YAML extension,
// implements draft-07 fully and the newer drafts only in part (its issue 856
// was still open in 2025). The schema therefore uses only keywords that
// draft-07 also has. Draft-07 ignores the siblings of $ref, so
// there a hover may show the referenced definition's description instead of
// the attribute's own.
//
// The schema checks the shape of a definition and the string patterns that
// the key tables export: a {{ }} template where a type must be kept, an RFC
// 3339 timestamp, and no {{ }} around a bare CEL expression. The decoder
// still checks what a schema cannot express: expressions and their types,
// variable scope, unique step names, unreachable steps and catches, and the
// per-cloud rules.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// DraftURI is the meta-schema that the generated schema declares.
const DraftURI = "https://json-schema.org/draft/2020-12/schema"

// maxDurationSeconds is the largest whole number of seconds that the
// decoder accepts for a duration (2^31).
const maxDurationSeconds = 1 << 31

// durationPattern matches the strings that Go's time.ParseDuration accepts.
// The decoder further requires a whole number of seconds, which a pattern
// cannot check for fractions such as "1.5s".
const durationPattern = `^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$`

// Generate returns the schema as indented JSON with a trailing newline.
// Object keys are sorted, so the output is byte-stable.
func Generate() ([]byte, error) {
	root := objectSchema(workflow.SpecByName("workflow"))
	root["$schema"] = DraftURI
	root["title"] = "Neutral workflow definition"
	root["$comment"] = "Generated from the decoder's key tables by internal/workflow/jsonschema; do not edit. " +
		"Editors with a YAML language server use it when a workflow file starts with " +
		"`# yaml-language-server: $schema=<path to this file>`."
	root["$defs"] = definitions()

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")

	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode the workflow schema: %w", err)
	}

	return buf.Bytes(), nil
}

type schema = map[string]any

func ref(name string) schema {
	return schema{"$ref": "#/$defs/" + name}
}

// definitions returns every named schema: one per object table except the
// root, plus the shared leaf types.
func definitions() schema {
	defs := schema{
		"step_name": schema{
			"type":        "string",
			"description": "A step or branch name, unique across the workflow ignoring case.",
			"pattern":     workflow.StepNamePattern.String(),
			"not":         schema{"pattern": "__"},
		},
		"variable_name": schema{
			"type":        "string",
			"description": "A variable name: a letter or \"_\", then letters, digits or \"_\", at most 64 characters, and no reserved name.",
			"pattern":     workflow.VariableNamePattern.String(),
			"not":         schema{"enum": workflow.ReservedVariableNames()},
		},
		"condition": conditionSchema(),
		"whole_template": schema{
			"type":        "string",
			"description": "One {{ expr }} CEL template that is the whole string, such as \"{{ input.delay }}\", so the value keeps the expression's type.",
			"pattern":     workflow.WholeTemplatePattern.String(),
		},
		"timestamp": timestampSchema(),
		"value": schema{
			"description": "Any JSON value. Strings may embed {{ expr }} CEL templates.",
		},
		"error_name": errorNameSchema(),
		"custom_error_name": schema{
			"type":        "string",
			"description": "A custom error name, such as OutOfStock.",
			"pattern":     workflow.CustomErrorPattern.String(),
			"not":         schema{"pattern": "^States"},
		},
		"input_declaration": inputDeclarationSchema(),
		"input_type":        inputTypeSchema(),
	}

	for _, spec := range workflow.Spec() {
		if spec.Name != "workflow" {
			defs[spec.Name] = objectSchema(spec)
		}
	}

	return defs
}

// conditionSchema rejects a condition written as a {{ }} template: the
// attribute is already a CEL expression, and the decoder rejects the braces.
func conditionSchema() schema {
	return schema{
		"type":      "string",
		"minLength": 1,
		"description": "A bare CEL expression such as input.total >= 1000, without {{ }}. " +
			"The attribute is already an expression, so a value that starts with {{ is invalid: remove the braces.",
		"not": schema{"pattern": workflow.TemplateBracesPattern.String()},
	}
}

// timestampSchema accepts an RFC 3339 timestamp or a string with a {{ }}
// part, which the decoder compiles and requires to be of type string.
func timestampSchema() schema {
	return schema{
		"type":        "string",
		"description": "An RFC 3339 timestamp such as 2026-01-31T09:00:00Z, or a {{ expr }} CEL template of type string.",
		"anyOf": []any{
			schema{"pattern": workflow.TimestampPattern.String()},
			schema{"pattern": workflow.TemplatePartPattern.String()},
		},
	}
}

func errorNameSchema() schema {
	return schema{
		"description": "An error name: " + strings.Join(workflow.PortableErrorNames(), ", ") +
			", http:<status> with a status from 400 to 599, or a custom name.",
		"anyOf": []any{
			schema{"enum": workflow.PortableErrorNames()},
			schema{"type": "string", "pattern": workflow.HTTPStatusErrorPattern.String()},
			ref("custom_error_name"),
		},
	}
}

func inputDeclarationSchema() schema {
	return schema{
		"type":          "object",
		"description":   "Input fields and their types, or nested objects of fields.",
		"propertyNames": schema{"pattern": workflow.InputFieldPattern.String()},
		"additionalProperties": schema{
			"anyOf": []any{ref("input_type"), ref("input_declaration")},
		},
	}
}

// inputTypeSchema accepts the type names and list(T) around them.
//
// NOTE: the pattern does not check that the parentheses of nested lists
// balance, so "list(int))" passes the schema; the decoder rejects it.
func inputTypeSchema() schema {
	names := workflow.InputTypeNames()

	return schema{
		"type":        "string",
		"description": "A type name: " + strings.Join(names, ", ") + ", or list(T) of one of them.",
		"pattern":     `^(list\()*(` + strings.Join(names, "|") + `)\)*$`,
	}
}

// objectSchema turns one key table into a closed object schema: the decoder
// reports every key that its table does not list.
func objectSchema(spec *workflow.ObjectSpec) schema {
	properties := schema{}

	var required []string

	for _, a := range spec.Attributes {
		properties[a.Name] = attributeSchema(a)

		if a.Required {
			required = append(required, a.Name)
		}
	}

	out := schema{
		"type":                 "object",
		"description":          spec.Description,
		"properties":           properties,
		"additionalProperties": false,
	}

	if len(required) > 0 {
		out["required"] = required
	}

	if len(spec.ExactlyOne) > 0 {
		out["oneOf"] = requiredEach(spec.ExactlyOne)
	}

	if len(spec.AtLeastOne) > 0 {
		out["anyOf"] = requiredEach(spec.AtLeastOne)
	}

	return out
}

func requiredEach(keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = schema{"required": []string{k}}
	}

	return out
}

// attributeSchema returns the schema of one attribute. A schema with a $ref
// keeps its own description, which editors show on hover.
func attributeSchema(a workflow.Attribute) schema {
	out := typeSchema(a)

	if a.Description != "" {
		out["description"] = a.Description
	}

	if len(a.Enum) > 0 {
		out["enum"] = slices.Clone(a.Enum)
	}

	if a.Default != nil {
		out["default"] = a.Default
	}

	if a.MinItems > 0 {
		out["minItems"] = a.MinItems
	}

	return out
}

func typeSchema(a workflow.Attribute) schema {
	switch a.Type {
	case workflow.AttrString, workflow.AttrTemplate:
		return schema{"type": "string"}
	case workflow.AttrCondition:
		return ref("condition")
	case workflow.AttrInteger:
		return bounded(schema{"type": "integer"}, a)
	case workflow.AttrNumber:
		return bounded(schema{"type": "number"}, a)
	case workflow.AttrIntegerOrString:
		return schema{"anyOf": []any{bounded(schema{"type": "integer"}, a), ref("whole_template")}}
	case workflow.AttrTimestamp:
		return ref("timestamp")
	case workflow.AttrDuration:
		return durationSchema(a)
	case workflow.AttrStringMap:
		return schema{"type": "object", "additionalProperties": schema{"type": "string"}}
	case workflow.AttrSteps:
		return schema{"type": "array", "items": ref("step")}
	case workflow.AttrObject:
		return ref(a.Object)
	case workflow.AttrObjectList:
		return schema{"type": "array", "items": ref(a.Object)}
	case workflow.AttrErrorNames:
		// "any" matches every error, so the decoder wants it alone.
		return schema{
			"type":  "array",
			"items": ref("error_name"),
			"if":    schema{"contains": schema{"const": "any"}},
			"then":  schema{"maxItems": 1},
		}
	case workflow.AttrErrorName:
		return ref("custom_error_name")
	case workflow.AttrVariable:
		return ref("variable_name")
	case workflow.AttrStepName:
		return ref("step_name")
	case workflow.AttrAssignments:
		return schema{
			"type":                 "object",
			"minProperties":        1,
			"propertyNames":        ref("variable_name"),
			"additionalProperties": ref("value"),
		}
	case workflow.AttrInputDeclaration:
		return ref("input_declaration")
	case workflow.AttrValue:
		return schema{}
	}

	// A type without a case gets no constraint; the test that every
	// repository workflow validates still runs the decoder's own checks.
	return schema{}
}

func bounded(s schema, a workflow.Attribute) schema {
	if a.Minimum != nil {
		s["minimum"] = *a.Minimum
	}

	if a.Maximum != nil {
		s["maximum"] = *a.Maximum
	}

	return s
}

func durationSchema(a workflow.Attribute) schema {
	minimum := 0.0
	if a.Minimum != nil {
		minimum = *a.Minimum
	}

	return schema{"anyOf": []any{
		schema{"type": "integer", "minimum": minimum, "maximum": maxDurationSeconds},
		schema{"type": "string", "pattern": durationPattern},
	}}
}
