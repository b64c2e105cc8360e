package wdlcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// object is a JSON object that keeps its keys in document order, so that
// problems come out in a stable order and duplicate keys can be reported.
// encoding/json keeps only the last of two equal keys, which would hide a
// duplicate action name.
type object struct {
	keys   []string
	values map[string]any
}

func (o *object) get(key string) (any, bool) {
	v, ok := o.values[key]
	return v, ok
}

func (o *object) has(key string) bool {
	_, ok := o.values[key]
	return ok
}

// decodeDocument parses data into nil, bool, string, json.Number, []any and
// *object values, and reports every duplicate key.
func decodeDocument(data []byte) (any, Problems, error) {
	d := &documentDecoder{dec: json.NewDecoder(bytes.NewReader(data))}
	d.dec.UseNumber()

	root, err := d.value("")
	if err != nil {
		return nil, nil, err
	}

	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("unexpected data after the top-level value")
	}

	return root, d.problems, nil
}

type documentDecoder struct {
	dec      *json.Decoder
	problems Problems
}

func (d *documentDecoder) value(pointer string) (any, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, err
	}

	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}

	switch delim {
	case '{':
		return d.object(pointer)
	case '[':
		return d.array(pointer)
	}

	return nil, fmt.Errorf("unexpected %q", delim)
}

func (d *documentDecoder) object(pointer string) (*object, error) {
	o := &object{values: map[string]any{}}

	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, err
		}

		key, _ := tok.(string)
		child := pointer + "/" + escapePointer(key)

		v, err := d.value(child)
		if err != nil {
			return nil, err
		}

		if o.has(key) {
			d.problems.add(child, "duplicate key %q: JSON parsers keep only one of the values", key)
		} else {
			o.keys = append(o.keys, key)
		}

		o.values[key] = v
	}

	_, err := d.dec.Token() // the closing '}'

	return o, err
}

func (d *documentDecoder) array(pointer string) ([]any, error) {
	out := []any{}

	for i := 0; d.dec.More(); i++ {
		v, err := d.value(fmt.Sprintf("%s/%d", pointer, i))
		if err != nil {
			return nil, err
		}

		out = append(out, v)
	}

	_, err := d.dec.Token() // the closing ']'

	return out, err
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// escapePointer escapes one reference token of a JSON Pointer (RFC 6901).
func escapePointer(token string) string {
	if !strings.ContainsAny(token, "~/") {
		return token
	}

	return pointerEscaper.Replace(token)
}

// describeJSON names the JSON type of a decoded value for messages.
func describeJSON(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case *object:
		return "an object"
	}

	return fmt.Sprintf("%T", v)
}
