// Package gcp deploys workflows to Google Cloud Workflows through
// cloud.google.com/go/workflows/apiv1.
//
// The deployer checks settings offline before any call. It retries
// RESOURCE_EXHAUSTED and UNAVAILABLE with a bounded backoff, and retries a
// bounded number of times while a service account grant propagates. It
// persists the full resource name before it waits on a long-running
// operation. Every call, retry and error is logged with tflog under the
// "gcp_workflow" field, which holds the full resource name. Tokens are
// never logged.
package gcp

import (
	"context"
	"errors"
	"fmt"

	workflows "cloud.google.com/go/workflows/apiv1"
	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var _ cloud.Deployer = (*Deployer)(nil)

// Validate runs the offline checks of w and makes no call: the Cloud
// Workflows API has no validate-only call (workflowspb v1.22.1 offers
// none), so the service first checks the source when Create or Update
// deploys it.
func (d *Deployer) Validate(_ context.Context, w cloud.Workflow) ([]string, error) {
	_, err := d.resolve(w)

	return nil, err
}

// Create deploys w. A workflow that has the name before the call is never
// taken over, even with the same source and settings, because another
// Terraform resource may own it: Create returns *cloud.AlreadyExistsError.
// ALREADY_EXISTS after an attempt of this call that may have stored the
// workflow (a lost response) is this call's own create, so Create adopts
// the workflow if it holds the same source and settings.
//
// NOTE: a workflow that someone else creates between the GetWorkflow check
// and the first CreateWorkflow attempt is still reported as
// AlreadyExistsError, but one created while an attempt of this call has
// lost its response is adopted when it matches.
func (d *Deployer) Create(ctx context.Context, w cloud.Workflow, persist func(id string)) (*cloud.Deployed, error) {
	t, err := d.resolve(w)
	if err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "gcp_workflow", t.name())
	if persist == nil {
		persist = func(string) {}
	}

	client, err := d.workflowsClient(ctx)
	if err != nil {
		return nil, err
	}

	if err := d.checkNameFree(ctx, t.name()); err != nil {
		return nil, err
	}

	req := &workflowspb.CreateWorkflowRequest{Parent: t.parent(), WorkflowId: t.id, Workflow: t.workflow}

	var op *workflows.CreateWorkflowOperation
	var sent createAttempts
	err = d.retryPropagation(ctx, t.workflow.GetServiceAccount(), func() error {
		tflog.Debug(ctx, "Calling Cloud Workflows CreateWorkflow")

		op, err = client.CreateWorkflow(ctx, req, sent.record(d.callOptions(ctx, "CreateWorkflow"))...)
		return err
	})

	if status.Code(err) == codes.AlreadyExists {
		if !sent.mayHaveCreated {
			tflog.Warn(ctx, "Someone else created a workflow with the same name during this create")
			return nil, &cloud.AlreadyExistsError{ID: t.name()}
		}

		tflog.Info(ctx, "Workflow already exists after a lost create response, comparing it with the configuration")
		return d.adopt(ctx, t, persist)
	}

	if err != nil {
		return nil, logError(ctx, "CreateWorkflow", fmt.Errorf("create workflow %s: %w", t.name(), err))
	}

	persist(t.name())

	var deployed *workflowspb.Workflow
	err = d.waitOperation(ctx, op.Name(), func() (bool, error) {
		deployed, err = op.Poll(ctx, d.callOptions(ctx, "GetOperation")...)
		return op.Done(), err
	})
	if err != nil {
		return nil, fmt.Errorf("deploy workflow %s: %w", t.name(), err)
	}

	return toDeployed(deployed), nil
}

// checkNameFree returns *cloud.AlreadyExistsError when a workflow with the
// full resource name name exists.
func (d *Deployer) checkNameFree(ctx context.Context, name string) error {
	_, err := d.get(ctx, name)
	if errors.Is(err, cloud.ErrNotFound) {
		return nil
	}

	if err != nil {
		return fmt.Errorf("checking whether workflow %s exists: %w", name, err)
	}

	tflog.Warn(ctx, "A workflow with the same name exists already")
	return &cloud.AlreadyExistsError{ID: name}
}

// adopt takes over an existing workflow that holds what t would create. It
// runs only after an attempt of this call may have created the workflow.
func (d *Deployer) adopt(ctx context.Context, t target, persist func(id string)) (*cloud.Deployed, error) {
	existing, err := d.get(ctx, t.name())
	if err != nil {
		return nil, err
	}

	if changed := changedPaths(existing, t.workflow); len(changed) > 0 {
		tflog.Warn(ctx, "Existing workflow differs from the configuration", map[string]any{"differing_fields": changed})
		return nil, &cloud.AlreadyExistsError{ID: t.name()}
	}

	tflog.Info(ctx, "Adopting the workflow that this call's lost create stored")
	persist(t.name())

	return toDeployed(existing), nil
}

// Read returns the deployed workflow with the full resource name id.
func (d *Deployer) Read(ctx context.Context, id string) (*cloud.Deployed, error) {
	if _, err := d.ImportID(id); err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "gcp_workflow", id)

	wf, err := d.get(ctx, id)
	if err != nil {
		return nil, err
	}

	return toDeployed(wf), nil
}

// get calls GetWorkflow and wraps NOT_FOUND in cloud.ErrNotFound.
func (d *Deployer) get(ctx context.Context, name string) (*workflowspb.Workflow, error) {
	client, err := d.workflowsClient(ctx)
	if err != nil {
		return nil, err
	}

	tflog.Debug(ctx, "Calling Cloud Workflows GetWorkflow")

	wf, err := client.GetWorkflow(ctx, &workflowspb.GetWorkflowRequest{Name: name}, d.callOptions(ctx, "GetWorkflow")...)
	if status.Code(err) == codes.NotFound {
		tflog.Debug(ctx, "Workflow not found")
		return nil, fmt.Errorf("%w: %s", cloud.ErrNotFound, name)
	}

	if err != nil {
		return nil, logError(ctx, "GetWorkflow", fmt.Errorf("read workflow %s: %w", name, err))
	}

	return wf, nil
}

// ImportID accepts a full resource name,
// projects/PROJECT/locations/LOCATION/workflows/WORKFLOW.
func (d *Deployer) ImportID(id string) (string, error) {
	_, _, workflowID, ok := parseName(id)
	if !ok {
		return "", fmt.Errorf("invalid Cloud Workflows ID %q: use the full resource name projects/PROJECT/locations/LOCATION/workflows/WORKFLOW", id)
	}

	if err := CheckWorkflowID(workflowID); err != nil {
		return "", fmt.Errorf("invalid Cloud Workflows ID %q: %w", id, err)
	}

	return id, nil
}

func logError(ctx context.Context, call string, err error) error {
	tflog.Error(ctx, "Cloud Workflows call failed", map[string]any{"call": call, "error": err.Error()})

	return err
}
