package main

import (
	"fmt"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// celFunction is one operator or function of the portable CEL subset, with
// an example call over the variables of functionEnv.
type celFunction struct {
	Example string
	Meaning string
}

// celGroup is a section of the functions page.
type celGroup struct {
	Title     string
	Functions []celFunction
}

// celGroups lists every operator and function that internal/expr accepts.
// A function that expr stops accepting makes docgen fail, because each
// example is compiled; a new one must be added here by hand.
var celGroups = []celGroup{
	{"Arithmetic", []celFunction{
		{"n + m", "Adds two ints, or two doubles. An int never mixes with a double: convert one side with `int()` or `double()`."},
		{"n - m", "Subtracts."},
		{"n * m", "Multiplies."},
		{"n / m", "Divides. Int division truncates toward zero, and division by zero is an error."},
		{"n % m", "The remainder of int division, with the sign of `n`."},
		{"-n", "Negates."},
		{"d / 2.0", "Double arithmetic. Write double literals with a fraction."},
		{"s + t", "Concatenates two strings."},
	}},
	{"Comparison and logic", []celFunction{
		{"n == m", "Equality of any two values of the same type; `!=` is its negation."},
		{"n < m", "Ordering of numbers or strings: `<`, `<=`, `>`, `>=`."},
		{"s <= t", "Strings order by code point."},
		{"b && c", "Logical and. Both operands must be bools."},
		{"b || c", "Logical or."},
		{"!b", "Logical not."},
		{"b ? s : t", "`s` when `b` holds, else `t`."},
		{"s in l", "Whether a list has an element equal to `s`."},
		{"s in ['draft', 'sent']", "Membership in a list literal, which every cloud writes as comparisons."},
	}},
	{"Access", []celFunction{
		{"o.status", "A field of an object or map. A missing field is an error: test it with `has()` first."},
		{"o['content-type']", "A field whose name is not an identifier."},
		{"l[0]", "A list element, from 0. An index out of range is an error."},
		{"has(o.status)", "Whether the field exists."},
	}},
	{"Size and conversions", []celFunction{
		{"size(s)", "The length of a string."},
		{"size(l)", "The number of elements of a list."},
		{"size(o)", "The number of fields of a map."},
		{"string(n)", "An int or bool as a string. Doubles are rejected, because the clouds write them differently."},
		{"int(s)", "A string that holds an integer, as an int."},
		{"int(d)", "A double truncated toward zero."},
		{"double(n)", "An int as a double."},
		{"double(s)", "A string that holds a number, as a double."},
	}},
	{"String methods", []celFunction{
		{"s.contains(t)", "Whether `t` occurs in `s`, case-sensitive."},
		{"s.startsWith(t)", "Whether `s` begins with `t`, case-sensitive."},
		{"s.endsWith(t)", "Whether `s` ends with `t`, case-sensitive."},
		{"s.lowerAscii()", "`s` with the ASCII letters A to Z in lower case."},
		{"s.upperAscii()", "`s` with the ASCII letters a to z in upper case."},
	}},
}

// functionEnv declares the variables of the examples, as if earlier steps
// had assigned them.
func functionEnv() *expr.Env {
	return expr.NewEnv().
		With("s", expr.StringType).
		With("t", expr.StringType).
		With("n", expr.IntType).
		With("m", expr.IntType).
		With("d", expr.DoubleType).
		With("b", expr.BoolType).
		With("c", expr.BoolType).
		With("l", expr.ListOf(expr.StringType)).
		With("o", expr.MapType())
}

// functionTargets names each cloud and the way its translator writes a
// workflow variable, mirroring the resolvers of the translate packages.
var functionTargets = []struct {
	title   string
	target  expr.Target
	resolve expr.Resolver
}{
	{"AWS Step Functions (JSONata)", expr.JSONata, func(name string) string { return "$" + name }},
	{"Google Cloud Workflows", expr.GCPWorkflows, func(name string) string { return name }},
	{"Azure Logic Apps", expr.LogicApps, func(name string) string { return "variables('" + name + "')" }},
}

const functionsIntro = `Expressions in a workflow are written in a portable subset of CEL, the Common Expression Language, and
type-checked during ` + "`terraform plan`" + `. This page lists every operator and function of the subset with the
expression that each cloud runs for it. The renderings come from the provider's expression compiler whenever the
documentation is generated.

In the examples, ` + "`s`" + ` and ` + "`t`" + ` are string variables, ` + "`n`" + ` and ` + "`m`" + ` ints, ` + "`d`" + ` a double, ` + "`b`" + ` and ` + "`c`" + `
bools, ` + "`l`" + ` a list of strings and ` + "`o`" + ` a map (a call result or an undeclared object, say). Step Functions
writes a variable as ` + "`$name`" + `, Cloud Workflows as ` + "`name`" + ` and Logic Apps as ` + "`variables('name')`" + `. Where an
expression is a whole value, Step Functions wraps it in ` + "`{% ... %}`" + `, Cloud Workflows in ` + "`${...}`" + ` and Logic Apps
starts it with ` + "`@`" + `. Where a cloud cannot run an
expression the way CEL defines it, the plan rejects it with the message shown.

Everything else, such as macros (` + "`all`, `exists`, `map`, `filter`" + `), timestamps, durations, bytes and unsigned
integers, is rejected on every cloud. See [Expressions and templates](expressions.md) for how expressions are
typed and where they may appear. Step Functions definitions in JSONPath mode (` + "`aws_query_language = \"JSONPath\"`" + `)
support a smaller part of this list, and the plan names what they cannot express.
`

// functionsMarkdown builds the CEL functions page.
func functionsMarkdown() (string, error) {
	env := functionEnv()

	var b strings.Builder

	b.WriteString(frontMatter("CEL functions on each cloud", "Every operator and function of the portable CEL subset with its rendering for each cloud."))
	b.WriteString(generatedNotice("internal/expr"))
	b.WriteString("# CEL functions on each cloud\n\n")
	b.WriteString(functionsIntro)

	for _, g := range celGroups {
		fmt.Fprintf(&b, "\n## %s\n\n", g.Title)
		b.WriteString("| CEL | meaning | Step Functions (JSONata) | Cloud Workflows | Logic Apps |\n|---|---|---|---|---|\n")

		for _, f := range g.Functions {
			row, err := functionRow(f, env)
			if err != nil {
				return "", err
			}

			b.WriteString(row)
		}
	}

	return b.String(), nil
}

func functionRow(f celFunction, env *expr.Env) (string, error) {
	e, err := expr.Compile(f.Example, env)
	if err != nil {
		return "", fmt.Errorf("the example %q of the functions page no longer compiles: %w", f.Example, err)
	}

	cells := []string{codeSpan(f.Example), escapeCell(f.Meaning)}

	for _, t := range functionTargets {
		text, err := e.Emit(t.target, t.resolve)
		if err != nil {
			cells = append(cells, "rejected: "+escapeCell(oneLine(err.Error())))

			continue
		}

		cells = append(cells, codeSpan(text))
	}

	return "| " + strings.Join(cells, " | ") + " |\n", nil
}

// codeSpan writes text as inline code inside a table cell. The backtick
// fence is longer than any backtick run in text, and pipes are escaped,
// which GitHub-flavoured Markdown requires even inside code spans.
func codeSpan(text string) string {
	text = oneLine(text)

	fence := "`"
	for strings.Contains(text, fence) {
		fence += "`"
	}

	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") {
		text = " " + text + " "
	}

	return fence + escapeCell(text) + fence
}

func escapeCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
