package workflow

import (
	"reflect"
	"testing"
)

// namedSteps builds one step per name, with an assign kind, to tell step
// lists apart by their names.
func namedSteps(names ...string) []*Step {
	steps := make([]*Step, 0, len(names))
	for _, n := range names {
		steps = append(steps, &Step{Name: n, Kind: &Assign{}})
	}

	return steps
}

// stepListNames returns the step names of each list, so that a failure
// shows which list is missing or out of order.
func stepListNames(lists [][]*Step) [][]string {
	var out [][]string

	for _, l := range lists {
		names := []string{}
		for _, s := range l {
			names = append(names, s.Name)
		}

		out = append(out, names)
	}

	return out
}

func TestNestedStepsEveryKind(t *testing.T) {
	tests := []struct {
		name string
		kind StepKind
		want [][]string
	}{
		{
			name: "call with catches",
			kind: &Call{Catch: []*Catch{{Steps: namedSteps("c1")}, {Steps: namedSteps("c2a", "c2b")}}},
			want: [][]string{{"c1"}, {"c2a", "c2b"}},
		},
		{name: "call without catch", kind: &Call{}, want: nil},
		{name: "assign", kind: &Assign{}, want: nil},
		{
			name: "switch cases then default",
			kind: &Switch{Cases: []*Case{{Steps: namedSteps("a")}, {Steps: namedSteps("b")}}, Default: namedSteps("d")},
			want: [][]string{{"a"}, {"b"}, {"d"}},
		},
		{
			name: "switch without default",
			kind: &Switch{Cases: []*Case{{Steps: namedSteps("a")}}},
			want: [][]string{{"a"}, {}},
		},
		{name: "wait", kind: &Wait{}, want: nil},
		{name: "fail", kind: &Fail{}, want: nil},
		{name: "return", kind: &Return{}, want: nil},
		{
			name: "parallel branches",
			kind: &Parallel{Branches: []*Branch{{Steps: namedSteps("p1")}, {Steps: namedSteps("p2")}}},
			want: [][]string{{"p1"}, {"p2"}},
		},
		{name: "for_each body", kind: &ForEach{Steps: namedSteps("f1", "f2")}, want: [][]string{{"f1", "f2"}}},
		{name: "loop body", kind: &Loop{Steps: namedSteps("l1")}, want: [][]string{{"l1"}}},
		{
			name: "try steps finally then catches",
			kind: &Try{
				Steps:   namedSteps("t1"),
				Finally: namedSteps("fin"),
				Catch:   []*Catch{{Steps: namedSteps("c1")}, {Steps: namedSteps("c2")}},
			},
			want: [][]string{{"t1"}, {"fin"}, {"c1"}, {"c2"}},
		},
		{name: "await_callback", kind: &AwaitCallback{}, want: nil},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Step{Name: "outer", Kind: tt.kind}

			got := stepListNames(s.NestedSteps())
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NestedSteps() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWalkStepsDepthFirst(t *testing.T) {
	inner := &Step{Name: "inner_loop", Kind: &Loop{Steps: namedSteps("deep")}}
	outer := &Step{Name: "outer_try", Kind: &Try{
		Steps:   []*Step{inner},
		Finally: namedSteps("fin"),
		Catch:   []*Catch{{Steps: namedSteps("handler")}},
	}}
	steps := append([]*Step{outer}, namedSteps("last")...)

	var got []string

	WalkSteps(steps, func(s *Step) { got = append(got, s.Name) })

	want := []string{"outer_try", "inner_loop", "deep", "fin", "handler", "last"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WalkSteps visited %v, want %v", got, want)
	}
}
