// Command checkdefs checks rendered workflow definitions by file name:
// *.gcp.yaml against the Google Cloud Workflows JSON schema and
// *.logicapp.json with the Logic Apps structural checker. Step Functions
// files (*.asl.json) are left to asl-validator, which `make demo` runs
// itself. It exits 1 when any file fails.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
)

func main() {
	failed := 0

	for _, file := range os.Args[1:] {
		if err := checkFile(file); err != nil {
			fmt.Fprintf(os.Stderr, "checkdefs: %s: %v\n", file, err)
			failed++
		}
	}

	if failed > 0 {
		os.Exit(1)
	}
}

func checkFile(file string) error {
	var check func([]byte) error

	switch {
	case strings.HasSuffix(file, ".gcp.yaml"):
		check = schemacheck.Validate
	case strings.HasSuffix(file, ".logicapp.json"):
		check = wdlcheck.Check
	default:
		return nil
	}

	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}

	if err := check(data); err != nil {
		return err
	}

	fmt.Printf("checkdefs: %s is valid\n", file)

	return nil
}
