# What the workflow needs on Azure, created with the official AzureRM
# provider: a resource group and a user-assigned managed identity.

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.0"
    }
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

resource "azurerm_resource_group" "orders" {
  name     = "orders-workflows"
  location = var.location
}

resource "azurerm_user_assigned_identity" "workflow" {
  name                = "order-lookup-workflow"
  resource_group_name = azurerm_resource_group.orders.name
  location            = azurerm_resource_group.orders.location
}

locals {
  # main.tf reads these.
  resource_group_name = azurerm_resource_group.orders.name
  identity_id         = azurerm_user_assigned_identity.workflow.id
}
