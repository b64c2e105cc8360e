package aslrules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

func TestHTTPStatusErrorsOneAndAll(t *testing.T) {
	if got := HTTPStatusErrors(404); !reflect.DeepEqual(got, []string{"States.Http.StatusCode.404"}) {
		t.Errorf("HTTPStatusErrors(404) = %v", got)
	}

	all := HTTPStatusErrors(0)
	if all[0] != "States.Http.StatusCode.400" || all[len(all)-1] != "States.Http.StatusCode.511" {
		t.Errorf("HTTPStatusErrors(0) runs from %s to %s, want 400 to 511", all[0], all[len(all)-1])
	}

	for _, n := range all {
		if n == "States.Http.StatusCode.420" {
			t.Errorf("HTTPStatusErrors(0) lists %s, which net/http does not name", n)
		}
	}
}

func TestLambdaStatusListsSorted(t *testing.T) {
	errors := LambdaStatusErrors()
	if len(errors) != 7 || errors[0] != "Lambda.InvalidParameterValueException" {
		t.Errorf("LambdaStatusErrors() = %v, want the 7 errors sorted by name", errors)
	}

	want := `"http:400", "http:404", "http:413", "http:415", "http:429", "http:500"`
	if got := LambdaStatusMatchers(); got != want {
		t.Errorf("LambdaStatusMatchers() = %s, want %s", got, want)
	}
}

func TestRetrierFieldsAndLimits(t *testing.T) {
	step := &workflow.Step{Name: "fetch"}
	r := &workflow.Retry{MaxRetries: 3, InitialInterval: 2, BackoffRate: 1.5, MaxInterval: 60, Jitter: workflow.JitterFull}

	retrier, diags := Retrier(step, r, []string{ErrorAll})
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}

	want := map[string]any{
		"ErrorEquals": []string{ErrorAll}, "IntervalSeconds": 2, "MaxAttempts": 3,
		"BackoffRate": 1.5, "JitterStrategy": "FULL", "MaxDelaySeconds": 60,
	}
	if !reflect.DeepEqual(retrier, want) {
		t.Errorf("Retrier() = %v, want %v", retrier, want)
	}

	r.InitialInterval = MaxIntervalSeconds + 1
	r.MaxInterval = MaxDelaySeconds + 1

	retrier, diags = Retrier(step, r, []string{ErrorAll})
	if len(diags) != 2 || !diags.HasErrors() {
		t.Fatalf("got %d diagnostics, want 2 errors: %v", len(diags), diags)
	}

	if _, ok := retrier["MaxDelaySeconds"]; ok {
		t.Error("MaxDelaySeconds is set although the maximum interval is over the limit")
	}
}

func TestCheckGraphProblems(t *testing.T) {
	ok := map[string]map[string]any{
		"a": {"Type": "Choice", "Choices": []any{map[string]any{"Next": "b"}}, "Default": "c"},
		"b": {"Type": "Task", "Next": "c", "Catch": []any{map[string]any{"Next": "c"}}},
		"c": {"Type": "Succeed"},
	}
	if err := CheckGraph("a", ok); err != nil {
		t.Errorf("CheckGraph rejected a valid graph: %v", err)
	}

	tests := []struct {
		name    string
		start   string
		states  map[string]map[string]any
		wantErr string
	}{
		{"missing start", "x", ok, `missing state "x"`},
		{"missing target", "a", map[string]map[string]any{"a": {"Next": "gone"}}, `missing state "gone"`},
		{"unreachable", "c", ok, "unreachable states: a, b"},
		{"long name", "a", map[string]map[string]any{"a": {"Next": strings.Repeat("n", 81)}, strings.Repeat("n", 81): {}}, "longer than 80"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckGraph(tt.start, tt.states)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("CheckGraph() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckTaskTimeoutLimit(t *testing.T) {
	path := workflow.Path{}.Key("timeout")

	if diags := CheckTaskTimeout(MaxTimeoutSeconds, path, "wait"); diags != nil {
		t.Errorf("the maximum timeout was rejected: %v", diags)
	}

	diags := CheckTaskTimeout(MaxTimeoutSeconds+1, path, "wait")
	if len(diags) != 1 || !diags.HasErrors() {
		t.Fatalf("got %v, want one error for a timeout over the maximum", diags)
	}

	if !strings.Contains(diags[0].Detail, "100000000 seconds") {
		t.Errorf("the error does not name the timeout: %q", diags[0].Detail)
	}
}

func TestCheckWaitSecondsLiteralOnly(t *testing.T) {
	step := &workflow.Step{Name: "pause"}

	tests := []struct {
		name    string
		seconds *workflow.Value
		wantErr bool
	}{
		{"missing", nil, false},
		{"at maximum", &workflow.Value{Kind: workflow.ValueLiteral, Literal: int64(MaxWaitSeconds)}, false},
		{"over maximum", &workflow.Value{Kind: workflow.ValueLiteral, Literal: int64(MaxWaitSeconds + 1)}, true},
		{"expression", &workflow.Value{Kind: workflow.ValueExpr}, false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := CheckWaitSeconds(step, tt.seconds)
			if diags.HasErrors() != tt.wantErr {
				t.Errorf("CheckWaitSeconds() = %v, want an error: %v", diags, tt.wantErr)
			}
		})
	}
}

func TestTransientErrorLists(t *testing.T) {
	http := HTTPTransientErrors()
	if len(http) != 6 || http[0] != "States.Http.StatusCode.408" || http[5] != "States.Http.StatusCode.504" {
		t.Errorf("HTTPTransientErrors() = %v, want the statuses 408 to 504", http)
	}

	lambda := LambdaTransientErrors()
	lambda[0] = "changed"

	if LambdaTransientErrors()[0] != "Lambda.ServiceException" {
		t.Error("changing a returned list changed the next LambdaTransientErrors result")
	}
}
