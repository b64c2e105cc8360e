package aws

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// listPageSize is the maximum maxResults that ListStateMachines accepts.
const listPageSize = 1000

// checkNameFree returns a *cloud.AlreadyExistsError when the client's
// region holds a state machine named name that is not being deleted.
//
// It lists the region's state machines instead of describing an ARN built
// from the name. Building the ARN needs the caller's account ID, which the
// provider does not know: the account in the role ARN is only a guess, and
// a wrong guess returns StateMachineDoesNotExist and hides the existing
// state machine. Listing costs one call per 1000 state machines.
//
// NOTE: when the credentials may not call states:ListStateMachines, the
// check is skipped with a warning. Then the only protection left is the
// service's idempotent create, which returns an existing state machine
// with the same name and configuration as if this call had created it, so
// Create takes that state machine over. ListStateMachines is also
// eventually consistent and may miss a state machine created moments ago.
func checkNameFree(ctx context.Context, client *sfn.Client, name string) error {
	arn, err := findByName(ctx, client, name)
	if isPermissionError(err) {
		tflog.Warn(ctx, "Cannot check whether the state machine name is taken, so an identical existing state machine would be taken over", map[string]any{
			"error": err.Error(),
		})
		return nil
	}

	if err != nil {
		return err
	}

	if arn == "" {
		return nil
	}

	// A state machine that is being deleted does not block the name for
	// long: createWithRetry waits while the service reports
	// StateMachineDeleting.
	_, err = describe(ctx, client, arn)
	if errors.Is(err, cloud.ErrNotFound) {
		return nil
	}

	if err != nil {
		return err
	}

	tflog.Warn(ctx, "A state machine with the same name exists already", map[string]any{"state_machine_arn": arn})
	return &cloud.AlreadyExistsError{ID: arn}
}

// findByName lists the state machines of the client's region and returns
// the ARN of the one named name, or "".
func findByName(ctx context.Context, client *sfn.Client, name string) (string, error) {
	pages := sfn.NewListStateMachinesPaginator(client, &sfn.ListStateMachinesInput{MaxResults: listPageSize})
	for pages.HasMorePages() {
		logCall(ctx, "ListStateMachines")

		page, err := pages.NextPage(ctx)
		if err != nil {
			logFailure(ctx, "ListStateMachines", err)
			return "", fmt.Errorf("looking up state machine %s: %w", name, err)
		}

		for _, item := range page.StateMachines {
			if awssdk.ToString(item.Name) == name {
				return awssdk.ToString(item.StateMachineArn), nil
			}
		}
	}

	return "", nil
}

// existingARNPattern finds the ARN in a StateMachineAlreadyExists message,
// which has the form "State Machine Already Exists: '<arn>'".
var existingARNPattern = regexp.MustCompile(`arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^'":\s]+`)

// existingARN returns the ARN of the state machine that a
// StateMachineAlreadyExists error refers to, taken from its message or
// else found by listing.
func existingARN(ctx context.Context, client *sfn.Client, name string, exists error) (string, error) {
	if arn := existingARNPattern.FindString(errorMessage(exists)); arn != "" {
		return arn, nil
	}

	arn, err := findByName(ctx, client, name)
	if err != nil {
		return "", err
	}

	if arn == "" {
		return "", fmt.Errorf("creating state machine %s: %w", name, exists)
	}

	return arn, nil
}

// alreadyExists turns StateMachineAlreadyExists into a
// *cloud.AlreadyExistsError that names the existing state machine.
func alreadyExists(ctx context.Context, client *sfn.Client, name string, exists error) error {
	arn, err := existingARN(ctx, client, name, exists)
	if err != nil {
		return err
	}

	return &cloud.AlreadyExistsError{ID: arn}
}

// createAttempts records whether any CreateStateMachine attempt of one
// Create call may have stored a state machine. An attempt may have done
// so unless the service returned a 4xx error for it (throttling,
// validation, StateMachineAlreadyExists), which means it stored nothing.
type createAttempts struct {
	mayHaveCreated bool
}

// record is an sfn option that adds the recording middleware to one call.
// The middleware runs once per attempt because it sits after the retry
// middleware.
func (a *createAttempts) record(o *sfn.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		step := middleware.FinalizeMiddlewareFunc("MulticloudRecordCreateAttempt", func(
			ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
		) (middleware.FinalizeOutput, middleware.Metadata, error) {
			out, metadata, err := next.HandleFinalize(ctx, in)
			if err != nil && !isClientError(err) {
				a.mayHaveCreated = true
			}

			return out, metadata, err
		})

		return stack.Finalize.Insert(step, "Retry", middleware.After)
	})
}

// isClientError reports whether err carries an HTTP response with a 4xx
// status.
func isClientError(err error) bool {
	var respErr *smithyhttp.ResponseError
	if !errors.As(err, &respErr) {
		return false
	}

	status := respErr.HTTPStatusCode()
	return status >= 400 && status < 500
}
