package azure

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
