package gcpworkflows

import (
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// names hands out the variable and subworkflow names the translator
// generates. Step names need no bookkeeping, because user step names never
// contain "__" and every generated step name does. Variable names may contain
// "__", so a generated variable name is checked against the workflow's
// variables and gets a numeric suffix when it is taken.
type names struct {
	used map[string]bool
}

func newNames(w *workflow.Workflow) *names {
	used := map[string]bool{inputParam: true}
	for _, v := range w.Variables {
		used[v.Name] = true
	}

	return &names{used: used}
}

// variable returns base, or base with the first free suffix _2, _3, ...
// (2, 3, ... when base ends with "_"). The result depends only on the
// workflow and the order of calls, so the output stays canonical.
func (n *names) variable(base string) string {
	separator := "_"
	if strings.HasSuffix(base, "_") {
		separator = ""
	}

	name := base
	for i := 2; n.used[name]; i++ {
		name = base + separator + strconv.Itoa(i)
	}

	n.used[name] = true

	return name
}
