package asl

import (
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

func BenchmarkTranslate1000Steps(b *testing.B) {
	w, diags := workflow.DecodeYAML(testutil.GeneratedWorkflowYAML(1000))
	if diags.HasErrors() {
		b.Fatalf("decoding failed:\n%s", diags.Error())
	}

	b.ReportAllocs()
	b.ResetTimer()

	for i := 0; i < b.N; i++ {
		if _, diags := Translate(w); diags.HasErrors() {
			b.Fatalf("translation failed:\n%s", diags.Error())
		}
	}
}
