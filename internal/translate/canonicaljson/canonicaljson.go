// Package canonicaljson writes the definitions of the JSON targets (Step
// Functions ASL and Logic Apps) as canonical text, so that the same
// workflow always gives the same bytes and Terraform plans show no spurious diff.
package canonicaljson

import (
	"bytes"
	"encoding/json"
)

// Encode writes v as JSON indented by two spaces, with a trailing newline.
// encoding/json sorts map keys, which makes the text canonical. HTML
// escaping is off so that characters such as &, < and > in expressions, URLs
// and messages stay readable.
func Encode(v any) (string, error) {
	var b bytes.Buffer

	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")

	if err := enc.Encode(v); err != nil {
		return "", err
	}

	return b.String(), nil
}
