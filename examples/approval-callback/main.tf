# A purchase approval that waits for a manager's answer with await_callback.
# See README.md for the scenario and how to deploy it to each cloud.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "purchase-approval"
  definition = yamldecode(file("${path.module}/workflow.yaml"))

  # Logic Apps cannot wait for a callback after calling a function, only
  # after an HTTP request (its HttpWebhook action). README.md shows the
  # notify.http form that Azure needs.
  targets = ["aws", "gcp"]
}

output "definitions" {
  description = "The workflow rendered for each cloud in targets; null for the others."
  value = {
    (data.multicloud_workflow_definition.this.name) = {
      aws_asl    = data.multicloud_workflow_definition.this.aws_asl
      gcp_yaml   = data.multicloud_workflow_definition.this.gcp_yaml
      azure_json = data.multicloud_workflow_definition.this.azure_json
    }
  }
}

# To deploy the workflow instead, use the multicloud_workflow resource with
# one target. ../deploy/aws/iam.tf shows how to create the execution role,
# which here also needs lambda:InvokeFunction on the approval function.
#
# resource "multicloud_workflow" "approval" {
#   name       = "purchase-approval"
#   target     = "aws" # or "gcp"
#   definition = yamldecode(file("${path.module}/workflow.yaml"))
#
#   aws {
#     role_arn = aws_iam_role.workflow.arn
#     type     = "STANDARD" # Express workflows cannot wait for a task token
#   }
# }
