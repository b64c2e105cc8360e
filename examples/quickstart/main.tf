# An order flow written in HCL and rendered for all three clouds: an HTTP call
# with retries and a catch, a function call, a switch and a failure path.
# Modelled on the order-processing flows that the Step Functions, Cloud
# Workflows and Logic Apps tutorials build, reduced to the neutral constructs.

terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

data "multicloud_workflow_definition" "order" {
  name = "order-processing"

  definition = {
    input = {
      order_id = "string"
      amount   = "double"
      items    = "list"
      customer = { email = "string" }
    }

    steps = [
      {
        name = "reserve_stock"
        call = {
          http = {
            method  = "POST"
            url     = "https://inventory.example.com/v1/reservations"
            body    = { order_id = "{{ input.order_id }}", items = "{{ input.items }}" }
            timeout = "30s"
            auth = {
              aws_connection_arn = "arn:aws:events:us-east-1:123456789012:connection/inventory/8d2e7c1a-0000-4000-8000-000000000001"
              gcp                = "oidc"
              azure              = "managed_identity"
            }
          }
          result = "reservation"
          retry  = { max_retries = 3, initial_interval = "5s", backoff_rate = 2, max_interval = "1m" }
          catch = [
            {
              errors = ["http:409"]
              as     = "conflict"
              steps = [
                {
                  name = "out_of_stock"
                  fail = { error = "OutOfStock", message = "{{ 'Order ' + input.order_id + ' cannot be reserved: ' + conflict.message }}" }
                },
              ]
            },
          ]
        }
      },
      {
        name = "charge_card"
        call = {
          function = {
            aws     = "arn:aws:lambda:us-east-1:123456789012:function:charge-card"
            gcp     = "https://charge-card-3xk2l7-uc.a.run.app"
            azure   = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/orders/providers/Microsoft.Web/sites/orders-app/functions/charge-card"
            payload = { order_id = "{{ input.order_id }}", amount = "{{ input.amount }}", reservation = "{{ reservation.body }}" }
          }
          result = "payment"
        }
      },
      {
        name = "route_by_amount"
        switch = {
          cases = [
            {
              when = "input.amount >= 1000.0"
              steps = [
                {
                  name   = "flag_for_review"
                  assign = { shipping = "held for review" }
                },
              ]
            },
          ]
          default = [
            {
              name   = "ship_now"
              assign = { shipping = "scheduled" }
            },
          ]
        }
      },
      {
        name = "confirm"
        return = {
          order_id = "{{ input.order_id }}"
          payment  = "{{ payment.body }}"
          shipping = "{{ shipping }}"
        }
      },
    ]
  }
}

output "definitions" {
  description = "The order workflow rendered for each cloud."
  value = {
    (data.multicloud_workflow_definition.order.name) = {
      aws_asl    = data.multicloud_workflow_definition.order.aws_asl
      gcp_yaml   = data.multicloud_workflow_definition.order.gcp_yaml
      azure_json = data.multicloud_workflow_definition.order.azure_json
    }
  }
}
