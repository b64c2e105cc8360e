package wdlcheck

import (
	"fmt"
	"strings"
)

// expressionParser is a recursive-descent parser for the expression
// grammar of the Workflow Definition Language, which has no operators:
//
//	expression = primary { accessor }
//	primary    = number | string | "true" | "false" | "null"
//	           | function "(" [ expression { "," expression } ] ")"
//	           | "[" [ expression { "," expression } ] "]"
//	accessor   = [ "?" ] ( "[" expression "]" | "." property )
//
// It records the first error and the string-literal names passed to
// functions that refer to actions or variables.
type expressionParser struct {
	src        string
	pos        int
	err        string
	references []reference
}

func (p *expressionParser) parse() {
	p.skipSpace()

	if p.pos == len(p.src) {
		p.fail("empty expression")
		return
	}

	p.expression()
	p.skipSpace()

	if p.err == "" && p.pos < len(p.src) {
		p.fail(fmt.Sprintf("unexpected %q at offset %d", p.src[p.pos], p.pos))
	}
}

func (p *expressionParser) fail(msg string) {
	if p.err == "" {
		p.err = msg
	}
}

func (p *expressionParser) skipSpace() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *expressionParser) peek() byte {
	p.skipSpace()

	if p.pos < len(p.src) {
		return p.src[p.pos]
	}

	return 0
}

func (p *expressionParser) expect(ch byte) bool {
	if p.peek() != ch {
		p.fail(fmt.Sprintf("expected %q at offset %d", ch, p.pos))
		return false
	}

	p.pos++

	return true
}

// expression parses one expression and returns the string literal it
// consists of, if it is one.
func (p *expressionParser) expression() (literal string, isLiteral bool) {
	literal, isLiteral = p.primary()

	for p.err == "" {
		ch := p.peek()
		if ch == '?' {
			p.pos++
			ch = p.peek()

			if ch != '[' && ch != '.' {
				p.fail(fmt.Sprintf("expected \"[\" or \".\" after \"?\" at offset %d", p.pos))
				return "", false
			}
		}

		switch ch {
		case '[':
			p.pos++
			p.expression()
			p.expect(']')
		case '.':
			p.pos++
			p.property()
		default:
			return literal, isLiteral
		}

		isLiteral = false
	}

	return "", false
}

func (p *expressionParser) primary() (string, bool) {
	ch := p.peek()

	switch {
	case ch == '\'':
		return p.stringLiteral(), true
	case ch == '-' || isDigit(ch):
		p.number()
	case ch == '[':
		p.pos++
		p.arguments(']')
	case isLetter(ch):
		p.identifier()
	case ch == 0:
		p.fail("expected a value at the end of the expression")
	default:
		p.fail(fmt.Sprintf("unexpected %q at offset %d", ch, p.pos))
	}

	return "", false
}

func (p *expressionParser) stringLiteral() string {
	end := stringLiteralEnd(p.src, p.pos)
	if end < 0 {
		p.fail(fmt.Sprintf("unterminated string literal at offset %d", p.pos))
		p.pos = len(p.src)

		return ""
	}

	s := strings.ReplaceAll(p.src[p.pos+1:end], "''", "'")
	p.pos = end + 1

	return s
}

func (p *expressionParser) number() {
	start := p.pos

	if p.src[p.pos] == '-' {
		p.pos++
	}

	digits := p.pos
	for p.pos < len(p.src) && (isDigit(p.src[p.pos]) || strings.IndexByte(".eE+-", p.src[p.pos]) >= 0) {
		p.pos++
	}

	if p.pos == digits {
		p.fail(fmt.Sprintf("invalid number at offset %d", start))
	}
}

// identifier parses a function call or one of the constants true, false
// and null.
func (p *expressionParser) identifier() {
	start := p.pos
	for p.pos < len(p.src) && (isLetter(p.src[p.pos]) || isDigit(p.src[p.pos])) {
		p.pos++
	}

	name := p.src[start:p.pos]

	if p.peek() != '(' {
		switch strings.ToLower(name) {
		case "true", "false", "null":
			return
		}

		p.fail(fmt.Sprintf("%q at offset %d is not a function call or a constant", name, start))

		return
	}

	lower := strings.ToLower(name)
	if !functionNames[lower] {
		p.fail(fmt.Sprintf("unknown function %q at offset %d", name, start))
		return
	}

	p.pos++

	first, isLiteral := p.arguments(')')
	if isLiteral && (actionFunctions[lower] || lower == "variables" || lower == "parameters") {
		p.references = append(p.references, reference{name: first, function: lower})
	}
}

// arguments parses a comma-separated list up to the closing character and
// returns the first item when it is a string literal.
func (p *expressionParser) arguments(closing byte) (first string, firstIsLiteral bool) {
	if p.peek() == closing {
		p.pos++
		return "", false
	}

	for i := 0; p.err == ""; i++ {
		literal, isLiteral := p.expression()
		if i == 0 {
			first, firstIsLiteral = literal, isLiteral
		}

		switch p.peek() {
		case ',':
			p.pos++
		case closing:
			p.pos++
			return first, firstIsLiteral
		default:
			p.fail(fmt.Sprintf("expected \",\" or %q at offset %d", closing, p.pos))
		}
	}

	return "", false
}

func (p *expressionParser) property() {
	p.skipSpace()

	start := p.pos
	for p.pos < len(p.src) && (isLetter(p.src[p.pos]) || isDigit(p.src[p.pos]) || strings.IndexByte("$-", p.src[p.pos]) >= 0) {
		p.pos++
	}

	if p.pos == start {
		p.fail(fmt.Sprintf("expected a property name after \".\" at offset %d", start))
	}
}

func isDigit(ch byte) bool {
	return ch >= '0' && ch <= '9'
}

func isLetter(ch byte) bool {
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
}
