// Package provider is the Terraform shell around the workflow model and the
// translators: it converts Terraform values and diagnostics and holds no
// translation logic.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Address is the provider's registry address, which dev_overrides and
// required_providers blocks refer to.
const Address = "registry.terraform.io/multicloud-workflows/multicloud"

// New returns a constructor for the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &multicloudProvider{version: version}
	}
}

type multicloudProvider struct {
	version string
}

func (p *multicloudProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "multicloud"
	resp.Version = p.version
}

func (p *multicloudProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Renders cloud-neutral workflows as AWS Step Functions, Google Cloud Workflows and Azure Logic Apps definitions.",
	}
}

func (p *multicloudProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *multicloudProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newWorkflowDefinitionDataSource}
}

func (p *multicloudProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}
