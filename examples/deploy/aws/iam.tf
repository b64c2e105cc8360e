# What the state machine needs on AWS, created with the official AWS
# provider: an execution role that Step Functions can assume, permission to
# call the order service through an EventBridge connection, and a log group.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "orders_api_key" {
  type      = string
  sensitive = true
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "workflow" {
  name               = "order-lookup-workflow"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_cloudwatch_event_connection" "orders" {
  name               = "orders-api"
  authorization_type = "API_KEY"

  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = var.orders_api_key
    }
  }
}

resource "aws_cloudwatch_log_group" "workflow" {
  # Step Functions writes to log groups under this prefix without a
  # resource policy size problem.
  name              = "/aws/vendedlogs/states/order-lookup"
  retention_in_days = 14
}

data "aws_iam_policy_document" "permissions" {
  # HTTP tasks: the connection's credentials and the endpoint call itself.
  statement {
    actions   = ["events:RetrieveConnectionCredentials"]
    resources = [aws_cloudwatch_event_connection.orders.arn]
  }

  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_cloudwatch_event_connection.orders.secret_arn]
  }

  statement {
    actions   = ["states:InvokeHTTPEndpoint"]
    resources = ["*"]
  }

  # Execution logs and X-Ray traces.
  statement {
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
      "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "workflow" {
  role   = aws_iam_role.workflow.id
  policy = data.aws_iam_policy_document.permissions.json
}

locals {
  # main.tf reads these. Step Functions wants the log group ARN with the
  # ":*" suffix, which the log group's own arn attribute does not carry.
  role_arn       = aws_iam_role.workflow.arn
  log_group_arn  = "${aws_cloudwatch_log_group.workflow.arn}:*"
  connection_arn = aws_cloudwatch_event_connection.orders.arn
}
