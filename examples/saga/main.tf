# Books a trip as a saga with compensating calls in nested try/catch and a
# finally. See README.md for the scenario and how to deploy it to each cloud.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "book-trip"
  definition = yamldecode(file("${path.module}/workflow.yaml"))
  targets    = ["aws", "gcp", "azure"]
}

output "definitions" {
  description = "The workflow rendered for each cloud."
  value = {
    (data.multicloud_workflow_definition.this.name) = {
      aws_asl    = data.multicloud_workflow_definition.this.aws_asl
      gcp_yaml   = data.multicloud_workflow_definition.this.gcp_yaml
      azure_json = data.multicloud_workflow_definition.this.azure_json
    }
  }
}

# To deploy the workflow instead, use the multicloud_workflow resource with
# one target. ../deploy/aws/iam.tf shows how to create the execution role
# and the EventBridge connections; the role here also needs
# lambda:InvokeFunction on the charge function.
#
# resource "multicloud_workflow" "book_trip" {
#   name       = "book-trip"
#   target     = "aws" # or "gcp", or "azure"
#   definition = yamldecode(file("${path.module}/workflow.yaml"))
#
#   aws {
#     role_arn = aws_iam_role.workflow.arn
#   }
# }
