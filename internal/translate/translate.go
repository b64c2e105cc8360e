// Package translate renders a validated workflow for the requested clouds.
// Each target has its own visitor package; this one only dispatches and
// collects their diagnostics.
package translate

import (
	"fmt"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asljsonpath"
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

// Query languages of Step Functions definitions.
const (
	JSONata  = "JSONata"
	JSONPath = "JSONPath"
)

// Options change how Render translates.
type Options struct {
	// Strict turns every warning into an error, for teams that accept no
	// emulated construct.
	Strict bool

	// AWSQueryLanguage selects the Step Functions query language: JSONata
	// (the default when empty) or JSONPath.
	AWSQueryLanguage string
}

// Render translates w for each target in order.
func Render(w *workflow.Workflow, targets []Target, opts Options) []Rendering {
	out := make([]Rendering, 0, len(targets))

	for _, t := range targets {
		text, diags := opts.translator(t)(w)
		if opts.Strict {
			diags = strictDiagnostics(diags)
		}

		if diags.HasErrors() {
			text = ""
		}

		out = append(out, Rendering{Target: t, Definition: text, Diagnostics: diags})
	}

	return out
}

func (o Options) translator(t Target) func(*workflow.Workflow) (string, workflow.Diagnostics) {
	switch t {
	case GCP:
		return gcpworkflows.Translate
	case Azure:
		return logicapps.Translate
	}

	if o.AWSQueryLanguage == JSONPath {
		return asljsonpath.Translate
	}

	return asl.Translate
}

// strictDiagnostics raises warnings to errors and says why, so that a user
// who set strict knows which setting turned the finding into a failure.
func strictDiagnostics(diags workflow.Diagnostics) workflow.Diagnostics {
	out := make(workflow.Diagnostics, len(diags))

	for i, d := range diags {
		if d.Severity == workflow.SeverityWarning {
			d.Severity = workflow.SeverityError
			d.Detail += " This is an error because strict = true; set strict = false to accept the lowering."
		}

		out[i] = d
	}

	return out
}
