# A Logic Apps workflow with a user-assigned managed identity, which the
# HTTP calls with auth.azure = "managed_identity" use to get their tokens.
resource "multicloud_workflow" "nightly_report_azure" {
  name       = "nightly-report"
  target     = "azure"
  definition = yamldecode(file("${path.module}/workflow.yaml"))

  azure {
    subscription_id = "00000000-0000-0000-0000-000000000000"
    resource_group  = "reporting"
    location        = "westeurope"

    identity {
      type         = "UserAssigned"
      identity_ids = [azurerm_user_assigned_identity.workflow.id]
    }

    access_control {
      trigger_ip_ranges = ["10.0.0.0/16"]
    }

    tags = {
      team = "reporting"
    }
  }
}
