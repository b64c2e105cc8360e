package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// deployLocals replaces what the deploy examples' iam.tf files create with
// the official providers, which the tests cannot download.
const deployLocals = `
terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

locals {
  role_arn              = "arn:aws:iam::123456789012:role/order-lookup-workflow"
  log_group_arn         = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/order-lookup:*"
  connection_arn        = "arn:aws:events:us-east-1:123456789012:connection/orders-api/00000000-0000-4000-8000-000000000001"
  service_account_email = "order-lookup-workflow@acc-project.iam.gserviceaccount.com"
  resource_group_name   = "orders-workflows"
  identity_id           = "/subscriptions/00000000-0000-4000-8000-00000000acc1/resourceGroups/orders-workflows/providers/Microsoft.ManagedIdentity/userAssignedIdentities/order-lookup-workflow"
}
`

// TestAccDeployExamples applies each examples/deploy/<cloud>/main.tf, as a
// user would after iam.tf, against the local servers, with the provider
// block overridden to reach them.
func TestAccDeployExamples(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "multicloud-workflows")

	variables := map[string]config.Variables{
		"aws":   {},
		"gcp":   {"project": config.StringVariable(testGCPProject)},
		"azure": {"subscription_id": config.StringVariable(testAzureSubscription)},
	}

	for _, cloud := range []string{"aws", "gcp", "azure"} {
		t.Run(cloud, func(t *testing.T) {
			clouds := startLocalClouds(t)
			dir := deployExampleDir(t, cloud, clouds)

			// The example has a provider block, so the providers are given
			// to the step rather than to the test case.
			resource.Test(t, resource.TestCase{
				CheckDestroy: clouds.checkEmpty(cloud),
				Steps: []resource.TestStep{
					{
						ProtoV6ProviderFactories: testProviders,
						ConfigDirectory:          config.StaticDirectory(dir),
						ConfigVariables:          variables[cloud],
						Check:                    clouds.checkDeployedAt(cloud, "multicloud_workflow.orders", "fetch_order"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}

}

// deployExampleDir copies the example with its shared workflow template and
// adds the locals and the provider override.
func deployExampleDir(t *testing.T, cloud string, clouds *localClouds) string {
	t.Helper()

	dir := t.TempDir()

	// The test framework copies only the example's own folder, so the
	// shared template moves into it.
	copyFile(t, filepath.Join("..", "..", "examples", "deploy", "workflow.yaml.tftpl"), filepath.Join(dir, "workflow.yaml.tftpl"))

	main := readFile(t, filepath.Join("..", "..", "examples", "deploy", cloud, "main.tf"))
	if !strings.Contains(main, "/../workflow.yaml.tftpl") {
		t.Fatalf("examples/deploy/%s/main.tf no longer reads ../workflow.yaml.tftpl; update this test", cloud)
	}

	writeFile(t, filepath.Join(dir, "main.tf"), strings.Replace(main, "/../workflow.yaml.tftpl", "/workflow.yaml.tftpl", 1))
	writeFile(t, filepath.Join(dir, "locals.tf"), deployLocals)
	writeFile(t, filepath.Join(dir, "local_clouds_override.tf"), clouds.providerConfig())

	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()

	writeFile(t, to, readFile(t, from))
}

func readFile(t *testing.T, name string) string {
	t.Helper()

	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}

	return string(data)
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()

	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
