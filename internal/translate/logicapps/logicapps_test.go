package logicapps

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/translatetest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// casesDir holds this package's own workflow cases, rendered next to the
// shared corpus and the examples.
var casesDir = filepath.Join("testdata", "cases")

func TestTranslateGolden(t *testing.T) {
	for _, c := range translatetest.Files(t, casesDir) {
		t.Run(c.ID(), func(t *testing.T) {
			skipUnclaimed(t, c)

			text, diags := Translate(translatetest.DecodeFile(t, c.Path))
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			base := filepath.Join("testdata", "golden", filepath.FromSlash(c.ID()))
			translatetest.CompareGolden(t, base+".wdl.json", text, *update)
			translatetest.CompareGolden(t, base+".diagnostics.txt", translatetest.FormatDiagnostics(diags), *update)
		})
	}
}

// TestTranslatePassesWDLCheck runs the structural checker on every
// translation, because Azure offers no validator that runs offline.
func TestTranslatePassesWDLCheck(t *testing.T) {
	for _, c := range translatetest.Files(t, casesDir) {
		t.Run(c.ID(), func(t *testing.T) {
			skipUnclaimed(t, c)

			text, diags := Translate(translatetest.DecodeFile(t, c.Path))
			if diags.HasErrors() {
				t.Fatalf("translation failed:\n%s", diags.Error())
			}

			if err := wdlcheck.Check([]byte(text)); err != nil {
				t.Errorf("wdlcheck reported problems:\n%v\n--- definition\n%s", err, text)
			}
		})
	}
}

func TestTranslateDeterministic(t *testing.T) {
	for _, c := range translatetest.Files(t, casesDir) {
		t.Run(c.ID(), func(t *testing.T) {
			// Decoding twice also covers map iteration order in the decoder.
			first, firstDiags := Translate(translatetest.DecodeFile(t, c.Path))
			second, secondDiags := Translate(translatetest.DecodeFile(t, c.Path))

			if first != second {
				t.Errorf("two translations differ:\n--- first\n%s\n--- second\n%s", first, second)
			}

			if a, b := translatetest.FormatDiagnostics(firstDiags), translatetest.FormatDiagnostics(secondDiags); a != b {
				t.Errorf("two translations report different diagnostics:\n--- first\n%s--- second\n%s", a, b)
			}
		})
	}
}

// skipUnclaimed skips an example whose main.tf leaves azure out of its
// targets, because it uses a construct that Logic Apps rejects.
func skipUnclaimed(t *testing.T, c translatetest.File) {
	t.Helper()

	if !c.Claims("azure") {
		t.Skipf("the example targets only %v", c.Targets)
	}
}
