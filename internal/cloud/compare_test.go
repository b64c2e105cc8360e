package cloud

import "testing"

func TestSameDefinition(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", `{"a":1}`, `{"a":1}`, true},
		{"key order and spacing", `{"a":1,"b":[1,2]}`, "{ \"b\": [1, 2],\n  \"a\": 1 }", true},
		{"integer written as float", `{"a":1}`, `{"a":1.0}`, true},
		{"yaml against json", "main:\n  steps: []\n", `{"main":{"steps":[]}}`, true},
		{"changed value", `{"a":1}`, `{"a":2}`, false},
		{"list order counts", `[1,2]`, `[2,1]`, false},
		{"string is not number", `{"a":"1"}`, `{"a":1}`, false},
		{"unparsable differs", `{"a":`, `{"a":1}`, false},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SameDefinition(c.a, c.b); got != c.want {
				t.Errorf("SameDefinition(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
			}
		})
	}
}
