package expr

import (
	"strconv"
	"strings"
)

// templatePart is literal text or the CEL source between {{ and }}.
type templatePart struct {
	text   string
	isExpr bool
}

// CompileTemplate compiles a string that may contain `{{ expr }}` parts. ok is false (and e nil) when
// s has no `{{`. A string that is exactly one `{{ expr }}` (spaces inside the braces allowed) keeps the
// expression's type. Otherwise the result is a string that concatenates the literal parts with
// string(part) of each expression; parts of type string are not wrapped.
func CompileTemplate(s string, env *Env) (e *Expr, ok bool, err error) {
	if !strings.Contains(s, "{{") {
		return nil, false, nil
	}
	parts, err := splitTemplate(s)
	if err != nil {
		return nil, true, err
	}
	if len(parts) == 1 && parts[0].isExpr {
		e, err := Compile(parts[0].text, env)
		if err != nil {
			return nil, true, err
		}
		return e, true, nil
	}

	var pieces []string
	for _, part := range parts {
		if !part.isExpr {
			pieces = append(pieces, strconv.Quote(part.text))
			continue
		}
		piece, err := templatePiece(part.text, env)
		if err != nil {
			return nil, true, err
		}
		pieces = append(pieces, piece)
	}
	e, err = Compile(strings.Join(pieces, " + "), env)
	if err != nil {
		return nil, true, err
	}
	e.src = s
	return e, true, nil
}

// templatePiece compiles one {{ }} part on its own, so that errors quote it, and returns the CEL
// source that converts it to a string.
func templatePiece(src string, env *Env) (string, error) {
	part, err := Compile(src, env)
	if err != nil {
		return "", err
	}
	switch part.Type().Kind {
	case String:
		return "(" + src + ")", nil
	case Int, Bool, Dyn:
		return "string(" + src + ")", nil
	case Double:
		return "", errorf("invalid template part {{ %s }}: it is a double, and each target formats doubles "+
			"differently inside strings. Convert it with int(), or make the part the whole value", src)
	}
	return "", errorf("invalid template part {{ %s }}: a value of type %s cannot be embedded in a string. "+
		"Make the part the whole value, or embed its fields one by one", src, part.Type())
}

// splitTemplate splits s into literal text and {{ }} parts. A }} inside a quoted CEL string does not
// end a part.
func splitTemplate(s string) ([]templatePart, error) {
	var parts []templatePart
	rest := s
	for {
		start := strings.Index(rest, "{{")
		if start < 0 {
			break
		}
		if start > 0 {
			parts = append(parts, templatePart{text: rest[:start]})
		}
		body := rest[start+2:]
		end := findTemplateEnd(body)
		if end < 0 {
			return nil, errorf("invalid template %q: a {{ has no matching }}. Close the expression with }}", s)
		}
		src := strings.TrimSpace(body[:end])
		if src == "" {
			return nil, errorf("invalid template %q: {{ }} is empty. Write an expression between the braces", s)
		}
		parts = append(parts, templatePart{text: src, isExpr: true})
		rest = body[end+2:]
	}
	if rest != "" {
		parts = append(parts, templatePart{text: rest})
	}
	return parts, nil
}

// findTemplateEnd returns the offset of the }} that closes a part, skipping quoted strings.
func findTemplateEnd(body string) int {
	var quote byte
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0 && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '"' || c == '\'':
			quote = c
		case c == '}' && i+1 < len(body) && body[i+1] == '}':
			return i
		}
	}
	return -1
}
