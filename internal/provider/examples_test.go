package provider

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
)

// TestAccExamples applies every example with the real Terraform CLI and runs
// the third-party checkers on what it renders.
func TestAccExamples(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*/main.tf")
	if err != nil || len(dirs) < 4 {
		t.Fatalf("expected at least 4 examples, found %d (%v)", len(dirs), err)
	}

	// The examples name the provider by its registry address.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "multicloud-workflows")

	for _, mainTF := range dirs {
		dir, err := filepath.Abs(filepath.Dir(mainTF))
		if err != nil {
			t.Fatal(err)
		}

		t.Run(filepath.Base(dir), func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						ConfigDirectory: config.StaticDirectory(dir),
						Check:           checkDefinitions(t.TempDir()),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// checkDefinitions validates every definition in the `definitions` output:
// ASL with asl-validator, Cloud Workflows YAML with Google's JSON schema and
// Logic Apps JSON with our structural checker.
func checkDefinitions(tmp string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		raw, ok := outputValue(s, "definitions")
		if !ok {
			return fmt.Errorf("the example has no \"definitions\" output")
		}

		workflows, ok := raw.(map[string]any)
		if !ok || len(workflows) == 0 {
			return fmt.Errorf("\"definitions\" is not a non-empty map: %T", raw)
		}

		for name, v := range workflows {
			defs, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("definitions[%q] is not an object", name)
			}

			if err := checkOne(tmp, name, defs); err != nil {
				return err
			}
		}

		return nil
	}
}

func checkOne(tmp, name string, defs map[string]any) error {
	aslText, _ := defs["aws_asl"].(string)
	gcpText, _ := defs["gcp_yaml"].(string)
	azureText, _ := defs["azure_json"].(string)

	if aslText == "" || gcpText == "" || azureText == "" {
		return fmt.Errorf("workflow %q is missing a rendering for a cloud", name)
	}

	if err := testutil.ValidateASL(tmp, name, aslText); err != nil {
		return fmt.Errorf("workflow %q: %w", name, err)
	}

	if err := schemacheck.Validate([]byte(gcpText)); err != nil {
		return fmt.Errorf("workflow %q: Cloud Workflows schema: %w", name, err)
	}

	if err := wdlcheck.Check([]byte(azureText)); err != nil {
		return fmt.Errorf("workflow %q: Logic Apps checks: %w", name, err)
	}

	return nil
}
