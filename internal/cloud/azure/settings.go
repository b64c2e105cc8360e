package azure

import "time"

// Config is the provider-level `azure` block. Credentials come from the
// azidentity default chain (environment, workload identity, managed
// identity, Azure CLI) for the named tenant.
type Config struct {
	SubscriptionID string
	ResourceGroup  string
	Location       string
	TenantID       string
	Environment    string // public, usgovernment or china
	Endpoint       string // Resource Manager endpoint override (tests, sovereign clouds)

	// AuthorityHost overrides the Microsoft Entra authority host that
	// issues tokens, for example https://127.0.0.1:8443/ in tests or the
	// authority of a private cloud. Setting it turns off instance
	// discovery, which would ask the public cloud's authority about it.
	AuthorityHost string

	// CACertificateFile names a PEM file of CA certificates that are
	// trusted, in addition to the system's, for Resource Manager and
	// Microsoft Entra connections (a test server's self-signed certificate,
	// a TLS-inspecting proxy).
	CACertificateFile string

	// CACertificatePEM holds PEM CA certificates trusted in the same way,
	// for callers that have the certificate text rather than a file. Both
	// may be set.
	CACertificatePEM string

	// PollInterval is the wait between reads while the deployer waits for
	// a write or delete to become visible, and between create attempts
	// while a managed identity propagates. Zero means 5 seconds.
	PollInterval time.Duration
}

// Settings is the resource's `azure` block for one Logic Apps workflow.
type Settings struct {
	SubscriptionID       string
	ResourceGroup        string
	Location             string
	Identity             *Identity
	Enabled              bool
	Parameters           map[string]string // values for the definition's parameters, as JSON text
	AccessControl        *AccessControl
	IntegrationAccountID string
	Tags                 map[string]string
}

// Identity is the workflow's managed identity.
type Identity struct {
	Type                    string // SystemAssigned or UserAssigned
	UserAssignedIdentityIDs []string
}

// AccessControl limits who may call the workflow's trigger, read run
// contents and call actions, by caller IP range.
type AccessControl struct {
	TriggerIPRanges []string
	ContentIPRanges []string
	ActionIPRanges  []string
}
