package asljsonpath

import (
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// FuzzTranslate decodes arbitrary YAML and translates every workflow that
// decodes. It checks that nothing panics, that a rejection leaves no text
// and that a successful translation is a well-formed state machine.
func FuzzTranslate(f *testing.F) {
	translatetest.AddSeeds(f, casesDir)

	f.Fuzz(func(t *testing.T, data []byte) {
		w, diags := workflow.DecodeYAML(data)
		if diags.HasErrors() {
			return
		}

		text, diags := Translate(w)
		if diags.HasErrors() {
			if text != "" {
				t.Errorf("text is not empty after an error:\n%s", text)
			}

			return
		}

		if err := checkStructure(text); err != nil {
			t.Errorf("%v\n%s", err, text)
		}
	})
}
