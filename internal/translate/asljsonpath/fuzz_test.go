package asljsonpath

import (
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
)

// FuzzTranslate decodes arbitrary YAML and translates every workflow that
// decodes. It checks that nothing panics, that a rejection leaves no text
// and that a successful translation is a well-formed state machine.
func FuzzTranslate(f *testing.F) {
	translatetest.AddSeeds(f, casesDir)

	f.Fuzz(func(t *testing.T, data []byte) {
		translatetest.CheckTranslation(t, data, Translate, checkStructure)
	})
}
