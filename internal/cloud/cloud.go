// Package cloud contains what the three deployers share: the workflow the
// provider sends to a cloud, the cloud's report on it, and the errors the
// provider must tell apart to keep its state consistent.
//
// Each subpackage (aws, gcp, azure) talks to one service through its official
// SDK and implements Deployer. The provider converts Terraform values to a
// Workflow and never calls an SDK itself.
package cloud

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Workflow is one deployable workflow: the rendered definition for the
// target and the target's settings. Settings is *aws.Settings, *gcp.Settings
// or *azure.Settings, matching the deployer that receives it.
type Workflow struct {
	Name        string
	Description string
	Definition  string
	Settings    any
}

// Deployed is a cloud's report on a workflow it stores.
type Deployed struct {
	// ID is the native identifier that import accepts: the state machine
	// ARN, the full Cloud Workflows resource name or the ARM resource ID.
	ID          string
	Name        string
	Description string

	// Definition is the definition text as the cloud returned it. Callers
	// compare it semantically with what they rendered (SameDefinition).
	Definition string

	// Settings holds the settings read back, in the same type the deployer
	// accepts, so that out-of-band changes show as a diff.
	Settings any

	// Attributes holds the computed identifiers the provider exposes, keyed
	// by attribute name (for example "arn", "revision_id").
	Attributes map[string]string
}

// Deployer creates and manages workflows on one cloud.
type Deployer interface {
	// Validate has the service check a definition without creating
	// anything. It returns warnings for findings that do not block a plan,
	// including a missing permission to call the validation API.
	Validate(ctx context.Context, w Workflow) (warnings []string, err error)

	// Create deploys w. It calls persist with the workflow's ID as soon as
	// the ID is known and before waiting on a long-running operation, so a
	// create that is interrupted afterwards does not lose track of it.
	Create(ctx context.Context, w Workflow, persist func(id string)) (*Deployed, error)

	// Read returns the deployed workflow, or an error wrapping ErrNotFound
	// when it no longer exists.
	Read(ctx context.Context, id string) (*Deployed, error)

	// Update changes the workflow in place and waits until a read returns
	// what was written.
	Update(ctx context.Context, id string, w Workflow) (*Deployed, error)

	// Delete removes the workflow and waits until the service has finished.
	// Deleting a workflow that is already gone is not an error.
	Delete(ctx context.Context, id string) error

	// ImportID checks a user-supplied import ID and returns it in the form
	// Read accepts.
	ImportID(id string) (string, error)
}

// ErrNotFound reports a workflow that does not exist (any more).
var ErrNotFound = errors.New("workflow not found")

// AlreadyExistsError reports a create refused because a workflow with the
// same name exists and this provider cannot prove it created it.
type AlreadyExistsError struct {
	ID string
}

func (e *AlreadyExistsError) Error() string {
	return fmt.Sprintf("a workflow already exists at %s", e.ID)
}

// DefinitionError reports a definition or settings that the cloud's own
// validation rejected, as opposed to a failed call (missing credentials, a
// network error), so that the provider fails the plan only for the former.
type DefinitionError struct {
	// Problems lists the cloud's findings, one line each.
	Problems []string
}

func (e *DefinitionError) Error() string {
	return "the cloud rejected the definition: " + strings.Join(e.Problems, "; ")
}
