package logicapps

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// Operation names one kind of ARM request, for Calls and fault injection.
type Operation string

const (
	// OperationAny matches every ARM request (not the token endpoint).
	OperationAny      Operation = ""
	OperationGet      Operation = "GET"
	OperationPut      Operation = "PUT"
	OperationDelete   Operation = "DELETE"
	OperationValidate Operation = "VALIDATE"
)

// Fault is an error response that the server returns instead of handling a
// request, before it reads the request body.
type Fault struct {
	// Operation selects the requests the fault applies to.
	Operation Operation
	Status    int
	Code      string
	Message   string

	// RetryAfter, when positive, is sent in the Retry-After header in whole
	// seconds, rounded up.
	RetryAfter time.Duration
}

// LossMode is the way the server loses the response of a PUT it has performed.
type LossMode int

const (
	// LossCloseConnection closes the connection without a response, as a
	// network failure or a client timeout would.
	LossCloseConnection LossMode = iota

	// LossInternalError returns 500 InternalServerError although the
	// workflow was stored.
	LossInternalError
)

type pendingFault struct {
	fault     Fault
	remaining int
}

type faults struct {
	queue            []*pendingFault
	identityNotReady int
	lagReads         int
	lostPuts         int
	lossMode         LossMode
}

// Inject makes the server return f for the next n requests that match
// f.Operation. Faults injected earlier are used up first.
func (s *Server) Inject(f Fault, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.queue = append(s.faults.queue, &pendingFault{fault: f, remaining: n})
}

// Throttle returns 429 TooManyRequests for the next n ARM requests, with a
// Retry-After header, as ARM does when a subscription exceeds its request
// limits.
func (s *Server) Throttle(n int, retryAfter time.Duration) {
	s.Inject(Fault{
		Status:     http.StatusTooManyRequests,
		Code:       "TooManyRequests",
		Message:    "The request is being throttled as the limit has been reached for operation type. Retry after the period in the Retry-After header.",
		RetryAfter: retryAfter,
	}, n)
}

// FailCalls returns the 5xx status (for example 500 or 503) for the next n
// ARM requests, without a Retry-After header.
func (s *Server) FailCalls(status, n int) {
	s.Inject(Fault{
		Status:  status,
		Code:    http.StatusText(status),
		Message: "The service failed to process the request. Try again later.",
	}, n)
}

// FailNextOperation returns the status and ARM error for the next request
// of the operation, for example 403 AuthorizationFailed for a validate
// request or 409 Conflict for a PUT.
func (s *Server) FailNextOperation(op Operation, status int, code, message string) {
	s.Inject(Fault{Operation: op, Status: status, Code: code, Message: message}, 1)
}

// IdentityNotReady rejects the next n PUTs whose workflow has a managed
// identity with 400 FailedIdentityOperation, which ARM returns while a
// user-assigned identity that was just created has not yet replicated. The
// request is not stored.
func (s *Server) IdentityNotReady(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.identityNotReady = n
}

// LagReads makes every later write (PUT, DELETE) visible only after n
// further GETs of the same workflow: until then GET returns the workflow as
// it was before the write, or 404 if it did not exist. Zero turns lag off.
func (s *Server) LagReads(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.lagReads = n
}

// LosePutResponses stores the workflow of the next n PUTs and then loses
// the response in the given way.
func (s *Server) LosePutResponses(n int, mode LossMode) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults.lostPuts = n
	s.faults.lossMode = mode
}

// ClearFaults removes every pending fault and turns read lag off.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.faults = faults{}
}

// takeFault returns the next fault that applies to op, using it up. The
// caller holds s.mu.
func (f *faults) takeFault(op Operation) *Fault {
	for i, pending := range f.queue {
		if pending.fault.Operation != OperationAny && pending.fault.Operation != op {
			continue
		}

		fault := pending.fault
		pending.remaining--
		if pending.remaining <= 0 {
			f.queue = append(f.queue[:i], f.queue[i+1:]...)
		}
		return &fault
	}

	return nil
}

// takeIdentityNotReady reports whether this PUT gets an identity
// propagation error. The caller holds s.mu.
func (f *faults) takeIdentityNotReady() bool {
	if f.identityNotReady <= 0 {
		return false
	}

	f.identityNotReady--
	return true
}

// takeLostPut returns whether this PUT's response is lost, and how. The
// caller holds s.mu.
func (f *faults) takeLostPut() (bool, LossMode) {
	if f.lostPuts <= 0 {
		return false, 0
	}

	f.lostPuts--
	return true, f.lossMode
}

func writeFault(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter > 0 {
		seconds := int(math.Ceil(f.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(seconds))
	}

	writeARMError(w, f.Status, f.Code, f.Message)
}

// loseResponse drops the connection without a response, or returns 500,
// after the server has performed the request.
func loseResponse(w http.ResponseWriter, mode LossMode) {
	if mode == LossInternalError {
		writeARMError(w, http.StatusInternalServerError, "InternalServerError",
			"Encountered internal server error. Try again later.")
		return
	}

	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}

	conn, _, err := hijacker.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
