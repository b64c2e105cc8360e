package workflow

// NestedSteps returns the step lists directly inside the step, without the
// steps nested deeper. The order is fixed: a call's catches, a switch's cases
// and then its default, a parallel's branches, a for_each or loop body, and a
// try's steps, its finally and then its catches. Kinds without step lists
// return nil, and a list absent from the definition is returned as nil.
func (s *Step) NestedSteps() [][]*Step {
	var lists [][]*Step

	switch k := s.Kind.(type) {
	case *Call:
		lists = appendCatchSteps(lists, k.Catch)
	case *Switch:
		for _, c := range k.Cases {
			lists = append(lists, c.Steps)
		}

		lists = append(lists, k.Default)
	case *Parallel:
		for _, b := range k.Branches {
			lists = append(lists, b.Steps)
		}
	case *ForEach:
		lists = append(lists, k.Steps)
	case *Loop:
		lists = append(lists, k.Steps)
	case *Try:
		lists = append(lists, k.Steps, k.Finally)
		lists = appendCatchSteps(lists, k.Catch)
	}

	return lists
}

func appendCatchSteps(lists [][]*Step, catches []*Catch) [][]*Step {
	for _, c := range catches {
		lists = append(lists, c.Steps)
	}

	return lists
}

// WalkSteps calls fn on every step of steps and on every step nested in
// them, depth first: a step comes before the steps inside it.
func WalkSteps(steps []*Step, fn func(*Step)) {
	for _, s := range steps {
		fn(s)

		for _, nested := range s.NestedSteps() {
			WalkSteps(nested, fn)
		}
	}
}
