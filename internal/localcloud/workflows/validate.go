package workflows

import (
	"errors"
	"strings"

	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// checkWorkflow validates a workflow the way the service does before it
// deploys it, and returns INVALID_ARGUMENT with the reason.
//
// The field rules are the gcp package's offline checks, which quote the
// API's documented limits. The source is checked against the Cloud
// Workflows JSON schema, because the real service rejects a source it
// cannot parse.
func checkWorkflow(id string, wf *workflowspb.Workflow) error {
	source := wf.GetSourceContents()
	checks := []error{
		gcp.CheckWorkflowID(id),
		gcp.CheckDescription(wf.GetDescription()),
		gcp.CheckSource(source),
		gcp.CheckLabels(wf.GetLabels()),
		gcp.CheckUserEnvVars(wf.GetUserEnvVars()),
		gcp.CheckCryptoKeyName(wf.GetCryptoKeyName()),
		gcp.CheckServiceAccount(wf.GetServiceAccount()),
	}

	if err := errors.Join(checks...); err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}

	if err := schemacheck.Validate([]byte(source)); err != nil {
		return status.Errorf(codes.InvalidArgument, "Workflow source is invalid: %s", strings.TrimSpace(err.Error()))
	}

	return nil
}
