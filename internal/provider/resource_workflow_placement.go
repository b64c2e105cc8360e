package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/aws"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
)

// placementSetting is one value that decides where a workflow lives: the
// resource's own value and the provider's default for it.
type placementSetting struct {
	attribute string
	title     string

	// own points into the model, or is nil when the model has no block
	// for the target.
	own      *types.String
	fallback string

	// sources ends the error for a missing value with the other places
	// it can come from, or an example.
	sources string
}

// set reports whether the resource or the provider gives a value, or
// whether the resource's value is known only at apply.
func (s placementSetting) set() bool {
	if s.fallback != "" {
		return true
	}

	return s.own != nil && (s.own.IsUnknown() || s.own.ValueString() != "")
}

// placementSettings lists the values of m's target block that fall back to
// the provider's defaults.
func (r *workflowResource) placementSettings(m *workflowResourceModel) []placementSetting {
	switch m.target() {
	case translate.GCP:
		var project, location *types.String
		if m.GCP != nil {
			project, location = &m.GCP.Project, &m.GCP.Location
		}

		return []placementSetting{
			{"project", "Google Cloud project", project, r.clients.gcp.Project, ""},
			{"location", "Cloud Workflows location", location, r.clients.gcp.Location, ", for example us-central1"},
		}
	case translate.Azure:
		var subscription, group, location *types.String
		if m.Azure != nil {
			subscription, group, location = &m.Azure.SubscriptionID, &m.Azure.ResourceGroup, &m.Azure.Location
		}

		return []placementSetting{
			{"subscription_id", "Azure subscription", subscription, r.clients.azure.SubscriptionID, ""},
			{"resource_group", "Azure resource group", group, r.clients.azure.ResourceGroup, ""},
			{"location", "Azure location", location, r.clients.azure.Location, ", for example westeurope"},
		}
	case translate.AWS:
		var region *types.String
		if m.AWS != nil {
			region = &m.AWS.Region
		}

		return []placementSetting{
			{"region", "AWS region", region, r.clients.aws.Region,
				", the AWS_REGION environment variable, or a region in your AWS config profile, for example us-east-1"},
		}
	}

	return nil
}

// fillPlacement puts the provider's defaults into the target's block so
// that the state records where the workflow lives.
func (r *workflowResource) fillPlacement(m *workflowResourceModel) {
	if r.clients == nil {
		return
	}

	for _, s := range r.placementSettings(m) {
		if s.own != nil && (s.own.IsNull() || s.own.IsUnknown()) && s.fallback != "" {
			*s.own = types.StringValue(s.fallback)
		}
	}
}

// checkPlacement reports at plan time a workflow whose region, project,
// location, subscription or resource group is set nowhere, which would
// otherwise fail only when apply calls the cloud. It reads the
// configuration because the plan holds these computed values as unknown
// when the configuration leaves them out.
func (r *workflowResource) checkPlacement(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	if r.clients == nil || r.clients.partial {
		return
	}

	var m workflowResourceModel
	if d := config.Get(ctx, &m); d.HasError() {
		return
	}

	block := m.Target.ValueString()

	for _, s := range r.placementSettings(&m) {
		if s.set() || (m.target() == translate.AWS && r.sdkGivesRegion(ctx)) {
			continue
		}

		diags.AddAttributeError(path.Root(block).AtName(s.attribute), "Missing "+s.title,
			fmt.Sprintf("The workflow %q has target = %q but no %s. Set %s.%s in this resource, or %s in the provider's %s block%s.",
				m.Name.ValueString(), block, s.title, block, s.attribute, s.attribute, block, s.sources))
	}
}

// sdkGivesRegion reports whether the AWS SDK's configuration gives a region,
// because the environment and the shared config file can supply one that
// neither the resource nor the provider sets. Loading it reads local files
// only. A client that cannot be set up counts as giving one, so that only
// the cloud validation which follows reports that failure, as a warning.
func (r *workflowResource) sdkGivesRegion(ctx context.Context) bool {
	d, err := r.clients.deployer(ctx, translate.AWS)
	if err != nil {
		return true
	}

	deployer, ok := d.(*aws.Deployer)

	return !ok || deployer.DefaultRegion() != ""
}
