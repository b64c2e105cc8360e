package gcpworkflows

import (
	"slices"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// diagnose reports the constructs among uses that the portability table
// marks emulated (a warning) or rejected (an error) on Cloud Workflows,
// except those in skip, which the caller reports or renders itself. It
// returns whether any was rejected.
func (t *translator) diagnose(s *workflow.Step, uses []portability.Use, skip ...portability.Construct) bool {
	rejected := false

	for _, u := range uses {
		if slices.Contains(skip, u.Construct) {
			continue
		}

		d, ok := portability.Diagnose(portability.GCP, u.Construct, u.Path, s.Name)
		if !ok {
			continue
		}

		t.diags = append(t.diags, d)
		rejected = rejected || d.Severity == workflow.SeverityError
	}

	return rejected
}
