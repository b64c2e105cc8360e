# await_callback: wait until an outside system answers. See workflow.yaml.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "await-callback"
  definition = yamldecode(file("${path.module}/workflow.yaml"))
  # Logic Apps cannot notify through a function while it waits for a
  # callback: its HttpWebhook action only sends an HTTP request. See the
  # comment in workflow.yaml.
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
