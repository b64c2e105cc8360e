package asl

import (
	"os/exec"
	"testing"
)

// evaluateScript evaluates JSONata expressions with the jsonata package that
// tools/node pins (the version Step Functions runs). It reads a JSON list of
// {expression, bindings} from stdin and writes the list of results.
const evaluateScript = `
const jsonata = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const results = [];
  for (const c of JSON.parse(input)) {
    results.push(await jsonata(c.expression).evaluate({}, c.bindings));
  }
  process.stdout.write(JSON.stringify(results));
});
`

type jsonataCase struct {
	name       string
	expression string
	states     map[string]any
	want       string
}

// TestGeneratedJSONataEvaluates runs the JSONata that this package writes
// itself (result normalisation and the caught error object) on sample
// Step Functions results and errors.
func TestGeneratedJSONataEvaluates(t *testing.T) {
	cases := []jsonataCase{
		{
			name:       "http result with list headers",
			expression: httpCall.result(),
			states: map[string]any{"result": map[string]any{
				"StatusCode": 200, "Headers": map[string]any{"content-type": []any{"application/json"}, "vary": []any{"a", "b"}},
				"ResponseBody": map[string]any{"id": 1},
			}},
			want: `{"status":200,"headers":{"content-type":"application/json","vary":"a, b"},"body":{"id":1}}`,
		},
		{
			name:       "http result with string headers",
			expression: httpCall.result(),
			states: map[string]any{"result": map[string]any{
				"StatusCode": 201, "Headers": map[string]any{"content-type": "text/plain"}, "ResponseBody": "ok",
			}},
			want: `{"status":201,"headers":{"content-type":"text/plain"},"body":"ok"}`,
		},
		{
			name:       "http result without headers and body",
			expression: httpCall.result(),
			states:     map[string]any{"result": map[string]any{"StatusCode": 204}},
			want:       `{"status":204,"headers":{},"body":null}`,
		},
		{
			name:       "function result",
			expression: functionCall.result(),
			states:     map[string]any{"result": map[string]any{"StatusCode": 200, "Payload": []any{1, 2}, "ExecutedVersion": "$LATEST"}},
			want:       `{"status":200,"body":[1,2]}`,
		},
		{
			name:       "function result without payload",
			expression: functionCall.result(),
			states:     map[string]any{"result": map[string]any{"StatusCode": 200}},
			want:       `{"status":200,"body":null}`,
		},
		{
			name:       "http task timeout",
			expression: httpCall.errorObject(),
			states:     errorOutput("States.Http.Socket", "timed out after 60 seconds"),
			want:       `{"error":"timeout","message":"timed out after 60 seconds"}`,
		},
		{
			name:       "http task status",
			expression: httpCall.errorObject(),
			states:     errorOutput("States.Http.StatusCode.503", "Service Unavailable"),
			want:       `{"error":"http","message":"Service Unavailable"}`,
		},
		{
			name:       "http task other error without cause",
			expression: httpCall.errorObject(),
			states:     errorOutput("States.Permissions", nil),
			want:       `{"error":"error","message":""}`,
		},
		{
			name:       "lambda throttling",
			expression: functionCall.errorObject(),
			states:     errorOutput("Lambda.TooManyRequestsException", "Rate exceeded"),
			want:       `{"error":"http","message":"Rate exceeded"}`,
		},
		{
			name:       "lambda custom error",
			expression: functionCall.errorObject(),
			states:     errorOutput("OutOfStock", `{"errorMessage":"sold out"}`),
			want:       `{"error":"OutOfStock","message":"{\"errorMessage\":\"sold out\"}"}`,
		},
		{
			name:       "lambda unhandled error",
			expression: functionCall.errorObject(),
			states:     errorOutput("Lambda.Unknown", "out of memory"),
			want:       `{"error":"error","message":"out of memory"}`,
		},
		{
			name:       "lambda state timeout",
			expression: functionCall.errorObject(),
			states:     errorOutput("States.Timeout", "timed out"),
			want:       `{"error":"timeout","message":"timed out"}`,
		},
		{
			name:       "native service error",
			expression: nativeCall.errorObject(),
			states:     errorOutput("S3.NoSuchKeyException", "no such key"),
			want:       `{"error":"error","message":"no such key"}`,
		},
	}

	got := evaluateJSONata(t, cases)

	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got[i], c.want)
		}
	}
}

func errorOutput(name string, cause any) map[string]any {
	out := map[string]any{"Error": name}
	if cause != nil {
		out["Cause"] = cause
	}

	return map[string]any{"errorOutput": out}
}

// evaluateJSONata evaluates every case in one node process, with the
// case's states bound to $states, and returns each result as compact JSON.
func evaluateJSONata(t *testing.T, cases []jsonataCase) []string {
	t.Helper()

	bound := make([]bindingCase, len(cases))
	for i, c := range cases {
		bound[i] = bindingCase{name: c.name, expression: c.expression, bindings: statesOf(c.states), want: c.want}
	}

	return evaluateWithBindings(t, bound)
}

func stderrOf(err error) string {
	if exit, ok := err.(*exec.ExitError); ok {
		return string(exit.Stderr)
	}

	return ""
}
