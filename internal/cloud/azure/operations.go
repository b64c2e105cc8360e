package azure

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/logic/armlogic"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// logField is the tflog field that carries the workflow's ARM resource ID
// on every log line of an operation.
const logField = "azure_resource_id"

func withID(ctx context.Context, id workflowID) context.Context {
	return tflog.SetField(ctx, logField, id.String())
}

func logError(ctx context.Context, message string, err error) {
	tflog.Error(ctx, message, map[string]any{"error": err.Error()})
}

// Validate runs the offline checks and then the service's validate
// endpoint (ValidateByResourceGroup), which checks the whole workflow and
// creates nothing. Offline problems return *SettingsError. A 400 response
// is the service rejecting the definition or the settings and returns
// *cloud.DefinitionError. A caller without permission for the endpoint
// gets a warning. Any other failure (credentials, network, throttling or
// 5xx after azcore's retries, a missing resource group) returns a plain
// error, because it is no finding about the workflow.
func (d *Deployer) Validate(ctx context.Context, w cloud.Workflow) ([]string, error) {
	req, err := d.prepare(ctx, w)
	if err != nil {
		return nil, err
	}
	ctx = withID(ctx, req.id)

	client, err := d.client(req.id.SubscriptionID)
	if err != nil {
		return nil, err
	}

	tflog.Debug(ctx, "Validating Logic Apps workflow")
	_, err = client.ValidateByResourceGroup(ctx, req.id.ResourceGroup, req.id.Name, req.body, nil)
	err = apiError(err)

	switch {
	case err == nil:
		return nil, nil
	case isAuthorizationFailure(err):
		tflog.Warn(ctx, "Skipping Logic Apps workflow validation: permission denied", map[string]any{"error": err.Error()})
		return []string{fmt.Sprintf(
			"Azure did not validate Logic Apps workflow %s because the credential lacks permission to call "+
				"the workflow validate endpoint: %v. The workflow is checked when it is created.", req.id, err)}, nil
	}

	logError(ctx, "Logic Apps workflow validation failed", err)
	if statusOf(err) == http.StatusBadRequest {
		return nil, &cloud.DefinitionError{Problems: []string{validationProblem(err)}}
	}
	return nil, fmt.Errorf("validating Logic Apps workflow %s: %w", req.id, err)
}

// validationProblem formats a 400 response as one finding. Logic Apps puts
// the location (action name, line and column) into the message itself.
func validationProblem(err error) string {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}

	if apiErr.Message == "" {
		return apiErr.Code
	}

	return apiErr.Code + ": " + apiErr.Message
}

// Create deploys a new workflow. Because ARM's PUT silently replaces an
// existing workflow, Create reads first, and any workflow already at the
// ID is reported as *cloud.AlreadyExistsError, even one that matches w,
// because another Terraform resource may own it. A PUT whose response is
// lost is repeated by azcore's retry policy. PUT is idempotent, so the
// repeat stores the same workflow once.
//
// NOTE: a workflow that someone else creates between the read and the PUT
// is replaced by this PUT. The PUT is sent without If-None-Match: *,
// because with it azcore's repeat of a PUT whose response was lost would
// fail against the workflow that the first PUT stored.
func (d *Deployer) Create(ctx context.Context, w cloud.Workflow, persist func(id string)) (*cloud.Deployed, error) {
	req, err := d.prepare(ctx, w)
	if err != nil {
		return nil, err
	}
	ctx = withID(ctx, req.id)

	_, err = d.read(ctx, req.id)
	switch {
	case err == nil:
		tflog.Error(ctx, "A Logic Apps workflow already exists at this ID")
		return nil, &cloud.AlreadyExistsError{ID: req.id.String()}
	case !errors.Is(err, cloud.ErrNotFound):
		return nil, err
	}

	// The ID is deterministic, so it is saved before the PUT: if every
	// repeat of the PUT loses its response, Terraform still tracks the
	// workflow that one of them may have stored.
	persist(req.id.String())

	tflog.Info(ctx, "Creating Logic Apps workflow")
	if err := d.put(ctx, req); err != nil {
		return nil, fmt.Errorf("creating Logic Apps workflow %s: %w", req.id, err)
	}

	return d.waitForWrite(ctx, req)
}

// matches reports whether a deployed workflow holds what req writes.
func matches(deployed *cloud.Deployed, req *request) bool {
	settings, _ := deployed.Settings.(*Settings)

	return cloud.SameDefinition(deployed.Definition, req.definition) &&
		deployed.Description == req.description &&
		SameSettings(settings, req.settings)
}

// Read returns the deployed workflow, or an error wrapping cloud.ErrNotFound
// when Azure returns 404.
func (d *Deployer) Read(ctx context.Context, id string) (*cloud.Deployed, error) {
	parsed, err := parseWorkflowID(id)
	if err != nil {
		return nil, err
	}
	ctx = withID(ctx, parsed)

	return d.read(ctx, parsed)
}

func (d *Deployer) read(ctx context.Context, id workflowID) (*cloud.Deployed, error) {
	client, err := d.client(id.SubscriptionID)
	if err != nil {
		return nil, err
	}

	tflog.Debug(ctx, "Reading Logic Apps workflow")
	resp, err := client.Get(ctx, id.ResourceGroup, id.Name, nil)
	err = apiError(err)

	switch {
	case isNotFound(err):
		tflog.Debug(ctx, "Logic Apps workflow not found")
		return nil, notFoundError(id, err)
	case err != nil:
		logError(ctx, "Reading Logic Apps workflow failed", err)
		return nil, fmt.Errorf("reading Logic Apps workflow %s: %w", id, err)
	}

	return toDeployed(id, resp.Workflow)
}

// Update replaces the workflow with w in one PUT, because ARM cannot patch
// a definition, and waits until a read returns what was written. The ID
// decides where the workflow is; w's subscription and resource group are
// not used to move it.
func (d *Deployer) Update(ctx context.Context, id string, w cloud.Workflow) (*cloud.Deployed, error) {
	parsed, err := parseWorkflowID(id)
	if err != nil {
		return nil, err
	}
	ctx = withID(ctx, parsed)

	w.Name = parsed.Name
	w.Settings = pinSettings(w.Settings, parsed)

	req, err := d.prepare(ctx, w)
	if err != nil {
		return nil, err
	}

	client, err := d.client(parsed.SubscriptionID)
	if err != nil {
		return nil, err
	}

	// Properties the provider does not manage are carried over, because a
	// PUT without them would remove them.
	existing, err := client.Get(ctx, parsed.ResourceGroup, parsed.Name, nil)
	if err = apiError(err); err != nil {
		if isNotFound(err) {
			return nil, notFoundError(parsed, err)
		}
		logError(ctx, "Reading Logic Apps workflow before the update failed", err)
		return nil, fmt.Errorf("reading Logic Apps workflow %s before the update: %w", parsed, err)
	}
	carryOver(&req.body, existing.Workflow)
	removeIdentity(&req.body, existing.Workflow)

	tflog.Info(ctx, "Updating Logic Apps workflow")
	if err := d.put(ctx, req); err != nil {
		return nil, fmt.Errorf("updating Logic Apps workflow %s: %w", parsed, err)
	}

	return d.waitForWrite(ctx, req)
}

// pinSettings returns a copy of the settings with the subscription and
// resource group of the workflow's ID.
func pinSettings(value any, id workflowID) any {
	settings := Settings{Enabled: true}
	if s, ok := value.(*Settings); ok && s != nil {
		settings = *s
	} else if value != nil {
		return value
	}

	settings.SubscriptionID = id.SubscriptionID
	settings.ResourceGroup = id.ResourceGroup
	return &settings
}

func carryOver(body *armlogic.Workflow, existing armlogic.Workflow) {
	if existing.Properties == nil {
		return
	}

	body.Properties.IntegrationServiceEnvironment = existing.Properties.IntegrationServiceEnvironment
	body.Properties.EndpointsConfiguration = existing.Properties.EndpointsConfiguration
}

// removeIdentity sets identity type None when the configuration drops the
// workflow's managed identity, so that the PUT removes the identity
// explicitly rather than by omission.
func removeIdentity(body *armlogic.Workflow, existing armlogic.Workflow) {
	if body.Identity != nil || existing.Identity == nil || existing.Identity.Type == nil {
		return
	}
	if *existing.Identity.Type == armlogic.ManagedServiceIdentityTypeNone {
		return
	}

	body.Identity = &armlogic.ManagedServiceIdentity{Type: to.Ptr(armlogic.ManagedServiceIdentityTypeNone)}
}

// put sends the PUT, retrying while the workflow's managed identity is not
// usable yet (see isIdentityNotReady) for at most d.identityTimeout.
// Throttling and 5xx responses are retried inside azcore's pipeline.
func (d *Deployer) put(ctx context.Context, req *request) error {
	client, err := d.client(req.id.SubscriptionID)
	if err != nil {
		return err
	}

	deadline := time.Now().Add(d.identityTimeout)
	for attempt := 1; ; attempt++ {
		_, err = client.CreateOrUpdate(ctx, req.id.ResourceGroup, req.id.Name, req.body, nil)
		err = apiError(err)
		if err == nil {
			return nil
		}

		if !isIdentityNotReady(err) {
			logError(ctx, "Writing Logic Apps workflow failed", err)
			return err
		}

		if time.Now().Add(d.pollInterval).After(deadline) {
			logError(ctx, "The managed identity of the Logic Apps workflow was still not usable; giving up", err)
			return fmt.Errorf("the workflow's managed identity was still not usable after %d attempts over %s: %w. "+
				"Check that the user-assigned identity exists; a new identity can take a few minutes to replicate, so run the apply again later",
				attempt, d.identityTimeout, err)
		}

		tflog.Warn(ctx, "The managed identity of the Logic Apps workflow is not usable yet; retrying", map[string]any{
			"attempt": attempt, "retry_in": d.pollInterval.String(), "error": err.Error(),
		})
		if ctxErr := cloud.Sleep(ctx, d.pollInterval); ctxErr != nil {
			return fmt.Errorf("%w while waiting for the workflow's managed identity to become usable (last error: %v)", ctxErr, err)
		}
	}
}

// waitForWrite reads until the service returns what req wrote, for at most
// d.consistencyTimeout, because a read right after a PUT can return the
// previous version or 404.
func (d *Deployer) waitForWrite(ctx context.Context, req *request) (*cloud.Deployed, error) {
	deadline := time.Now().Add(d.consistencyTimeout)

	for attempt := 1; ; attempt++ {
		deployed, err := d.read(ctx, req.id)
		if err != nil && !errors.Is(err, cloud.ErrNotFound) {
			return nil, err
		}
		if err == nil && matches(deployed, req) {
			return deployed, nil
		}

		if time.Now().Add(d.pollInterval).After(deadline) {
			err := fmt.Errorf("Logic Apps workflow %s was written, but reads still returned an older version after %s; "+
				"run terraform refresh or apply again to pick up the result", req.id, d.consistencyTimeout)
			logError(ctx, "Waiting for the written Logic Apps workflow timed out", err)
			return nil, err
		}

		tflog.Debug(ctx, "The Logic Apps workflow does not show the write yet; reading again", map[string]any{
			"attempt": attempt, "retry_in": d.pollInterval.String(),
		})
		if err := cloud.Sleep(ctx, d.pollInterval); err != nil {
			return nil, err
		}
	}
}

// Delete removes the workflow and waits until Get returns 404. A workflow
// that is already gone is not an error.
func (d *Deployer) Delete(ctx context.Context, id string) error {
	parsed, err := parseWorkflowID(id)
	if err != nil {
		return err
	}
	ctx = withID(ctx, parsed)

	client, err := d.client(parsed.SubscriptionID)
	if err != nil {
		return err
	}

	tflog.Info(ctx, "Deleting Logic Apps workflow")
	_, err = client.Delete(ctx, parsed.ResourceGroup, parsed.Name, nil)
	if err = apiError(err); err != nil && !isNotFound(err) {
		logError(ctx, "Deleting Logic Apps workflow failed", err)
		return fmt.Errorf("deleting Logic Apps workflow %s: %w", parsed, err)
	}

	return d.waitForDelete(ctx, parsed)
}

func (d *Deployer) waitForDelete(ctx context.Context, id workflowID) error {
	deadline := time.Now().Add(d.deleteTimeout)

	for attempt := 1; ; attempt++ {
		_, err := d.read(ctx, id)
		switch {
		case errors.Is(err, cloud.ErrNotFound):
			return nil
		case err != nil:
			return err
		}

		if time.Now().Add(d.pollInterval).After(deadline) {
			err := fmt.Errorf("Logic Apps workflow %s was deleted, but reads still returned it after %s", id, d.deleteTimeout)
			logError(ctx, "Waiting for the Logic Apps workflow deletion timed out", err)
			return err
		}

		tflog.Debug(ctx, "The deleted Logic Apps workflow is still readable; reading again", map[string]any{
			"attempt": attempt, "retry_in": d.pollInterval.String(),
		})
		if err := cloud.Sleep(ctx, d.pollInterval); err != nil {
			return err
		}
	}
}
