package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
)

// writeExample creates dir/folder with a workflow.yaml and, when mainTF is
// not empty, a main.tf.
func writeExample(t *testing.T, dir, folder, workflowYAML, mainTF string) {
	t.Helper()

	path := filepath.Join(dir, folder)
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(filepath.Join(path, "workflow.yaml"), []byte(workflowYAML), 0o644); err != nil {
		t.Fatal(err)
	}

	if mainTF == "" {
		return
	}

	if err := os.WriteFile(filepath.Join(path, "main.tf"), []byte(mainTF), 0o644); err != nil {
		t.Fatal(err)
	}
}

const waitWorkflow = `# wait: pause for a minute.
# Then return.
steps:
  - name: pause
    wait:
      seconds: 60
  - name: done
    return: 1
`

// httpWorkflow has no aws_connection_arn, so Step Functions rejects it.
const httpWorkflow = `steps:
  - name: fetch
    call:
      http:
        method: GET
        url: https://example.com/data
      result: data
  - name: done
    return: "{{ data.body }}"
`

func TestSplitLeadingComment(t *testing.T) {
	description, source := splitLeadingComment(waitWorkflow)

	if description != "wait: pause for a minute. Then return." {
		t.Errorf("description = %q", description)
	}

	if !strings.HasPrefix(source, "steps:\n") {
		t.Errorf("source does not start at the workflow: %q", source)
	}

	if !strings.HasSuffix(source, "return: 1\n") {
		t.Errorf("source lost its end: %q", source)
	}
}

func TestSplitLeadingCommentWithoutComment(t *testing.T) {
	description, source := splitLeadingComment(httpWorkflow)

	if description != "" {
		t.Errorf("description = %q, want empty", description)
	}

	if source != httpWorkflow {
		t.Errorf("source changed: %q", source)
	}
}

func TestClaimedTargets(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name   string
		mainTF string
		want   []translate.Target
	}{
		{"listed", "data \"x\" \"y\" {\n  targets    = [\"gcp\", \"azure\"]\n}\n", []translate.Target{translate.GCP, translate.Azure}},
		{"not listed", "data \"x\" \"y\" {\n  name = \"a\"\n}\n", translate.AllTargets},
		{"no file", "", translate.AllTargets},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".tf")
			if c.mainTF != "" {
				if err := os.WriteFile(path, []byte(c.mainTF), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			got, err := claimedTargets(path)
			if err != nil {
				t.Fatal(err)
			}

			if !slices.Equal(got, c.want) {
				t.Errorf("targets = %v, want %v", got, c.want)
			}
		})
	}
}

func TestClaimedTargetsInvalidName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.tf")
	if err := os.WriteFile(path, []byte("targets = [\"aws\", \"oracle\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	_, err := claimedTargets(path)
	if err == nil || !strings.Contains(err.Error(), `"oracle" is not a target`) {
		t.Fatalf("error = %v, want one that names the invalid target", err)
	}
}

func TestLoadConstructsOrder(t *testing.T) {
	dir := t.TempDir()
	writeExample(t, dir, "wait", waitWorkflow, "")
	writeExample(t, dir, "zz_extra", waitWorkflow, "")
	writeExample(t, dir, "call_http", httpWorkflow, "targets = [\"gcp\", \"azure\"]\n")

	constructs, err := loadConstructs(dir)
	if err != nil {
		t.Fatal(err)
	}

	var folders []string
	for _, c := range constructs {
		folders = append(folders, c.Folder)
	}

	// Known constructs follow constructTitles, unknown folders come last.
	if want := []string{"call_http", "wait", "zz_extra"}; !slices.Equal(folders, want) {
		t.Errorf("order = %v, want %v", folders, want)
	}

	if constructs[2].Title != "`zz_extra`" {
		t.Errorf("title of an unknown folder = %q, want its name", constructs[2].Title)
	}
}

func TestLoadConstructsEmptyFolder(t *testing.T) {
	_, err := loadConstructs(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "no construct examples found") {
		t.Fatalf("error = %v, want one about the missing examples", err)
	}
}

func TestClaimedTargetMustRender(t *testing.T) {
	dir := t.TempDir()
	writeExample(t, dir, "call_http", httpWorkflow, "targets = [\"aws\", \"gcp\"]\n")

	_, err := loadConstructs(dir)
	if err == nil {
		t.Fatal("an example that its claimed target rejects was accepted")
	}

	for _, part := range []string{"call_http/workflow.yaml", "does not render for aws", "definition.steps[0].call.http.auth.aws_connection_arn"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error does not contain %q:\n%v", part, err)
		}
	}
}

func TestInvalidWorkflowNamesFile(t *testing.T) {
	dir := t.TempDir()
	writeExample(t, dir, "broken", "steps:\n  - name: a\n    retrun: 1\n", "")

	_, err := loadConstructs(dir)
	if err == nil {
		t.Fatal("an invalid workflow was accepted")
	}

	if !strings.Contains(err.Error(), filepath.Join("broken", "workflow.yaml")) {
		t.Errorf("error does not name the file: %v", err)
	}
}

func TestConstructsPageShowsRejection(t *testing.T) {
	dir := t.TempDir()
	writeExample(t, dir, "call_http", httpWorkflow, "targets = [\"gcp\", \"azure\"]\n")

	constructs, err := loadConstructs(dir)
	if err != nil {
		t.Fatal(err)
	}

	page, err := constructsMarkdown(constructs)
	if err != nil {
		t.Fatal(err)
	}

	checks := []string{
		"page_title: \"Constructs and their renderings\"",
		"<a id=\"call-http\"></a>",
		"### AWS Step Functions (Amazon States Language, JSONata)\n\nThe plan fails for this cloud:",
		"- **Error** at `definition.steps[0].call.http.auth.aws_connection_arn`:",
		"### Google Cloud Workflows (YAML)\n\n```yaml\n",
		"### Azure Logic Apps (Workflow Definition Language)\n\n```json\n",
	}

	for _, c := range checks {
		if !strings.Contains(page, c) {
			t.Errorf("page does not contain %q", c)
		}
	}
}

func TestFunctionsPageCoversSubset(t *testing.T) {
	page, err := functionsMarkdown()
	if err != nil {
		t.Fatal(err)
	}

	// The functions and methods of the subset, as internal/expr lists them.
	for _, f := range []string{"`has(", "`size(", "`string(", "`int(", "`double(", ".contains(", ".startsWith(", ".endsWith(", ".lowerAscii()", ".upperAscii()", "`s in l`", "`b ? s : t`"} {
		if !strings.Contains(page, f) {
			t.Errorf("the functions page has no row for %s", f)
		}
	}

	// Logic Apps cannot count the fields of a map, and the page states it.
	if !strings.Contains(page, "| `size(o)` |") || !strings.Contains(page, "rejected: `size(o)`") {
		t.Error("the functions page does not show the rejection of size() of a map on Logic Apps")
	}
}

func TestCodeSpanEscapes(t *testing.T) {
	cases := map[string]string{
		"a || b":   "`a \\|\\| b`",
		"x `y` z":  "``x `y` z``",
		"`edge`":   "`` `edge` ``",
		"one\ntwo": "`one two`",
	}

	for in, want := range cases {
		if got := codeSpan(in); got != want {
			t.Errorf("codeSpan(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRepositoryExamples renders the committed construct examples, as
// `make docs` does, so that a broken example fails here too.
func TestRepositoryExamples(t *testing.T) {
	out := t.TempDir()
	examples := filepath.Join("..", "..", "..", "examples", "constructs")

	if err := run(examples, out); err != nil {
		t.Fatal(err)
	}

	page, err := os.ReadFile(filepath.Join(out, "constructs.md"))
	if err != nil {
		t.Fatal(err)
	}

	folders, err := filepath.Glob(filepath.Join(examples, "*", "workflow.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	for _, f := range folders {
		folder := filepath.Base(filepath.Dir(f))
		if !strings.Contains(string(page), "`examples/constructs/"+folder+"/workflow.yaml`") {
			t.Errorf("constructs.md has no section for %s", folder)
		}
	}

	for _, c := range constructTitles {
		if !slices.ContainsFunc(folders, func(f string) bool { return filepath.Base(filepath.Dir(f)) == c.folder }) {
			t.Errorf("constructTitles names %s, but examples/constructs/%s/workflow.yaml does not exist", c.folder, c.folder)
		}
	}
}
