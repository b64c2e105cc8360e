package expr

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// conformanceTypes declares the variables every conformance case may use.
var conformanceTypes = map[string]*Type{
	"n": IntType, "m": IntType, "z": IntType,
	"x": DoubleType, "y": DoubleType,
	"s": StringType, "t": StringType, "e": StringType,
	"b": BoolType, "f": BoolType,
	"l":  ListOf(IntType),
	"ls": ListOf(StringType),
	"mp": MapOf(IntType),
	"obj": ObjectOf(map[string]*Type{
		"status": IntType, "name": StringType, "tags": ListOf(StringType), "meta": MapType(),
	}),
	"items": ListOf(ObjectOf(map[string]*Type{"id": IntType, "price": DoubleType})),
	"input": DynType,
}

// conformanceInput is the JSON value of each variable, shared by all cases.
const conformanceInput = `{
  "n": 7, "m": -2, "z": 0, "x": 2.5, "y": -0.5, "s": "Hello", "t": "lo", "e": "", "b": true, "f": false,
  "l": [1, 2, 3], "ls": ["a", "b"], "mp": {"a": 1, "b": 2},
  "obj": {"status": 200, "name": "ok", "tags": ["x", "y"], "meta": {"k": "v"}},
  "items": [{"id": 1, "price": 9.5}, {"id": 2, "price": 0.25}],
  "input": {"a": 1, "name": "Ann", "flag": true, "nested": {"k": "v", "list": [10, 20]}, "items": [1, 2, 3],
            "nul": null, "empty": [], "str": "42", "neg": "-17", "hex": "0x10", "dbl": 2.75, "big": 1234567,
            "obj": {}, "weird key": 5, "and": 3, "lists": [[1], [2]]}
}`

// conformanceCase is one CEL expression checked against JSONata 2.0.6 and recorded in the golden files.
// Exactly one of src and template is set. expect is "" when cel-go and JSONata must agree (both return
// the same value, or both fail); otherwise it documents the known difference:
//   - "reject": Emit returns an *Error for JSONata;
//   - "target-fails": JSONata fails where CEL returns a value (a loud difference, never a silent one).
type conformanceCase struct {
	name     string
	src      string
	template string
	expect   string
}

var conformanceCases = []conformanceCase{
	// Literals.
	{name: "null literal", src: `null`},
	{name: "bool literal", src: `true`},
	{name: "int literal", src: `42`},
	{name: "negative int literal", src: `-7`},
	{name: "double literal", src: `2.5`},
	{name: "negative double literal", src: `-0.25`},
	{name: "whole double literal", src: `3.0`},
	{name: "string literal", src: `'hi'`},
	{name: "string with quotes and backslash", src: `"quote \" and \\ backslash and 'single'"`},
	{name: "string with unicode", src: `'unicode é 😀'`},
	{name: "string with newline and tab", src: `'line\nbreak\ttab'`},
	{name: "string with braces", src: `'${not} @{an} {% expression %}'`},
	{name: "string with expression delimiters", src: `'a%}b' + '{%c'`},
	{name: "int beyond 2^53", src: `9007199254740993`, expect: "reject"},
	{name: "empty list", src: `[]`},
	{name: "list literal", src: `[1, 2, 3]`},
	{name: "nested list literal", src: `[[1, 2], [3]]`},
	{name: "list of lists variable", src: `[l, l]`},
	{name: "list holding empty list", src: `[[]]`},
	{name: "list of dyn lists", src: `[input.items, input.empty, input.a, input.nul]`},
	{name: "list of conditional lists", src: `[b ? l : [], [n]]`},
	{name: "map of lists", src: `{'l': l, 'one': [n], 'none': [], 'dyn': input.nested.list}`},
	{name: "map literal", src: `{'a': 1, 'b': 'x'}`},
	{name: "nested map literal", src: `{'nested': {'k': [1, 2]}, 'odd key': null}`},
	{name: "map literal with expressions", src: `{'status': obj.status, 'ok': obj.status == 200}`},
	{name: "list literal with expressions", src: `[n, m, n + m]`},

	// Variables, fields and indexes.
	{name: "int variable", src: `n`},
	{name: "list variable", src: `l`},
	{name: "object variable", src: `obj`},
	{name: "object int field", src: `obj.status`},
	{name: "object string field", src: `obj.name`},
	{name: "object list field", src: `obj.tags`},
	{name: "object map field select", src: `obj.meta.k`},
	{name: "object map field index", src: `obj.meta['k']`},
	{name: "object map field missing", src: `obj.meta.nope`},
	{name: "dyn field", src: `input.a`},
	{name: "dyn nested field", src: `input.nested.k`},
	{name: "dyn nested index", src: `input.nested.list[1]`},
	{name: "dyn field with space", src: `input['weird key']`},
	{name: "dyn field named like keyword", src: `input['and'] + 0.0`},
	{name: "dyn null field", src: `input.nul`},
	{name: "dyn empty list field", src: `input.empty`},
	{name: "dyn missing field", src: `input.missing`},
	{name: "dyn missing nested field", src: `input.nested.missing`},
	{name: "dyn missing field in list", src: `[input.missing]`},
	{name: "dyn missing field in map", src: `{'v': input.missing}`},
	{name: "dyn missing field compared", src: `input.missing == 1`},
	{name: "dyn index out of range", src: `input.items[5]`},
	{name: "dyn negative index", src: `input.items[-1]`},
	{name: "dyn field of number", src: `input.a.b`},
	{name: "dyn list of lists index", src: `input.lists[1]`},
	{name: "list index first", src: `l[0]`},
	{name: "list index last", src: `l[2]`},
	{name: "list index out of range", src: `l[3]`},
	{name: "list index computed", src: `l[n - 6]`},
	{name: "map index", src: `mp['a']`},
	{name: "map select", src: `mp.b`},
	{name: "map missing key", src: `mp.zz`},
	{name: "object list element field", src: `items[1].price`},
	{name: "object list element arithmetic", src: `items[0].id + 1`},

	// has().
	{name: "has dyn present", src: `has(input.a)`},
	{name: "has dyn absent", src: `has(input.zz)`},
	{name: "has dyn null", src: `has(input.nul)`},
	{name: "has dyn empty list", src: `has(input.empty)`},
	{name: "has dyn nested", src: `has(input.nested.k)`},
	{name: "has on number", src: `has(input.a.b)`},
	{name: "has object field", src: `has(obj.status)`},
	{name: "has map present", src: `has(mp.a)`},
	{name: "has map absent", src: `has(mp.zz)`},

	// Integer arithmetic.
	{name: "int add", src: `n + m`},
	{name: "int subtract", src: `n - m`},
	{name: "int multiply", src: `n * m`},
	{name: "int divide", src: `n / 2`},
	{name: "int divide negative", src: `-7 / 2`},
	{name: "int divide by negative", src: `n / m`},
	{name: "int divide by zero", src: `n / z`},
	{name: "int modulo", src: `n % 3`},
	{name: "int modulo negative dividend", src: `-7 % 3`},
	{name: "int modulo negative divisor", src: `n % m`},
	{name: "int modulo by zero", src: `n % z`},
	{name: "int negate", src: `-n`},
	{name: "int negate expression", src: `-(n - 10)`},
	{name: "int precedence", src: `(n + m) * 2 - n % 4`},
	{name: "int nested subtract", src: `n - (m - 1)`},
	{name: "int with object field", src: `n + obj.status`},

	// Double arithmetic.
	{name: "double add", src: `x + y`},
	{name: "double multiply", src: `x * y`},
	{name: "double divide", src: `x / y`},
	{name: "double divide whole", src: `4.0 / 2.0`},
	{name: "double divide by zero", src: `x / 0.0`},
	{name: "double negate", src: `-x`},
	{name: "double subtract", src: `x - 1.5`},
	{name: "double field arithmetic", src: `items[0].price * 2.0`},

	// Strings.
	{name: "string concat", src: `s + t`},
	{name: "string concat chain", src: `s + ' ' + t + '!'`},
	{name: "string size", src: `size(s)`},
	{name: "string size astral", src: `size('😀a')`},
	{name: "string contains", src: `s.contains(t)`},
	{name: "string contains empty", src: `s.contains('')`},
	{name: "string startsWith", src: `s.startsWith('He')`},
	{name: "string startsWith case", src: `s.startsWith('he')`},
	{name: "string endsWith", src: `s.endsWith(t)`},
	{name: "string endsWith longer", src: `s.endsWith('Hello!')`},
	{name: "empty string endsWith empty", src: `e.endsWith('')`},
	{name: "string lowerAscii", src: `s.lowerAscii()`},
	{name: "string lowerAscii non-ASCII", src: `'ÀBÇ'.lowerAscii()`},
	{name: "string upperAscii", src: `s.upperAscii()`},
	{name: "string upperAscii non-ASCII", src: `'straße'.upperAscii()`},

	// Comparisons.
	{name: "int greater", src: `n > m`},
	{name: "int less or equal", src: `n <= 7`},
	{name: "double less", src: `x < y`},
	{name: "string less", src: `s < t`},
	{name: "int equal", src: `n == 7`},
	{name: "string not equal", src: `s != t`},
	{name: "list equal", src: `l == [1, 2, 3]`},
	{name: "map equal", src: `mp == {'a': 1, 'b': 2}`},
	{name: "object list field equal", src: `obj.tags == ['x', 'y']`},
	{name: "dyn equal double", src: `input.a == 1.0`},
	{name: "dyn equal int", src: `input.a == 1`},
	{name: "dyn equal string", src: `input.name == 'Ann'`},
	{name: "dyn less", src: `input.a < 2.0`},
	{name: "dyn less mixed types", src: `input.name < 5`},
	{name: "null equal null", src: `null == null`},
	{name: "dyn null equal null", src: `input.nul == null`},
	{name: "dyn number equal null", src: `input.a == null`},

	// Logic and conditionals.
	{name: "and", src: `b && f`},
	{name: "or", src: `b || f`},
	{name: "not", src: `!b`},
	{name: "and of comparisons", src: `n > 0 && s == 'Hello'`},
	{name: "has guard and", src: `has(input.zz) && input.zz == 1`},
	{name: "has guard or", src: `has(input.a) || input.zz == 1`},
	{name: "dyn bool compared", src: `input.flag == true`},
	{name: "or with failing right", src: `f || input.zz == 1`},
	{name: "not of comparison", src: `!(n > 3) || b`},
	{name: "conditional", src: `b ? 1 : 2`},
	{name: "conditional strings", src: `n > 10 ? 'big' : 'small'`},
	{name: "conditional guard", src: `has(input.zz) ? input.zz : 0.0`},
	{name: "conditional lists", src: `b ? [1] : []`},
	{name: "nested conditional", src: `n > 10 ? 'big' : n > 5 ? 'medium' : 'small'`},

	// Membership.
	{name: "in list", src: `2 in l`},
	{name: "not in list", src: `5 in l`},
	{name: "in string list", src: `'a' in ls`},
	{name: "in map", src: `'a' in mp`},
	{name: "not in map", src: `'zz' in mp`},
	{name: "in dyn map", src: `'a' in input`},
	{name: "not in dyn map", src: `'zz' in input`},
	{name: "in dyn list", src: `10 in input.nested.list`},
	{name: "list in list of lists", src: `[1] in [[1], [2]]`},
	{name: "in list literal", src: `n in [1, 7]`},
	{name: "in object list field", src: `'x' in obj.tags`},

	// size().
	{name: "size list", src: `size(l)`},
	{name: "size string list", src: `size(ls)`},
	{name: "size map", src: `size(mp)`},
	{name: "size method", src: `l.size()`},
	{name: "size empty list", src: `size([])`},
	{name: "size dyn list", src: `size(input.items)`},
	{name: "size dyn string", src: `size(input.name)`},
	{name: "size dyn map", src: `size(input.nested)`},
	{name: "size dyn number", src: `size(input.a)`},

	// Conversions.
	{name: "string of int", src: `string(n)`},
	{name: "string of negative int", src: `string(m)`},
	{name: "string of bool", src: `string(b)`},
	{name: "string of string", src: `string(s)`},
	{name: "string of dyn string", src: `string(input.name)`},
	{name: "string of dyn whole number", src: `string(input.a)`},
	{name: "string of dyn fraction", src: `string(input.dbl)`},
	{name: "string of dyn bool", src: `string(input.flag)`},
	{name: "string of dyn large number", src: `string(input.big)`, expect: "target-fails"},
	{name: "int of double", src: `int(x)`},
	{name: "int of negative double", src: `int(y)`},
	{name: "int of negative fraction", src: `int(-2.5)`},
	{name: "int of dyn double", src: `int(input.dbl)`},
	{name: "int of dyn string", src: `int(input.str)`},
	{name: "int of dyn negative string", src: `int(input.neg)`},
	{name: "int of hex string", src: `int(input.hex)`},
	{name: "int of word", src: `int('abc')`},
	{name: "int of dyn plus one", src: `int(input.a) + 1`},
	{name: "double of int", src: `double(n)`},
	{name: "double of string", src: `double('1.5')`},
	{name: "double of exponent string", src: `double('1e3')`},
	{name: "double of dyn string", src: `double(input.str)`},
	{name: "double of dyn number", src: `double(input.dbl) * 2.0`},
	{name: "string of int of dyn", src: `string(int(input.dbl))`},

	// Templates.
	{name: "template string part", template: `Hello {{ s }}!`},
	{name: "template int part", template: `n={{ n }}`},
	{name: "template whole expression keeps type", template: `{{ n + 1 }}`},
	{name: "template whole list keeps type", template: `{{ [n, m] }}`},
	{name: "template dyn parts", template: `{{ input.name }} has {{ size(input.items) }} items`},
	{name: "template bool part", template: `flag={{ b }}`},
	{name: "template braces in string", template: `{{ s + '}}' }}`},
}

func conformanceEnv() *Env {
	env := NewEnv()
	for name, t := range conformanceTypes {
		env = env.With(name, t)
	}
	return env
}

func compileCase(c conformanceCase, env *Env) (*Expr, error) {
	if c.template != "" {
		e, _, err := CompileTemplate(c.template, env)
		return e, err
	}
	return Compile(c.src, env)
}

func (c conformanceCase) source() string {
	if c.template != "" {
		return c.template
	}
	return c.src
}

// celInput converts decoded JSON to the Go values cel-go expects for a declared type: JSON numbers
// are float64, which CEL reads as double, so int-typed values become int64.
func celInput(v any, t *Type) any {
	switch kindOf(t) {
	case Int:
		if f, ok := v.(float64); ok {
			return int64(f)
		}
	case List:
		if items, ok := v.([]any); ok {
			out := make([]any, len(items))
			for i, item := range items {
				out[i] = celInput(item, t.Elem)
			}
			return out
		}
	case Map, Object:
		if fields, ok := v.(map[string]any); ok {
			out := make(map[string]any, len(fields))
			for k, item := range fields {
				elem := t.Elem
				if t.Kind == Object {
					elem = t.Fields[k]
				}
				out[k] = celInput(item, elem)
			}
			return out
		}
	}
	return v
}

// celResultJSON converts a CEL value to decoded-JSON form (numbers as float64).
func celResultJSON(v ref.Val) (any, error) {
	switch val := v.(type) {
	case types.Null:
		return nil, nil
	case types.Bool:
		return bool(val), nil
	case types.Int:
		return float64(val), nil
	case types.Double:
		if math.IsInf(float64(val), 0) || math.IsNaN(float64(val)) {
			return nil, fmt.Errorf("non-finite number %v", float64(val))
		}
		return float64(val), nil
	case types.String:
		return string(val), nil
	case traits.Lister:
		var out []any
		for it := val.Iterator(); it.HasNext() == types.True; {
			item, err := celResultJSON(it.Next())
			if err != nil {
				return nil, err
			}
			out = append(out, item)
		}
		if out == nil {
			out = []any{}
		}
		return out, nil
	case traits.Mapper:
		out := map[string]any{}
		for it := val.Iterator(); it.HasNext() == types.True; {
			key := it.Next()
			item, err := celResultJSON(val.Get(key))
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(key.Value())] = item
		}
		return out, nil
	}
	return nil, fmt.Errorf("unexpected CEL result %v of type %s", v, v.Type())
}

type celOutcome struct {
	value any
	err   error
}

func evalCEL(t *testing.T, e *Expr, input map[string]any) celOutcome {
	t.Helper()
	program, err := e.celEnv.Program(e.celAST)
	if err != nil {
		t.Fatalf("cel-go cannot plan %q: %v", e.celSrc, err)
	}
	activation := map[string]any{}
	for name, v := range input {
		activation[name] = celInput(v, conformanceTypes[name])
	}
	out, _, err := program.Eval(activation)
	if err != nil {
		return celOutcome{err: err}
	}
	value, err := celResultJSON(out)
	return celOutcome{value: value, err: err}
}

type jsonataRequest struct {
	Expr     string         `json:"expr"`
	Bindings map[string]any `json:"bindings"`
}

type jsonataResult struct {
	Value any    `json:"value"`
	Error string `json:"error"`
}

// runJSONata evaluates all requests in one node process. It fails the test when node or jsonata is
// missing, unless MULTICLOUD_SKIP_NODE=1.
func runJSONata(t *testing.T, requests []jsonataRequest) []jsonataResult {
	t.Helper()

	if os.Getenv("MULTICLOUD_SKIP_NODE") == "1" {
		t.Skip("MULTICLOUD_SKIP_NODE=1: not evaluating JSONata")
	}

	nodePath, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed, so the JSONata conformance test cannot run: install Node.js and " +
			"run `make tools`, or set MULTICLOUD_SKIP_NODE=1 to skip it")
	}

	toolsDir, err := filepath.Abs(filepath.Join("..", "..", "tools", "node"))
	if err != nil {
		t.Fatal(err)
	}

	payload, err := json.Marshal(requests)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(nodePath, filepath.Join("testdata", "jsonata_eval.js"), toolsDir)
	cmd.Stdin = bytes.NewReader(payload)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	if err := cmd.Run(); err != nil {
		t.Fatalf("JSONata evaluation failed (%v): %s", err, strings.TrimSpace(stderr.String()))
	}

	var results []jsonataResult
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatalf("invalid output from jsonata_eval.js: %v", err)
	}

	if len(results) != len(requests) {
		t.Fatalf("jsonata_eval.js returned %d results for %d expressions", len(results), len(requests))
	}

	return results
}

func TestConformanceJSONata(t *testing.T) {
	if len(conformanceCases) < 100 {
		t.Fatalf("conformance table has %d cases, want at least 100", len(conformanceCases))
	}
	var input map[string]any
	if err := json.Unmarshal([]byte(conformanceInput), &input); err != nil {
		t.Fatal(err)
	}
	env := conformanceEnv()
	resolve := func(name string) string { return "$" + name }

	type pending struct {
		c   conformanceCase
		cel celOutcome
	}
	var evaluated []pending
	var requests []jsonataRequest
	for _, c := range conformanceCases {
		e, err := compileCase(c, env)
		if err != nil {
			t.Errorf("%s: compile %q: %v", c.name, c.source(), err)
			continue
		}
		text, err := e.Emit(JSONata, resolve)
		if c.expect == "reject" {
			if err == nil {
				t.Errorf("%s: Emit(JSONata) of %q = %q, want a rejection", c.name, c.source(), text)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: Emit(JSONata) of %q: %v", c.name, c.source(), err)
			continue
		}
		evaluated = append(evaluated, pending{c: c, cel: evalCEL(t, e, input)})
		requests = append(requests, jsonataRequest{Expr: text, Bindings: input})
	}

	results := runJSONata(t, requests)
	for i, p := range evaluated {
		got := results[i]
		switch {
		case p.c.expect == "target-fails":
			if p.cel.err != nil || got.Error == "" {
				t.Errorf("%s: %q: want a CEL value and a JSONata error, got CEL (%v, %v) and JSONata (%v, %q)",
					p.c.name, p.c.source(), p.cel.value, p.cel.err, got.Value, got.Error)
			}
		case p.cel.err != nil && got.Error == "":
			t.Errorf("%s: %q: CEL fails (%v) but JSONata %q returns %v",
				p.c.name, p.c.source(), p.cel.err, requests[i].Expr, got.Value)
		case p.cel.err == nil && got.Error != "":
			t.Errorf("%s: %q: CEL returns %v but JSONata %q fails: %s",
				p.c.name, p.c.source(), p.cel.value, requests[i].Expr, got.Error)
		case p.cel.err == nil && !reflect.DeepEqual(p.cel.value, got.Value):
			t.Errorf("%s: %q: CEL returns %#v but JSONata %q returns %#v",
				p.c.name, p.c.source(), p.cel.value, requests[i].Expr, got.Value)
		}
	}
}

// goldenResolvers name variables the way the translators do.
var goldenResolvers = map[Target]Resolver{
	JSONata:      func(name string) string { return "$" + name },
	GCPWorkflows: func(name string) string { return name },
	LogicApps: func(name string) string {
		if name == "input" {
			return "triggerBody()"
		}
		return "variables('" + name + "')"
	},
}

var goldenFiles = map[Target]string{
	JSONata:      "jsonata.golden",
	GCPWorkflows: "gcpworkflows.golden",
	LogicApps:    "logicapps.golden",
}

// TestGoldenRenderings compares the Render output of every conformance case, per target, with the
// files under testdata/golden. Regenerate them with `go test ./internal/expr -update` and review the diff.
func TestGoldenRenderings(t *testing.T) {
	env := conformanceEnv()
	for target, file := range goldenFiles {
		var b strings.Builder
		for _, c := range conformanceCases {
			fmt.Fprintf(&b, "## %s\n%s\n", c.name, c.source())
			e, err := compileCase(c, env)
			if err != nil {
				fmt.Fprintf(&b, "compile error: %v\n\n", err)
				continue
			}
			rendered, err := e.Render(target, goldenResolvers[target])
			if err != nil {
				fmt.Fprintf(&b, "error: %v\n\n", err)
				continue
			}
			var encoded bytes.Buffer
			enc := json.NewEncoder(&encoded)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(rendered); err != nil {
				t.Fatalf("%s: cannot encode %#v: %v", c.name, rendered, err)
			}
			fmt.Fprintf(&b, "=> %s\n", encoded.String())
		}
		path := filepath.Join("testdata", "golden", file)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v: run `go test ./internal/expr -update` to create it", err)
		}
		if string(want) != b.String() {
			t.Errorf("%s rendering differs from %s; run `go test ./internal/expr -update` and review the diff",
				target, path)
		}
	}
}
