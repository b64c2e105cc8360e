package asl

import (
	"encoding/json"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// catchTarget returns the Next of the first catcher that matches errorName
// under the ASL rules: States.ALL matches every error, States.TaskFailed
// every error except States.Timeout, and any other name only itself. It
// returns "" when no catcher matches.
func catchTarget(t *testing.T, catchers []any, errorName string) string {
	t.Helper()

	for _, c := range catchers {
		catcher, ok := c.(map[string]any)
		if !ok {
			t.Fatalf("catcher is not an object: %v", c)
		}

		names, _ := catcher["ErrorEquals"].([]any)
		for _, n := range names {
			switch n {
			case aslrules.ErrorAll, errorName:
				return catcher["Next"].(string)
			case aslrules.ErrorTaskFailed:
				if errorName != aslrules.ErrorTimeout {
					return catcher["Next"].(string)
				}
			}
		}
	}

	return ""
}

// stateCatchers translates a workflow and returns the Catch field of one
// state.
func stateCatchers(t *testing.T, yaml, state string) []any {
	t.Helper()

	w, diags := workflow.DecodeYAML([]byte(yaml))
	if diags.HasErrors() {
		t.Fatalf("decoding failed:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if diags.HasErrors() {
		t.Fatalf("translation failed:\n%s", diags.Error())
	}

	var sm struct {
		States map[string]map[string]any
	}

	if err := json.Unmarshal([]byte(text), &sm); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}

	catchers, ok := sm.States[state]["Catch"].([]any)
	if !ok {
		t.Fatalf("state %q has no Catch list:\n%s", state, text)
	}

	return catchers
}

// TestLambdaTimeoutAfterHTTPCatch checks that a timeout of a Lambda
// invocation reaches the "timeout" catch even when an earlier "http" catch
// is translated to States.TaskFailed, which also matches
// Lambda.ClientExecutionTimeoutException.
func TestLambdaTimeoutAfterHTTPCatch(t *testing.T) {
	yaml := `
steps:
  - name: reserve
    call:
      function: {aws: "` + lambdaARN + `"}
      catch:
        - errors: [http]
          steps:
            - name: on_http
              fail: {error: Unavailable}
        - errors: [timeout]
          steps:
            - name: on_timeout
              fail: {error: Slow}
        - errors: [OutOfStock]
          steps:
            - name: on_stock
              fail: {error: NoStock}
`
	catchers := stateCatchers(t, yaml, "reserve")

	tests := []struct{ errorName, want string }{
		{"Lambda.ClientExecutionTimeoutException", "on_timeout"},
		{"States.Timeout", "on_timeout"},
		{"Lambda.TooManyRequestsException", "on_http"},
		{"Lambda.Unknown", "on_http"},
		{"OutOfStock", "on_stock"},
	}

	for _, tt := range tests {
		if got := catchTarget(t, catchers, tt.errorName); got != tt.want {
			t.Errorf("%s goes to %q, want %q", tt.errorName, got, tt.want)
		}
	}
}

// TestCatchOrderKeepsFirstMatch checks that moving the timeout and custom
// catchers to the front keeps the neutral rule that the first catch listing
// an error handles it.
func TestCatchOrderKeepsFirstMatch(t *testing.T) {
	yaml := `
steps:
  - name: ping
    call:
      http: {method: GET, url: "https://example.com/ping", auth: {aws_connection_arn: "` + connectionARN + `"}}
      catch:
        - errors: ["http:503"]
          steps:
            - name: on_503
              fail: {error: Busy}
        - errors: [timeout, http]
          steps:
            - name: on_other
              fail: {error: Broken}
        - errors: [timeout, "http:503"]
          steps:
            - name: on_late
              fail: {error: Late}
`
	catchers := stateCatchers(t, yaml, "ping")

	tests := []struct{ errorName, want string }{
		{"States.Http.StatusCode.503", "on_503"},
		{"States.Http.StatusCode.404", "on_other"},
		{"States.Timeout", "on_other"},
		{"States.Http.Socket", "on_other"},
	}

	for _, tt := range tests {
		if got := catchTarget(t, catchers, tt.errorName); got != tt.want {
			t.Errorf("%s goes to %q, want %q", tt.errorName, got, tt.want)
		}
	}
}
