# Deploys the order lookup workflow to Google Cloud Workflows. iam.tf enables
# the API and creates the service account the workflow runs as.
#
#   terraform init && terraform apply -var project=my-project
#
# Credentials come from Application Default Credentials
# (`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS).

variable "project" {
  type = string
}

variable "region" {
  type    = string
  default = "europe-west1"
}

provider "multicloud" {
  gcp {
    project  = var.project
    location = var.region
  }
}

resource "multicloud_workflow" "orders" {
  name        = "order-lookup"
  target      = "gcp"
  description = "Looks up an order and classifies it by total."

  definition = yamldecode(templatefile("${path.module}/../workflow.yaml.tftpl", {
    connection_arn = ""
  }))

  gcp {
    service_account = local.service_account_email
    call_log_level  = "LOG_ERRORS_ONLY"

    labels = {
      team = "orders"
    }
  }
}

output "workflow_name" {
  value = multicloud_workflow.orders.id
}

output "revision_id" {
  value = multicloud_workflow.orders.revision_id
}
