package stepfunctions

import (
	"net/http"
)

// Fault is an error response the server returns in place of running an
// operation.
type Fault struct {
	StatusCode int
	Type       string // the "__type" the SDK maps to an error type
	Message    string
}

// Faults that the AWS SDK's standard retryer retries.
var (
	Throttling         = Fault{StatusCode: http.StatusBadRequest, Type: "ThrottlingException", Message: "Rate exceeded"}
	InternalFailure    = Fault{StatusCode: http.StatusInternalServerError, Type: "InternalFailure", Message: "The request processing has failed because of an unknown error."}
	ServiceUnavailable = Fault{StatusCode: http.StatusServiceUnavailable, Type: "ServiceUnavailable", Message: "Service is unavailable."}
)

// roleNotAssumableMessage is the message the real service returns with
// AccessDeniedException (HTTP 400) while a newly created role, or its trust
// policy, has not propagated through IAM yet.
const roleNotAssumableMessage = "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role."

// InjectFault makes the next times calls of operation (for example
// "DescribeStateMachine") fail with f. Faults for one operation queue up.
func (s *Server) InjectFault(operation string, f Fault, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	for range times {
		s.faults[operation] = append(s.faults[operation], f)
	}
}

func (s *Server) takeFault(operation string) (Fault, bool) {
	queue := s.faults[operation]
	if len(queue) == 0 {
		return Fault{}, false
	}

	s.faults[operation] = queue[1:]
	return queue[0], true
}

// DenyRoleAssumption makes the next times CreateStateMachine and
// UpdateStateMachine calls that pass input validation fail with the
// AccessDeniedException the service returns during IAM propagation.
// Nothing is stored by a denied call.
func (s *Server) DenyRoleAssumption(times int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.roleDenials = times
}

func (s *Server) takeRoleDenial() *apiError {
	if s.roleDenials == 0 {
		return nil
	}

	s.roleDenials--
	return errorf("AccessDeniedException", "%s", roleNotAssumableMessage)
}

// LagReads delays every later create or update: the next reads
// DescribeStateMachine calls for that state machine return it as it was
// before the write, or StateMachineDoesNotExist after a create. Zero turns
// the lag off.
func (s *Server) LagReads(reads int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.lagReads = reads
}

// SetDeleteReads sets how many DescribeStateMachine calls still return a
// deleted state machine with status DELETING before it disappears. The
// default is 1.
func (s *Server) SetDeleteReads(reads int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.deleteReads = reads
}

// LostResponse is the way the server loses the response to a create it
// has stored.
type LostResponse int

const (
	// KeepResponse sends the response as usual.
	KeepResponse LostResponse = iota

	// CloseConnection closes the TCP connection without a response, as a
	// network failure after the request reached the service would.
	CloseConnection

	// RespondInternalFailure returns HTTP 500 InternalFailure, which the
	// SDK retries.
	RespondInternalFailure
)

// LoseCreateResponses makes the next times successful CreateStateMachine
// calls store the state machine and then lose the response in the way
// mode selects.
func (s *Server) LoseCreateResponses(mode LostResponse, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.lostCreate = mode
	s.lostCreateCount = times
}

// loseCreateResponse applies a pending lost response and reports whether
// it replaced the normal one.
func (s *Server) loseCreateResponse(w http.ResponseWriter) bool {
	if s.lostCreateCount == 0 || s.lostCreate == KeepResponse {
		return false
	}

	s.lostCreateCount--

	if s.lostCreate == RespondInternalFailure {
		writeError(w, &apiError{status: InternalFailure.StatusCode, code: InternalFailure.Type, message: InternalFailure.Message})
		return true
	}

	hijacker, ok := w.(http.Hijacker)
	if !ok {
		writeError(w, &apiError{status: InternalFailure.StatusCode, code: InternalFailure.Type, message: "connection cannot be hijacked"})
		return true
	}

	conn, _, err := hijacker.Hijack()
	if err == nil {
		conn.Close()
	}

	return true
}
