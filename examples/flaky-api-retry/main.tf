# Retries a flaky API with exponential backoff and full jitter, then falls
# back to cached data. See README.md for the scenario and how to deploy it.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "exchange-rates"
  definition = yamldecode(file("${path.module}/workflow.yaml"))

  # Cloud Workflows retry policies have no jitter, so `jitter: full` fails
  # the plan for gcp. README.md shows the Google Cloud variant.
  targets = ["aws", "azure"]
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
# one target. ../deploy/azure/iam.tf shows how to create the resource group
# and the managed identity, and ../deploy/aws/iam.tf the role and the
# EventBridge connections.
#
# resource "multicloud_workflow" "rates" {
#   name       = "exchange-rates"
#   target     = "azure" # or "aws"
#   definition = yamldecode(file("${path.module}/workflow.yaml"))
#
#   azure {
#     resource_group = azurerm_resource_group.rates.name
#
#     identity {
#       type         = "UserAssigned"
#       identity_ids = [azurerm_user_assigned_identity.workflow.id]
#     }
#   }
# }
