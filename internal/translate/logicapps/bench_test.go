package logicapps

import (
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/canonicaljson"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// BenchmarkTranslate1000Steps translates 1,000 steps. They become 2,751
// actions and 750 variables, beyond the Logic Apps limits of 500 and 250, so Translate reports limit errors and writes no text. The benchmark
// therefore encodes and checks the definition itself, to measure the whole
// work of Translate.
func BenchmarkTranslate1000Steps(b *testing.B) {
	w, diags := workflow.DecodeYAML(testutil.GeneratedWorkflowYAML(1000))
	if diags.HasErrors() {
		b.Fatalf("decoding failed:\n%s", diags.Error())
	}

	b.ReportAllocs()
	b.ResetTimer()

	for range b.N {
		t := newTranslator(w)
		t.translate()

		text, err := canonicaljson.Encode(t.definition())
		if err != nil {
			b.Fatal(err)
		}

		t.verify(text)

		// wdlcheck reports the same two limits as the translator.
		for _, d := range t.diags.Errors() {
			if d.Summary != summaryLimit && !strings.Contains(d.Detail, "Logic Apps allows at most") {
				b.Fatalf("unexpected error: %s", d.Error())
			}
		}
	}
}
