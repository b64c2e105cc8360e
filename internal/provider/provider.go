// Package provider is the Terraform shell around the workflow model, the
// translators and the deployers: it converts Terraform values and
// diagnostics and holds no translation or cloud logic.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// providerModel is the provider block. Each cloud block is optional: a
// cloud's credentials are looked up only when a resource targets it.
type providerModel struct {
	AWS   *awsProviderModel   `tfsdk:"aws"`
	GCP   *gcpProviderModel   `tfsdk:"gcp"`
	Azure *azureProviderModel `tfsdk:"azure"`
}

type awsProviderModel struct {
	Region       types.String `tfsdk:"region"`
	Profile      types.String `tfsdk:"profile"`
	Endpoint     types.String `tfsdk:"endpoint"`
	PollInterval types.String `tfsdk:"poll_interval"`
}

type gcpProviderModel struct {
	Project       types.String `tfsdk:"project"`
	Location      types.String `tfsdk:"location"`
	Endpoint      types.String `tfsdk:"endpoint"`
	AccessToken   types.String `tfsdk:"access_token"`
	Insecure      types.Bool   `tfsdk:"insecure"`
	CACertificate types.String `tfsdk:"ca_certificate"`
	PollInterval  types.String `tfsdk:"poll_interval"`
}

type azureProviderModel struct {
	SubscriptionID types.String `tfsdk:"subscription_id"`
	ResourceGroup  types.String `tfsdk:"resource_group"`
	Location       types.String `tfsdk:"location"`
	TenantID       types.String `tfsdk:"tenant_id"`
	Environment    types.String `tfsdk:"environment"`
	Endpoint       types.String `tfsdk:"endpoint"`
	AuthorityHost  types.String `tfsdk:"authority_host"`
	CACertificate  types.String `tfsdk:"ca_certificate"`
	PollInterval   types.String `tfsdk:"poll_interval"`
}

func (p *multicloudProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "multicloud"
	resp.Version = p.version
}

func (p *multicloudProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Renders cloud-neutral workflows as AWS Step Functions, Google Cloud Workflows and Azure Logic Apps definitions, and deploys them.",

		Blocks: map[string]schema.Block{
			"aws": schema.SingleNestedBlock{
				Description: "Defaults and credentials for workflows with target = \"aws\". Credentials come from the AWS SDK's usual sources: environment variables, the shared config and credentials files, and instance or container roles.",
				Attributes: map[string]schema.Attribute{
					"region":        stringAttr("The AWS Region of workflows that do not set `aws.region`. Defaults to the SDK's region (AWS_REGION, the profile)."),
					"profile":       stringAttr("The named profile of the shared config files to use. Defaults to AWS_PROFILE or `default`."),
					"endpoint":      stringAttr("A URL that replaces the Step Functions endpoint, for LocalStack, VPC endpoints or tests."),
					"poll_interval": pollInterval("2s"),
				},
			},

			"gcp": schema.SingleNestedBlock{
				Description: "Defaults and credentials for workflows with target = \"gcp\". Credentials come from Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server) unless `access_token` is set.",
				Attributes: map[string]schema.Attribute{
					"project":  stringAttr("The project of workflows that do not set `gcp.project`."),
					"location": stringAttr("The location (region) of workflows that do not set `gcp.location`, for example `us-central1`."),
					"endpoint": stringAttr("`host:port` of the Workflows API, replacing `workflows.googleapis.com:443`, for private endpoints or tests."),
					"access_token": schema.StringAttribute{
						Description: "An OAuth 2.0 access token to use instead of Application Default Credentials.",
						Optional:    true,
						Sensitive:   true,
					},
					"insecure": schema.BoolAttribute{
						Description: "Call `endpoint` over plaintext gRPC, for local emulators. Accepted only when `endpoint` is a loopback address.",
						Optional:    true,
					},
					"poll_interval":  pollInterval("1s"),
					"ca_certificate": stringAttr("PEM certificates that the TLS certificate of `endpoint` may chain to, besides the system roots, for emulators with a self-signed certificate."),
				},
			},

			"azure": schema.SingleNestedBlock{
				Description: "Defaults and credentials for workflows with target = \"azure\". Credentials come from the Azure Identity default chain: environment variables, workload identity, managed identity and the Azure CLI.",
				Attributes: map[string]schema.Attribute{
					"subscription_id": stringAttr("The subscription of workflows that do not set `azure.subscription_id`."),
					"resource_group":  stringAttr("The resource group of workflows that do not set `azure.resource_group`."),
					"location":        stringAttr("The Azure region of workflows that do not set `azure.location`, for example `westeurope`."),
					"tenant_id":       stringAttr("The Microsoft Entra tenant to authenticate in. Defaults to AZURE_TENANT_ID."),
					"environment":     stringAttr("The Azure cloud: `public` (default), `usgovernment` or `china`."),
					"endpoint":        stringAttr("A URL that replaces the Azure Resource Manager endpoint (and its token audience), for private clouds and tests."),
					"authority_host":  stringAttr("A URL that replaces the Microsoft Entra authority that issues tokens. Setting it turns off instance discovery."),
					"ca_certificate":  stringAttr("PEM certificates trusted besides the system roots for Resource Manager and Entra connections, for test servers and TLS-inspecting proxies."),
					"poll_interval":   pollInterval("5s"),
				},
			},
		},
	}
}

// pollInterval is how long the provider waits between reads while a cloud
// finishes a change. Emulators respond at once, so their users shorten it.
func pollInterval(def string) schema.StringAttribute {
	return schema.StringAttribute{
		Description: "How long to wait between reads while the cloud finishes a change, as a Go duration such as `500ms`. Defaults to `" + def + "`.",
		Optional:    true,
		Validators:  []validator.String{durationValidator{}},
	}
}

func stringAttr(description string) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true}
}

func (p *multicloudProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel

	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	clients := newCloudClients(m)
	clients.partial = !req.Config.Raw.IsFullyKnown()
	resp.ResourceData = clients
	resp.DataSourceData = clients
}

func (p *multicloudProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newWorkflowDefinitionDataSource}
}

func (p *multicloudProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newWorkflowResource}
}
