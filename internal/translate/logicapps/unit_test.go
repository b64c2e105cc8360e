package logicapps

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// swapWorkflow builds, in Go, an assign step that swaps two variables. The
// decoder rejects such a step, because the clouds disagree on it, so only
// a workflow built directly can reach this path of the translator.
func swapWorkflow(t *testing.T) *workflow.Workflow {
	t.Helper()

	env := expr.NewEnv().With("input", expr.MapType()).With("a", expr.IntType).With("b", expr.IntType)

	compile := func(src string) *workflow.Value {
		e, err := expr.Compile(src, env)
		if err != nil {
			t.Fatal(err)
		}

		return &workflow.Value{Kind: workflow.ValueExpr, Expr: e}
	}

	literal := func(n int64) *workflow.Value {
		return &workflow.Value{Kind: workflow.ValueLiteral, Literal: n}
	}

	return &workflow.Workflow{
		Input: expr.MapType(),
		Steps: []*workflow.Step{
			{Name: "start", Kind: &workflow.Assign{Assignments: []workflow.Assignment{
				{Name: "a", Value: literal(1)},
				{Name: "b", Value: literal(2)},
			}}},
			{Name: "swap", Kind: &workflow.Assign{Assignments: []workflow.Assignment{
				{Name: "a", Value: compile("b")},
				{Name: "b", Value: compile("a")},
			}}},
		},
		Variables: []workflow.Variable{{Name: "a", Type: expr.IntType}, {Name: "b", Type: expr.IntType}},
	}
}

func TestAssignKeepsOldValues(t *testing.T) {
	text, diags := Translate(swapWorkflow(t))
	if diags.HasErrors() {
		t.Fatalf("translation failed:\n%s", diags.Error())
	}

	if err := wdlcheck.Check([]byte(text)); err != nil {
		t.Errorf("wdlcheck reported problems:\n%v", err)
	}

	var def struct {
		Actions map[string]struct {
			Type     string              `json:"type"`
			Inputs   any                 `json:"inputs"`
			RunAfter map[string][]string `json:"runAfter"`
		} `json:"actions"`
	}

	if err := json.Unmarshal([]byte(text), &def); err != nil {
		t.Fatal(err)
	}

	keep, ok := def.Actions["swap__old_a"]
	if !ok {
		t.Fatalf("no Compose action swap__old_a:\n%s", text)
	}

	if keep.Inputs != "@variables('a')" {
		t.Errorf("swap__old_a inputs = %v, want @variables('a')", keep.Inputs)
	}

	if _, ok := keep.RunAfter["start__set_b"]; !ok {
		t.Errorf("swap__old_a runs after %v, want start__set_b", keep.RunAfter)
	}

	if _, exists := def.Actions["swap__old_b"]; exists {
		t.Error("swap__old_b exists, but b is read before it changes")
	}

	setA := def.Actions["swap__set_a"].Inputs.(map[string]any)
	if setA["value"] != "@variables('b')" {
		t.Errorf("a is set to %v, want @variables('b')", setA["value"])
	}

	setB := def.Actions["swap__set_b"].Inputs.(map[string]any)
	if setB["value"] != "@outputs('swap__old_a')" {
		t.Errorf("b is set to %v, want @outputs('swap__old_a')", setB["value"])
	}

	if _, ok := def.Actions["swap__set_b"].RunAfter["swap__set_a"]; !ok {
		t.Errorf("swap__set_b runs after %v, want swap__set_a", def.Actions["swap__set_b"].RunAfter)
	}
}

func TestIsoDuration(t *testing.T) {
	tests := []struct {
		seconds int
		want    string
	}{
		{0, "PT0S"},
		{5, "PT5S"},
		{60, "PT1M"},
		{90, "PT1M30S"},
		{3600, "PT1H"},
		{3661, "PT1H1M1S"},
		{86400, "P1D"},
		{90061, "P1DT1H1M1S"},
	}

	for _, tt := range tests {
		if got := isoDuration(tt.seconds); got != tt.want {
			t.Errorf("isoDuration(%d) = %q, want %q", tt.seconds, got, tt.want)
		}
	}
}

func TestActionNameShortensLongNames(t *testing.T) {
	step := strings.Repeat("s", 64)

	first := actionName(step, prefixSet+strings.Repeat("v", 30))
	second := actionName(step, prefixSet+strings.Repeat("w", 30))

	if len(first) > wdlcheck.MaxNameLength {
		t.Errorf("len(%q) = %d, want at most %d", first, len(first), wdlcheck.MaxNameLength)
	}

	if first == second {
		t.Errorf("two long names both became %q", first)
	}

	if !strings.HasPrefix(first, step+"__") {
		t.Errorf("%q does not start with the step name", first)
	}

	if strings.Contains(first, "___") {
		t.Errorf("%q contains a run of three underscores", first)
	}

	if got := actionName("short", "result"); got != "short__result" {
		t.Errorf("actionName(short, result) = %q, want short__result", got)
	}
}

func TestLiteralString(t *testing.T) {
	tests := []struct {
		literal string
		want    string
	}{
		{"plain text", "plain text"},
		{"mail me at a@example.com", "mail me at a@example.com"},
		{"@start", "@string('@start')"},
		{"a @{b} c", "@string('a @{b} c')"},
		{"it's @{x}", "@string('it''s @{x}')"},
	}

	for _, tt := range tests {
		if got := literalString(tt.literal); got != tt.want {
			t.Errorf("literalString(%q) = %q, want %q", tt.literal, got, tt.want)
		}
	}
}

func TestJSONSchema(t *testing.T) {
	input := expr.ObjectOf(map[string]*expr.Type{
		"id":     expr.StringType,
		"amount": expr.DoubleType,
		"count":  expr.IntType,
		"tags":   expr.ListOf(expr.StringType),
		"meta":   expr.MapType(),
		"extra":  expr.DynType,
	})

	got, err := json.Marshal(jsonSchema(input))
	if err != nil {
		t.Fatal(err)
	}

	want := `{"properties":{"amount":{"type":"number"},"count":{"type":"integer"},"extra":{},"id":{"type":"string"},` +
		`"meta":{"type":"object"},"tags":{"items":{"type":"string"},"type":"array"}},"type":"object"}`

	if string(got) != want {
		t.Errorf("jsonSchema = %s, want %s", got, want)
	}
}
