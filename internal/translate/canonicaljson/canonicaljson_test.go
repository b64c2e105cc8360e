package canonicaljson

import (
	"math"
	"testing"
)

func TestEncodeSortedIndentedUnescaped(t *testing.T) {
	got, err := Encode(map[string]any{"b": "x & <y>", "a": []any{1, true}})
	if err != nil {
		t.Fatal(err)
	}

	want := "{\n  \"a\": [\n    1,\n    true\n  ],\n  \"b\": \"x & <y>\"\n}\n"
	if got != want {
		t.Errorf("Encode() = %q, want %q", got, want)
	}
}

func TestEncodeRejectsNaN(t *testing.T) {
	if _, err := Encode(math.NaN()); err == nil {
		t.Error("Encode(NaN) returned no error")
	}
}
