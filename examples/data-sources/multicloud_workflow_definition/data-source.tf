# Render one workflow for all three clouds without deploying it, and hand
# each definition to the cloud's official provider.
data "multicloud_workflow_definition" "greeting" {
  name = "greeting"

  definition = {
    input = { name = "string" }
    steps = [
      { name = "reply", return = "{{ 'Hello, ' + input.name }}" },
    ]
  }
}

resource "aws_sfn_state_machine" "greeting" {
  name       = "greeting"
  role_arn   = aws_iam_role.workflow.arn
  definition = data.multicloud_workflow_definition.greeting.aws_asl
}

resource "google_workflows_workflow" "greeting" {
  name            = "greeting"
  region          = "europe-west1"
  service_account = google_service_account.workflow.id
  source_contents = data.multicloud_workflow_definition.greeting.gcp_yaml
}

resource "azurerm_logic_app_workflow" "greeting" {
  name                = "greeting"
  location            = "westeurope"
  resource_group_name = "workflows"
}

# azurerm_logic_app_workflow manages only the shell of the workflow. Deploy
# the definition through the ARM API, or use multicloud_workflow with
# target = "azure", which deploys both.
output "azure_definition" {
  value = jsondecode(data.multicloud_workflow_definition.greeting.azure_json)
}
