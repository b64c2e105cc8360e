package azure

import (
	"strings"
	"testing"
)

// FuzzImportID checks that ImportID never panics and that an accepted ID is
// canonical: importing it again returns it unchanged.
func FuzzImportID(f *testing.F) {
	f.Add(testID)
	f.Add(strings.ToUpper(testID))
	f.Add("/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/")
	f.Add("/subscriptions//resourceGroups/g/providers/Microsoft.Logic/workflows/n/")

	d := &Deployer{}
	f.Fuzz(func(t *testing.T, input string) {
		id, err := d.ImportID(input)
		if err != nil {
			return
		}

		again, err := d.ImportID(id)
		if err != nil {
			t.Fatalf("ImportID(%q) = %q, which it then rejects: %v", input, id, err)
		}
		if again != id {
			t.Errorf("ImportID(%q) = %q, not canonical: importing it returns %q", input, id, again)
		}
	})
}
