# Deploys the order lookup workflow as an Azure Logic Apps (Consumption)
# workflow. iam.tf creates the resource group and the user-assigned managed
# identity the workflow runs as.
#
#   terraform init && terraform apply -var subscription_id=...
#
# Credentials come from the Azure Identity default chain: environment
# variables (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET), workload
# or managed identity, or `az login`.

variable "subscription_id" {
  type = string
}

variable "location" {
  type    = string
  default = "westeurope"
}

provider "multicloud" {
  azure {
    subscription_id = var.subscription_id
    location        = var.location
  }
}

resource "multicloud_workflow" "orders" {
  name        = "order-lookup"
  target      = "azure"
  description = "Looks up an order and classifies it by total."

  definition = yamldecode(templatefile("${path.module}/../workflow.yaml.tftpl", {
    connection_arn = ""
  }))

  azure {
    resource_group = local.resource_group_name

    identity {
      type         = "UserAssigned"
      identity_ids = [local.identity_id]
    }

    tags = {
      team = "orders"
    }
  }
}

output "workflow_id" {
  value = multicloud_workflow.orders.id
}

output "access_endpoint" {
  value = multicloud_workflow.orders.access_endpoint
}
