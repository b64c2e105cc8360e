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

# azurerm_logic_app_workflow does not take a whole definition, so the Logic
# Apps workflow goes through the azapi provider. multicloud_workflow with
# target = "azure" deploys it without a second provider.
resource "azapi_resource" "greeting" {
  type      = "Microsoft.Logic/workflows@2019-05-01"
  name      = "greeting"
  parent_id = azurerm_resource_group.workflows.id
  location  = "westeurope"

  body = {
    properties = {
      definition = jsondecode(data.multicloud_workflow_definition.greeting.azure_json)
    }
  }
}
