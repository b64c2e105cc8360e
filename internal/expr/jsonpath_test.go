package expr

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// recordingSpiller replaces the translator in tests. It records what would be
// computed by states before the field and returns numbered paths.
type recordingSpiller struct {
	spills []string
}

func (r *recordingSpiller) next(kind string, detail any) string {
	text, _ := json.Marshal(detail)
	r.spills = append(r.spills, kind+" "+string(text))

	return fmt.Sprintf("$.tmp_%d.value", len(r.spills))
}

func (r *recordingSpiller) SpillValue(intrinsic string) string { return r.next("value", intrinsic) }

func (r *recordingSpiller) SpillCondition(rule map[string]any) string {
	return r.next("condition", rule)
}

func (r *recordingSpiller) SpillSelect(rule map[string]any, then, otherwise JSONPathValue) string {
	return r.next("select", []any{rule, then, otherwise})
}

func jsonPathResolve(name string) string {
	if name == "input" {
		return "$.input"
	}

	return "$.vars." + name
}

func TestJSONPathValues(t *testing.T) {
	tests := []struct {
		src    string
		want   string
		spills int
	}{
		{`n`, `$.vars.n`, 0},
		{`res.status`, `$.vars.res.status`, 0},
		{"res.`my-field`", `$.vars.res['my-field']`, 0},
		{`input.a.b`, `$.input.a.b`, 0},
		{`l[2]`, `$.vars.l[2]`, 0},
		{`m['k']`, `$.vars.m.k`, 0},
		{`l[n]`, `States.ArrayGetItem($.vars.l, $.vars.n)`, 0},
		{`n + 1`, `States.MathAdd($.vars.n, 1)`, 0},
		{`n - 3`, `States.MathAdd($.vars.n, -3)`, 0},
		{`s + '!'`, `States.Format('{}!', $.vars.s)`, 0},
		{`'{x}\'' + string(n) + s`, `States.Format('\{x\}\'{}{}', $.vars.n, $.vars.s)`, 0},
		{`string(b)`, `States.Format('{}', $.vars.b)`, 0},
		{`size(l)`, `States.ArrayLength($.vars.l)`, 0},
		{`3 in l`, `States.ArrayContains($.vars.l, 3)`, 0},
		{`[n, 'a', null]`, `States.Array($.vars.n, 'a', null)`, 0},
		{`double(n)`, `$.vars.n`, 0},
		{`n > 1`, `$.tmp_1.value`, 1},
		{`b ? 'yes' : 'no'`, `$.tmp_1.value`, 1},
		{`has(m.k)`, `$.tmp_1.value`, 1},
	}

	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Compile(tt.src, testEnv())
			if err != nil {
				t.Fatal(err)
			}

			spiller := &recordingSpiller{}

			got, err := e.JSONPath(jsonPathResolve, spiller)
			if err != nil {
				t.Fatal(err)
			}

			if got.Text != tt.want {
				t.Errorf("text = %s, want %s", got.Text, tt.want)
			}

			if len(spiller.spills) != tt.spills {
				t.Errorf("spills = %q, want %d", spiller.spills, tt.spills)
			}
		})
	}
}

func TestJSONPathConstants(t *testing.T) {
	tests := map[string]any{
		`'a' + 'b'`: "ab",
		`[1, 'x']`:  []any{int64(1), "x"},
		`{'k': 1}`:  map[string]any{"k": int64(1)},
		`null`:      nil,
	}

	for src, want := range tests {
		e, err := Compile(src, testEnv())
		if err != nil {
			t.Fatal(err)
		}

		got, err := e.JSONPath(jsonPathResolve, &recordingSpiller{})
		if err != nil {
			t.Fatal(err)
		}

		if !got.IsLiteral() || fmt.Sprint(got.Literal) != fmt.Sprint(want) {
			t.Errorf("%s: got %#v, want the constant %#v", src, got, want)
		}
	}
}

func TestJSONPathChoiceRules(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{`n == 1`, `{"NumericEquals":1,"Variable":"$.vars.n"}`},
		{`1 < n`, `{"NumericGreaterThan":1,"Variable":"$.vars.n"}`},
		{`s != 'a'`, `{"Not":{"StringEquals":"a","Variable":"$.vars.s"}}`},
		{`b`, `{"BooleanEquals":true,"Variable":"$.vars.b"}`},
		{`!b`, `{"Not":{"BooleanEquals":true,"Variable":"$.vars.b"}}`},
		{`input.x == null`, `{"IsNull":true,"Variable":"$.input.x"}`},
		{`n <= res.status`, `{"NumericLessThanEqualsPath":"$.vars.res.status","Variable":"$.vars.n"}`},
		{`s >= input.s`, `{"StringGreaterThanEqualsPath":"$.input.s","Variable":"$.vars.s"}`},
		{`has(m.k)`, `{"IsPresent":true,"Variable":"$.vars.m.k"}`},
		{`'k' in m`, `{"IsPresent":true,"Variable":"$.vars.m.k"}`},
		{`n in [1, 2]`, `{"Or":[{"NumericEquals":1,"Variable":"$.vars.n"},{"NumericEquals":2,"Variable":"$.vars.n"}]}`},
		{`b && n > 0 && s == 'x'`, `{"And":[{"BooleanEquals":true,"Variable":"$.vars.b"},{"NumericGreaterThan":0,"Variable":"$.vars.n"},{"StringEquals":"x","Variable":"$.vars.s"}]}`},
		{`s.startsWith('a*')`, `{"And":[{"IsString":true,"Variable":"$.vars.s"},{"StringMatches":"a\\**","Variable":"$.vars.s"}]}`},
		{`true`, `{"IsPresent":true,"Variable":"$"}`},
		{`size(l) > 2`, `{"NumericGreaterThan":2,"Variable":"$.tmp_1.value"}`},
	}

	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Compile(tt.src, testEnv())
			if err != nil {
				t.Fatal(err)
			}

			rule, err := e.ChoiceRule(jsonPathResolve, &recordingSpiller{})
			if err != nil {
				t.Fatal(err)
			}

			got, _ := json.Marshal(rule)
			if string(got) != tt.want {
				t.Errorf("rule = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestJSONPathRejections(t *testing.T) {
	tests := []struct {
		src    string
		reason string
	}{
		{`n * 2`, "States.MathAdd"},
		{`n / 2`, "States.MathAdd"},
		{`n % 2`, "States.MathAdd"},
		{`x + 1.0`, "rounds its arguments"},
		{`n - n`, "only an int literal"},
		{`s.lowerAscii()`, "case of a string"},
		{`size(s)`, "takes a list"},
		{`int(x)`, "converts a double"},
		{`l[-1]`, "negative index"},
		{`m[s]`, "literal keys"},
		{`1 == 1`, "both operands are constants"},
		{`input.a == input.b`, "compares two paths only"},
		{`s.contains(s)`, "string literal"},
		{`[{'k': n}]`, "object"},
		{`'a\\b' + s`, "backslash"},
		{`has(m.k) && size(m.k) > 0`, "nested one"},
		{`b ? size(input.x) > 0 : false`, "nested one"},
	}

	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Compile(tt.src, testEnv())
			if err != nil {
				t.Fatal(err)
			}

			_, valueErr := e.JSONPath(jsonPathResolve, &recordingSpiller{})
			_, ruleErr := e.ChoiceRule(jsonPathResolve, &recordingSpiller{})

			err = valueErr
			if err == nil {
				err = ruleErr
			}

			if err == nil {
				t.Fatal("no error")
			}

			if !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), "JSONPath mode") {
				t.Errorf("error %q does not contain %q and the target", err, tt.reason)
			}
		})
	}
}
