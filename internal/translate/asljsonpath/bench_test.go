package asljsonpath

import (
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// BenchmarkTranslate1000Steps translates the workflow that every translator
// benchmark shares, with its one multiplication turned into an addition,
// because JSONPath mode has no intrinsic function that multiplies.
func BenchmarkTranslate1000Steps(b *testing.B) {
	source := strings.ReplaceAll(string(testutil.GeneratedWorkflowYAML(1000)), " * 2 }}", " + 2 }}")

	w, diags := workflow.DecodeYAML([]byte(source))
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
