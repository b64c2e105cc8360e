// Package translate renders a validated workflow for the requested clouds.
// Each target has its own visitor package; this one only dispatches and
// collects their diagnostics.
package translate

import (
	"fmt"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Target names a cloud as users write it in `targets`.
type Target string

const (
	AWS   Target = "aws"
	GCP   Target = "gcp"
	Azure Target = "azure"
)

// AllTargets lists every target in the order outputs are reported.
var AllTargets = []Target{AWS, GCP, Azure}

// ParseTarget checks a user-supplied target name.
func ParseTarget(s string) (Target, error) {
	for _, t := range AllTargets {
		if string(t) == s {
			return t, nil
		}
	}

	return "", fmt.Errorf("%q is not a target; use \"aws\", \"gcp\" or \"azure\"", s)
}

// Rendering is the output for one target: the definition text, or empty when
// the target rejected the workflow, and the target's diagnostics.
type Rendering struct {
	Target      Target
	Definition  string
	Diagnostics workflow.Diagnostics
}

// Render translates w for each target in order.
func Render(w *workflow.Workflow, targets []Target) []Rendering {
	out := make([]Rendering, 0, len(targets))

	for _, t := range targets {
		text, diags := translator(t)(w)
		if diags.HasErrors() {
			text = ""
		}

		out = append(out, Rendering{Target: t, Definition: text, Diagnostics: diags})
	}

	return out
}

func translator(t Target) func(*workflow.Workflow) (string, workflow.Diagnostics) {
	switch t {
	case GCP:
		return gcpworkflows.Translate
	case Azure:
		return logicapps.Translate
	}

	return asl.Translate
}
