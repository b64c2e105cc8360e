package workflow

import (
	"strings"
	"testing"
)

// callStep returns a function call step whose Lambda ARN is unknown, as it
// is while the function is created in the same apply.
func callStep(name string, extra map[string]any) map[string]any {
	call := map[string]any{
		"function": map[string]any{"aws": Unknown{}, "gcp": "https://f-3xk2l7-uc.a.run.app"},
		"result":   "out",
	}

	for k, v := range extra {
		call[k] = v
	}

	return map[string]any{"name": name, "call": call}
}

func TestDecodeUnknownValid(t *testing.T) {
	def := map[string]any{"steps": []any{
		callStep("invoke", nil),
		map[string]any{"name": "done", "return": "{{ out.body }}"},
	}}

	w, diags := Decode(def)

	if w != nil {
		t.Errorf("expected no workflow while a value is unknown")
	}

	if len(diags) != 0 {
		t.Errorf("expected no diagnostics, got:\n%s", diags.Error())
	}
}

func TestDecodeUnknownStillReportsTypos(t *testing.T) {
	def := map[string]any{"steps": []any{
		callStep("invoke", map[string]any{"retyr": map[string]any{"max_retries": int64(2)}}),
		map[string]any{"name": "done", "retrun": "{{ out.body }}"},
	}}

	_, diags := Decode(def)
	text := diags.Error()

	if !strings.Contains(text, `definition.steps[0].call.retyr`) {
		t.Errorf("missing the unknown attribute error:\n%s", text)
	}

	if !strings.Contains(text, `Did you mean "return"?`) {
		t.Errorf("missing the step kind error:\n%s", text)
	}
}

func TestDecodeUnknownKeepsExpressionErrors(t *testing.T) {
	def := map[string]any{"steps": []any{
		callStep("invoke", nil),
		map[string]any{"name": "done", "return": "{{ out.status + 'x' }}"},
	}}

	_, diags := Decode(def)

	if !strings.Contains(diags.Error(), "no matching overload") {
		t.Errorf("a type error that no unknown value affects must be reported, got:\n%s", diags.Error())
	}
}

func TestDecodeUnknownAssignedValueDefersTypes(t *testing.T) {
	def := map[string]any{"steps": []any{
		map[string]any{"name": "set", "assign": map[string]any{"limit": Unknown{}}},
		map[string]any{"name": "done", "return": "{{ limit + 1 }}"},
	}}

	_, diags := Decode(def)

	if len(diags) != 0 {
		t.Errorf("the type of limit is unknown until apply, so no error is due yet, got:\n%s", diags.Error())
	}
}

func TestDecodeUnknownRequiredValues(t *testing.T) {
	def := map[string]any{"steps": []any{
		map[string]any{"name": "pick", "switch": map[string]any{"cases": Unknown{}}},
		map[string]any{"name": "fetch", "call": map[string]any{
			"http": map[string]any{"method": "GET", "url": Unknown{}, "headers": Unknown{}},
		}},
		map[string]any{"name": "pause", "wait": map[string]any{"seconds": Unknown{}}},
	}}

	_, diags := Decode(def)

	if len(diags) != 0 {
		t.Errorf("unknown required values must not count as missing, got:\n%s", diags.Error())
	}
}
