package gcp

// Config is the provider-level `gcp` block. Credentials come from
// Application Default Credentials unless AccessToken is set.
type Config struct {
	Project     string
	Location    string
	Endpoint    string // host:port of the Workflows API (emulators, tests)
	AccessToken string
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
