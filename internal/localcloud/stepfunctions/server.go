// Package stepfunctions runs a local AWS Step Functions service on
// 127.0.0.1 for tests. It speaks the AWS JSON 1.0 protocol that the official
// SDKs use (POST, Content-Type application/x-amz-json-1.0, X-Amz-Target
// AWSStepFunctions.<Operation>), keeps state machines in memory, and
// behaves as the Step Functions API reference describes for the operations
// a deployer needs: create, describe, update, delete, validate, list, tags
// and versions.
//
// Definitions are checked with asl-validator (installed by `make tools`),
// so a definition the real service rejects for its structure is rejected
// here too. Requests must carry a SigV4 Authorization header signed with
// AccessKeyID and SecretAccessKey. Tests inject faults (throttling, 5xx, IAM propagation
// errors, reads that lag writes, lost create responses) with the Server's
// methods.
//
// Typical use:
//
//	srv := stepfunctions.Start(t)
//	srv.SetEnv(t) // static credentials, no shared config, no metadata service
//	// point the SDK client's BaseEndpoint at srv.URL
package stepfunctions

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
)

// Credentials and account of the local service. Requests signed with
// another access key are rejected with UnrecognizedClientException.
const (
	AccessKeyID     = "AKIALOCALSTEPFUNCS01"
	SecretAccessKey = "local-step-functions-secret-key"
	AccountID       = "123456789012"
	DefaultRegion   = "us-east-1"
)

// maxRequestBytes is the Step Functions quota for one API request (1 MB).
const maxRequestBytes = 1 << 20

// Server is a running local Step Functions service. Its methods are safe to
// call while requests are in flight.
type Server struct {
	// URL is the endpoint to give the SDK as BaseEndpoint, for example
	// http://127.0.0.1:41234.
	URL string

	http      *httptest.Server
	validator string
	tempDir   string

	mu       sync.Mutex
	machines map[string]*stateMachine // keyed by state machine ARN
	calls    map[string]int
	faults   map[string][]Fault

	deleteReads     int
	roleDenials     int
	lagReads        int
	lostCreate      LostResponse
	lostCreateCount int
}

// Start runs a server until the test ends. It fails the test when
// asl-validator is not installed.
func Start(t testing.TB) *Server {
	t.Helper()

	s, err := New()
	if err != nil {
		t.Fatalf("local Step Functions server: %v", err)
	}

	t.Cleanup(s.Close)

	return s
}

// New runs a server outside a test, for example for a local demo; Close
// stops it. It fails when asl-validator is not installed.
func New() (*Server, error) {
	validator, err := testutil.ASLValidatorPath()
	if err != nil {
		return nil, err
	}

	dir, err := os.MkdirTemp("", "localcloud-stepfunctions-")
	if err != nil {
		return nil, fmt.Errorf("creating a folder for definitions: %w", err)
	}

	s := &Server{
		validator:   validator,
		tempDir:     dir,
		machines:    map[string]*stateMachine{},
		calls:       map[string]int{},
		faults:      map[string][]Fault{},
		deleteReads: 1,
	}

	// httptest.NewServer listens on 127.0.0.1 only.
	s.http = httptest.NewServer(s)
	s.URL = s.http.URL

	return s, nil
}

// Close stops the server and removes its temporary files.
func (s *Server) Close() {
	s.http.Close()
	_ = os.RemoveAll(s.tempDir)
}

// SetEnv points the AWS SDK's default credential chain at the server's
// static credentials for the rest of the test. It sets the access key,
// secret and DefaultRegion, disables the EC2 metadata service, and points
// the shared config and credentials files at missing files so that nothing
// from the user's profile is read. Like t.Setenv, it cannot be used in
// parallel tests.
func (s *Server) SetEnv(t testing.TB) {
	t.Helper()

	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", SecretAccessKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", DefaultRegion)
	t.Setenv("AWS_DEFAULT_REGION", DefaultRegion)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
}

// ARN returns the ARN the server gives a state machine named name in region.
func ARN(region, name string) string {
	return fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", region, AccountID, name)
}

// RoleARN returns a well-formed IAM role ARN in the server's account.
func RoleARN(name string) string {
	return fmt.Sprintf("arn:aws:iam::%s:role/%s", AccountID, name)
}

// Calls returns how many requests for operation (for example
// "CreateStateMachine") the server has received, faults included.
func (s *Server) Calls(operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.calls[operation]
}

// apiError is an error response in the AWS JSON 1.0 form.
type apiError struct {
	status  int
	code    string
	message string
}

func errorf(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

// request is one decoded API call.
type request struct {
	operation string
	region    string
	body      []byte
}

func (r request) decode(v any) *apiError {
	if err := json.Unmarshal(r.body, v); err != nil {
		return errorf("SerializationException", "Failed to parse the request body as JSON: %v", err)
	}

	return nil
}

type handler func(s *Server, r request) (any, *apiError)

var operations = map[string]handler{
	"CreateStateMachine":             (*Server).createStateMachine,
	"DescribeStateMachine":           (*Server).describeStateMachine,
	"UpdateStateMachine":             (*Server).updateStateMachine,
	"DeleteStateMachine":             (*Server).deleteStateMachine,
	"ListStateMachines":              (*Server).listStateMachines,
	"ValidateStateMachineDefinition": (*Server).validateStateMachineDefinition,
	"TagResource":                    (*Server).tagResource,
	"UntagResource":                  (*Server).untagResource,
	"ListTagsForResource":            (*Server).listTagsForResource,
	"PublishStateMachineVersion":     (*Server).publishStateMachineVersion,
	"ListStateMachineVersions":       (*Server).listStateMachineVersions,
}

// ServeHTTP checks the protocol and the signature, applies injected faults
// and runs the operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, apiErr := s.readRequest(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	s.calls[req.operation]++
	if fault, ok := s.takeFault(req.operation); ok {
		writeError(w, &apiError{status: fault.StatusCode, code: fault.Type, message: fault.Message})
		return
	}

	out, apiErr := operations[req.operation](s, req)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}

	if req.operation == "CreateStateMachine" && s.loseCreateResponse(w) {
		return
	}

	writeJSON(w, http.StatusOK, out)
}

func (s *Server) readRequest(r *http.Request) (request, *apiError) {
	operation, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "AWSStepFunctions.")
	if r.Method != http.MethodPost || !ok || operations[operation] == nil {
		return request{}, errorf("UnknownOperationException", "Unknown operation %q", r.Header.Get("X-Amz-Target"))
	}

	if ct := r.Header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		return request{}, errorf("SerializationException", "Content-Type must be application/x-amz-json-1.0, not %q", ct)
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if err != nil {
		return request{}, errorf("SerializationException", "Failed to read the request body: %v", err)
	}

	if len(body) > maxRequestBytes {
		return request{}, errorf("ValidationException", "The request is larger than the 1 MB quota")
	}

	region, apiErr := authenticate(r, body)
	if apiErr != nil {
		return request{}, apiErr
	}

	return request{operation: operation, region: region, body: body}, nil
}

// authenticate checks the SigV4 Authorization header: the credential scope
// must name AccessKeyID, the states service and a region, and the
// signature must match one computed with SecretAccessKey over the headers
// the client signed. It returns the region of the scope.
func authenticate(r *http.Request, body []byte) (region string, apiErr *apiError) {
	header := r.Header.Get("Authorization")
	fields, ok := strings.CutPrefix(header, "AWS4-HMAC-SHA256 ")
	if !ok {
		return "", errorf("MissingAuthenticationTokenException", "Missing Authentication Token: the request has no SigV4 Authorization header")
	}

	parts := map[string]string{}
	for field := range strings.SplitSeq(fields, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(field), "=")
		parts[key] = value
	}

	scope := strings.Split(parts["Credential"], "/")
	if len(scope) != 5 || scope[3] != "states" || scope[4] != "aws4_request" || parts["Signature"] == "" {
		return "", errorf("IncompleteSignatureException", "Malformed SigV4 Authorization header %q", header)
	}

	if scope[0] != AccessKeyID {
		return "", errorf("UnrecognizedClientException", "The security token included in the request is invalid.")
	}

	region = scope[2]
	if expected := signature(r, body, region, strings.Split(parts["SignedHeaders"], ";")); expected != parts["Signature"] {
		return "", errorf("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
	}

	return region, nil
}

// signature signs a copy of r that carries only the headers the client
// signed, with the server's secret and the client's X-Amz-Date, and returns
// the hex signature. It returns "" when the request cannot be signed.
func signature(r *http.Request, body []byte, region string, signedHeaders []string) string {
	signingTime, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return ""
	}

	signed, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return ""
	}

	signed.Host = r.Host
	signed.ContentLength = int64(len(body))
	for _, name := range signedHeaders {
		if name != "host" && name != "content-length" {
			signed.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
		}
	}

	hash := sha256.Sum256(body)
	credentials := awssdk.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), credentials, signed, hex.EncodeToString(hash[:]), "states", region, signingTime); err != nil {
		return ""
	}

	_, computed, _ := strings.Cut(signed.Header.Get("Authorization"), "Signature=")
	return computed
}

func writeError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("X-Amzn-ErrorType", e.code)
	writeJSON(w, e.status, map[string]string{"__type": e.code, "message": e.message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"__type":"InternalFailure","message":"failed to encode the response"}`)
	}

	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-RequestId", newID())
	w.WriteHeader(status)
	w.Write(body)
}

// newID returns a random identifier in the 8-4-4-4-12 hex form that AWS
// uses for request and revision IDs.
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	h := hex.EncodeToString(b)

	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
