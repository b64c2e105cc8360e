package workflows

import (
	"fmt"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// faults holds the injected faults that are still to happen. The server's
// mutex guards it.
type faults struct {
	callCode    codes.Code
	callCount   int
	callMethods []string

	denyServiceAccount int
	lagReads           int
	loseCreates        int
	failOperation      *status.Status
}

// takeCallFault returns the error for this call if a call-level fault is
// pending, and counts it off.
func (f *faults) takeCallFault(method string) error {
	if f.callCount == 0 {
		return nil
	}

	if len(f.callMethods) > 0 && !slices.Contains(f.callMethods, method) {
		return nil
	}

	f.callCount--

	switch f.callCode {
	case codes.ResourceExhausted:
		return status.Error(codes.ResourceExhausted, "Quota exceeded for quota metric 'Workflow API requests' and limit 'Workflow API requests per minute per location'.")
	case codes.Unavailable:
		return status.Error(codes.Unavailable, "The service is currently unavailable.")
	}

	return status.Errorf(f.callCode, "injected %s fault", f.callCode)
}

// FailCalls makes the next n calls fail with code before they do
// anything. With no methods, calls of any method count, GetOperation
// included; otherwise only calls of the named methods ("CreateWorkflow",
// "GetOperation") do. Use codes.ResourceExhausted for throttling and
// codes.Unavailable for a server-side error.
func (s *Server) FailCalls(code codes.Code, n int, methods ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.callCode = code
	s.faults.callCount = n
	s.faults.callMethods = methods
}

// DenyServiceAccount makes the next n CreateWorkflow or UpdateWorkflow
// calls that name a service account fail with PERMISSION_DENIED on
// iam.serviceAccounts.actAs, as the service does while a new IAM grant
// propagates.
func (s *Server) DenyServiceAccount(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.denyServiceAccount = n
}

// LagReads makes the next n GetWorkflow calls for a workflow after each of
// its updates return the version from before the update.
func (s *Server) LagReads(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.lagReads = n
}

// LoseCreateResponses makes the next n CreateWorkflow calls store the
// workflow and then fail with UNAVAILABLE, as if the response were lost on
// the way back. A client that retries meets ALREADY_EXISTS.
func (s *Server) LoseCreateResponses(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.loseCreates = n
}

// FailNextOperation makes the next create, update or delete operation
// finish with the given error. A failed create leaves no workflow behind,
// and a failed update or delete leaves the workflow unchanged.
func (s *Server) FailNextOperation(code codes.Code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.failOperation = status.New(code, message)
}

// takeServiceAccountDenial returns the PERMISSION_DENIED error for a call
// that names account, if that fault is pending.
func (f *faults) takeServiceAccountDenial(account string) error {
	if account == "" || f.denyServiceAccount == 0 {
		return nil
	}

	f.denyServiceAccount--

	return status.Error(codes.PermissionDenied, fmt.Sprintf("Permission 'iam.serviceAccounts.actAs' denied on service account %s (or it may not exist).", account))
}

func (f *faults) takeOperationFailure() *status.Status {
	failure := f.failOperation
	f.failOperation = nil

	return failure
}

func (f *faults) takeLostCreate() bool {
	if f.loseCreates == 0 {
		return false
	}

	f.loseCreates--

	return true
}
