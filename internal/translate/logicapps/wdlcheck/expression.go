package wdlcheck

import (
	"fmt"
	"strings"
)

// IsExpression reports whether Logic Apps evaluates a JSON string value:
// it starts with a single "@" or contains an "@{...}" interpolation. "@@"
// escapes a literal "@".
func IsExpression(s string) bool {
	if strings.HasPrefix(s, "@") && !strings.HasPrefix(s, "@@") {
		return true
	}

	return strings.Contains(strings.ReplaceAll(s, "@@", ""), "@{")
}

// text checks one JSON string value for expressions.
func (c *checker) text(s, pointer string) {
	if !IsExpression(s) {
		return
	}

	if n := len([]rune(s)); n > MaxExpressionLength {
		c.problems.add(pointer, "the expression has %d characters; Logic Apps allows at most %d characters per expression", n, MaxExpressionLength)
	}

	bodies, unterminated := expressionBodies(s)
	for _, body := range bodies {
		c.expression(body, pointer)
	}

	if unterminated >= 0 {
		c.problems.add(pointer, "unterminated \"@{\" at offset %d in %s", unterminated, quoteSnippet(s))
	}
}

// expressionBodies splits a string value into the expressions it contains: the
// whole string after a leading "@", or each "@{...}" part. unterminated is
// the offset of an "@{" without its "}", or -1.
func expressionBodies(s string) (bodies []string, unterminated int) {
	if strings.HasPrefix(s, "@") && !strings.HasPrefix(s, "@@") && !strings.HasPrefix(s, "@{") {
		return []string{s[1:]}, -1
	}

	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "@@"):
			i += 2
		case strings.HasPrefix(s[i:], "@{"):
			end := interpolationEnd(s, i+2)
			if end < 0 {
				return bodies, i
			}

			bodies = append(bodies, s[i+2:end])
			i = end + 1
		default:
			i++
		}
	}

	return bodies, -1
}

// variableReads returns the names that variables('...') calls below v read.
func variableReads(v any) []string {
	var names []string

	walkStrings(v, func(s string) {
		bodies, _ := expressionBodies(s)
		for _, body := range bodies {
			p := &expressionParser{src: body}
			p.parse()

			for _, ref := range p.references {
				if ref.function == "variables" {
					names = append(names, ref.name)
				}
			}
		}
	})

	return names
}

func walkStrings(v any, fn func(string)) {
	switch t := v.(type) {
	case string:
		fn(t)
	case []any:
		for _, item := range t {
			walkStrings(item, fn)
		}
	case *object:
		for _, k := range t.keys {
			walkStrings(t.values[k], fn)
		}
	}
}

// interpolationEnd returns the index of the "}" that closes an
// interpolation whose body starts at start, skipping string literals, or -1.
func interpolationEnd(s string, start int) int {
	inString := false

	for i := start; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			inString = !inString
		case s[i] == '}' && !inString:
			return i
		}
	}

	return -1
}

// expression checks the body of one expression: first that quotes,
// parentheses and brackets balance, then the grammar and function names.
func (c *checker) expression(src, pointer string) {
	if msg := balanceProblem(src); msg != "" {
		c.problems.add(pointer, "%s in expression %s", msg, quoteSnippet(src))
		return
	}

	p := &expressionParser{src: src}
	p.parse()

	if p.err != "" {
		c.problems.add(pointer, "%s in expression %s", p.err, quoteSnippet(src))
		return
	}

	for _, ref := range p.references {
		ref.pointer = pointer

		switch ref.function {
		case "variables":
			c.variableRefs = append(c.variableRefs, ref)
		case "parameters":
			c.parameterRefs = append(c.parameterRefs, ref)
		default:
			c.actionRefs = append(c.actionRefs, ref)
		}
	}
}

// balanceProblem describes the first unbalanced quote, parenthesis or
// bracket of an expression, or returns "".
func balanceProblem(src string) string {
	type open struct {
		char byte
		at   int
	}

	var stack []open

	for i := 0; i < len(src); i++ {
		ch := src[i]

		switch ch {
		case '\'':
			end := stringLiteralEnd(src, i)
			if end < 0 {
				return fmt.Sprintf("unterminated string literal at offset %d", i)
			}

			i = end
		case '(', '[':
			stack = append(stack, open{ch, i})
		case ')', ']':
			want := byte('(')
			if ch == ']' {
				want = '['
			}

			if len(stack) == 0 {
				return fmt.Sprintf("unexpected %q at offset %d", ch, i)
			}

			top := stack[len(stack)-1]
			if top.char != want {
				return fmt.Sprintf("%q at offset %d closes %q opened at offset %d", ch, i, top.char, top.at)
			}

			stack = stack[:len(stack)-1]
		}
	}

	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return fmt.Sprintf("unclosed %q opened at offset %d", top.char, top.at)
	}

	return ""
}

// stringLiteralEnd returns the index of the quote that ends the string
// literal starting at start, or -1. Two quotes in a row are an escaped quote.
func stringLiteralEnd(src string, start int) int {
	for i := start + 1; i < len(src); i++ {
		if src[i] != '\'' {
			continue
		}

		if i+1 < len(src) && src[i+1] == '\'' {
			i++
			continue
		}

		return i
	}

	return -1
}

func quoteSnippet(s string) string {
	const maxLength = 80

	if len(s) > maxLength {
		s = s[:maxLength] + "..."
	}

	return fmt.Sprintf("%q", s)
}
