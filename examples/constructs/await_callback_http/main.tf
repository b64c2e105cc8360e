# await_callback with an HTTP notify: wait until an outside system answers.
# See workflow.yaml.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "this" {
  name       = "await-callback-http"
  definition = yamldecode(file("${path.module}/workflow.yaml"))
  # Step Functions HTTP tasks cannot wait for a task token, so an HTTP
  # notify call does not render for aws. See the comment in workflow.yaml.
  targets = ["gcp", "azure"]
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
