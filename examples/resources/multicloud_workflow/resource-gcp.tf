# The same kind of workflow on Google Cloud Workflows, loaded from YAML.
# Changing `target` to "azure" (with an azure block) moves it to Logic Apps:
# Terraform deletes it here and creates it there (create_before_destroy in a
# lifecycle block reverses the order).
resource "multicloud_workflow" "nightly_report" {
  name       = "nightly-report"
  target     = "gcp"
  definition = yamldecode(file("${path.module}/workflow.yaml"))

  gcp {
    project         = "acme-workflows"
    location        = "europe-west1"
    service_account = google_service_account.workflow.email
    call_log_level  = "LOG_ERRORS_ONLY"

    labels = {
      team = "reporting"
    }
  }
}
