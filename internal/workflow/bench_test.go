package workflow

import (
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
)

func BenchmarkDecode1000Steps(b *testing.B) {
	doc := testutil.GeneratedWorkflowYAML(1000)
	b.ReportAllocs()

	for b.Loop() {
		if _, diags := DecodeYAML(doc); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}
