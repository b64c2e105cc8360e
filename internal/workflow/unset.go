package workflow

import "fmt"

// unsetVariableFix returns the fix for a variable that only some paths to
// the expression at reader set, where first is its first assignment. The
// fix names the outermost step on first's path that does not contain
// reader, and is "" when there is none.
func unsetVariableFix(first, reader Path) string {
	common := commonPrefix(first, reader)

	branching, kind, ok := branchingStep(first, common)
	if !ok {
		return ""
	}

	sameList := len(branching) == common+1 && common < len(reader) && reader[common].IsIndex
	if sameList && reader[common].Index < first[common].Index {
		return ""
	}

	switch {
	case kind == "switch" && sameList:
		return fmt.Sprintf(" Assign it before the switch at %s, such as in an assign step with a starting value of the same type, or assign it in every case and in \"default\".", branching)
	case kind == "switch":
		return fmt.Sprintf(" Assign it before the switch at %s, such as in an assign step with a starting value of the same type.", branching)
	case kind == "call" && sameList:
		return fmt.Sprintf(" The call at %s does not set it when a catch handles an error: assign it in the steps of every catch too, or assign it before the call.", branching)
	}

	return fmt.Sprintf(" Assign it before the %s step at %s, such as in an assign step with a starting value of the same type.", kind, branching)
}

// branchingStep returns the path and kind key of the step that contains
// first[common], the first element of first that reader does not share.
// When first[common] is a step's index in a list, that step itself is
// returned.
func branchingStep(first Path, common int) (Path, string, bool) {
	for i := min(common, len(first)-1); i > 0; i-- {
		if isStepIndex(first, i) && i+1 < len(first) {
			return first[:i+1], first[i+1].Key, true
		}
	}

	return nil, "", false
}

// isStepIndex reports whether p[i] is the index of a step in a list of
// steps: "steps", a switch's "default" or a try's "finally".
func isStepIndex(p Path, i int) bool {
	if !p[i].IsIndex || i == 0 || p[i-1].IsIndex {
		return false
	}

	switch p[i-1].Key {
	case "steps", "default", "finally":
		return true
	}

	return false
}

func commonPrefix(a, b Path) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}

	return n
}
