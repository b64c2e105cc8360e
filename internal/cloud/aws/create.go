package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// maxLostCreateResponses bounds how often Create repeats a call whose
// response was lost after the SDK retryer gave up on it.
const maxLostCreateResponses = 2

// Create creates the state machine. It calls persist with the ARN as soon
// as the service returns it.
//
// A state machine with the same name that exists before the call is never
// taken over: Create returns a *cloud.AlreadyExistsError with its ARN, even
// when its configuration matches, because another Terraform resource may
// own it. CreateStateMachine itself is idempotent when name, definition,
// type, logging, tracing, encryption, publish and version description all
// repeat, so the check runs before the first create. A create whose
// response was lost is sent again, and the service returns the state
// machine that the lost request stored.
func (d *Deployer) Create(ctx context.Context, w cloud.Workflow, persist func(id string)) (*cloud.Deployed, error) {
	s, err := checkedSettings(w)
	if err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "state_machine_name", w.Name)

	client, err := d.client(s.Region)
	if err != nil {
		return nil, err
	}

	if err := checkNameFree(ctx, client, w.Name); err != nil {
		return nil, err
	}

	var sent createAttempts
	arn, err := d.createWithRetry(ctx, client, createInput(w.Name, w.Definition, s), &sent)
	if errorCode(err) == "StateMachineAlreadyExists" {
		if !sent.mayHaveCreated {
			tflog.Warn(ctx, "A state machine with the same name was created by someone else during this create")
			return nil, alreadyExists(ctx, client, w.Name, err)
		}

		return d.adopt(ctx, client, w, s, err, persist)
	}

	if err != nil {
		return nil, err
	}

	if persist != nil {
		persist(arn)
	}

	ctx = tflog.SetField(ctx, "state_machine_arn", arn)
	tflog.Info(ctx, "Created state machine")

	deployed, err := d.waitForWrite(ctx, client, arn, w.Definition, "", "")
	if err != nil {
		return nil, err
	}

	// The service returns the existing state machine for a repeated create
	// and ignores a different role or different tags. After a lost response
	// this call's own earlier request stored the same values, so a
	// difference here means the state machine appeared between the check
	// above and the create (see checkNameFree). Its ARN is already
	// persisted, so bring it up to date rather than leave it half managed.
	got := deployed.Settings.(*Settings)
	if got.RoleARN != s.RoleARN || !maps.Equal(got.Tags, s.Tags) {
		tflog.Info(ctx, "The existing state machine has another role or other tags, updating it")
		return d.Update(ctx, arn, w)
	}

	return deployed, nil
}

// createWithRetry calls CreateStateMachine until it succeeds, retrying
// while IAM propagates the role (bounded by RolePropagationTimeout), while
// a state machine of the same name is still being deleted (bounded by
// DeleteTimeout), and after a lost response. It records in sent whether
// any attempt, including the SDK retryer's, may have created the state
// machine.
func (d *Deployer) createWithRetry(ctx context.Context, client *sfn.Client, in *sfn.CreateStateMachineInput, sent *createAttempts) (string, error) {
	start := time.Now()
	lostResponses := 0

	for attempt := 1; ; attempt++ {
		logCall(ctx, "CreateStateMachine")
		out, err := client.CreateStateMachine(ctx, in, sent.record)
		if err == nil {
			return awssdk.ToString(out.StateMachineArn), nil
		}

		logFailure(ctx, "CreateStateMachine", err)

		var sendErr *smithyhttp.RequestSendError
		switch {
		case isRolePropagation(err):
			if time.Since(start) >= d.RolePropagationTimeout {
				return "", rolePropagationError(awssdk.ToString(in.RoleArn), d.RolePropagationTimeout, err)
			}
		case errorCode(err) == "StateMachineDeleting":
			if time.Since(start) >= d.DeleteTimeout {
				return "", fmt.Errorf("creating state machine %s: a state machine of the same name was still being deleted after %s: %w", awssdk.ToString(in.Name), d.DeleteTimeout, err)
			}
		case errors.As(err, &sendErr) && ctx.Err() == nil && lostResponses < maxLostCreateResponses:
			lostResponses++
		default:
			return "", fmt.Errorf("creating state machine %s: %w", awssdk.ToString(in.Name), err)
		}

		tflog.Info(ctx, "Retrying CreateStateMachine", map[string]any{
			"attempt":    attempt,
			"error_code": errorCode(err),
			"wait":       d.PollInterval.String(),
		})

		if waitErr := cloud.Sleep(ctx, d.PollInterval); waitErr != nil {
			return "", fmt.Errorf("creating state machine %s: %w (last error: %v)", awssdk.ToString(in.Name), waitErr, err)
		}
	}
}

func rolePropagationError(role string, bound time.Duration, err error) error {
	return fmt.Errorf("Step Functions could not use role %s for %s: %w. "+
		"Check that the role's trust policy allows the service principal states.amazonaws.com to assume it, "+
		"and that its policies grant what the state machine needs (with logging: logs:CreateLogDelivery, "+
		"logs:GetLogDelivery, logs:UpdateLogDelivery, logs:DeleteLogDelivery, logs:ListLogDeliveries, "+
		"logs:PutResourcePolicy, logs:DescribeResourcePolicies and logs:DescribeLogGroups)",
		role, bound, err)
}

// adopt handles StateMachineAlreadyExists after an earlier attempt of this
// call may have created the state machine: it takes over the existing state
// machine when its definition, type and role match the workflow, which is
// what that attempt would have stored.
func (d *Deployer) adopt(ctx context.Context, client *sfn.Client, w cloud.Workflow, s *Settings, exists error, persist func(string)) (*cloud.Deployed, error) {
	arn, err := existingARN(ctx, client, w.Name, exists)
	if err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "state_machine_arn", arn)

	current, err := describe(ctx, client, arn)
	if err != nil {
		return nil, fmt.Errorf("creating state machine %s: it already exists at %s, and reading it failed: %w", w.Name, arn, err)
	}

	sameOrigin := cloud.SameDefinition(awssdk.ToString(current.Definition), w.Definition) &&
		string(current.Type) == stateMachineType(s) &&
		awssdk.ToString(current.RoleArn) == s.RoleARN
	if !sameOrigin {
		tflog.Warn(ctx, "A different state machine with the same name exists")
		return nil, &cloud.AlreadyExistsError{ID: arn}
	}

	tflog.Info(ctx, "Adopting the existing state machine with the same name, definition, type and role")
	if persist != nil {
		persist(arn)
	}

	return d.Update(ctx, arn, w)
}
