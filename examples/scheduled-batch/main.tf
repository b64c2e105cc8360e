# A nightly export that a scheduler starts: an asynchronous job polled with a
# loop, then a bounded for_each. See README.md for how to schedule it on
# each cloud.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "nightly-export"
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
# one target, then add the cloud's scheduler as README.md describes.
# ../deploy/gcp/iam.tf shows how to create the service account.
#
# resource "multicloud_workflow" "nightly_export" {
#   name       = "nightly-export"
#   target     = "gcp" # or "aws", or "azure"
#   definition = yamldecode(file("${path.module}/workflow.yaml"))
#
#   gcp {
#     project         = "shop-prod"
#     location        = "us-central1"
#     service_account = google_service_account.workflow.email
#   }
# }
