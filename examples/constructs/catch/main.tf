# catch: handle the errors of one call, in order. See workflow.yaml.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "catch"
  definition = yamldecode(file("${path.module}/workflow.yaml"))
  targets    = ["aws", "gcp", "azure"]
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
