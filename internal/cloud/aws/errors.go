package aws

import (
	"context"
	"errors"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// errorCode returns the API error code of err ("StateMachineDoesNotExist",
// "AccessDeniedException", ...), or "" for errors that did not come from
// the service.
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}

	return ""
}

func errorMessage(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorMessage()
	}

	return err.Error()
}

// isRolePropagation reports whether err is the service failing to use the
// state machine's role in a way that IAM eventual consistency explains.
// The service reports both cases as AccessDeniedException (HTTP 400):
//
//   - "Neither the global service principal states.amazonaws.com, nor the
//     regional one is authorized to assume the provided role." while a new
//     role or trust policy propagates.
//   - "The state machine IAM Role is not authorized to access the Log
//     Destination" while a policy attached in the same apply propagates.
//
// Any other AccessDeniedException, such as the caller lacking
// states:CreateStateMachine, is not retried.
func isRolePropagation(err error) bool {
	if errorCode(err) != "AccessDeniedException" {
		return false
	}

	message := errorMessage(err)
	return strings.Contains(message, "assume the provided role") ||
		strings.Contains(message, "not authorized to access the Log Destination")
}

// isPermissionError reports an error that means the credentials may not
// call the operation, or are not valid for this service at all.
func isPermissionError(err error) bool {
	switch errorCode(err) {
	case "AccessDeniedException", "AccessDenied", "UnrecognizedClientException":
		return true
	}

	return false
}

// addAttemptLogging logs every failed attempt of a call, including the
// ones the SDK retryer retries. It runs after the retry middleware, so it
// runs once per attempt. It logs the operation and the error only, never
// request headers.
func addAttemptLogging(stack *middleware.Stack) error {
	logAttempt := middleware.FinalizeMiddlewareFunc("MulticloudLogAttempt", func(
		ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
	) (middleware.FinalizeOutput, middleware.Metadata, error) {
		out, metadata, err := next.HandleFinalize(ctx, in)
		if err != nil {
			tflog.Debug(ctx, "Step Functions request attempt failed", map[string]any{
				"operation": awsmiddleware.GetOperationName(ctx),
				"error":     err.Error(),
			})
		}

		return out, metadata, err
	})

	return stack.Finalize.Insert(logAttempt, "Retry", middleware.After)
}

// logCall logs an SDK call before it is made.
func logCall(ctx context.Context, operation string) {
	tflog.Debug(ctx, "Calling Step Functions", map[string]any{"operation": operation})
}

// logFailure logs a call that failed after the SDK's own retries.
func logFailure(ctx context.Context, operation string, err error) {
	tflog.Warn(ctx, "Step Functions call failed", map[string]any{
		"operation":  operation,
		"error_code": errorCode(err),
		"error":      err.Error(),
	})
}
