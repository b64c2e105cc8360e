# Deploys the order lookup workflow as an AWS Step Functions state machine.
# iam.tf creates what it runs with: the execution role, the log group and the
# EventBridge connection that holds the order service's API key.
#
#   terraform init && terraform apply -var orders_api_key=...
#
# Switching to another cloud means changing `target` and adding that cloud's
# block: see ../gcp and ../azure.

variable "region" {
  type    = string
  default = "eu-west-1"
}

provider "multicloud" {
  aws {
    region = var.region
  }
}

resource "multicloud_workflow" "orders" {
  name        = "order-lookup"
  target      = "aws"
  description = "Looks up an order and classifies it by total."

  definition = yamldecode(templatefile("${path.module}/../workflow.yaml.tftpl", {
    connection_arn = local.connection_arn
  }))

  aws {
    role_arn        = local.role_arn
    tracing_enabled = true

    logging {
      level         = "ERROR"
      log_group_arn = local.log_group_arn
    }

    tags = {
      team = "orders"
    }
  }
}

output "state_machine_arn" {
  value = multicloud_workflow.orders.arn
}

output "revision_id" {
  value = multicloud_workflow.orders.revision_id
}
