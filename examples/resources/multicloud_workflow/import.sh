# Import takes the cloud's own ID of the workflow, and the provider infers
# the target from its form.

# AWS Step Functions: the state machine ARN.
terraform import multicloud_workflow.order_status arn:aws:states:eu-west-1:123456789012:stateMachine:order-status

# Google Cloud Workflows: the full resource name.
terraform import multicloud_workflow.nightly_report projects/acme-workflows/locations/europe-west1/workflows/nightly-report

# Azure Logic Apps: the ARM resource ID.
terraform import multicloud_workflow.nightly_report_azure /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/reporting/providers/Microsoft.Logic/workflows/nightly-report
