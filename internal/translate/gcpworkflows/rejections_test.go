package gcpworkflows

import (
	"fmt"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// switchWithCases returns a definition with one switch step of n cases.
func switchWithCases(n int) string {
	var b strings.Builder
	b.WriteString("input:\n  n: int\nsteps:\n  - name: pick\n    switch:\n      cases:\n")

	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "        - when: input.n == %d\n          steps:\n            - name: case_%d\n              return: %d\n", i, i, i)
	}

	return b.String()
}

func TestTranslateRejections(t *testing.T) {
	longSum := "{{ " + strings.TrimSuffix(strings.Repeat("input.value_number + ", 20), " + ") + " }}"

	cases := []struct {
		name       string
		definition string
		path       string
		summary    string
		detail     string
	}{
		{
			name: "expression over 400 characters",
			definition: `input:
  value_number: int
steps:
  - name: total
    return: "` + longSum + `"
`,
			path:    "definition.steps[0].return",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 400 characters",
		},
		{
			name:       "switch with 51 conditions",
			definition: switchWithCases(51),
			path:       "definition.steps[0].switch",
			summary:    "Google Cloud Workflows limit exceeded",
			detail:     "has 51 conditions",
		},
		{
			name: "source over 128 KiB",
			definition: `steps:
  - name: big
    return: ` + strings.Repeat("x", 140*1024) + `
`,
			path:    "definition",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 131072 bytes",
		},
		{
			name: "HTTP timeout over 1800 seconds",
			definition: `steps:
  - name: slow
    call:
      http:
        method: GET
        url: https://slow.example.com
        timeout: 31m
`,
			path:    "definition.steps[0].call.http.timeout",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 1800 seconds",
		},
		{
			name: "function timeout over 1800 seconds",
			definition: `steps:
  - name: slow
    call:
      function:
        gcp: https://slow-3xk2l7-uc.a.run.app
        timeout: 1h
`,
			path:    "definition.steps[0].call.function.timeout",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 1800 seconds",
		},
		{
			name: "wait over one year",
			definition: `steps:
  - name: nap
    wait:
      seconds: 31536001
`,
			path:    "definition.steps[0].wait.seconds",
			summary: "Google Cloud Workflows limit exceeded",
			detail:  "at most 31536000 seconds",
		},
		{
			name: "function without gcp URL",
			definition: `steps:
  - name: price
    call:
      function:
        aws: arn:aws:lambda:us-east-1:123456789012:function:price
`,
			path:    "definition.steps[0].call.function",
			summary: "Missing Google Cloud Workflows setting",
			detail:  "Add \"gcp\"",
		},
		{
			name: "native call without gcp entry",
			definition: `steps:
  - name: publish
    call:
      native:
        aws:
          resource: arn:aws:states:::sns:publish
`,
			path:    "definition.steps[0].call.native",
			summary: "Missing Google Cloud Workflows setting",
			detail:  "Add \"gcp\"",
		},
		{
			name: "native args that are a list",
			definition: `steps:
  - name: publish
    call:
      native:
        gcp:
          call: sys.log
          args: [a, b]
`,
			path:    "definition.steps[0].call.native.gcp.args",
			summary: "Invalid native call for Google Cloud Workflows",
			detail:  "must be an object",
		},
		{
			name: "native call name with spaces",
			definition: `steps:
  - name: publish
    call:
      native:
        gcp:
          call: not a function
`,
			path:    "definition.steps[0].call.native.gcp.call",
			summary: "Invalid native call for Google Cloud Workflows",
			detail:  "not a Cloud Workflows function name",
		},
		{
			name: "audience with OAuth2",
			definition: `steps:
  - name: api
    call:
      http:
        method: GET
        url: https://storage.googleapis.com/storage/v1/b
        auth:
          gcp: oauth2
          gcp_audience: https://storage.googleapis.com
`,
			path:    "definition.steps[0].call.http.auth.gcp_audience",
			summary: "Unsupported construct for Google Cloud Workflows",
			detail:  "applies to OIDC tokens only",
		},
		{
			name: "audience that is not a URL",
			definition: `steps:
  - name: api
    call:
      http:
        method: GET
        url: https://api.example.com/v1/items
        auth:
          gcp: oidc
          gcp_audience: my-service
`,
			path:    "definition.steps[0].call.http.auth.gcp_audience",
			summary: "Invalid audience for Google Cloud Workflows",
			detail:  "not an absolute URL",
		},
		{
			name: "list literal inside an expression",
			definition: `input:
  n: int
steps:
  - name: count
    return: "{{ size([input.n, 2]) }}"
`,
			path:    "definition.steps[0].return",
			summary: "Unsupported expression for Google Cloud Workflows",
			detail:  "size([input.n, 2])",
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, diags := workflow.DecodeYAML([]byte(tc.definition))
			if diags.HasErrors() {
				t.Fatalf("definition does not decode:\n%s", diags.Error())
			}

			text, diags := Translate(w)
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

// TestTranslateSwitchAtLimit accepts a switch with exactly 50 conditions.
func TestTranslateSwitchAtLimit(t *testing.T) {
	w, diags := workflow.DecodeYAML([]byte(switchWithCases(maxSwitchConditions)))
	if diags.HasErrors() {
		t.Fatalf("definition does not decode:\n%s", diags.Error())
	}

	if _, diags := Translate(w); diags.HasErrors() {
		t.Errorf("50 conditions rejected:\n%s", diags.Error())
	}
}

func TestTranslateWarnsCustomErrorCatch(t *testing.T) {
	definition := `steps:
  - name: reserve
    call:
      function:
        gcp: https://reserve-3xk2l7-uc.a.run.app
      catch:
        - errors: [timeout, OutOfStock]
          steps: []
`

	w, diags := workflow.DecodeYAML([]byte(definition))
	if diags.HasErrors() {
		t.Fatalf("definition does not decode:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if text == "" {
		t.Fatalf("text is empty, want a translation:\n%s", diags.Error())
	}

	warnings := diags.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("got %d warnings, want 1:\n%s", len(warnings), diags.Error())
	}

	if got, want := warnings[0].Path.String(), "definition.steps[0].call.catch[0].errors[1]"; got != want {
		t.Errorf("path = %s, want %s", got, want)
	}

	if got, want := warnings[0].Summary, "Catch never matches on Google Cloud Workflows"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}

	if !strings.Contains(warnings[0].Detail, `"OutOfStock"`) {
		t.Errorf("detail %q does not name the error", warnings[0].Detail)
	}
}
