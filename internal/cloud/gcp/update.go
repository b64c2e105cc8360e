package gcp

import (
	"context"
	"errors"
	"fmt"
	"slices"

	workflows "cloud.google.com/go/workflows/apiv1"
	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// Update sends the fields of w that differ from the deployed workflow,
// waits for the operation, then reads until the service returns what was
// written. It makes no call to change anything when nothing differs.
func (d *Deployer) Update(ctx context.Context, id string, w cloud.Workflow) (*cloud.Deployed, error) {
	t, err := d.resolveForID(id, w)
	if err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "gcp_workflow", id)

	current, err := d.get(ctx, id)
	if err != nil {
		return nil, err
	}

	paths := changedPaths(current, t.workflow)
	if len(paths) == 0 {
		tflog.Debug(ctx, "Workflow already matches the configuration; nothing to update")
		return toDeployed(current), nil
	}

	if err := d.sendUpdate(ctx, t, paths); err != nil {
		return nil, err
	}

	written, err := d.readUntilWritten(ctx, t, paths)
	if err != nil {
		return nil, err
	}

	return toDeployed(written), nil
}

// resolveForID resolves w and checks that it names the workflow id, with
// the project and location of id filling in unset settings.
func (d *Deployer) resolveForID(id string, w cloud.Workflow) (target, error) {
	project, location, workflowID, ok := parseName(id)
	if !ok {
		_, err := d.ImportID(id)
		return target{}, err
	}

	settings, err := settingsOf(w)
	if err != nil {
		return target{}, err
	}

	resolved := *settings
	resolved.Project = firstNonEmpty(settings.Project, project)
	resolved.Location = firstNonEmpty(settings.Location, location)
	w.Settings = &resolved

	t, err := d.resolve(w)
	if err != nil {
		return target{}, err
	}

	if t.project != project || t.location != location || t.id != workflowID {
		return target{}, fmt.Errorf("cannot update workflow %s in place to %s: the project, location and name of a Cloud Workflows workflow cannot change, so the workflow must be replaced", id, t.name())
	}

	return t, nil
}

func (d *Deployer) sendUpdate(ctx context.Context, t target, paths []string) error {
	client, err := d.workflowsClient(ctx)
	if err != nil {
		return err
	}

	req := &workflowspb.UpdateWorkflowRequest{Workflow: t.workflow, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}}
	account := ""
	if slices.Contains(paths, "service_account") {
		account = t.workflow.GetServiceAccount()
	}

	var op *workflows.UpdateWorkflowOperation
	err = d.retryPropagation(ctx, account, func() error {
		tflog.Debug(ctx, "Calling Cloud Workflows UpdateWorkflow", map[string]any{"update_mask": paths})

		op, err = client.UpdateWorkflow(ctx, req, d.callOptions(ctx, "UpdateWorkflow")...)
		return err
	})
	if status.Code(err) == codes.NotFound {
		return fmt.Errorf("%w: %s", cloud.ErrNotFound, t.name())
	}

	if err != nil {
		return logError(ctx, "UpdateWorkflow", fmt.Errorf("update workflow %s: %w", t.name(), err))
	}

	err = d.waitOperation(ctx, op.Name(), func() (bool, error) {
		_, err := op.Poll(ctx, d.callOptions(ctx, "GetOperation")...)
		return op.Done(), err
	})
	if err != nil {
		return fmt.Errorf("deploy the update of workflow %s: %w", t.name(), err)
	}

	return nil
}

// readUntilWritten reads the workflow until every field in paths holds
// what t wrote, because reads may return the previous version for a short
// time after an update.
func (d *Deployer) readUntilWritten(ctx context.Context, t target, paths []string) (*workflowspb.Workflow, error) {
	pause := d.cfg.PollInterval

	for attempt := 1; ; attempt++ {
		wf, err := d.get(ctx, t.name())
		if err != nil {
			return nil, err
		}

		stale := intersect(changedPaths(wf, t.workflow), paths)
		if len(stale) == 0 {
			return wf, nil
		}

		if attempt == maxConsistentReads {
			err := fmt.Errorf("workflow %s was updated, but after %d reads the service still returns the earlier %v; run terraform apply again to compare", t.name(), attempt, stale)
			return nil, logError(ctx, "GetWorkflow", err)
		}

		tflog.Debug(ctx, "Read returned the version before the update; reading again", map[string]any{"stale_fields": stale, "attempt": attempt})

		if err := cloud.Sleep(ctx, pause); err != nil {
			return nil, err
		}

		pause = min(2*pause, maxPollIntervalMultiple*d.cfg.PollInterval)
	}
}

func intersect(a, b []string) []string {
	var out []string
	for _, v := range a {
		if slices.Contains(b, v) {
			out = append(out, v)
		}
	}

	return out
}

// Delete deletes the workflow and waits for the operation. A workflow that
// is already gone counts as deleted.
func (d *Deployer) Delete(ctx context.Context, id string) error {
	if _, err := d.ImportID(id); err != nil {
		return err
	}

	ctx = tflog.SetField(ctx, "gcp_workflow", id)

	client, err := d.workflowsClient(ctx)
	if err != nil {
		return err
	}

	tflog.Debug(ctx, "Calling Cloud Workflows DeleteWorkflow")

	op, err := client.DeleteWorkflow(ctx, &workflowspb.DeleteWorkflowRequest{Name: id}, d.callOptions(ctx, "DeleteWorkflow")...)
	if status.Code(err) == codes.NotFound {
		tflog.Debug(ctx, "Workflow already deleted")
		return nil
	}

	if err != nil {
		return logError(ctx, "DeleteWorkflow", fmt.Errorf("delete workflow %s: %w", id, err))
	}

	err = d.waitOperation(ctx, op.Name(), func() (bool, error) {
		err := op.Poll(ctx, d.callOptions(ctx, "GetOperation")...)
		return op.Done(), err
	})
	if status.Code(err) == codes.NotFound && op.Done() {
		return nil
	}

	if err != nil {
		return fmt.Errorf("delete workflow %s: %w", id, err)
	}

	return nil
}

// ErrDeletionProtected reports a delete blocked by deletion_protection.
var ErrDeletionProtected = errors.New("deletion protection is enabled")

// CheckDeletionProtection returns an error wrapping ErrDeletionProtected
// when the settings in state protect workflow id. Cloud Workflows has no
// deletion protection field (workflowspb v1.22.1), so the provider calls
// this with the state's settings before Delete, as
// google_workflows_workflow does.
func CheckDeletionProtection(id string, s *Settings) error {
	if s == nil || !s.DeletionProtection {
		return nil
	}

	return fmt.Errorf("cannot delete workflow %s: %w. Set deletion_protection = false in the gcp block, run terraform apply, then destroy or replace it", id, ErrDeletionProtected)
}
