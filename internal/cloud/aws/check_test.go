package aws

import (
	"strings"
	"testing"
)

// FuzzImportID checks that any import ID is either rejected with an error
// or accepted as a state machine ARN that parses back to its parts.
func FuzzImportID(f *testing.F) {
	f.Add("arn:aws:states:us-east-1:123456789012:stateMachine:orders")
	f.Add("arn:aws:states:us-east-1:123456789012:stateMachine:orders:1")
	f.Add("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:a")
	f.Add("arn:::::::")
	f.Add("")

	d := &Deployer{}
	f.Fuzz(func(t *testing.T, id string) {
		got, err := d.ImportID(id)
		if err != nil {
			if got != "" {
				t.Errorf("ImportID(%q) returned %q with error %v", id, got, err)
			}
			return
		}

		arn, err := parseStateMachineARN(got)
		if err != nil {
			t.Fatalf("accepted ID %q does not parse again: %v", got, err)
		}

		rebuilt := strings.Join([]string{"arn", arn.partition, "states", arn.region, arn.account, "stateMachine", arn.name}, ":")
		if rebuilt != got {
			t.Errorf("accepted ID %q rebuilds as %q", got, rebuilt)
		}
	})
}
