package aws

import (
	"context"
	"fmt"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// Read returns the state machine with ARN id. A state machine that does
// not exist, or is being deleted, is reported as cloud.ErrNotFound.
//
// Deployed.Settings is an *aws.Settings built from the service's response.
// Its Region is empty when the state machine lives in the provider's
// region. Deployed.Description stays empty because Step Functions stores
// no description for a state machine.
func (d *Deployer) Read(ctx context.Context, id string) (*cloud.Deployed, error) {
	arn, err := parseStateMachineARN(id)
	if err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "state_machine_arn", id)

	client, err := d.client(arn.region)
	if err != nil {
		return nil, err
	}

	return d.read(ctx, client, id)
}

// read describes the state machine and fetches its tags and latest
// version. The settings name the region only when it differs from the
// provider's.
func (d *Deployer) read(ctx context.Context, client *sfn.Client, arn string) (*cloud.Deployed, error) {
	out, err := describe(ctx, client, arn)
	if err != nil {
		return nil, err
	}

	tags, err := listTags(ctx, client, arn)
	if err != nil {
		return nil, err
	}

	versionARN, err := latestVersion(ctx, client, arn)
	if err != nil {
		return nil, err
	}

	attributes := map[string]string{
		"arn":         arn,
		"revision_id": awssdk.ToString(out.RevisionId),
		"status":      string(out.Status),
	}

	if out.CreationDate != nil {
		attributes["creation_date"] = out.CreationDate.UTC().Format(time.RFC3339)
	}

	if versionARN != "" {
		attributes["version_arn"] = versionARN
	}

	settings := settingsFromDescribe(out, tags)
	if parsed, err := parseStateMachineARN(arn); err == nil && parsed.region != d.base.Region {
		settings.Region = parsed.region
	}

	return &cloud.Deployed{
		ID:         arn,
		Name:       awssdk.ToString(out.Name),
		Definition: awssdk.ToString(out.Definition),
		Settings:   settings,
		Attributes: attributes,
	}, nil
}

// describe calls DescribeStateMachine and maps a missing or DELETING state
// machine to cloud.ErrNotFound.
func describe(ctx context.Context, client *sfn.Client, arn string) (*sfn.DescribeStateMachineOutput, error) {
	out, err := describeAnyStatus(ctx, client, arn)
	if err != nil {
		return nil, err
	}

	if out.Status == types.StateMachineStatusDeleting {
		tflog.Debug(ctx, "State machine is being deleted")
		return nil, fmt.Errorf("state machine %s is being deleted: %w", arn, cloud.ErrNotFound)
	}

	return out, nil
}

// describeAnyStatus calls DescribeStateMachine and maps only a missing
// state machine to cloud.ErrNotFound.
func describeAnyStatus(ctx context.Context, client *sfn.Client, arn string) (*sfn.DescribeStateMachineOutput, error) {
	logCall(ctx, "DescribeStateMachine")

	out, err := client.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: awssdk.String(arn)})
	if errorCode(err) == "StateMachineDoesNotExist" {
		tflog.Debug(ctx, "State machine does not exist")
		return nil, fmt.Errorf("state machine %s: %w", arn, cloud.ErrNotFound)
	}

	if err != nil {
		logFailure(ctx, "DescribeStateMachine", err)
		return nil, fmt.Errorf("reading state machine %s: %w", arn, err)
	}

	return out, nil
}

func listTags(ctx context.Context, client *sfn.Client, arn string) (map[string]string, error) {
	logCall(ctx, "ListTagsForResource")

	out, err := client.ListTagsForResource(ctx, &sfn.ListTagsForResourceInput{ResourceArn: awssdk.String(arn)})
	if errorCode(err) == "ResourceNotFound" {
		return nil, fmt.Errorf("state machine %s: %w", arn, cloud.ErrNotFound)
	}

	if err != nil {
		logFailure(ctx, "ListTagsForResource", err)
		return nil, fmt.Errorf("reading the tags of state machine %s: %w", arn, err)
	}

	if len(out.Tags) == 0 {
		return nil, nil
	}

	tags := make(map[string]string, len(out.Tags))
	for _, t := range out.Tags {
		tags[awssdk.ToString(t.Key)] = awssdk.ToString(t.Value)
	}

	return tags, nil
}

// latestVersion returns the ARN of the newest published version, or "".
// ListStateMachineVersions returns versions newest first. Credentials
// without states:ListStateMachineVersions get "" and a logged warning,
// because the version is only an extra attribute of the read.
func latestVersion(ctx context.Context, client *sfn.Client, arn string) (string, error) {
	logCall(ctx, "ListStateMachineVersions")

	out, err := client.ListStateMachineVersions(ctx, &sfn.ListStateMachineVersionsInput{
		StateMachineArn: awssdk.String(arn),
		MaxResults:      1,
	})
	if errorCode(err) == "StateMachineDoesNotExist" {
		return "", fmt.Errorf("state machine %s: %w", arn, cloud.ErrNotFound)
	}

	if isPermissionError(err) {
		tflog.Warn(ctx, "Cannot list the state machine's versions, so version_arn stays empty", map[string]any{"error": err.Error()})
		return "", nil
	}

	if err != nil {
		logFailure(ctx, "ListStateMachineVersions", err)
		return "", fmt.Errorf("listing the versions of state machine %s: %w", arn, err)
	}

	if len(out.StateMachineVersions) == 0 {
		return "", nil
	}

	return awssdk.ToString(out.StateMachineVersions[0].StateMachineVersionArn), nil
}
