package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// slowCallConfig sets a five-minute HTTP timeout on Logic Apps, which it
// honours only for asynchronous endpoints: the translator warns about that.
func slowCallConfig(strict string) string {
	return `
data "multicloud_workflow_definition" "test" {
  name    = "strict-test"
  targets = ["azure"]
  ` + strict + `
  definition = {
    steps = [
      {
        name = "export"
        call = {
          http = {
            method  = "POST"
            url     = "https://reports.example.com/export"
            timeout = "5m"
          }
        }
      },
    ]
  }
}
`
}

// The strict step comes first: the test's final destroy runs the last
// configuration, which must plan.
func TestAccWorkflowDefinitionStrict(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      slowCallConfig("strict = true"),
				ExpectError: regexp.MustCompile(`(?s)export.*strict = true`),
			},
			{
				Config: slowCallConfig(""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.multicloud_workflow_definition.test", "warnings.azure.#", "1"),
					resource.TestMatchResourceAttr("data.multicloud_workflow_definition.test", "warnings.azure.0", regexp.MustCompile(`120 seconds`)),
				),
			},
		},
	})
}
