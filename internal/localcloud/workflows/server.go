// Package workflows runs a local Google Cloud Workflows API for tests: the
// google.cloud.workflows.v1.Workflows gRPC service and the
// google.longrunning.Operations service its client polls, on a loopback
// port.
//
// The server keeps workflows in memory and follows the documented API. It
// returns ALREADY_EXISTS and NOT_FOUND, and INVALID_ARGUMENT for bad
// requests, checking the source against the Cloud Workflows JSON schema.
// It creates a revision ID such as "000001-a4d" when the source or the
// service account changes, honours update masks, and finishes
// long-running operations after a configurable number of polls. Methods
// on Server inject faults and edit the stored workflows out of band.
//
// The API has no deletion protection field (workflowspb v1.22.1), so the
// server has none either; the provider enforces it.
//
// By default the server speaks plaintext gRPC: point the provider's gcp
// Config at it with Endpoint = Server.Endpoint() and Insecure = true. With
// Options.TLS it serves a self-signed certificate instead: set Endpoint and
// CACertificatePEM = Server.CertificatePEM().
package workflows

import (
	"context"
	"fmt"
	"net"
	"sync"

	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Options configures a Server.
type Options struct {
	// Token, when set, is the bearer token every call must carry in its
	// authorization metadata. Calls without it fail with UNAUTHENTICATED.
	Token string

	// PollsUntilDone is the number of GetOperation calls that report an
	// operation as running before it is done. Zero means operations are
	// done in the response of the call that starts them.
	PollsUntilDone int

	// TLS serves over TLS with a self-signed certificate for 127.0.0.1,
	// which CertificatePEM returns, in place of plaintext.
	TLS bool
}

// Server is a running local Cloud Workflows API. Its methods are safe for
// concurrent use.
type Server struct {
	opts           Options
	listener       net.Listener
	grpc           *grpc.Server
	certificatePEM string

	mu         sync.Mutex
	workflows  map[string]*stored
	operations map[string]*operation
	nextOpID   int
	calls      map[string]int
	faults     faults
}

// stored is one workflow with its revision history, newest last.
type stored struct {
	revisions []*workflowspb.Workflow

	// stale is the version the next staleReads reads return, so reads lag
	// the last update (LagReads).
	stale      *workflowspb.Workflow
	staleReads int
}

func (s *stored) latest() *workflowspb.Workflow {
	return s.revisions[len(s.revisions)-1]
}

// Start listens on a free port of 127.0.0.1 and serves until Close.
func Start(opts Options) (*Server, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on 127.0.0.1 for the local Workflows API: %w", err)
	}

	s := &Server{
		opts:       opts,
		listener:   listener,
		workflows:  map[string]*stored{},
		operations: map[string]*operation{},
		calls:      map[string]int{},
	}

	serverOpts := []grpc.ServerOption{grpc.UnaryInterceptor(s.intercept)}
	if opts.TLS {
		certificate, certificatePEM, err := selfSignedCertificate()
		if err != nil {
			_ = listener.Close()
			return nil, err
		}

		s.certificatePEM = string(certificatePEM)
		serverOpts = append(serverOpts, grpc.Creds(credentials.NewServerTLSFromCert(&certificate)))
	}

	s.grpc = grpc.NewServer(serverOpts...)
	workflowspb.RegisterWorkflowsServer(s.grpc, &workflowsService{s: s})
	longrunningpb.RegisterOperationsServer(s.grpc, &operationsService{s: s})

	go func() { _ = s.grpc.Serve(listener) }()

	return s, nil
}

// Endpoint returns the host:port the server listens on.
func (s *Server) Endpoint() string {
	return s.listener.Addr().String()
}

// CertificatePEM returns the server's self-signed certificate in PEM form
// when Options.TLS is set, and "" otherwise.
func (s *Server) CertificatePEM() string {
	return s.certificatePEM
}

// Close stops the server and closes every connection.
func (s *Server) Close() {
	s.grpc.Stop()
}

// Calls returns how many calls of a method arrived, by its short name
// ("CreateWorkflow", "GetOperation"), rejected ones included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.calls[method]
}

// intercept counts every call, checks the bearer token and injects the
// call-level faults before the handler runs.
func (s *Server) intercept(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	method := shortMethod(info.FullMethod)

	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()

	if err := s.checkToken(ctx); err != nil {
		return nil, err
	}

	s.mu.Lock()
	fault := s.faults.takeCallFault(method)
	s.mu.Unlock()

	if fault != nil {
		return nil, fault
	}

	return handler(ctx, req)
}

func (s *Server) checkToken(ctx context.Context) error {
	if s.opts.Token == "" {
		return nil
	}

	md, _ := metadata.FromIncomingContext(ctx)
	for _, value := range md.Get("authorization") {
		if value == "Bearer "+s.opts.Token {
			return nil
		}
	}

	return status.Error(codes.Unauthenticated, "Request is missing required authentication credential. Expected OAuth 2 access token.")
}

func shortMethod(full string) string {
	for i := len(full) - 1; i >= 0; i-- {
		if full[i] == '/' {
			return full[i+1:]
		}
	}

	return full
}
