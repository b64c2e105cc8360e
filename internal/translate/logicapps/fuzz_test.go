package logicapps

import (
	"os"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// FuzzTranslate decodes arbitrary YAML and translates every workflow that
// decodes. It checks that nothing panics, that an error leaves the text
// empty and that a successful translation passes wdlcheck.
func FuzzTranslate(f *testing.F) {
	for _, c := range corpus(f) {
		data, err := os.ReadFile(c.file)
		if err != nil {
			f.Fatal(err)
		}

		f.Add(data)
	}

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

		if err := wdlcheck.Check([]byte(text)); err != nil {
			t.Errorf("wdlcheck reported problems:\n%v\n--- definition\n%s", err, text)
		}
	})
}
