package logicapps

import (
	"errors"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// verify runs the structural checker on the finished definition and reports
// each problem as an error at the step whose action breaks the rule. Native
// actions pass user inputs through, so this is where a native action with a
// missing required field or an invalid expression is caught. A problem in a
// generated action would be a translator bug, which is better reported
// than deployed.
func (t *translator) verify(text string) {
	err := wdlcheck.Check([]byte(text))
	if err == nil {
		return
	}

	var problems wdlcheck.Problems
	if !errors.As(err, &problems) {
		t.errorf(workflow.Path{}, "", summaryUnsupported, "The generated Logic Apps definition could not be checked: %s. This is a bug in the provider; please report it with the workflow.", err)
		return
	}

	for _, p := range problems {
		path, step := stepPath(t.names[t.actionAt(p.Pointer)])

		t.errorf(path, step, summaryUnsupported,
			"The generated Logic Apps definition breaks a Workflow Definition Language rule at %s: %s. Fix the step's native inputs if the action is a native call; otherwise report this as a translator bug.",
			p.Pointer, p.Message)
	}
}

var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// actionAt returns the name of the innermost action that a JSON Pointer
// into the definition points into, or "".
func (t *translator) actionAt(pointer string) string {
	segments := strings.Split(pointer, "/")
	name := ""

	for i := 0; i+1 < len(segments); i++ {
		if segments[i] != "actions" {
			continue
		}

		candidate := pointerUnescaper.Replace(segments[i+1])
		if _, known := t.names[candidate]; known {
			name = candidate
		}
	}

	return name
}
