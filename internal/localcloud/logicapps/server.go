// Package logicapps runs a local Azure Resource Manager (ARM) service for
// Logic Apps (Consumption) workflows that tests reach through the real
// armlogic client and azidentity credentials.
//
// The server listens with TLS on 127.0.0.1 and serves two things:
//
//   - the Microsoft Entra endpoints that a client credentials grant uses
//     (tenant discovery and the v2.0 token endpoint), so that azidentity
//     obtains a bearer token the way it does against Azure;
//   - Microsoft.Logic/workflows at api-version 2019-05-01: PUT, GET, DELETE
//     and POST .../validate, with ARM error bodies.
//
// It stores workflows in memory, checks every definition with wdlcheck and
// rejects invalid ones with 400 InvalidTemplate, and accepts only bearer
// tokens that its own token endpoint issued. Methods on Server inject faults
// (throttling, 5xx, managed identity propagation, lagging reads, lost
// responses, failed operations) and change workflows out of band.
//
// Every resource group exists. The server does not model subscriptions,
// resource groups, integration accounts or user-assigned identities, so any
// well-formed reference to them is accepted.
package logicapps

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// APIVersion is the only api-version the server accepts.
const APIVersion = "2019-05-01"

// Default credentials of the service principal that the token endpoint
// accepts when Options leaves them empty.
const (
	DefaultTenantID     = "00000000-0000-4000-8000-0000000000aa"
	DefaultClientID     = "00000000-0000-4000-8000-0000000000bb"
	DefaultClientSecret = "local-test-secret"
)

// Options configures Start. Empty fields take the defaults above.
type Options struct {
	TenantID     string
	ClientID     string
	ClientSecret string

	// TokenLifetime is how long issued access tokens are valid (default one
	// hour).
	TokenLifetime time.Duration
}

// Server is a running local ARM service. Its methods are safe for
// concurrent use.
type Server struct {
	TenantID     string
	ClientID     string
	ClientSecret string

	http       *httptest.Server
	caCertFile string
	tempDir    string
	lifetime   time.Duration

	mu        sync.Mutex
	tokens    map[string]time.Time // access token -> expiry
	workflows map[string]*record   // lower-case ARM ID -> workflow
	calls     map[Operation]int
	tokenHits int
	sequence  int
	faults    faults
}

// Start starts a server on 127.0.0.1 with a self-signed certificate and
// writes that certificate as PEM to a temporary file (CACertFile). Call
// Close when done.
func Start(opts Options) (*Server, error) {
	s := &Server{
		TenantID:     valueOr(opts.TenantID, DefaultTenantID),
		ClientID:     valueOr(opts.ClientID, DefaultClientID),
		ClientSecret: valueOr(opts.ClientSecret, DefaultClientSecret),
		lifetime:     opts.TokenLifetime,
		tokens:       map[string]time.Time{},
		workflows:    map[string]*record{},
		calls:        map[Operation]int{},
	}
	if s.lifetime <= 0 {
		s.lifetime = time.Hour
	}

	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.http.StartTLS()

	if err := s.writeCACertificate(); err != nil {
		s.http.Close()
		return nil, err
	}

	return s, nil
}

func (s *Server) writeCACertificate() error {
	dir, err := os.MkdirTemp("", "localcloud-logicapps-")
	if err != nil {
		return fmt.Errorf("creating a folder for the server certificate: %w", err)
	}

	path := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(path, []byte(s.CACertificatePEM()), 0o600); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("writing the server certificate: %w", err)
	}

	s.tempDir = dir
	s.caCertFile = path
	return nil
}

// URL returns the base URL, for example https://127.0.0.1:41234. It is both
// the Resource Manager endpoint (and token audience) and the Microsoft Entra
// authority host.
func (s *Server) URL() string {
	return s.http.URL
}

// CACertFile returns the path of a PEM file holding the certificate that
// clients must trust to connect.
func (s *Server) CACertFile() string {
	return s.caCertFile
}

// CACertificatePEM returns the same certificate as PEM text.
func (s *Server) CACertificatePEM() string {
	block := &pem.Block{Type: "CERTIFICATE", Bytes: s.http.Certificate().Raw}
	return string(pem.EncodeToMemory(block))
}

// CredentialEnv returns the environment variables with which azidentity's
// EnvironmentCredential (and so DefaultAzureCredential) authenticates as this
// server's service principal. AZURE_TOKEN_CREDENTIALS restricts
// DefaultAzureCredential to EnvironmentCredential, so a failed sign-in never
// falls through to managed identity or the Azure CLI.
func (s *Server) CredentialEnv() map[string]string {
	return map[string]string{
		"AZURE_TENANT_ID":         s.TenantID,
		"AZURE_CLIENT_ID":         s.ClientID,
		"AZURE_CLIENT_SECRET":     s.ClientSecret,
		"AZURE_TOKEN_CREDENTIALS": "EnvironmentCredential",
	}
}

// Close stops the server and removes the certificate file.
func (s *Server) Close() {
	s.http.Close()
	os.RemoveAll(s.tempDir)
}

// Calls returns how many ARM requests of the operation the server received,
// including those that got an injected fault. OperationAny counts all.
func (s *Server) Calls(op Operation) int {
	s.mu.Lock()
	defer s.mu.Unlock()

	if op == OperationAny {
		total := 0
		for _, n := range s.calls {
			total += n
		}
		return total
	}

	return s.calls[op]
}

// TokenRequests returns how many access tokens the server issued.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.tokenHits
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveEntra(w, r) {
		return
	}

	s.serveARM(w, r)
}

// armError is the body of every ARM error response.
type armError struct {
	Error armErrorDetail `json:"error"`
}

type armErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeARMError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, armError{Error: armErrorDetail{Code: code, Message: message}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}

func valueOr(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}
