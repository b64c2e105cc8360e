package portability

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var update = flag.Bool("update", false, "rewrite docs/portability.md")

// pagePath is the generated matrix page, relative to this package.
var pagePath = filepath.Join("..", "..", "..", "docs", "portability.md")

func TestMatrixPageMatchesTable(t *testing.T) {
	got := Markdown()

	if *update {
		if err := os.WriteFile(pagePath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}

		return
	}

	want, err := os.ReadFile(pagePath)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/translate/portability -update)", err)
	}

	if got != string(want) {
		t.Errorf("%s differs from the table; run go test ./internal/translate/portability -update and review the diff", pagePath)
	}
}

func TestTableRowsAreUnique(t *testing.T) {
	seen := map[Construct]bool{}

	for _, r := range Table {
		if seen[r.Construct] {
			t.Errorf("construct %q has two rows", r.Construct)
		}

		seen[r.Construct] = true
	}
}

func TestTableNotesMatchSupport(t *testing.T) {
	for _, r := range Table {
		if r.Description == "" {
			t.Errorf("%s: missing description", r.Construct)
		}

		for _, target := range Targets {
			e := r.entry(target)

			if e.Support == Exact && e.Note != "" {
				t.Errorf("%s on %s: exact entries carry no note, got %q", r.Construct, target, e.Note)
			}

			if e.Support != Exact && !strings.HasSuffix(e.Note, ".") {
				t.Errorf("%s on %s: a %s entry needs a note of full sentences, got %q", r.Construct, target, e.Support, e.Note)
			}
		}
	}
}

func TestDiagnoseSeverity(t *testing.T) {
	path := workflow.Path{}.Key("steps").Index(0)

	if _, ok := Diagnose(AWS, CallHTTP, path, "a"); ok {
		t.Errorf("an exact construct produced a diagnostic")
	}

	warning, ok := Diagnose(AWS, LoopWhile, path, "a")
	if !ok || warning.Severity != workflow.SeverityWarning {
		t.Errorf("emulated construct: got %+v, want a warning", warning)
	}

	if !strings.Contains(warning.Detail, "25,000") || warning.Summary != WarningSummary(AWS) {
		t.Errorf("warning %+v does not carry the table's note and summary", warning)
	}

	rejection, ok := Diagnose(GCP, RetryJitter, path, "a", "Extra detail.")
	if !ok || rejection.Severity != workflow.SeverityError {
		t.Errorf("rejected construct: got %+v, want an error", rejection)
	}

	if !strings.HasSuffix(rejection.Detail, "Set jitter to \"none\". Extra detail.") {
		t.Errorf("rejection detail %q does not end with the note and the detail", rejection.Detail)
	}
}

func TestLookupPanicsOnMissingRow(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Lookup of an unknown construct did not panic")
		}
	}()

	Lookup("no.such.construct", AWS)
}

func TestFeaturesOfCall(t *testing.T) {
	w, diags := workflow.DecodeYAML([]byte(`
steps:
  - name: invoke
    call:
      function: {aws: "arn:aws:lambda:us-east-1:123456789012:function:f"}
      retry: {max_retries: 2, backoff_rate: 3, jitter: full, errors: [connection, "http:429"]}
      catch:
        - errors: ["http:429", http, permission]
          steps: []
  - name: done
    return: 1
`))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}

	uses := CallFeatures(w.Steps[0].Kind.(*workflow.Call))

	want := []Construct{CallFunction, RetryErrors, RetryBackoffRate, RetryJitter, CatchConnection, CatchStatusFunction, CatchHTTPFunction, CatchPermission}
	if len(uses) != len(want) {
		t.Fatalf("uses = %+v, want constructs %v", uses, want)
	}

	for i, c := range want {
		if uses[i].Construct != c {
			t.Errorf("use %d is %s, want %s", i, uses[i].Construct, c)
		}
	}
}

func TestCallbackFieldsRead(t *testing.T) {
	cases := []struct {
		payload    string
		url, token bool
	}{
		{`{t: "{{ callback.token }}"}`, false, true},
		{`{u: "{{ callback.url }}"}`, true, false},
		{`{c: "{{ callback }}"}`, true, true},
		{`{n: 1}`, false, false},
	}

	for _, tc := range cases {
		w, diags := workflow.DecodeYAML([]byte(`
steps:
  - name: wait_for
    await_callback:
      notify: {function: {aws: "arn:aws:lambda:us-east-1:123456789012:function:f", payload: ` + tc.payload + `}}
      timeout: 1h
`))
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}

		url, token := CallbackFields(w.Steps[0].Kind.(*workflow.AwaitCallback).Notify)
		if url != tc.url || token != tc.token {
			t.Errorf("%s: url, token = %v, %v, want %v, %v", tc.payload, url, token, tc.url, tc.token)
		}
	}
}
