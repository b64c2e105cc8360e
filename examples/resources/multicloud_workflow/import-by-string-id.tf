import {
  to = multicloud_workflow.order_status
  id = "arn:aws:states:eu-west-1:123456789012:stateMachine:order-status"
}

import {
  to = multicloud_workflow.nightly_report
  id = "projects/acme-workflows/locations/europe-west1/workflows/nightly-report"
}

import {
  to = multicloud_workflow.nightly_report_azure
  id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/reporting/providers/Microsoft.Logic/workflows/nightly-report"
}
