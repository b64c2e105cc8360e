package provider

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// realCloud describes how to reach one real cloud account, from
// environment variables that a user sets to opt in.
type realCloud struct {
	target   string
	required []string

	// block returns the resource's settings block from the variables.
	block func(env map[string]string) string
}

var realClouds = []realCloud{
	{
		target:   "aws",
		required: []string{"MULTICLOUD_TEST_AWS_ROLE_ARN"},
		block: func(env map[string]string) string {
			return fmt.Sprintf("aws {\n    role_arn = %q\n  }", env["MULTICLOUD_TEST_AWS_ROLE_ARN"])
		},
	},
	{
		target:   "gcp",
		required: []string{"MULTICLOUD_TEST_GCP_PROJECT", "MULTICLOUD_TEST_GCP_LOCATION"},
		block: func(env map[string]string) string {
			return fmt.Sprintf("gcp {\n    project  = %q\n    location = %q\n  }", env["MULTICLOUD_TEST_GCP_PROJECT"], env["MULTICLOUD_TEST_GCP_LOCATION"])
		},
	},
	{
		target:   "azure",
		required: []string{"MULTICLOUD_TEST_AZURE_SUBSCRIPTION_ID", "MULTICLOUD_TEST_AZURE_RESOURCE_GROUP", "MULTICLOUD_TEST_AZURE_LOCATION"},
		block: func(env map[string]string) string {
			return fmt.Sprintf("azure {\n    subscription_id = %q\n    resource_group  = %q\n    location        = %q\n  }",
				env["MULTICLOUD_TEST_AZURE_SUBSCRIPTION_ID"], env["MULTICLOUD_TEST_AZURE_RESOURCE_GROUP"], env["MULTICLOUD_TEST_AZURE_LOCATION"])
		},
	},
}

// TestAccRealClouds runs create, update, import and destroy against real
// accounts. It is opt-in: each cloud runs only when its MULTICLOUD_TEST_*
// variables are set, with credentials from that cloud's usual sources (AWS
// profile or environment, Application Default Credentials, the Azure
// Identity chain). README.md lists the variables.
func TestAccRealClouds(t *testing.T) {
	for _, cloud := range realClouds {
		t.Run(cloud.target, func(t *testing.T) {
			env := map[string]string{}

			for _, name := range cloud.required {
				env[name] = os.Getenv(name)
				if env[name] == "" {
					t.Skipf("set %v to run against a real %s account", cloud.required, cloud.target)
				}
			}

			config := func(version int) string {
				return fmt.Sprintf(`
resource "multicloud_workflow" "test" {
  name   = "multicloud-acc-test"
  target = %q

  definition = {
    steps = [
      { name = "greet", assign = { greeting = "hello %d" } },
      { name = "done", return = "{{ greeting }}" },
    ]
  }

  %s
}
`, cloud.target, version, cloud.block(env))
			}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: config(1),
						Check:  resource.TestMatchResourceAttr(testResource, "rendered_definition", regexp.MustCompile(`hello 1`)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						Config: config(2),
						Check:  resource.TestMatchResourceAttr(testResource, "rendered_definition", regexp.MustCompile(`hello 2`)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						ResourceName:            testResource,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: append(importIgnored(cloud.target), "rendered_definition"),
					},
				},
			})
		})
	}
}
