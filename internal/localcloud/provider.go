// Package localcloud holds what the three local servers below it share with
// their users: the provider block that points the multicloud provider at
// them. The tests and internal/tools/localclouds both write it.
package localcloud

import (
	"fmt"
	"strings"
)

// ProviderConfig is what a multicloud provider block needs to reach the
// local Step Functions, Cloud Workflows and Logic Apps servers.
type ProviderConfig struct {
	AWSRegion   string
	AWSEndpoint string

	GCPProject  string
	GCPLocation string
	GCPEndpoint string
	GCPToken    string

	AzureSubscriptionID string
	AzureResourceGroup  string // optional provider default
	AzureLocation       string
	AzureEndpoint       string // also the Entra authority host
	AzureCACertificate  string // PEM

	// PollInterval shortens each deployer's wait between reads, as a Go
	// duration. Empty keeps the provider's defaults.
	PollInterval string
}

// HCL returns the provider block, formatted as terraform fmt would.
func (c ProviderConfig) HCL() string {
	var b strings.Builder

	b.WriteString("provider \"multicloud\" {\n")

	writeBlock(&b, "aws", []attribute{
		{"region", quoted(c.AWSRegion)},
		{"endpoint", quoted(c.AWSEndpoint)},
		{"poll_interval", quoted(c.PollInterval)},
	})
	b.WriteString("\n")

	writeBlock(&b, "gcp", []attribute{
		{"project", quoted(c.GCPProject)},
		{"location", quoted(c.GCPLocation)},
		{"endpoint", quoted(c.GCPEndpoint)},
		{"access_token", quoted(c.GCPToken)},
		{"insecure", "true"},
		{"poll_interval", quoted(c.PollInterval)},
	})
	b.WriteString("\n")

	writeBlock(&b, "azure", []attribute{
		{"subscription_id", quoted(c.AzureSubscriptionID)},
		{"resource_group", quoted(c.AzureResourceGroup)},
		{"location", quoted(c.AzureLocation)},
		{"endpoint", quoted(c.AzureEndpoint)},
		{"authority_host", quoted(c.AzureEndpoint)},
		{"ca_certificate", quoted(c.AzureCACertificate)},
		{"poll_interval", quoted(c.PollInterval)},
	})

	b.WriteString("}\n")

	return b.String()
}

type attribute struct {
	name  string
	value string // HCL text, or empty to leave the attribute out
}

// writeBlock writes a nested block with its "=" signs aligned.
func writeBlock(b *strings.Builder, name string, attributes []attribute) {
	width := 0

	for _, a := range attributes {
		if a.value != "" {
			width = max(width, len(a.name))
		}
	}

	fmt.Fprintf(b, "  %s {\n", name)

	for _, a := range attributes {
		if a.value != "" {
			fmt.Fprintf(b, "    %-*s = %s\n", width, a.name, a.value)
		}
	}

	b.WriteString("  }\n")
}

// quoted returns s as an HCL string, or empty for an empty s. A PEM
// certificate becomes one line with \n escapes, which HCL reads back.
func quoted(s string) string {
	if s == "" {
		return ""
	}

	return fmt.Sprintf("%q", s)
}
