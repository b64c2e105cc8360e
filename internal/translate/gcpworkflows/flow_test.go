package gcpworkflows

import (
	"fmt"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// parallelWithBranches returns a definition with one parallel step of n
// branches.
func parallelWithBranches(n int) string {
	var b strings.Builder
	b.WriteString("steps:\n  - name: fan\n    parallel:\n      branches:\n")

	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "        - name: branch_%d\n          steps:\n            - name: set_%d\n              assign:\n                v_%d: %d\n          output: \"{{ v_%d }}\"\n", i, i, i, i, i)
	}

	b.WriteString("      result: all\n")

	return b.String()
}

// nestedParallel returns a definition with depth parallel steps, each in a
// branch of the one before.
func nestedParallel(depth int) string {
	var build func(level int, indent string) string
	build = func(level int, indent string) string {
		if level == depth {
			return indent + "- name: leaf\n" + indent + "  assign:\n" + indent + "    x: 1\n"
		}

		inner := indent + "        "

		return fmt.Sprintf("%s- name: fan_%d\n%s  parallel:\n%s    branches:\n%s      - name: left_%d\n%s        steps:\n%s%s      - name: right_%d\n%s        steps: []\n",
			indent, level, indent, indent, indent, level, indent, build(level+1, inner+"  "), indent, level, indent)
	}

	return "steps:\n" + build(0, "  ")
}

func translateDefinition(t *testing.T, definition string) (string, workflow.Diagnostics) {
	t.Helper()

	w, diags := workflow.DecodeYAML([]byte(definition))
	if diags.HasErrors() {
		t.Fatalf("definition does not decode:\n%s\n%s", diags.Error(), definition)
	}

	return Translate(w)
}

func TestTranslateFlowRejections(t *testing.T) {
	cases := []struct {
		name       string
		definition string
		path       string
		summary    string
		detail     string
	}{
		{
			name:       "parallel with 11 branches",
			definition: parallelWithBranches(11),
			path:       "definition.steps[0].parallel.branches",
			summary:    "Google Cloud Workflows limit exceeded",
			detail:     "at most 10 branches",
		},
		{
			name:       "parallel nested three deep",
			definition: nestedParallel(3),
			path:       "definition.steps[0].parallel.branches[0].steps[0].parallel.branches[0].steps[0].parallel",
			summary:    "Google Cloud Workflows limit exceeded",
			detail:     "nesting depth of at most 2",
		},
		{
			name: "for_each concurrency over 20",
			definition: `steps:
  - name: each
    for_each:
      items: "[1, 2]"
      as: n
      max_concurrency: 21
      steps: []
`,
			path:    "definition.steps[0].for_each.max_concurrency",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  `"max_concurrency" is 21, but Cloud Workflows runs at most 20 branches or iterations`,
		},
		{
			name: "concurrent for_each in a concurrent for_each in a parallel branch",
			definition: `steps:
  - name: fan
    parallel:
      branches:
        - name: left
          steps:
            - name: outer
              for_each:
                items: "[1, 2]"
                as: a
                max_concurrency: 2
                steps:
                  - name: inner
                    for_each:
                      items: "[1, 2]"
                      as: b
                      max_concurrency: 2
                      steps: []
        - name: right
          steps: []
`,
			path:    "definition.steps[0].parallel.branches[0].steps[0].for_each.steps[0].for_each",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 2",
		},
		{
			name: "retry with full jitter",
			definition: `steps:
  - name: flaky
    try:
      steps:
        - name: get
          call:
            http:
              method: GET
              url: https://flaky.example.com
      retry:
        max_retries: 3
        jitter: full
`,
			path:    "definition.steps[0].try.retry.jitter",
			summary: "Unsupported construct for Google Cloud Workflows",
			detail:  "have no jitter",
		},
		{
			name: "call retry with full jitter",
			definition: `steps:
  - name: get
    call:
      http:
        method: GET
        url: https://flaky.example.com
      retry:
        max_retries: 3
        jitter: full
`,
			path:    "definition.steps[0].call.retry.jitter",
			summary: "Unsupported construct for Google Cloud Workflows",
			detail:  "have no jitter",
		},
		{
			name: "workflow call without gcp",
			definition: `steps:
  - name: child
    call:
      workflow:
        aws: arn:aws:states:us-east-1:123456789012:stateMachine:child
`,
			path:    "definition.steps[0].call.workflow",
			summary: "Missing Google Cloud Workflows setting",
			detail:  "Add \"gcp\"",
		},
		{
			name: "callback timeout over one year",
			definition: `steps:
  - name: approval
    await_callback:
      notify:
        http:
          method: POST
          url: https://approvals.example.com/ask
          body:
            url: "{{ callback.url }}"
      timeout: 8761h
`,
			path:    "definition.steps[0].await_callback.timeout",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 31536000 seconds",
		},
		{
			name: "loop condition over 400 characters",
			definition: `input:
  n: int
steps:
  - name: spin
    loop:
      while: "` + strings.TrimSuffix(strings.Repeat("input.n + ", 45), " + ") + ` > 0"
      max_iterations: 3
      steps: []
`,
			path:    "definition.steps[0].loop.while",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 400 characters",
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text, diags := translateDefinition(t, tc.definition)
			if text != "" {
				t.Errorf("text = %q, want empty when rejected", abbreviate(text, 80))
			}

			errs := diags.Errors()
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1:\n%s", len(errs), diags.Error())
			}

			if got := errs[0].Path.String(); got != tc.path {
				t.Errorf("path = %s, want %s", got, tc.path)
			}

			if errs[0].Summary != tc.summary {
				t.Errorf("summary = %q, want %q", errs[0].Summary, tc.summary)
			}

			if !strings.Contains(errs[0].Detail, tc.detail) {
				t.Errorf("detail %q does not contain %q", errs[0].Detail, tc.detail)
			}
		})
	}
}

// TestTranslateFlowAtLimits accepts each limit's largest value and checks
// the output against the schema.
func TestTranslateFlowAtLimits(t *testing.T) {
	cases := map[string]string{
		"10 branches":     parallelWithBranches(maxParallelBranches),
		"nested two deep": nestedParallel(maxParallelNesting),
		"concurrency of 20": `steps:
  - name: each
    for_each:
      items: "[1, 2]"
      as: n
      max_concurrency: 20
      steps: []
`,
	}

	for name, definition := range cases {
		t.Run(name, func(t *testing.T) {
			text, diags := translateDefinition(t, definition)
			if diags.HasErrors() {
				t.Fatalf("rejected:\n%s", diags.Error())
			}

			if err := schemacheck.Validate([]byte(text)); err != nil {
				t.Errorf("schema violation: %v\n%s", err, text)
			}

			checkStructure(t, text)
		})
	}
}

// TestReturnInNestedFinally checks that a return inside two tries with
// finally runs both finally blocks: the inner try raises the return on,
// and only the outer one returns the value.
func TestReturnInNestedFinally(t *testing.T) {
	text := translateText(t, `steps:
  - name: outer
    try:
      steps:
        - name: inner
          try:
            steps:
              - name: early
                return: 7
            finally:
              - name: inner_cleanup
                assign:
                  a: 1
      finally:
        - name: outer_cleanup
          assign:
            b: 2
`)

	steps := map[string]string{}
	for _, s := range mainSteps(t, text) {
		for name, body := range s {
			out, _ := yaml.Marshal(body)
			steps[name] = string(out)
		}
	}

	if !strings.Contains(steps["outer"], "error: return__") || !strings.Contains(steps["outer"], "value: 7") {
		t.Errorf("the return does not raise the sentinel with its value:\n%s", steps["outer"])
	}

	if !strings.Contains(steps["outer"], "inner__raise") || strings.Contains(steps["outer"], "return:") {
		t.Errorf("the inner try should raise the sentinel on, not return:\n%s", steps["outer"])
	}

	if !strings.Contains(steps["outer__end"], "return: ${outer__failure.value}") {
		t.Errorf("the outer try does not return the value after its finally:\n%s", steps["outer__end"])
	}

	names := make([]string, 0, len(steps))
	for _, s := range mainSteps(t, text) {
		for name := range s {
			names = append(names, name)
		}
	}

	if got, want := strings.Join(names, " "), "outer__start outer outer_cleanup outer__end"; got != want {
		t.Errorf("main steps = %s, want %s", got, want)
	}
}

// TestReturnInLoopEndsWorkflow checks that a return inside a loop outside
// any try with finally is a plain return.
func TestReturnInLoopEndsWorkflow(t *testing.T) {
	text := translateText(t, `steps:
  - name: spin
    loop:
      while: "true"
      max_iterations: 3
      steps:
        - name: stop
          return: done
`)

	if !strings.Contains(text, "- stop:\n              return: done") {
		t.Errorf("the return inside the loop is not a plain return:\n%s", text)
	}
}

// TestTranslateTooManyCatches rejects catches beyond the 50 conditions of
// one switch step. A try's switch has one condition per catch. A call's has
// one more that raises the error again, unless the last catch takes any.
func TestTranslateTooManyCatches(t *testing.T) {
	catchList := func(n int, last, indent string) string {
		var b strings.Builder

		for i := 0; i < n-1; i++ {
			fmt.Fprintf(&b, "%s- errors: [E%d]\n%s  steps: []\n", indent, i, indent)
		}

		fmt.Fprintf(&b, "%s- errors: [%s]\n%s  steps: []\n", indent, last, indent)

		return b.String()
	}

	try := func(n int) string {
		return "steps:\n  - name: guarded\n    try:\n      steps:\n        - name: boom\n          fail:\n            error: Boom\n      catch:\n" +
			catchList(n, "Last", "        ")
	}

	call := func(n int, last string) string {
		return "steps:\n  - name: get\n    call:\n      http:\n        method: GET\n        url: https://api.example.com\n      catch:\n" +
			catchList(n, last, "        ")
	}

	rejected := map[string]struct{ definition, path string }{
		"try with 51":            {try(51), "definition.steps[0].try.catch[50]"},
		"call with 50 and raise": {call(50, "Last"), "definition.steps[0].call.catch[49]"},
	}

	for name, tc := range rejected {
		t.Run(name, func(t *testing.T) {
			_, diags := translateDefinition(t, tc.definition)

			errs := diags.Errors()
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1:\n%s", len(errs), diags.Error())
			}

			if got := errs[0].Path.String(); got != tc.path {
				t.Errorf("path = %s, want %s", got, tc.path)
			}

			if !strings.Contains(errs[0].Detail, "at most 50") {
				t.Errorf("detail %q does not quote the limit", errs[0].Detail)
			}
		})
	}

	accepted := map[string]string{
		"try with 50":          try(50),
		"call with 50 and any": call(50, "any"),
	}

	for name, definition := range accepted {
		t.Run(name, func(t *testing.T) {
			if _, diags := translateDefinition(t, definition); diags.HasErrors() {
				t.Errorf("rejected:\n%s", diags.Error())
			}
		})
	}
}

// TestTranslateSplitsTryCopies checks that a try which restores more than
// 50 variables splits its assign steps.
func TestTranslateSplitsTryCopies(t *testing.T) {
	var b strings.Builder
	b.WriteString("steps:\n  - name: init\n    assign:\n")

	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "      v%d: 0\n", i)
	}

	b.WriteString("  - name: guarded\n    try:\n      steps:\n        - name: change\n          assign:\n")

	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "            v%d: 1\n", i)
	}

	b.WriteString("      retry:\n        max_retries: 1\n      catch:\n        - errors: [any]\n          steps: []\n")

	text := translateText(t, b.String())

	if err := schemacheck.Validate([]byte(text)); err != nil {
		t.Errorf("schema violation: %v", err)
	}

	for _, name := range []string{"guarded__start_2:", "guarded__restore_2:", "guarded__undo_2:"} {
		if !strings.Contains(text, name) {
			t.Errorf("output has no step %s", name)
		}
	}

	checkStructure(t, text)
}
