package gcp

import "time"

// Config is the provider-level `gcp` block. Credentials come from
// Application Default Credentials unless AccessToken is set.
type Config struct {
	Project     string
	Location    string
	Endpoint    string // host:port of the Workflows API (emulators, tests)
	AccessToken string

	// Insecure sends calls to Endpoint as plaintext gRPC, without TLS. New
	// accepts it only with a loopback Endpoint (localhost, 127.0.0.0/8 or
	// ::1), so no real API endpoint is ever called without TLS. It is meant
	// for local test servers. AccessToken, when set, is still sent.
	Insecure bool

	// CACertificatePEM holds PEM certificates that the TLS certificate of
	// Endpoint may chain to, in addition to the system roots. It is for
	// emulators and test servers with a self-signed certificate. Invalid
	// PEM makes New fail.
	CACertificatePEM string

	// PollInterval is the first pause between polls of a long-running
	// operation and the first pause of every retry backoff. Zero means one
	// second. Tests against a local server set a few milliseconds.
	PollInterval time.Duration
}

// Settings is the resource's `gcp` block for one Cloud Workflows workflow.
type Settings struct {
	Project               string
	Location              string
	ServiceAccount        string
	CallLogLevel          string // LOG_ALL_CALLS, LOG_ERRORS_ONLY, LOG_NONE
	ExecutionHistoryLevel string // EXECUTION_HISTORY_BASIC, EXECUTION_HISTORY_DETAILED
	UserEnvVars           map[string]string
	CryptoKeyName         string
	Labels                map[string]string
	DeletionProtection    bool
}
