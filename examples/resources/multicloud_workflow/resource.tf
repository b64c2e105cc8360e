# A workflow deployed as a Step Functions state machine. The definition is
# written in HCL here; resource-gcp.tf loads the same kind of definition from
# a YAML file.
resource "multicloud_workflow" "order_status" {
  name        = "order-status"
  target      = "aws"
  description = "Reads an order and reports whether it has shipped."

  definition = {
    input = { order_id = "string" }

    steps = [
      {
        name = "read_order"
        call = {
          function = {
            aws     = "arn:aws:lambda:eu-west-1:123456789012:function:read-order"
            gcp     = "https://read-order-3xk2l7-ew.a.run.app"
            azure   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/orders/providers/Microsoft.Web/sites/orders-app/functions/read-order"
            payload = { order_id = "{{ input.order_id }}" }
          }
          result = "order"
          retry  = { max_retries = 3, initial_interval = "5s", backoff_rate = 2 }
        }
      },
      {
        name = "report"
        return = {
          order_id = "{{ input.order_id }}"
          shipped  = "{{ order.body.status == 'SHIPPED' }}"
        }
      },
    ]
  }

  aws {
    role_arn        = aws_iam_role.workflow.arn # a role that states.amazonaws.com may assume
    type            = "STANDARD"
    tracing_enabled = true
    publish         = true

    logging {
      level         = "ERROR"
      log_group_arn = "${aws_cloudwatch_log_group.workflow.arn}:*"
    }

    tags = {
      team = "orders"
    }
  }

  timeouts {
    create = "10m"
  }
}

output "state_machine_arn" {
  value = multicloud_workflow.order_status.arn
}

# The Amazon States Language document that Terraform deployed.
output "asl" {
  value = multicloud_workflow.order_status.rendered_definition
}
