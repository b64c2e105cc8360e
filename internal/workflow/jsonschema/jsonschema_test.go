package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	validator "github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite schema/workflow.schema.json from the generator")

const (
	repoRoot   = "../../.."
	schemaFile = repoRoot + "/schema/workflow.schema.json"
)

func TestSchemaFileUpToDate(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}

	if *update {
		if err := os.MkdirAll(filepath.Dir(schemaFile), 0o755); err != nil {
			t.Fatal(err)
		}

		if err := os.WriteFile(schemaFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	got, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("read the committed schema: %v. Run go test ./internal/workflow/jsonschema -update to write it.", err)
	}

	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the generated schema. Run go test ./internal/workflow/jsonschema -update and commit the file.", schemaFile)
	}
}

// compileSchema compiles the committed file, which also checks it against
// the draft 2020-12 meta-schema.
func compileSchema(t *testing.T) *validator.Schema {
	t.Helper()

	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}

	doc, err := validator.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the schema is not valid JSON: %v", err)
	}

	c := validator.NewCompiler()
	c.DefaultDraft(validator.Draft2020)
	c.AssertFormat()

	const url = "file:///workflow.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}

	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}

	return s
}

// toJSONValue turns decoded YAML into the values that the validator takes,
// through JSON, as Terraform's yamldecode hands them to the provider.
func toJSONValue(t *testing.T, v any) any {
	t.Helper()

	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("convert YAML to JSON: %v", err)
	}

	out, err := validator.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}

	return out
}

func parseYAML(t *testing.T, data []byte) any {
	t.Helper()

	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("invalid YAML: %v", err)
	}

	return v
}

// repositoryWorkflows returns every YAML workflow in the repository by a
// name for the subtest: the examples, the deploy template rendered without
// an EventBridge connection and with one, the translator corpus and the
// `workflow` key of every conformance case.
func repositoryWorkflows(t *testing.T) map[string][]byte {
	t.Helper()

	out := map[string][]byte{}

	err := filepath.WalkDir(repoRoot+"/examples", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "workflow.yaml" {
			return err
		}

		data, err := os.ReadFile(path)
		out[strings.TrimPrefix(path, repoRoot+"/")] = data

		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	tmpl, err := os.ReadFile(repoRoot + "/examples/deploy/workflow.yaml.tftpl")
	if err != nil {
		t.Fatal(err)
	}

	out["examples/deploy/workflow.yaml.tftpl without connection"] = renderDeployTemplate(t, tmpl, "")
	out["examples/deploy/workflow.yaml.tftpl with connection"] = renderDeployTemplate(t, tmpl,
		"arn:aws:events:us-east-1:123456789012:connection/orders/6f1c0e2a-1111-2222-3333-444455556666")

	for _, pattern := range []string{"internal/translate/testdata/*.yaml", "internal/translate/testdata/*/*.yaml"} {
		files, _ := filepath.Glob(repoRoot + "/" + pattern)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}

			out[strings.TrimPrefix(f, repoRoot+"/")] = data
		}
	}

	cases, _ := filepath.Glob(repoRoot + "/internal/conformance/testdata/*.yaml")
	for _, f := range cases {
		out[strings.TrimPrefix(f, repoRoot+"/")] = conformanceWorkflow(t, f)
	}

	return out
}

// conformanceWorkflow returns the `workflow` key of a conformance case as
// YAML.
func conformanceWorkflow(t *testing.T, path string) []byte {
	t.Helper()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Workflow yaml.Node `yaml:"workflow"`
	}

	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}

	if doc.Workflow.Kind == 0 {
		t.Fatalf("%s has no workflow key", path)
	}

	out, err := yaml.Marshal(&doc.Workflow)
	if err != nil {
		t.Fatal(err)
	}

	return out
}

var (
	templateIf        = regexp.MustCompile(`^\s*%\{ if connection_arn != "" ~\}\s*$`)
	templateEndIf     = regexp.MustCompile(`^\s*%\{ endif ~\}\s*$`)
	templateDirective = regexp.MustCompile(`%\{|\$\{`)
)

// renderDeployTemplate renders the one conditional block and interpolation
// that the deploy template uses, as Terraform's templatefile would with
// connection_arn set to arn. It fails on any other directive, so a change
// to the template shows up here instead of passing unchecked.
func renderDeployTemplate(t *testing.T, tmpl []byte, arn string) []byte {
	t.Helper()

	var out []string

	skipping := false

	for _, line := range strings.Split(string(tmpl), "\n") {
		switch {
		case templateIf.MatchString(line):
			skipping = arn == ""
			continue
		case templateEndIf.MatchString(line):
			skipping = false
			continue
		case skipping:
			continue
		}

		line = strings.ReplaceAll(line, "${connection_arn}", arn)
		if templateDirective.MatchString(line) {
			t.Fatalf("the deploy template has a directive this test cannot render: %q", line)
		}

		out = append(out, line)
	}

	return []byte(strings.Join(out, "\n"))
}

func TestSchemaAcceptsRepositoryWorkflows(t *testing.T) {
	s := compileSchema(t)
	files := repositoryWorkflows(t)

	if len(files) < 40 {
		t.Fatalf("found only %d workflows, expected the examples, the translator corpus and the conformance cases", len(files))
	}

	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			if _, diags := workflow.DecodeYAML(data); diags.HasErrors() {
				t.Fatalf("the decoder rejects the workflow:\n%s", diags.Error())
			}

			if err := s.Validate(toJSONValue(t, parseYAML(t, data))); err != nil {
				t.Errorf("the schema rejects a workflow that the decoder accepts:\n%v", err)
			}
		})
	}
}

// invalidWorkflows are definitions that both the schema and the decoder
// reject, each with the instance location the schema must report. An
// unknown key is reported at the object that holds it.
var invalidWorkflows = []struct {
	name     string
	yaml     string
	location string
}{
	{"unknown top-level key", "stepz: []\nsteps: [{name: a, return: 1}]", ""},
	{"empty steps", "steps: []", "/steps"},
	{"misspelled step kind", "steps: [{name: a, retrun: 1}]", "/steps/0"},
	{"two step kinds", "steps: [{name: a, assign: {x: 1}, return: 1}]", "/steps/0"},
	{"step without name", "steps: [{return: 1}]", "/steps/0"},
	{"step name with double underscore", "steps: [{name: a__b, return: 1}]", "/steps/0/name"},
	{"lowercase HTTP method", "steps: [{name: a, call: {http: {method: get, url: 'https://x.example'}}}]", "/steps/0/call/http/method"},
	{"unknown HTTP key", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example', heders: {}}}}]", "/steps/0/call/http"},
	{"call with two targets", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, function: {aws: x}}}]", "/steps/0/call"},
	{"retry without max_retries", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {backoff_rate: 2}}}]", "/steps/0/call/retry"},
	{"retry bad jitter", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {max_retries: 2, jitter: half}}}]", "/steps/0/call/retry/jitter"},
	{"retry bad duration", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, retry: {max_retries: 2, initial_interval: soon}}}]", "/steps/0/call/retry/initial_interval"},
	{"catch lowercase custom error", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [timout], steps: []}]}}]", "/steps/0/call/catch/0/errors/0"},
	{"catch http status out of range", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: ['http:200'], steps: []}]}}]", "/steps/0/call/catch/0/errors/0"},
	{"catch States error", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [StatesAll], steps: []}]}}]", "/steps/0/call/catch/0/errors/0"},
	{"catch any with others", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, catch: [{errors: [any, timeout], steps: []}]}}]", "/steps/0/call/catch/0/errors"},
	{"reserved result variable", "steps: [{name: a, call: {http: {method: GET, url: 'https://x.example'}, result: input}}]", "/steps/0/call/result"},
	{"assign empty", "steps: [{name: a, assign: {}}]", "/steps/0/assign"},
	{"wait with both", "steps: [{name: a, wait: {seconds: 1, until: '2030-01-01T00:00:00Z'}}]", "/steps/0/wait"},
	{"fail lowercase error", "steps: [{name: a, fail: {error: oops}}]", "/steps/0/fail/error"},
	{"loop without bound", "steps: [{name: a, loop: {while: 'true', steps: []}}]", "/steps/0/loop"},
	{"for_each zero concurrency", "steps: [{name: a, for_each: {items: '[1]', as: x, max_concurrency: 0, steps: []}}]", "/steps/0/for_each/max_concurrency"},
	{"parallel without branches", "steps: [{name: a, parallel: {branches: []}}]", "/steps/0/parallel/branches"},
	{"parallel bad policy", "steps: [{name: a, parallel: {branches: [{name: b, steps: []}], on_failure: continue}}]", "/steps/0/parallel/on_failure"},
	{"try without handler", "steps: [{name: a, try: {steps: []}}]", "/steps/0/try"},
	{"notify with result", "steps: [{name: a, await_callback: {timeout: 1h, notify: {http: {method: POST, url: 'https://x.example'}, result: r}}}]", "/steps/0/await_callback/notify"},
	{"notify native", "steps: [{name: a, await_callback: {timeout: 1h, notify: {native: {aws: {resource: x}}}}}]", "/steps/0/await_callback/notify"},
	{"input unknown type", "input: {a: strng}\nsteps: [{name: a, return: 1}]", "/input/a"},
	{"input bad field name", "input: {my-field: string}\nsteps: [{name: a, return: 1}]", "/input"},
	{"native aws without resource", "steps: [{name: a, call: {native: {aws: {arguments: {}}}}}]", "/steps/0/call/native/aws"},
	{"wait seconds as duration", "steps: [{name: a, wait: {seconds: '5s'}}]", "/steps/0/wait/seconds"},
	{"wait seconds as numeric string", "steps: [{name: a, wait: {seconds: '5'}}]", "/steps/0/wait/seconds"},
	{"wait seconds template in text", "input: {n: int}\nsteps: [{name: a, wait: {seconds: 'after {{ input.n }}'}}]", "/steps/0/wait/seconds"},
	{"wait until as word", "steps: [{name: a, wait: {until: tomorrow}}]", "/steps/0/wait/until"},
	{"wait until without T", "steps: [{name: a, wait: {until: '2030-01-01 00:00:00Z'}}]", "/steps/0/wait/until"},
	{"wait until one-digit hour", "steps: [{name: a, wait: {until: '2030-01-01T9:00:00Z'}}]", "/steps/0/wait/until"},
	{"switch when in braces", "input: {total: int}\nsteps: [{name: a, switch: {cases: [{when: '{{ input.total >= 1000 }}', steps: []}]}}]", "/steps/0/switch/cases/0/when"},
	{"for_each items in braces", "input: {items: list}\nsteps: [{name: a, for_each: {items: '{{ input.items }}', as: x, steps: []}}]", "/steps/0/for_each/items"},
	{"loop while in braces", "steps: [{name: a, loop: {while: ' {{ true }}', max_iterations: 2, steps: []}}]", "/steps/0/loop/while"},
	{"loop until in braces", "steps: [{name: a, loop: {until: '{{ true }}', max_iterations: 2, steps: []}}]", "/steps/0/loop/until"},
}

// validWorkflows are definitions at the edges of the string patterns that
// both the schema and the decoder accept.
var validWorkflows = []struct {
	name string
	yaml string
}{
	{"wait seconds whole template", "input: {n: int}\nsteps: [{name: a, wait: {seconds: '{{ input.n * 2 }}'}}]"},
	{"wait until with fraction and offset", "steps: [{name: a, wait: {until: '2030-01-31T09:00:00.25+01:00'}}]"},
	{"wait until template in text", "input: {day: string}\nsteps: [{name: a, wait: {until: '{{ input.day }}T09:00:00Z'}}]"},
	{"switch when with map literal", "steps: [{name: a, switch: {cases: [{when: \"{'a': 1}.a == 1\", steps: []}]}}]"},
}

func TestSchemaAcceptsPatternEdges(t *testing.T) {
	s := compileSchema(t)

	for _, tc := range validWorkflows {
		t.Run(tc.name, func(t *testing.T) {
			if _, diags := workflow.DecodeYAML([]byte(tc.yaml)); diags.HasErrors() {
				t.Fatalf("the decoder rejects the workflow:\n%s", diags.Error())
			}

			if err := s.Validate(toJSONValue(t, parseYAML(t, []byte(tc.yaml)))); err != nil {
				t.Errorf("the schema rejects a workflow that the decoder accepts:\n%v", err)
			}
		})
	}
}

func TestSchemaRejectsInvalidWorkflows(t *testing.T) {
	s := compileSchema(t)

	for _, tc := range invalidWorkflows {
		t.Run(tc.name, func(t *testing.T) {
			if _, diags := workflow.DecodeYAML([]byte(tc.yaml)); !diags.HasErrors() {
				t.Errorf("the decoder accepts this workflow, so the case does not show a rejection both agree on")
			}

			err := s.Validate(toJSONValue(t, parseYAML(t, []byte(tc.yaml))))
			if err == nil {
				t.Fatalf("the schema accepts the workflow")
			}

			var verr *validator.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("error %v is not a validation error", err)
			}

			if !hasLocation(verr, tc.location) {
				t.Errorf("no error at %s:\n%v", tc.location, err)
			}
		})
	}
}

// hasLocation reports whether the error or one of its causes is about the
// value at the JSON pointer location.
func hasLocation(err *validator.ValidationError, location string) bool {
	got := ""
	if len(err.InstanceLocation) > 0 {
		got = "/" + strings.Join(err.InstanceLocation, "/")
	}

	if got == location {
		return true
	}

	for _, cause := range err.Causes {
		if hasLocation(cause, location) {
			return true
		}
	}

	return false
}

// TestSchemaCoversEveryKeyTable checks that every object table becomes a
// closed object schema with every key of the table, so an editor completes
// exactly the keys that the decoder accepts.
func TestSchemaCoversEveryKeyTable(t *testing.T) {
	data, err := Generate()
	if err != nil {
		t.Fatal(err)
	}

	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}

	defs, _ := root["$defs"].(map[string]any)

	for _, spec := range workflow.Spec() {
		obj := root
		if spec.Name != "workflow" {
			obj, _ = defs[spec.Name].(map[string]any)
		}

		if obj == nil {
			t.Errorf("no schema for the %s table", spec.Name)
			continue
		}

		if obj["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties = %v, want false", spec.Name, obj["additionalProperties"])
		}

		properties, _ := obj["properties"].(map[string]any)
		if len(properties) != len(spec.Attributes) {
			t.Errorf("%s: %d properties, want %d", spec.Name, len(properties), len(spec.Attributes))
		}

		for _, a := range spec.Attributes {
			p, ok := properties[a.Name].(map[string]any)
			if !ok {
				t.Errorf("%s: no property %q", spec.Name, a.Name)
				continue
			}

			if p["description"] == nil || p["description"] == "" {
				t.Errorf("%s.%s has no description for editor hovers", spec.Name, a.Name)
			}
		}
	}
}

func TestSchemaDeclaresDraft2020(t *testing.T) {
	data, err := Generate()
	if err != nil {
		t.Fatal(err)
	}

	if !bytes.Contains(data, []byte(`"$schema": "`+DraftURI+`"`)) {
		t.Errorf("the schema does not declare %s", DraftURI)
	}

	if !bytes.HasSuffix(data, []byte("}\n")) {
		t.Errorf("the schema does not end with a newline")
	}
}

// draft07Keywords are the keywords that the generated schema may use: those
// with the same meaning in draft-07 and draft 2020-12, plus $defs and the
// annotations, so that editors limited to draft-07 still read the schema.
var draft07Keywords = map[string]bool{
	"$schema": true, "$comment": true, "$defs": true, "$ref": true, "title": true, "description": true,
	"default": true, "type": true, "properties": true, "additionalProperties": true, "required": true,
	"propertyNames": true, "minProperties": true, "items": true, "minItems": true, "enum": true,
	"pattern": true, "minLength": true, "minimum": true, "maximum": true, "oneOf": true, "anyOf": true,
	"not": true, "if": true, "then": true, "contains": true, "const": true, "maxItems": true,
}

func TestSchemaUsesDraft07Keywords(t *testing.T) {
	data, err := Generate()
	if err != nil {
		t.Fatal(err)
	}

	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}

	var check func(s map[string]any, at string)
	check = func(s map[string]any, at string) {
		for k, v := range s {
			if !draft07Keywords[k] {
				t.Errorf("%s uses the keyword %q", at, k)
			}

			switch k {
			case "properties", "$defs":
				for name, sub := range v.(map[string]any) {
					check(sub.(map[string]any), at+"/"+k+"/"+name)
				}
			case "anyOf", "oneOf":
				for i, sub := range v.([]any) {
					check(sub.(map[string]any), fmt.Sprintf("%s/%s/%d", at, k, i))
				}
			case "items", "not", "propertyNames", "if", "then", "contains":
				check(v.(map[string]any), at+"/"+k)
			case "additionalProperties":
				if sub, ok := v.(map[string]any); ok {
					check(sub, at+"/"+k)
				}
			}
		}
	}

	check(root, "#")
}
