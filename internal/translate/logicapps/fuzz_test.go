package logicapps

import (
	"fmt"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
)

// FuzzTranslate decodes arbitrary YAML and translates every workflow that
// decodes. It checks that nothing panics, that an error leaves the text
// empty and that a successful translation passes wdlcheck.
func FuzzTranslate(f *testing.F) {
	translatetest.AddSeeds(f, casesDir)

	f.Fuzz(func(t *testing.T, data []byte) {
		translatetest.CheckTranslation(t, data, Translate, checkDefinition)
	})
}

// checkDefinition runs wdlcheck on a definition.
func checkDefinition(text string) error {
	if err := wdlcheck.Check([]byte(text)); err != nil {
		return fmt.Errorf("wdlcheck reported problems:\n%w\n--- definition", err)
	}

	return nil
}
