package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// TestWarningSummariesDistinct checks that warnings which Terraform would
// merge by their summary each get a summary of their own.
func TestWarningSummariesDistinct(t *testing.T) {
	ds := workflow.Diagnostics{
		workflow.Warningf(nil, "fetch", "Approximate translation", "first"),
		workflow.Warningf(nil, "fetch", "Approximate translation", "second"),
		workflow.Warningf(nil, "store", "Approximate translation", "third"),
		workflow.Warningf(nil, "", "Approximate translation", "fourth"),
	}

	var out diag.Diagnostics
	addDiagnostics(&out, ds, "Azure Logic Apps")

	want := []string{
		`Azure Logic Apps: Approximate translation in step "fetch"`,
		`Azure Logic Apps: Approximate translation in step "fetch" (2)`,
		`Azure Logic Apps: Approximate translation in step "store"`,
		`Azure Logic Apps: Approximate translation`,
	}

	if len(out) != len(want) {
		t.Fatalf("got %d diagnostics, want %d", len(out), len(want))
	}

	for i, d := range out {
		if d.Summary() != want[i] {
			t.Errorf("summary %d = %q, want %q", i, d.Summary(), want[i])
		}
	}
}
