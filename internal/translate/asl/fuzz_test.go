package asl

import (
	"os"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
)

// FuzzTranslate decodes arbitrary YAML and translates every workflow that
// decodes. It checks that nothing panics and that a successful translation
// is a well-formed state machine.
func FuzzTranslate(f *testing.F) {
	translatetest.AddSeeds(f, casesDir)

	for _, file := range workflowFiles(f) {
		if file.Group == "flow" {
			data, err := os.ReadFile(file.Path)
			if err != nil {
				f.Fatal(err)
			}

			f.Add(data)
		}
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		translatetest.CheckTranslation(t, data, Translate, checkStructure)
	})
}
