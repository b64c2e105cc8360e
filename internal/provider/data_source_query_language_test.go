package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

const queryLanguageResource = "data.multicloud_workflow_definition.test"

// TestAccWorkflowDefinitionJSONPath renders the same workflow in both Step
// Functions query languages and checks that the attribute switches the mode.
func TestAccWorkflowDefinitionJSONPath(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: definitionConfig("https://api.example.com/v1/items", `aws_query_language = "JSONPath"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", contains(`"QueryLanguage": "JSONPath"`)),
					resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", contains(`"ResultPath": "$.vars.resp"`)),
					resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", lacks("{%")),
					resource.TestCheckResourceAttrWith(queryLanguageResource, "gcp_yaml", contains("params:")),
				),
			},
			{
				Config: definitionConfig("https://api.example.com/v1/items", `aws_query_language = "JSONata"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", contains(`"QueryLanguage": "JSONata"`)),
					resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", lacks("$.vars")),
				),
			},
			{
				// Without the attribute the definition is JSONata.
				Config: definitionConfig("https://api.example.com/v1/items", ""),
				Check:  resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", contains(`"QueryLanguage": "JSONata"`)),
			},
		},
	})
}

func TestAccWorkflowDefinitionQueryLanguageInvalid(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      definitionConfig("https://api.example.com/v1/items", `aws_query_language = "jsonpath"`),
				ExpectError: regexp.MustCompile(`(?s)aws_query_language.*JSONata.*JSONPath`),
			},
		},
	})
}

// TestAccWorkflowDefinitionJSONPathRejection checks that an expression that
// JSONPath mode cannot express fails the plan with the step, the attribute
// path, the expression and the way out, and that JSONata mode renders it.
func TestAccWorkflowDefinitionJSONPathRejection(t *testing.T) {
	config := `
data "multicloud_workflow_definition" "test" {
  name               = "doubles"
  targets            = ["aws"]
  aws_query_language = "JSONPath"
  definition = {
    input = { n = "int" }
    steps = [
      { name = "double_it", return = "{{ input.n * 2 }}" },
    ]
  }
}
`

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)double_it.*input\.n \* 2.*JSONPath mode.*aws_query_language = "JSONata"`),
			},
			{
				Config: strings.Replace(config, `"JSONPath"`, `"JSONata"`, 1),
				Check:  resource.TestCheckResourceAttrWith(queryLanguageResource, "aws_asl", contains("* 2")),
			},
		},
	})
}

// lacks returns a check that fails when the attribute contains part.
func lacks(part string) resource.CheckResourceAttrWithFunc {
	return func(value string) error {
		if strings.Contains(value, part) {
			return fmt.Errorf("value contains %q:\n%s", part, value)
		}

		return nil
	}
}
