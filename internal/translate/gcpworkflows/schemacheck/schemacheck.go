// Package schemacheck validates Cloud Workflows sources against the Google
// Cloud Workflows JSON schema published by SchemaStore
// (https://json.schemastore.org/workflows.json), a check that Google does
// not maintain. Tests of the translator, the demo and the provider use it.
//
// The schema is not part of the module. Validate reads it from the file that
// the MULTICLOUD_GCP_SCHEMA environment variable names or, when that is unset,
// from schemaPath relative to the module root, which is the directory that
// holds go.mod, found by walking up from the working directory. Validate
// fails with the path it tried when the file is missing.
//
// The schema rejects some sources that Cloud Workflows accepts. Validate
// replaces those values before it validates, so they do not hide real
// errors elsewhere. They are:
//
//   - An expression in a numeric field (raise.code, retry.max_retries,
//     retry.backoff.*, args.timeout, parallel.concurrency_limit). The
//     schema wants a number, but Cloud Workflows evaluates expressions
//     there.
//   - A non-integer retry.backoff.initial_delay, max_delay or multiplier.
//     The schema wants integers, but Cloud Workflows takes doubles, as in
//     retry.default_backoff, whose multiplier is 1.25.
//   - An args.body that is a list, number or bool. The schema allows only
//     an object, a string or null, but Cloud Workflows JSON-encodes any
//     body value.
//
// NOTE: the 1.25 multiplier and the body encoding come from the
// gcw-emulator's reference notes, not from a deployment to Google Cloud.
package schemacheck

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"
)

// schemaPath is the default path of the schema file, relative to the module root.
var schemaPath = filepath.Join("..", "shared", "reference", "gcp-workflows.schema.json")

// SchemaEnv names the environment variable that points at another copy of the
// schema file.
const SchemaEnv = "MULTICLOUD_GCP_SCHEMA"

var (
	loadOnce sync.Once
	schema   *jsonschema.Schema
	errLoad  error
)

// Validate decodes a Cloud Workflows YAML source and validates it against
// the schema. The error lists every violation with its location.
func Validate(source []byte) error {
	sch, err := load()
	if err != nil {
		return err
	}

	var doc any
	if err := yaml.Unmarshal(source, &doc); err != nil {
		return fmt.Errorf("the source is not valid YAML: %w", err)
	}

	doc = stringifyKeys(doc)
	replaceFalsePositives(doc)

	return sch.Validate(doc)
}

// Ready loads the schema and returns the error that Validate would return
// for any source when the schema file is missing or invalid.
func Ready() error {
	_, err := load()

	return err
}

func load() (*jsonschema.Schema, error) {
	loadOnce.Do(func() {
		path, err := SchemaPath()
		if err != nil {
			errLoad = err
			return
		}

		if _, err := os.Stat(path); err != nil {
			errLoad = fmt.Errorf("the Cloud Workflows JSON schema is missing: %w. Save SchemaStore's schema (https://json.schemastore.org/workflows.json) at %s, or set %s to the path of a copy", err, path, SchemaEnv)
			return
		}

		schema, errLoad = jsonschema.NewCompiler().Compile(path)
	})

	return schema, errLoad
}

// SchemaPath returns the path where Validate reads the schema.
func SchemaPath() (string, error) {
	if path := os.Getenv(SchemaEnv); path != "" {
		return path, nil
	}

	root, err := testutil.RepoRoot()
	if err != nil {
		return "", fmt.Errorf("%w, so the Cloud Workflows JSON schema beside the module cannot be located", err)
	}

	return filepath.Join(root, schemaPath), nil
}

// stringifyKeys turns the map[any]any that YAML produces for non-string
// keys into map[string]any, because JSON Schema treats every key as a
// string.
func stringifyKeys(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, item := range t {
			t[k] = stringifyKeys(item)
		}

		return t
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, item := range t {
			out[fmt.Sprint(k)] = stringifyKeys(item)
		}

		return out
	case []any:
		for i, item := range t {
			t[i] = stringifyKeys(item)
		}

		return t
	}

	return v
}

// replaceFalsePositives walks the subworkflows of a source, or the steps of
// a source written as a plain step list.
func replaceFalsePositives(doc any) {
	switch t := doc.(type) {
	case []any:
		replaceInSteps(t)
	case map[string]any:
		for _, sub := range t {
			if m, ok := sub.(map[string]any); ok {
				replaceInSteps(m["steps"])
			}
		}
	}
}

// replaceInSteps visits a step list, which is a list of single-key maps
// from step name to step body.
func replaceInSteps(v any) {
	list, _ := v.([]any)
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			for _, body := range m {
				replaceInStep(body)
			}
		}
	}
}

// replaceInStep fixes one step body and recurses into every nested step
// list. Switch conditions may hold a step's keys too, so they are visited
// as steps.
func replaceInStep(v any) {
	step, ok := v.(map[string]any)
	if !ok {
		return
	}

	if args, ok := step["args"].(map[string]any); ok {
		replaceExpression(args, "timeout")
		replaceNonObjectBody(args)
	}

	if raise, ok := step["raise"].(map[string]any); ok {
		replaceExpression(raise, "code")
	}

	if retry, ok := step["retry"].(map[string]any); ok {
		replaceExpression(retry, "max_retries")

		if backoff, ok := retry["backoff"].(map[string]any); ok {
			for _, key := range []string{"initial_delay", "max_delay", "multiplier"} {
				replaceExpression(backoff, key)
				replaceFraction(backoff, key)
			}
		}
	}

	replaceInSteps(step["steps"])

	switch try := step["try"].(type) {
	case []any:
		replaceInSteps(try)
	default:
		replaceInStep(try)
	}

	if except, ok := step["except"].(map[string]any); ok {
		replaceInSteps(except["steps"])
	}

	if conditions, ok := step["switch"].([]any); ok {
		for _, c := range conditions {
			replaceInStep(c)
		}
	}

	if loop, ok := step["for"].(map[string]any); ok {
		replaceInSteps(loop["steps"])
	}

	if parallel, ok := step["parallel"].(map[string]any); ok {
		replaceInParallel(parallel)
	}
}

func replaceInParallel(parallel map[string]any) {
	replaceExpression(parallel, "concurrency_limit")

	if loop, ok := parallel["for"].(map[string]any); ok {
		replaceInSteps(loop["steps"])
	}

	branches, _ := parallel["branches"].([]any)
	for _, b := range branches {
		branch, _ := b.(map[string]any)
		for _, body := range branch {
			if m, ok := body.(map[string]any); ok {
				replaceInSteps(m["steps"])
			}
		}
	}
}

// replaceExpression puts 0 in place of a `${...}` expression.
func replaceExpression(m map[string]any, key string) {
	if s, ok := m[key].(string); ok && strings.HasPrefix(s, "${") {
		m[key] = 0
	}
}

// replaceFraction rounds a non-integer number up to an integer.
func replaceFraction(m map[string]any, key string) {
	if f, ok := m[key].(float64); ok && f != math.Trunc(f) {
		m[key] = math.Ceil(f)
	}
}

// replaceNonObjectBody puts an empty object in place of a list, number or
// bool body.
func replaceNonObjectBody(args map[string]any) {
	switch args["body"].(type) {
	case []any, bool, int, float64:
		args["body"] = map[string]any{}
	}
}
