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
	own       types.String
	fallback  string
	example   string
}

// checkPlacement reports at plan time a workflow whose region, project,
// location, subscription or resource group is set nowhere, which would
// otherwise fail only when apply calls the cloud. It reads the
// configuration because the plan holds these computed values as unknown
// when the configuration leaves them out.
func (r *workflowResource) checkPlacement(ctx context.Context, config tfsdk.Config, plan *workflowResourceModel, diags *diag.Diagnostics) {
	if r.clients == nil || r.clients.partial {
		return
	}

	var m workflowResourceModel
	if d := config.Get(ctx, &m); d.HasError() {
		return
	}

	block := plan.Target.ValueString()

	for _, s := range r.placementSettings(&m) {
		if s.own.IsUnknown() || s.own.ValueString() != "" || s.fallback != "" {
			continue
		}

		diags.AddAttributeError(path.Root(block).AtName(s.attribute), "Missing "+s.title,
			fmt.Sprintf("The workflow %q has target = %q but no %s. Set %s.%s in this resource, or %s in the provider's %s block%s.",
				plan.Name.ValueString(), block, s.title, block, s.attribute, s.attribute, block, s.example))
	}

	if plan.target() == translate.AWS {
		r.checkRegion(ctx, &m, diags)
	}
}

// placementSettings lists the GCP and Azure values that have no source
// other than the resource and the provider blocks.
func (r *workflowResource) placementSettings(m *workflowResourceModel) []placementSetting {
	switch m.target() {
	case translate.GCP:
		var project, location types.String
		if m.GCP != nil {
			project, location = m.GCP.Project, m.GCP.Location
		}

		return []placementSetting{
			{"project", "Google Cloud project", project, r.clients.gcp.Project, ""},
			{"location", "Cloud Workflows location", location, r.clients.gcp.Location, ", for example us-central1"},
		}
	case translate.Azure:
		var subscription, group, location types.String
		if m.Azure != nil {
			subscription, group, location = m.Azure.SubscriptionID, m.Azure.ResourceGroup, m.Azure.Location
		}

		return []placementSetting{
			{"subscription_id", "Azure subscription", subscription, r.clients.azure.SubscriptionID, ""},
			{"resource_group", "Azure resource group", group, r.clients.azure.ResourceGroup, ""},
			{"location", "Azure location", location, r.clients.azure.Location, ", for example westeurope"},
		}
	}

	return nil
}

// checkRegion reads the region from the AWS SDK's configuration when neither
// the resource nor the provider sets one, because the environment and the
// shared config file can supply it. Loading it reads local files only.
func (r *workflowResource) checkRegion(ctx context.Context, m *workflowResourceModel, diags *diag.Diagnostics) {
	if m.AWS != nil && (m.AWS.Region.IsUnknown() || m.AWS.Region.ValueString() != "") {
		return
	}

	if r.clients.aws.Region != "" {
		return
	}

	// A client that cannot be set up is reported by the cloud validation
	// that follows, as a warning.
	d, err := r.clients.deployer(ctx, translate.AWS)
	if err != nil {
		return
	}

	if deployer, ok := d.(*aws.Deployer); ok && deployer.DefaultRegion() == "" {
		diags.AddAttributeError(path.Root("aws").AtName("region"), "Missing AWS region",
			fmt.Sprintf("The workflow %q has target = \"aws\" but no region. Set aws.region in this resource, region in the provider's aws block, the AWS_REGION environment variable, or a region in your AWS config profile, for example us-east-1.",
				m.Name.ValueString()))
	}
}
