package gcpworkflows

import (
	"path/filepath"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// BenchmarkTranslate1000Steps translates a generated 1,000-step workflow.
// Its source exceeds the 128 KiB limit, so Translate returns an error, but
// only after it has encoded the whole YAML, so the run measures the full
// translation.
func BenchmarkTranslate1000Steps(b *testing.B) {
	w, diags := workflow.DecodeYAML(testutil.GeneratedWorkflowYAML(1000))
	if diags.HasErrors() {
		b.Fatalf("definition does not decode:\n%s", diags.Error())
	}

	b.ReportAllocs()

	for b.Loop() {
		Translate(w)
	}
}

// TestLargeWorkflowWithinLimits translates the benchmark's shape at a size
// that fits in 128 KiB, so the generated steps also pass the schema.
func TestLargeWorkflowWithinLimits(t *testing.T) {
	w, diags := workflow.DecodeYAML(testutil.GeneratedWorkflowYAML(120))
	if diags.HasErrors() {
		t.Fatalf("definition does not decode:\n%s", diags.Error())
	}

	text, diags := Translate(w)
	if diags.HasErrors() {
		t.Fatalf("translation failed:\n%s", diags.Error())
	}

	if err := schemacheck.Validate([]byte(text)); err != nil {
		t.Errorf("schema violation: %v", err)
	}

	checkStructure(t, text)
}

// FuzzTranslate decodes arbitrary YAML and translates what decodes. A
// translation must not panic, must be deterministic, must be empty exactly
// when it has errors, and must otherwise be YAML that passes the schema.
// Workflows with native calls skip the schema, because their args pass
// through unchanged and the schema constrains argument names such as
// `method` for every function.
func FuzzTranslate(f *testing.F) {
	translatetest.AddSeeds(f, filepath.Join("testdata", "cases"))

	f.Fuzz(func(t *testing.T, data []byte) {
		w, diags := workflow.DecodeYAML(data)
		if diags.HasErrors() || w == nil {
			return
		}

		text, diags := Translate(w)
		if diags.HasErrors() {
			if text != "" {
				t.Fatalf("text is not empty despite errors:\n%s", diags.Error())
			}

			return
		}

		again, _ := Translate(w)
		if again != text {
			t.Fatalf("two translations differ:\n%s\n---\n%s", text, again)
		}

		var node yaml.Node
		if err := yaml.Unmarshal([]byte(text), &node); err != nil {
			t.Fatalf("output is not YAML: %v\n%s", err, text)
		}

		if hasNativeCall(w.Steps) {
			return
		}

		if err := schemacheck.Validate([]byte(text)); err != nil {
			t.Fatalf("schema violation: %v\n%s", err, text)
		}
	})
}

// hasNativeCall reports whether any step, nested ones included, is a native
// call.
func hasNativeCall(steps []*workflow.Step) bool {
	for _, s := range steps {
		if c, ok := s.Kind.(*workflow.Call); ok && c.Native != nil {
			return true
		}

		for _, nested := range s.NestedSteps() {
			if hasNativeCall(nested) {
				return true
			}
		}
	}

	return false
}
