package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"multicloud": providerserver.NewProtocol6WithError(New("test")()),
}

// definitionConfig returns a configuration whose workflow calls an HTTP
// endpoint and returns its status; url varies between test steps.
func definitionConfig(url, extra string) string {
	return `
data "multicloud_workflow_definition" "test" {
  name = "acc-test"
  ` + extra + `
  definition = {
    input = { id = "string" }
    steps = [
      {
        name = "fetch"
        call = {
          http = {
            method = "GET"
            url    = "` + url + `"
            auth   = { aws_connection_arn = "arn:aws:events:us-east-1:123456789012:connection/acc/8d2e7c1a-0000-4000-8000-000000000009" }
          }
          result = "resp"
        }
      },
      {
        name   = "done"
        return = { id = "{{ input.id }}", status = "{{ resp.status }}" }
      },
    ]
  }
}

output "aws" {
  value = data.multicloud_workflow_definition.test.aws_asl
}
`
}

func TestAccWorkflowDefinitionLifecycle(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: definitionConfig("https://api.example.com/items/{{ input.id }}", ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.multicloud_workflow_definition.test", "id", "acc-test"),
					resource.TestCheckResourceAttrWith("data.multicloud_workflow_definition.test", "aws_asl", contains(`"QueryLanguage": "JSONata"`)),
					resource.TestCheckResourceAttrWith("data.multicloud_workflow_definition.test", "gcp_yaml", contains("params:")),
					resource.TestCheckResourceAttrWith("data.multicloud_workflow_definition.test", "azure_json", contains(`"triggers"`)),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: definitionConfig("https://api.example.com/v2/items/{{ input.id }}", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectNonEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttrWith("data.multicloud_workflow_definition.test", "aws_asl", contains("/v2/items/")),
			},
			{
				Config:      definitionConfig("{{ input.missing }}", ""),
				ExpectError: regexp.MustCompile(`(?s)Invalid expression.*undefined\s+field\s+'missing'.*At\s+definition\.steps\[0\]\.call\.http\.url`),
			},
			// A valid last step lets the test framework destroy cleanly.
			{
				Config: definitionConfig("https://api.example.com/items", ""),
			},
		},
	})
}

func TestAccWorkflowDefinitionTargets(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: definitionConfig("https://api.example.com/items", `targets = ["gcp"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.multicloud_workflow_definition.test", tfjsonpath.New("aws_asl"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.multicloud_workflow_definition.test", tfjsonpath.New("azure_json"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.multicloud_workflow_definition.test", tfjsonpath.New("gcp_yaml"), knownvalue.NotNull()),
				},
			},
			{
				Config:      definitionConfig("https://api.example.com/items", `targets = ["aws", "mars"]`),
				ExpectError: regexp.MustCompile(`(?s)"mars"\s+is\s+not\s+a\s+valid\s+target.\s+Use\s+one\s+of\s+"aws",\s+"gcp"\s+or\s+"azure".`),
			},
			{
				Config:      definitionConfig("https://api.example.com/items", `targets = ["gpc"]`),
				ExpectError: regexp.MustCompile(`(?s)"gpc"\s+is\s+not\s+a\s+valid\s+target.*Did\s+you\s+mean\s+"gcp"\?`),
			},
			{
				Config: definitionConfig("https://api.example.com/items", `targets = ["azure"]`),
			},
		},
	})
}

func TestAccWorkflowDefinitionTargetRejection(t *testing.T) {
	config := `
data "multicloud_workflow_definition" "test" {
  name    = "needs-connection"
  targets = ["aws"]
  definition = {
    steps = [
      { name = "fetch", call = { http = { method = "GET", url = "https://api.example.com" } } },
    ]
  }
}
`

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)AWS Step Functions.*fetch.*aws_connection_arn`),
			},
			{
				// Google Cloud Workflows needs no connection, so the same workflow renders there.
				Config: strings.Replace(config, `targets = ["aws"]`, `targets = ["gcp"]`, 1),
			},
		},
	})
}

// A Lambda ARN known only after apply must not fail the plan.
func TestAccWorkflowDefinitionUnknownAtPlan(t *testing.T) {
	config := `
resource "terraform_data" "function" {
  input = "arn:aws:lambda:us-east-1:123456789012:function:created-later"
}

data "multicloud_workflow_definition" "test" {
  name = "unknown-at-plan"
  definition = {
    steps = [
      {
        name = "invoke"
        call = {
          function = { aws = terraform_data.function.output, gcp = "https://f-3xk2l7-uc.a.run.app" }
          result   = "out"
        }
      },
      { name = "done", return = "{{ out.body }}" },
    ]
  }
  targets = ["aws", "gcp"]
}
`

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				// Mistakes that do not depend on the unknown ARN still fail the plan.
				Config: strings.Replace(config, `result   = "out"`, `result   = "out"
          retyr    = { max_retries = 2 }`, 1),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unknown attribute.*"retyr".*Did you mean\s+"retry"\?`),
			},
			{
				Config: config,
				Check:  resource.TestCheckResourceAttrWith("data.multicloud_workflow_definition.test", "aws_asl", contains("function:created-later")),
			},
		},
	})
}

func contains(fragment string) resource.CheckResourceAttrWithFunc {
	return func(value string) error {
		if !strings.Contains(value, fragment) {
			return &missingFragmentError{fragment: fragment, value: value}
		}

		return nil
	}
}

type missingFragmentError struct {
	fragment string
	value    string
}

func (e *missingFragmentError) Error() string {
	return "value does not contain " + e.fragment + ":\n" + e.value
}

// outputValue reads a root module output from the state.
func outputValue(s *terraform.State, name string) (any, bool) {
	out, ok := s.RootModule().Outputs[name]
	if !ok {
		return nil, false
	}

	return out.Value, true
}

// TestAccDefinitionRejectionNamesTargets checks that the error for a
// construct one cloud rejects shows the targets value for the others.
func TestAccDefinitionRejectionNamesTargets(t *testing.T) {
	config := `
data "multicloud_workflow_definition" "test" {
  name = "acc-jitter"
  definition = {
    steps = [
      {
        name = "fetch"
        call = {
          http   = { method = "GET", url = "https://api.example.com/items" }
          retry  = { max_retries = 3, jitter = "full" }
          result = "resp"
        }
      },
      { name = "done", return = "{{ resp.body }}" },
    ]
  }
}
`

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)no jitter.*If\s+you\s+do\s+not\s+need\s+Google\s+Cloud\s+Workflows,\s+render\s+the\s+other\s+clouds\s+only\s+with\s+targets\s+=\s+\["aws",\s+"azure"\]`),
			},
		},
	})
}
