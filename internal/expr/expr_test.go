package expr

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func testEnv() *Env {
	return NewEnv().
		With("n", IntType).
		With("x", DoubleType).
		With("s", StringType).
		With("b", BoolType).
		With("l", ListOf(IntType)).
		With("m", MapType()).
		With("res", ObjectOf(map[string]*Type{"status": IntType, "body": DynType, "my-field": StringType})).
		With("input", DynType)
}

func emitAll(t *testing.T, src string) map[Target]string {
	t.Helper()
	e, err := Compile(src, testEnv())
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	out := map[Target]string{}
	for target, resolve := range goldenResolvers {
		text, err := e.Emit(target, resolve)
		if err != nil {
			text = "error"
		}
		out[target] = text
	}
	return out
}

func TestEmitConstructs(t *testing.T) {
	tests := []struct {
		src, jsonata, gcp, logicApps string
	}{
		{`null`, `null`, `null`, `null`},
		{`true`, `true`, `true`, `true`},
		{`-3`, `-3`, `-3`, `-3`},
		{`1.0`, `1.0`, `1.0`, `1.0`},
		{`1e-9`, `1e-09`, `1e-09`, `1e-09`},
		{`"it's"`, `"it's"`, `"it's"`, `'it''s'`},
		{`"a\"b\\c\n"`, `"a\"b\\c\n"`, `"a\"b\\c\n"`, "'a\"b\\c\n'"},
		{`n`, `$n`, `n`, `variables('n')`},
		{`res.status`, `$res.status`, `res.status`, `variables('res')['status']`},
		{"res.`my-field`", "$res.`my-field`", `res["my-field"]`, `variables('res')['my-field']`},
		{`res.status + 1`, `$res.status + 1`, `res.status + 1`, `add(variables('res')['status'], 1)`},
		{`input.a.b`, `$input.a.b`, `input.a.b`, `triggerBody()['a']['b']`},
		{`n - 1`, `$n - 1`, `n - 1`, `sub(variables('n'), 1)`},
		{`n * 2`, `$n * 2`, `n * 2`, `mul(variables('n'), 2)`},
		{`x / 2.0`, `$x / 2.0`, `x / 2.0`, `div(float(variables('x')), 2.0)`},
		{`n / 2`, "", `int(n / 2)`, `div(variables('n'), 2)`},
		{`n % 2`, "", `n % 2`, `mod(variables('n'), 2)`},
		{`s + 'x'`, `$s & "x"`, `s + "x"`, `concat(variables('s'), 'x')`},
		{`n == 1`, `$n = 1`, `n == 1`, `equals(variables('n'), 1)`},
		{`n != 1`, `$n != 1`, `n != 1`, `not(equals(variables('n'), 1))`},
		{`n < 1`, `$n < 1`, `n < 1`, `less(variables('n'), 1)`},
		{`n <= 1`, `$n <= 1`, `n <= 1`, `lessOrEquals(variables('n'), 1)`},
		{`n > 1`, `$n > 1`, `n > 1`, `greater(variables('n'), 1)`},
		{`n >= 1`, `$n >= 1`, `n >= 1`, `greaterOrEquals(variables('n'), 1)`},
		{`b && n > 1`, `$b and ($n > 1)`, `b and (n > 1)`, `and(variables('b'), greater(variables('n'), 1))`},
		{`b || !b`, `$b or ($not($b))`, `b or (not b)`, `or(variables('b'), not(variables('b')))`},
		{`b ? 1 : 2`, `$b ? 1 : 2`, `if(b, 1, 2)`, `if(variables('b'), 1, 2)`},
		{`2 in l`, `2 in $l`, `2 in l`, `contains(variables('l'), 2)`},
		{`n in [1, 2]`, `$n in [1, 2]`, `(n == 1) or (n == 2)`, `contains(createArray(1, 2), variables('n'))`},
		{`'k' in m`, `("k") in $keys($m)`, `"k" in m`, `contains(variables('m'), 'k')`},
		{`has(res.status)`, `$exists($lookup($res, "status"))`, `("status" in res)`, `contains(variables('res'), 'status')`},
		{`size(l)`, `$count($l)`, `len(l)`, `length(variables('l'))`},
		{`size(s)`, `$length($s)`, `len(s)`, `length(variables('s'))`},
		{`string(n)`, `$string($n)`, `string(n)`, `string(variables('n'))`},
		{`string(s)`, `$s`, `s`, `variables('s')`},
		{`string(b)`, `$string($b)`, `if(b, "true", "false")`, `if(variables('b'), 'true', 'false')`},
		{`double(n)`, `$n`, `double(n)`, `float(variables('n'))`},
		{`s.contains('a')`, `$contains($s, "a")`, `(len(text.find_all(s, "a")) > 0)`, `contains(variables('s'), 'a')`},
		{`s.lowerAscii()`, "", `text.to_lower(s)`, `toLower(variables('s'))`},
		{`s.upperAscii()`, "", `text.to_upper(s)`, `toUpper(variables('s'))`},
	}
	for _, tt := range tests {
		got := emitAll(t, tt.src)
		if tt.jsonata != "" && got[JSONata] != tt.jsonata {
			t.Errorf("Emit(JSONata) of %q = %q, want %q", tt.src, got[JSONata], tt.jsonata)
		}
		if got[GCPWorkflows] != tt.gcp {
			t.Errorf("Emit(GCPWorkflows) of %q = %q, want %q", tt.src, got[GCPWorkflows], tt.gcp)
		}
		if got[LogicApps] != tt.logicApps {
			t.Errorf("Emit(LogicApps) of %q = %q, want %q", tt.src, got[LogicApps], tt.logicApps)
		}
	}
}

// TestEmitJSONataHelpers checks the lowerings that bind helper lambdas; the conformance test checks
// what they compute.
func TestEmitJSONataHelpers(t *testing.T) {
	tests := []struct{ src, helper string }{
		{`n / 2`, "$__idiv($n, 2)"},
		{`n % 2`, "$__mod($n, 2)"},
		{`l[0]`, "$__get($l, 0)"},
		{`m.k == 1`, `$__get($m, "k")`},
		{`size(input)`, "$__size($input)"},
		{`int(x)`, "$__int($x)"},
		{`s.startsWith('a')`, `$__starts($s, "a")`},
		{`s.lowerAscii()`, "$__lower($s)"},
	}
	for _, tt := range tests {
		got := emitAll(t, tt.src)[JSONata]
		if !strings.HasPrefix(got, "(") || !strings.Contains(got, tt.helper) {
			t.Errorf("Emit(JSONata) of %q = %q, want a block that calls %s", tt.src, got, tt.helper)
		}
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		src     string
		target  Target // checked only when compile is false
		compile bool   // the error comes from Compile
		want    []string
	}{
		{src: `l.all(v, v > 0)`, compile: true, want: []string{"macros", "portable CEL subset", "has()"}},
		{src: `l.map(v, v * 2)`, compile: true, want: []string{"macros"}},
		{src: `s.matches('a+')`, compile: true, want: []string{"matches()", "contains, startsWith"}},
		{src: `1u`, compile: true, want: []string{"unsigned integers"}},
		{src: `b'abc'`, compile: true, want: []string{"bytes literals"}},
		{src: `timestamp('2024-01-01T00:00:00Z')`, compile: true, want: []string{"timestamp()"}},
		{src: `s.split(',')`, compile: true, want: []string{"split()"}},
		{src: `input.a + 1`, compile: true, want: []string{"`input.a`", "dynamic", "int(), double() or string()"}},
		{src: `1 / input.a`, compile: true, want: []string{"right operand `input.a`", "dynamic"}},
		{src: `[1] + [2]`, compile: true, want: []string{"list concatenation"}},
		{src: `string(x)`, compile: true, want: []string{"converts a double to a string", "int()"}},
		{src: `input.flag && b`, compile: true, want: []string{"`input.flag`", "must be a bool", "input.flag == true"}},
		{src: `input.flag ? 1 : 2`, compile: true, want: []string{"must be a bool"}},
		{src: `true < false`, compile: true, want: []string{"only numbers and strings can be ordered"}},
		{src: `{n: 1}`, compile: true, want: []string{"must be a string literal"}},
		{src: `res.nope`, compile: true, want: []string{"undefined field 'nope'", "Variables in scope"}},
		{src: `1 + 1.0`, compile: true, want: []string{"no matching overload"}},
		{src: `nope`, compile: true, want: []string{"undeclared reference", "Variables in scope: b, input"}},
		{src: `   `, compile: true, want: []string{"Empty expression"}},
		{src: `9007199254740993`, target: JSONata, want: []string{"AWS Step Functions", "2^53"}},
		{src: `l == [1, 2]`, target: GCPWorkflows, want: []string{"Google Cloud Workflows", "no list or map literals", "variable"}},
		{src: `{'a': 1} == m`, target: LogicApps, want: []string{"Azure Logic Apps", "no object literal", "variable"}},
		{src: `[l] == [l]`, target: LogicApps, want: []string{"createArray()", "variable"}},
		{src: `has(m.k) ? m.k : 0`, target: GCPWorkflows, want: []string{"if()", "branch `m.k`", "switch step"}},
		{src: `has(m.k) ? m.k : 0`, target: LogicApps, want: []string{"if()", "evaluates both", "switch step"}},
		{src: `b ? n / 2 : 0`, target: LogicApps, want: []string{"branch `n / 2`", "division by zero"}},
		{src: `has(m.k) && m.k == 1`, target: LogicApps, want: []string{"and()", "right operand `m.k == 1`", "switch step"}},
		{src: `!has(m.k) || m.k == 1`, target: LogicApps, want: []string{"or()", "switch step"}},
		{src: `size(m) > 0`, target: LogicApps, want: []string{"length()", "strings and arrays"}},
	}
	for _, tt := range tests {
		e, err := Compile(tt.src, testEnv())
		if !tt.compile && err == nil {
			_, err = e.Emit(tt.target, goldenResolvers[tt.target])
		}
		if err == nil {
			t.Errorf("%q: no error, want one containing %q", tt.src, tt.want)
			continue
		}
		var exprErr *Error
		if !errors.As(err, &exprErr) {
			t.Errorf("%q: error %T, want *Error", tt.src, err)
		}
		for _, want := range tt.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q: error %q does not contain %q", tt.src, err, want)
			}
		}
	}
}

func TestLogicalGuardsAcceptedWhenSafe(t *testing.T) {
	for _, src := range []string{`b && n > 1`, `b ? s : 'x'`, `has(res.status) && res.status == 200`, `b ? res.status : 0`} {
		e, err := Compile(src, testEnv())
		if err != nil {
			t.Fatalf("Compile(%q): %v", src, err)
		}
		for _, target := range []Target{GCPWorkflows, LogicApps} {
			if _, err := e.Emit(target, goldenResolvers[target]); err != nil {
				t.Errorf("Emit(%s) of %q: %v", target, src, err)
			}
		}
	}
}

func TestEnvWithIsImmutable(t *testing.T) {
	base := NewEnv().With("a", IntType)
	extended := base.With("b", StringType)
	if _, ok := base.Lookup("b"); ok {
		t.Error("With changed the receiver")
	}
	if got := extended.Names(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Names() = %v, want [a b]", got)
	}
	if got, _ := extended.Lookup("a"); got != IntType {
		t.Errorf("Lookup(a) = %v, want int", got)
	}
}

func TestEnvRejectsInvalidNames(t *testing.T) {
	for _, name := range []string{"1x", "a-b", "in", "__helper", ""} {
		_, err := Compile("1", NewEnv().With(name, IntType))
		if err == nil || !strings.Contains(err.Error(), "Invalid variable name") {
			t.Errorf("name %q: error %v, want an invalid variable name error", name, err)
		}
	}
}

func TestTypeString(t *testing.T) {
	tests := map[string]*Type{
		"dyn":                             nil,
		"list(int)":                       ListOf(IntType),
		"list(dyn)":                       ListOf(nil),
		"map(string, dyn)":                MapType(),
		"map(string, list(string))":       MapOf(ListOf(StringType)),
		"object{a: int, b: list(double)}": ObjectOf(map[string]*Type{"b": ListOf(DoubleType), "a": IntType}),
	}
	for want, typ := range tests {
		if got := typ.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}

func TestExprTypeAndVariables(t *testing.T) {
	tests := []struct {
		src      string
		wantType string
		wantVars []string
	}{
		{`res.status + n`, "int", []string{"n", "res"}},
		{`res`, "object{body: dyn, my-field: string, status: int}", []string{"res"}},
		{`[s, 'a']`, "list(string)", []string{"s"}},
		{`{'a': 1}`, "map(string, int)", nil},
		{`input.items`, "dyn", []string{"input"}},
		{`has(m.k) && b`, "bool", []string{"b", "m"}},
	}
	for _, tt := range tests {
		e, err := Compile(tt.src, testEnv())
		if err != nil {
			t.Fatalf("Compile(%q): %v", tt.src, err)
		}
		if got := e.Type().String(); got != tt.wantType {
			t.Errorf("Type() of %q = %s, want %s", tt.src, got, tt.wantType)
		}
		if got := e.Variables(); !reflect.DeepEqual(got, tt.wantVars) {
			t.Errorf("Variables() of %q = %v, want %v", tt.src, got, tt.wantVars)
		}
		if e.Source() != tt.src {
			t.Errorf("Source() = %q, want %q", e.Source(), tt.src)
		}
	}
}

func TestCompileTemplate(t *testing.T) {
	env := testEnv()
	if e, ok, err := CompileTemplate("plain text", env); e != nil || ok || err != nil {
		t.Errorf("plain text: got (%v, %v, %v), want (nil, false, nil)", e, ok, err)
	}

	whole, ok, err := CompileTemplate("{{ res.status }}", env)
	if err != nil || !ok {
		t.Fatalf("whole expression: ok %v, err %v", ok, err)
	}
	if whole.Type() != IntType {
		t.Errorf("whole expression type = %s, want int", whole.Type())
	}

	mixed, _, err := CompileTemplate("status {{ res.status }} of {{ s }}", env)
	if err != nil {
		t.Fatal(err)
	}
	if mixed.Type().Kind != String || mixed.Source() != "status {{ res.status }} of {{ s }}" {
		t.Errorf("mixed template: type %s, source %q", mixed.Type(), mixed.Source())
	}
	got, err := mixed.Emit(LogicApps, goldenResolvers[LogicApps])
	if want := "concat('status ', string(variables('res')['status']), ' of ', variables('s'))"; err != nil || got != want {
		t.Errorf("Emit(LogicApps) = %q, %v; want %q", got, err, want)
	}

	for template, want := range map[string]string{
		"a {{ n":                  "no matching }}",
		"a {{ }} b":               "empty",
		"x {{ x }}":               "it is a double",
		"x {{ l }}":               "cannot be embedded in a string",
		"x {{ nope }}":            "undeclared reference",
		"x {{ l.all(v, v > 0) }}": "macros",
	} {
		if _, ok, err := CompileTemplate(template, env); !ok || err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CompileTemplate(%q): ok %v, err %v; want an error containing %q", template, ok, err, want)
		}
	}
}

func TestRenderStructures(t *testing.T) {
	e, err := Compile(`{'n': n, 'list': [1, 2.5, 'a', null, true], 'at': '@home', 'dollar': '${x}'}`, testEnv())
	if err != nil {
		t.Fatal(err)
	}

	gcp, err := e.Render(GCPWorkflows, goldenResolvers[GCPWorkflows])
	if err != nil {
		t.Fatal(err)
	}

	wantGCP := map[string]any{
		"n": "${n}", "list": []any{int64(1), 2.5, "a", nil, true}, "at": "@home", "dollar": `${"${x}"}`,
	}
	if !reflect.DeepEqual(gcp, wantGCP) {
		t.Errorf("Render(GCPWorkflows) = %#v, want %#v", gcp, wantGCP)
	}

	logicApps, err := e.Render(LogicApps, goldenResolvers[LogicApps])
	if err != nil {
		t.Fatal(err)
	}

	wantLogicApps := map[string]any{
		"n": "@variables('n')", "list": []any{int64(1), 2.5, "a", nil, true}, "at": "@string('@home')", "dollar": "${x}",
	}
	if !reflect.DeepEqual(logicApps, wantLogicApps) {
		t.Errorf("Render(LogicApps) = %#v, want %#v", logicApps, wantLogicApps)
	}

	aws, err := e.Render(JSONata, goldenResolvers[JSONata])
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := aws.(string); !ok || !strings.HasPrefix(s, "{% ") || !strings.HasSuffix(s, " %}") {
		t.Errorf("Render(JSONata) = %#v, want a {%% ... %%} string", aws)
	}
}

func TestTargetString(t *testing.T) {
	want := map[Target]string{JSONata: "AWS Step Functions", GCPWorkflows: "Google Cloud Workflows", LogicApps: "Azure Logic Apps"}
	for target, name := range want {
		if target.String() != name {
			t.Errorf("%d.String() = %q, want %q", int(target), target.String(), name)
		}
	}
}

func TestNilAndUnknownInputs(t *testing.T) {
	var e *Expr
	if _, err := e.Emit(JSONata, nil); err == nil {
		t.Error("Emit on a nil Expr returned no error")
	}
	if _, err := e.Render(GCPWorkflows, nil); err == nil {
		t.Error("Render on a nil Expr returned no error")
	}
	compiled, err := Compile("1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compiled.Emit(Target(9), nil); err == nil {
		t.Error("Emit for an unknown target returned no error")
	}
}

func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		`input.a + 1`, `res.status / 2`, `has(m.k) ? m.k : 0`, `s.startsWith('a') && b`, `[1, [n], {'a': l}]`,
		`l.all(v, v > 0)`, `'}}' + s`, `{{ s }} and {{ n }}`, `int('42') % 0`, `"\u00e9" in m`, `-(-n)`,
	} {
		f.Add(seed)
	}
	env := testEnv()
	f.Fuzz(func(t *testing.T, src string) {
		if e, err := Compile(src, env); err == nil {
			for target, resolve := range goldenResolvers {
				_, _ = e.Emit(target, resolve)
				_, _ = e.Render(target, resolve)
			}
		}
		if e, ok, err := CompileTemplate(src, env); ok && err == nil {
			for target, resolve := range goldenResolvers {
				_, _ = e.Render(target, resolve)
			}
		}
	})
}

// TestErrorsAreSentences checks that error messages read as sentences,
// because diagnostics show them as their detail.
func TestErrorsAreSentences(t *testing.T) {
	env := NewEnv().With("d", DoubleType).With("m", MapType())

	sources := []string{
		"price: {{ d }}",
		"{{ d",
		"a {{ }} b",
		"size: {{ m }} items",
		"{{ 1u }}",
		"{{ }",
	}

	for _, src := range sources {
		_, _, err := CompileTemplate(src, env)
		if err == nil {
			t.Errorf("%q: no error, want one", src)
			continue
		}

		msg := err.Error()

		if !strings.HasSuffix(msg, ".") {
			t.Errorf("%q: the error does not end with a full stop: %s", src, msg)
		}

		if first := msg[:1]; first != strings.ToUpper(first) {
			t.Errorf("%q: the error starts with a lower-case letter: %s", src, msg)
		}
	}
}
