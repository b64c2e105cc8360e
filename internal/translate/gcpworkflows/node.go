package gcpworkflows

import (
	"math"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// yaml11Scalars are plain words that a YAML 1.1 parser reads as booleans or
// null. yaml.v3 follows YAML 1.2 and writes them unquoted, but the parser
// that Cloud Workflows uses is not documented, so they are always quoted.
var yaml11Scalars = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"null": true, "Null": true, "NULL": true, "~": true, "=": true, "<<": true,
}

// str returns a string scalar. yaml.v3 quotes it only when the plain form
// would read as another type or break the syntax. Expressions are always
// single-quoted, so `${...}` never depends on how a parser treats `{` and
// `:` in plain scalars, and the double quotes of their string literals stay
// readable.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}

	switch {
	case strings.Contains(s, "${"):
		n.Style = yaml.SingleQuotedStyle
	case yaml11Scalars[s] || looksLikeSexagesimal(s):
		n.Style = yaml.DoubleQuotedStyle
	}

	return n
}

// looksLikeSexagesimal reports whether YAML 1.1 would read s as a base-60
// number such as 1:30.
func looksLikeSexagesimal(s string) bool {
	if !strings.Contains(s, ":") {
		return false
	}

	for _, part := range strings.Split(strings.TrimLeft(s, "+-"), ":") {
		if part == "" {
			return false
		}

		if _, err := strconv.ParseFloat(part, 64); err != nil {
			return false
		}
	}

	return true
}

func intNode(n int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(n, 10)}
}

// floatNode writes a double so that it reads back as a double. 2.0 stays
// 2.0 and never becomes the integer 2, because Cloud Workflows keeps int and
// double apart, for example in division.
func floatNode(f float64) *yaml.Node {
	text := strconv.FormatFloat(f, 'g', -1, 64)

	switch {
	case math.IsInf(f, 0) || math.IsNaN(f):
		// JSON and YAML definitions cannot hold these, so the decoder never
		// produces them.
	case !strings.ContainsAny(text, ".e"):
		text += ".0"
	case !strings.Contains(text, "."):
		mantissa, exponent, _ := strings.Cut(text, "e")
		text = mantissa + ".0e" + exponent
	}

	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: text}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func nullNode() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

// mapping builds a mapping from alternating keys and values in the given
// order, because the output is canonical only if every key is placed on
// purpose.
func mapping(pairs ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: pairs}
}

// entry appends a key and its value to a mapping.
func entry(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, str(key), value)
}

func sequence(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
}

// flowSequence is a sequence written inline, as in `params: [input]`.
func flowSequence(items ...*yaml.Node) *yaml.Node {
	n := sequence(items...)
	n.Style = yaml.FlowStyle

	return n
}

// stepNode wraps a step body in the single-key map that names the step.
func stepNode(name string, body *yaml.Node) *yaml.Node {
	return mapping(str(name), body)
}
