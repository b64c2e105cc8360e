# Re-prices a list of products with for_each, at most ten at a time.
# See README.md for the scenario and how to deploy it to each cloud.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "reprice-products"
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
# one target. ../deploy/<cloud>/iam.tf shows how to create the role, service
# account or managed identity that each cloud runs it as.
#
# resource "multicloud_workflow" "reprice" {
#   name       = "reprice-products"
#   target     = "gcp" # or "aws", or "azure"
#   definition = yamldecode(file("${path.module}/workflow.yaml"))
#
#   gcp {
#     project         = "shop-prod"
#     location        = "us-central1"
#     service_account = google_service_account.workflow.email
#   }
# }
