package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// minCorpusFiles is the smallest corpus the tests accept, so that a moved
// or emptied folder cannot make them pass without running anything.
const minCorpusFiles = 30

func repoRoot(t *testing.T) string {
	t.Helper()

	root, err := testutil.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}

	return root
}

func loadCorpus(t *testing.T) []*File {
	t.Helper()

	files, err := LoadFiles("testdata")
	if err != nil {
		t.Fatal(err)
	}

	if len(files) < minCorpusFiles {
		t.Fatalf("the corpus has %d files under testdata, fewer than %d", len(files), minCorpusFiles)
	}

	return files
}

func decode(t *testing.T, f *File) *workflow.Workflow {
	t.Helper()

	w, diags := f.Decode()
	if diags.HasErrors() {
		t.Fatalf("%s: decoding failed:\n%s", f.Name, diags.Error())
	}

	return w
}

// prepared is a corpus file rendered in JSONPath mode with its cases
// turned into executor requests.
type prepared struct {
	file    *File
	machine Machine

	// steps maps each Task state to its call step.
	steps map[string]string
}

// TestExecutionConformance renders every corpus workflow in JSONPath mode,
// runs its cases with aws-local-stepfunctions under Node 22 and compares
// each outcome with the case's expectation.
func TestExecutionConformance(t *testing.T) {
	root := repoRoot(t)
	files := loadCorpus(t)

	var runs []prepared

	for _, f := range files {
		if p, ok := prepare(t, f); ok {
			runs = append(runs, p)
		}
	}

	machines := make([]Machine, len(runs))
	for i, p := range runs {
		machines[i] = p.machine
	}

	results, err := Execute(root, machines)
	if err != nil {
		t.Fatal(err)
	}

	cases := 0

	for i, p := range runs {
		if results[i].Invalid != "" {
			t.Errorf("%s: aws-local-stepfunctions rejected the definition: %s", p.file.Name, results[i].Invalid)
			continue
		}

		for j, c := range p.file.Cases {
			cases++

			t.Run(p.file.Name+"/"+c.Name, func(t *testing.T) {
				checkCase(t, p, c, results[i].Results[j])
			})
		}
	}

	t.Logf("ran %d cases of %d workflows", cases, len(runs))
}

// prepare renders f in JSONPath mode and converts its cases.
func prepare(t *testing.T, f *File) (prepared, bool) {
	t.Helper()

	w := decode(t, f)
	r := translate.Render(w, []translate.Target{translate.AWS}, translate.Options{AWSQueryLanguage: translate.JSONPath})[0]

	if r.Diagnostics.HasErrors() {
		t.Errorf("%s: JSONPath mode rejected a conformance workflow:\n%s", f.Name, r.Diagnostics.Errors().Error())
		return prepared{}, false
	}

	steps, err := TaskStates([]byte(r.Definition))
	if err != nil {
		t.Fatal(err)
	}

	kinds := CallKinds(w)
	p := prepared{file: f, steps: steps, machine: Machine{ID: f.Name, Definition: json.RawMessage(r.Definition)}}

	for _, c := range f.Cases {
		mc, err := machineCase(c, kinds, steps)
		if err != nil {
			t.Errorf("%s: case %q: %v", f.Name, c.Name, err)
			return prepared{}, false
		}

		p.machine.Cases = append(p.machine.Cases, mc)
	}

	return p, true
}

func machineCase(c Case, kinds map[string]CallKind, steps map[string]string) (MachineCase, error) {
	input, err := NormalizeJSON(c.Input)
	if err != nil {
		return MachineCase{}, err
	}

	mc := MachineCase{Name: c.Name, Input: input, Tasks: map[string][]map[string]any{}}

	for step := range c.Calls {
		if _, ok := kinds[step]; !ok {
			return MachineCase{}, fmt.Errorf("calls names %q, which is not a call step", step)
		}
	}

	for state, step := range steps {
		for _, reply := range c.Calls[step] {
			task, err := TaskReply(kinds[step], reply)
			if err != nil {
				return MachineCase{}, fmt.Errorf("step %q: %w", step, err)
			}

			mc.Tasks[state] = append(mc.Tasks[state], task)
		}
	}

	return mc, nil
}

func checkCase(t *testing.T, p prepared, c Case, got CaseResult) {
	t.Helper()

	if c.Error != "" {
		if got.Status != "FAILED" {
			t.Fatalf("the execution succeeded with %s, want the error %s", jsonText(got.Output), c.Error)
		}

		if !ErrorMatches(c.Error, got.Error) {
			t.Errorf("error = %s (%s), want %s", got.Error, got.Cause, c.Error)
		}
	} else {
		if got.Status != "SUCCEEDED" {
			t.Fatalf("the execution failed with %s: %s", got.Error, got.Cause)
		}

		var want any
		if err := c.Output.Decode(&want); err != nil {
			t.Fatal(err)
		}

		want, err := NormalizeJSON(want)
		if err != nil {
			t.Fatal(err)
		}

		if !reflect.DeepEqual(got.Output, want) {
			t.Errorf("output = %s, want %s", jsonText(got.Output), jsonText(want))
		}
	}

	counts := map[string]int{}
	for state, calls := range got.Calls {
		counts[p.steps[state]] += len(calls)
	}

	for step, want := range c.CallCounts {
		if counts[step] != want {
			t.Errorf("step %s was called %d times, want %d", step, counts[step], want)
		}
	}
}

func jsonText(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}

	return string(data)
}

// rendering is one way to render a workflow.
type rendering struct {
	name    string
	target  translate.Target
	options translate.Options
}

var renderings = []rendering{
	{"aws-jsonata", translate.AWS, translate.Options{}},
	{"aws-jsonpath", translate.AWS, translate.Options{AWSQueryLanguage: translate.JSONPath}},
	{"gcp", translate.GCP, translate.Options{}},
	{"azure", translate.Azure, translate.Options{}},
}

// TestCorpusAllTargets renders every corpus workflow for every target and
// both Step Functions query languages. Each definition must pass the
// target's checker: asl-validator 4.0.0, the Google Cloud Workflows JSON
// schema or the Logic Apps structural checks. A target that rejects a
// workflow must do so with plan errors that name an attribute path.
func TestCorpusAllTargets(t *testing.T) {
	files := loadCorpus(t)
	dir := t.TempDir()

	var aslFiles []string
	rendered := map[string]int{}
	rejected := map[string]int{}

	for _, f := range files {
		w := decode(t, f)

		for _, r := range renderings {
			out := translate.Render(w, []translate.Target{r.target}, r.options)[0]
			id := f.Name + "/" + r.name

			if out.Diagnostics.HasErrors() {
				rejected[r.name]++
				checkRejection(t, id, out)

				continue
			}

			rendered[r.name]++

			switch r.target {
			case translate.AWS:
				file := filepath.Join(dir, f.Name+"."+r.name+".asl.json")
				if err := os.WriteFile(file, []byte(out.Definition), 0o644); err != nil {
					t.Fatal(err)
				}

				aslFiles = append(aslFiles, file)
			case translate.GCP:
				if err := schemacheck.Validate([]byte(out.Definition)); err != nil {
					t.Errorf("%s: the Cloud Workflows schema rejects the source: %v", id, err)
				}
			case translate.Azure:
				if err := wdlcheck.Check([]byte(out.Definition)); err != nil {
					t.Errorf("%s: the Logic Apps checks reject the definition: %v", id, err)
				}
			}
		}
	}

	if rendered["aws-jsonpath"] != len(files) {
		t.Errorf("JSONPath mode rendered %d of %d corpus workflows", rendered["aws-jsonpath"], len(files))
	}

	if err := testutil.ValidateASLFiles(aslFiles...); err != nil {
		t.Fatalf("%v\nrun make tools if asl-validator is missing", err)
	}

	t.Logf("rendered %s; rejected with plan errors %s", formatCounts(rendered), formatCounts(rejected))
}

// checkRejection makes sure that a rejection is a plan error: no
// definition, and error diagnostics with a summary, a detail and an
// attribute path inside the definition.
func checkRejection(t *testing.T, id string, out translate.Rendering) {
	t.Helper()

	if out.Definition != "" {
		t.Errorf("%s: a definition came with errors", id)
	}

	for _, d := range out.Diagnostics.Errors() {
		if d.Summary == "" || d.Detail == "" {
			t.Errorf("%s: error without summary or detail: %s", id, d.Error())
		}

		if !strings.HasPrefix(d.Path.String(), "definition") {
			t.Errorf("%s: error without attribute path: %s", id, d.Error())
		}
	}
}

func formatCounts(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}

	sort.Strings(keys)

	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
	}

	return strings.Join(parts, ", ")
}
