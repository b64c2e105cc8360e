# What the workflow needs on Google Cloud, created with the official Google
# provider: the Workflows API and a service account that may write logs.

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.0"
    }
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

provider "google" {
  project = var.project
  region  = var.region
}

resource "google_project_service" "workflows" {
  service            = "workflows.googleapis.com"
  disable_on_destroy = false
}

resource "google_service_account" "workflow" {
  account_id   = "order-lookup-workflow"
  display_name = "Runs the order lookup workflow"
}

resource "google_project_iam_member" "logs" {
  project = var.project
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.workflow.email}"
}

locals {
  # main.tf reads this. Referencing the API resource here makes Terraform
  # enable the API before it creates the workflow.
  service_account_email = google_project_service.workflows.id != "" ? google_service_account.workflow.email : ""
}
