package azure

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// APIError is an error response from Azure Resource Manager, reduced to
// its status, ARM error code and message. It wraps the SDK's
// *azcore.ResponseError.
type APIError struct {
	StatusCode int
	Code       string
	Message    string

	err *azcore.ResponseError
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s (HTTP %d): %s", e.Code, e.StatusCode, e.Message)
}

func (e *APIError) Unwrap() error {
	return e.err
}

// apiError returns err as an *APIError when it is an ARM error response,
// and err unchanged otherwise (connection errors, cancelled contexts).
func apiError(err error) error {
	var response *azcore.ResponseError
	if !errors.As(err, &response) {
		return err
	}

	out := &APIError{StatusCode: response.StatusCode, Code: response.ErrorCode, err: response}
	if response.RawResponse != nil {
		out.Code, out.Message = errorBody(response.RawResponse, out.Code)
	}
	if out.Code == "" {
		out.Code = http.StatusText(response.StatusCode)
	}
	return out
}

// errorBody reads ARM's {"error": {"code", "message"}} body.
func errorBody(resp *http.Response, code string) (string, string) {
	payload, err := runtime.Payload(resp)
	if err != nil {
		return code, ""
	}

	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(payload, &body) != nil {
		return code, strings.TrimSpace(string(payload))
	}

	if body.Error.Code != "" {
		code = body.Error.Code
	}
	return code, body.Error.Message
}

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

func codeOf(err error) string {
	var e *APIError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func isNotFound(err error) bool {
	return statusOf(err) == http.StatusNotFound
}

// isAuthorizationFailure reports a caller without permission for the
// request: 403 with AuthorizationFailed or LinkedAuthorizationFailed.
func isAuthorizationFailure(err error) bool {
	code := codeOf(err)
	return statusOf(err) == http.StatusForbidden || code == "AuthorizationFailed" || code == "LinkedAuthorizationFailed"
}

// isIdentityNotReady reports ARM's error for a PUT that references a managed
// identity which has not replicated yet: 400 FailedIdentityOperation, whose
// message carries the identity service's status (usually NotFound).
//
// NOTE: public reports show ARM returning this code for many resource types
// while a user-assigned identity propagates. The Logic Apps documentation
// does not list the error it returns in this case.
func isIdentityNotReady(err error) bool {
	return statusOf(err) == http.StatusBadRequest && codeOf(err) == "FailedIdentityOperation"
}

func notFoundError(id workflowID, err error) error {
	return fmt.Errorf("Logic Apps workflow %s: %w (%v)", id, cloud.ErrNotFound, err)
}
