package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// Update changes the state machine in place: UpdateStateMachine when the
// definition, role, logging, tracing or encryption differ from what the
// service holds, then TagResource and UntagResource for the tags. It
// waits until a read returns the written revision. The type, the name and
// the region cannot change in place.
func (d *Deployer) Update(ctx context.Context, id string, w cloud.Workflow) (*cloud.Deployed, error) {
	arn, err := parseStateMachineARN(id)
	if err != nil {
		return nil, err
	}

	s, err := checkedSettings(w)
	if err != nil {
		return nil, err
	}

	if s.Region != "" && s.Region != arn.region {
		return nil, fmt.Errorf("state machine %s lives in region %s, and moving it to %s needs a new state machine", id, arn.region, s.Region)
	}

	ctx = tflog.SetField(ctx, "state_machine_arn", id)

	client, err := d.client(arn.region)
	if err != nil {
		return nil, err
	}

	current, err := describe(ctx, client, id)
	if err != nil {
		return nil, err
	}

	if got, want := string(current.Type), stateMachineType(s); got != want {
		return nil, fmt.Errorf("state machine %s is of type %s, and changing the type to %s needs a new state machine", id, got, want)
	}

	revision := ""
	if in := updateInput(id, w.Definition, s, current); in != nil {
		revision, err = d.updateWithRetry(ctx, client, in)
		if err != nil {
			return nil, err
		}
	}

	if err := syncTags(ctx, client, id, s.Tags); err != nil {
		return nil, err
	}

	return d.waitForWrite(ctx, client, id, w.Definition, s.RoleARN, revision)
}

// updateInput returns the UpdateStateMachine request that makes current
// match the workflow, or nil when they already match. Logging, tracing and
// encryption are always sent in full, so that settings removed from the
// configuration return to the service defaults.
func updateInput(arn, definition string, s *Settings, current *sfn.DescribeStateMachineOutput) *sfn.UpdateStateMachineInput {
	currentTracing := current.TracingConfiguration != nil && current.TracingConfiguration.Enabled

	same := cloud.SameDefinition(awssdk.ToString(current.Definition), definition) &&
		awssdk.ToString(current.RoleArn) == s.RoleARN &&
		sameLogging(loggingFromSDK(current.LoggingConfiguration), s.Logging) &&
		currentTracing == s.TracingEnabled &&
		sameEncryption(encryptionFromSDK(current.EncryptionConfiguration), s.Encryption)
	if same {
		return nil
	}

	in := &sfn.UpdateStateMachineInput{
		StateMachineArn:         awssdk.String(arn),
		Definition:              awssdk.String(definition),
		RoleArn:                 awssdk.String(s.RoleARN),
		LoggingConfiguration:    loggingConfiguration(s.Logging),
		TracingConfiguration:    &types.TracingConfiguration{Enabled: s.TracingEnabled},
		EncryptionConfiguration: encryptionConfiguration(s.Encryption),
		Publish:                 s.Publish,
	}

	if s.Publish && s.VersionDescription != "" {
		in.VersionDescription = awssdk.String(s.VersionDescription)
	}

	return in
}

// updateWithRetry calls UpdateStateMachine, retrying while IAM propagates
// a new role, and returns the new revision ID.
func (d *Deployer) updateWithRetry(ctx context.Context, client *sfn.Client, in *sfn.UpdateStateMachineInput) (string, error) {
	start := time.Now()

	for attempt := 1; ; attempt++ {
		logCall(ctx, "UpdateStateMachine")
		out, err := client.UpdateStateMachine(ctx, in)
		if err == nil {
			tflog.Info(ctx, "Updated state machine", map[string]any{"revision_id": awssdk.ToString(out.RevisionId)})
			return awssdk.ToString(out.RevisionId), nil
		}

		logFailure(ctx, "UpdateStateMachine", err)

		if errorCode(err) == "StateMachineDoesNotExist" {
			return "", fmt.Errorf("updating state machine %s: %w", awssdk.ToString(in.StateMachineArn), cloud.ErrNotFound)
		}

		if !isRolePropagation(err) {
			return "", fmt.Errorf("updating state machine %s: %w", awssdk.ToString(in.StateMachineArn), err)
		}

		if time.Since(start) >= d.RolePropagationTimeout {
			return "", rolePropagationError(awssdk.ToString(in.RoleArn), d.RolePropagationTimeout, err)
		}

		tflog.Info(ctx, "Retrying UpdateStateMachine", map[string]any{
			"attempt":    attempt,
			"error_code": errorCode(err),
			"wait":       d.PollInterval.String(),
		})

		if waitErr := cloud.Sleep(ctx, d.PollInterval); waitErr != nil {
			return "", fmt.Errorf("updating state machine %s: %w (last error: %v)", awssdk.ToString(in.StateMachineArn), waitErr, err)
		}
	}
}

// syncTags makes the state machine's tags equal to want.
func syncTags(ctx context.Context, client *sfn.Client, arn string, want map[string]string) error {
	have, err := listTags(ctx, client, arn)
	if err != nil {
		return err
	}

	var removed []string
	for key := range have {
		if _, ok := want[key]; !ok {
			removed = append(removed, key)
		}
	}

	changed := map[string]string{}
	for key, value := range want {
		if old, ok := have[key]; !ok || old != value {
			changed[key] = value
		}
	}

	if len(removed) > 0 {
		slices.Sort(removed)
		logCall(ctx, "UntagResource")
		if _, err := client.UntagResource(ctx, &sfn.UntagResourceInput{ResourceArn: awssdk.String(arn), TagKeys: removed}); err != nil {
			logFailure(ctx, "UntagResource", err)
			return fmt.Errorf("removing tags %v from state machine %s: %w", removed, arn, err)
		}
	}

	if len(changed) > 0 {
		logCall(ctx, "TagResource")
		if _, err := client.TagResource(ctx, &sfn.TagResourceInput{ResourceArn: awssdk.String(arn), Tags: tagList(changed)}); err != nil {
			logFailure(ctx, "TagResource", err)
			return fmt.Errorf("setting tags %v on state machine %s: %w", slices.Sorted(maps.Keys(changed)), arn, err)
		}
	}

	return nil
}

// waitForWrite reads the state machine until the service returns the
// written definition, and the written role and revision when those are not
// empty. A state machine that is not found yet, as right after a
// create, is read again. The wait is bounded by ConsistencyTimeout.
func (d *Deployer) waitForWrite(ctx context.Context, client *sfn.Client, arn, definition, role, revision string) (*cloud.Deployed, error) {
	start := time.Now()

	for attempt := 1; ; attempt++ {
		deployed, err := d.read(ctx, client, arn)
		if err != nil && !errors.Is(err, cloud.ErrNotFound) {
			return nil, err
		}

		if err == nil && writeVisible(deployed, definition, role, revision) {
			return deployed, nil
		}

		if time.Since(start) >= d.ConsistencyTimeout {
			return nil, fmt.Errorf("timed out after %s waiting for Step Functions to return the state machine %s as written "+
				"(revision %q). The service accepted the write, so run terraform apply again to compare", d.ConsistencyTimeout, arn, revision)
		}

		tflog.Debug(ctx, "Reading the state machine again until it shows the write", map[string]any{
			"attempt": attempt,
			"wait":    d.PollInterval.String(),
		})

		if err := cloud.Sleep(ctx, d.PollInterval); err != nil {
			return nil, fmt.Errorf("waiting for state machine %s to show the write: %w", arn, err)
		}
	}
}

func writeVisible(deployed *cloud.Deployed, definition, role, revision string) bool {
	if revision != "" && deployed.Attributes["revision_id"] != revision {
		return false
	}

	if role != "" && deployed.Settings.(*Settings).RoleARN != role {
		return false
	}

	return cloud.SameDefinition(deployed.Definition, definition)
}

// Delete deletes the state machine and waits until the service no longer
// returns it (it shows status DELETING meanwhile). The wait is bounded by
// ctx and DeleteTimeout. A state machine that is already gone is not an
// error.
func (d *Deployer) Delete(ctx context.Context, id string) error {
	arn, err := parseStateMachineARN(id)
	if err != nil {
		return err
	}

	ctx = tflog.SetField(ctx, "state_machine_arn", id)

	client, err := d.client(arn.region)
	if err != nil {
		return err
	}

	logCall(ctx, "DeleteStateMachine")
	_, err = client.DeleteStateMachine(ctx, &sfn.DeleteStateMachineInput{StateMachineArn: awssdk.String(id)})
	if errorCode(err) == "StateMachineDoesNotExist" {
		tflog.Info(ctx, "State machine was already deleted")
		return nil
	}

	if err != nil {
		logFailure(ctx, "DeleteStateMachine", err)
		return fmt.Errorf("deleting state machine %s: %w", id, err)
	}

	return d.waitForDeletion(ctx, client, id)
}

func (d *Deployer) waitForDeletion(ctx context.Context, client *sfn.Client, arn string) error {
	ctx, cancel := context.WithTimeout(ctx, d.DeleteTimeout)
	defer cancel()

	for attempt := 1; ; attempt++ {
		out, err := describeAnyStatus(ctx, client, arn)
		if errors.Is(err, cloud.ErrNotFound) {
			tflog.Info(ctx, "Deleted state machine")
			return nil
		}

		if err != nil {
			return fmt.Errorf("waiting for state machine %s to be deleted: %w", arn, err)
		}

		tflog.Debug(ctx, "Waiting for the state machine to disappear", map[string]any{
			"attempt": attempt,
			"status":  string(out.Status),
		})

		if err := cloud.Sleep(ctx, d.PollInterval); err != nil {
			return fmt.Errorf("waiting for state machine %s to be deleted (status %s): %w", arn, out.Status, err)
		}
	}
}
