# Render for Step Functions only, in JSONPath mode, from a YAML file, and
# fail the plan on any construct that a cloud runs through a lowering.
data "multicloud_workflow_definition" "order" {
  name               = "order-processing"
  definition         = yamldecode(file("${path.module}/workflow.yaml"))
  targets            = ["aws"]
  strict             = true
  aws_query_language = "JSONPath"
}

output "order_asl" {
  value = data.multicloud_workflow_definition.order.aws_asl
}

# Lowerings per cloud, for example {"aws" = [], ...}; empty with strict = true,
# because a lowering is then an error.
output "order_warnings" {
  value = data.multicloud_workflow_definition.order.warnings
}
