package gcpworkflows

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/conformance"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// corpusEnv enables TestRunConformanceCorpus. The corpus belongs to the
// conformance package and changes with it, so the test runs on request:
// GCW_CONFORMANCE_CORPUS=1 go test ./internal/translate/gcpworkflows -run Corpus
const corpusEnv = "GCW_CONFORMANCE_CORPUS"

// TestRunConformanceCorpus translates every workflow of the conformance
// corpus and runs its cases in the test interpreter. A case whose call
// fails with a custom error name is skipped, because a call on Cloud
// Workflows fails only with system errors.
func TestRunConformanceCorpus(t *testing.T) {
	if os.Getenv(corpusEnv) == "" {
		t.Skipf("set %s=1 to run the conformance corpus", corpusEnv)
	}

	paths, err := filepath.Glob(filepath.Join("..", "..", "conformance", "testdata", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus files found: %v", err)
	}

	sort.Strings(paths)

	for _, path := range paths {
		text, file, ok := translateCorpusFile(t, path)
		if !ok {
			continue
		}

		for _, c := range file.Cases {
			t.Run(filepath.Base(path)+"/"+c.Name, func(t *testing.T) {
				runCorpusCase(t, text, c)
			})
		}
	}
}

func translateCorpusFile(t *testing.T, path string) (string, conformance.File, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var file conformance.File
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}

	definition, err := yaml.Marshal(&file.Workflow)
	if err != nil {
		t.Fatal(err)
	}

	w, diags := workflow.DecodeYAML(definition)
	if diags.HasErrors() {
		t.Errorf("%s does not decode:\n%s", path, diags.Error())
		return "", file, false
	}

	text, diags := Translate(w)
	if diags.HasErrors() {
		t.Logf("%s is rejected for Cloud Workflows: %s", filepath.Base(path), diags.Error())
		return "", file, false
	}

	return text, file, true
}

// corpusReplies hands out each call step's replies: the one whose request
// matches, else the next one without a request. A nil request, as for a
// callback, takes the next reply.
type corpusReplies struct {
	calls  map[string][]conformance.Reply
	used   map[string][]bool
	counts map[string]int
}

func (r *corpusReplies) next(step string, request any) (conformance.Reply, bool) {
	step = strings.TrimSuffix(step, "__call")

	r.counts[step]++

	replies := r.calls[step]
	if r.used[step] == nil {
		r.used[step] = make([]bool, len(replies))
	}

	for _, withRequest := range []bool{true, false} {
		for i, reply := range replies {
			if r.used[step][i] || (request != nil && (reply.Request != nil) != withRequest) {
				continue
			}

			if withRequest && request != nil && !reflect.DeepEqual(normalize(reply.Request), request) {
				continue
			}

			r.used[step][i] = true

			return reply, true
		}
	}

	return conformance.Reply{}, false
}

func runCorpusCase(t *testing.T, text string, c conformance.Case) {
	replies := &corpusReplies{calls: c.Calls, used: map[string][]bool{}, counts: map[string]int{}}

	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}

	m := &gcwMachine{t: t, doc: doc}

	m.http = func(_ string, args map[string]any) (int, any) {
		// The corpus replies to an await_callback step with the callback,
		// and the notify call only delivers the address.
		if strings.HasSuffix(m.current, "__notify") {
			return 200, nil
		}

		reply, ok := replies.next(m.current, normalize(args["body"]))
		if !ok {
			t.Fatalf("no reply for step %s", m.current)
		}

		if reply.Error != "" {
			m.failNext = corpusError(t, reply)
			return 200, nil
		}

		m.headers = nil
		if reply.Headers != nil {
			m.headers, _ = normalize(reply.Headers).(map[string]any)
		}

		return max(reply.Status, 200), normalize(reply.Body)
	}

	m.connector = func(function string, args map[string]any) (any, error) {
		request := normalize(args["argument"])
		if function == "events.await_callback" {
			request = nil
		}

		reply, ok := replies.next(m.current, request)
		if !ok {
			t.Fatalf("no reply for step %s", m.current)
		}

		if reply.Error != "" {
			return nil, corpusError(t, reply)
		}

		if function == "events.await_callback" {
			return map[string]any{"http_request": map[string]any{"body": normalize(reply.Body)}}, nil
		}

		return normalize(reply.Body), nil
	}

	out, err := m.runSubworkflow("main", []any{normalize(c.Input)})

	if c.Error != "" {
		checkCorpusError(t, c.Error, out, err)
	} else {
		var want any
		if err := c.Output.Decode(&want); err != nil {
			t.Fatal(err)
		}

		assertOutput(t, out, err, normalize(want))
	}

	for step, n := range c.CallCounts {
		if replies.counts[step] != n {
			t.Errorf("step %s ran %d calls, want %d", step, replies.counts[step], n)
		}
	}
}

// corpusError converts a neutral call error into the error Cloud Workflows
// raises, and skips the case for a custom name.
func corpusError(t *testing.T, reply conformance.Reply) error {
	switch {
	case reply.Error == "timeout":
		return systemError("TimeoutError", reply.Message)
	case reply.Error == "connection":
		return systemError("ConnectionError", reply.Message)
	case strings.HasPrefix(reply.Error, "http:"):
		var code int64
		if _, err := fmt.Sscanf(reply.Error, "http:%d", &code); err != nil {
			t.Fatalf("invalid error %q", reply.Error)
		}

		return &gcwError{map[string]any{"tags": []any{"HttpError"}, "code": code, "message": reply.Message}}
	}

	t.Skipf("a call on Cloud Workflows cannot fail with the custom error %s", reply.Error)

	return nil
}

func checkCorpusError(t *testing.T, want string, out any, err error) {
	raised, ok := err.(*gcwError)
	if !ok {
		t.Fatalf("output = %v, err = %v, want the error %s", out, err, want)
	}

	fields, _ := raised.value.(map[string]any)

	switch {
	case want == "timeout":
		if !strings.Contains(fmt.Sprint(fields["tags"]), "TimeoutError") {
			t.Errorf("raised %v, want a TimeoutError", fields)
		}
	case strings.HasPrefix(want, "http:"):
		if got := fmt.Sprintf("http:%v", fields["code"]); got != want {
			t.Errorf("raised %v, want %s", fields, want)
		}
	default:
		if fields["error"] != want {
			t.Errorf("raised %v, want the error %s", fields, want)
		}
	}
}

// normalize turns the ints of decoded YAML into int64, as the interpreter
// stores them.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = normalize(item)
		}

		return out
	case map[string]any:
		out := map[string]any{}
		for k, item := range x {
			out[k] = normalize(item)
		}

		return out
	}

	return v
}
