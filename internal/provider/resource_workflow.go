package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/aws"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/azure"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var (
	_ resource.ResourceWithConfigure      = (*workflowResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*workflowResource)(nil)
	_ resource.ResourceWithImportState    = (*workflowResource)(nil)
	_ resource.ResourceWithValidateConfig = (*workflowResource)(nil)
)

const (
	defaultWriteTimeout = 20 * time.Minute
	defaultReadTimeout  = 5 * time.Minute
)

func newWorkflowResource() resource.Resource {
	return &workflowResource{}
}

// workflowResource deploys one neutral workflow to the cloud named by
// `target`. Rendering happens at plan time, so the plan shows the exact
// definition that apply sends.
type workflowResource struct {
	clients *cloudClients
}

type workflowResourceModel struct {
	ID                  types.String        `tfsdk:"id"`
	Name                types.String        `tfsdk:"name"`
	Target              types.String        `tfsdk:"target"`
	Definition          types.Dynamic       `tfsdk:"definition"`
	Description         types.String        `tfsdk:"description"`
	Strict              types.Bool          `tfsdk:"strict"`
	RenderedDefinition  types.String        `tfsdk:"rendered_definition"`
	ARN                 types.String        `tfsdk:"arn"`
	VersionARN          types.String        `tfsdk:"version_arn"`
	RevisionID          types.String        `tfsdk:"revision_id"`
	State               types.String        `tfsdk:"state"`
	AccessEndpoint      types.String        `tfsdk:"access_endpoint"`
	IdentityPrincipalID types.String        `tfsdk:"identity_principal_id"`
	AWS                 *awsSettingsModel   `tfsdk:"aws"`
	GCP                 *gcpSettingsModel   `tfsdk:"gcp"`
	Azure               *azureSettingsModel `tfsdk:"azure"`
	Timeouts            timeouts.Value      `tfsdk:"timeouts"`
}

func (r *workflowResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workflow"
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description:   description,
		Computed:      true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func (r *workflowResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Deploys a cloud-neutral workflow as an AWS Step Functions state machine, a Google Cloud Workflows workflow or an Azure Logic Apps workflow. Changing `target` moves the workflow to another cloud.",

		Attributes: map[string]schema.Attribute{
			"id": computedString("The cloud's ID of the workflow: the state machine ARN, the full Cloud Workflows resource name or the Azure resource ID. Import accepts the same."),
			"name": schema.StringAttribute{
				Description:   "The workflow name: a letter first, then letters, digits, `_` or `-`, ending with a letter or digit, at most 64 characters. Changing it replaces the workflow.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.RegexMatches(workflow.NamePattern, "must start with a letter, end with a letter or digit, contain only letters, digits, _ and -, and have at most 64 characters"),
				},
			},
			"target": schema.StringAttribute{
				Description:   "The cloud to deploy to: `aws`, `gcp` or `azure`. Changing it replaces the workflow: Terraform deletes it from the old cloud, then creates it on the new one. Add `lifecycle { create_before_destroy = true }` to create the new one first, so a failed create leaves the old one running.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{oneOf("target", "aws", "gcp", "azure")},
			},
			"definition": schema.DynamicAttribute{
				Description: "The workflow: an object with `steps` and an optional `input` declaration, written in HCL or loaded with `yamldecode(file(...))`. See docs/language.md.",
				Required:    true,
			},
			"description": schema.StringAttribute{
				Description: "A description of the workflow. Step Functions keeps it only on published versions, so it is stored there as the version description when `aws.version_description` is not set.",
				Optional:    true,
			},
			"strict": schema.BoolAttribute{
				Description: "When true, a construct that the target runs through a documented lowering fails the plan instead of warning. Defaults to false.",
				Optional:    true,
			},
			"rendered_definition": schema.StringAttribute{
				Description: "The definition deployed to the target, as generated from `definition`. Known at plan time when `definition` is, so the plan shows it.",
				Computed:    true,
			},
			"arn":                   computedString("AWS: the state machine ARN."),
			"version_arn":           computedString("AWS: the ARN of the latest published version, when `aws.publish` is true."),
			"revision_id":           computedString("The revision the cloud assigned to the deployed definition (Step Functions revision, Cloud Workflows revision, Logic Apps version). Unknown in a plan that updates the workflow in the cloud, because the update may assign a new one. After an import, a configuration without the target's block also causes such an update: the import reads the block back and the plan removes it."),
			"state":                 computedString("GCP: the workflow state, such as ACTIVE. Azure: the provisioning state."),
			"access_endpoint":       computedString("Azure: the workflow's access endpoint."),
			"identity_principal_id": computedString("Azure: the principal ID of the system-assigned identity."),
		},

		Blocks: map[string]schema.Block{
			"aws":   awsBlock(),
			"gcp":   gcpBlock(),
			"azure": azureBlock(),
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true, Read: true, Update: true, Delete: true,
			}),
		},
	}
}

func (r *workflowResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}

	clients, ok := req.ProviderData.(*cloudClients)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("The resource expected *cloudClients and got %T. This is a bug in the provider; please report it.", req.ProviderData))

		return
	}

	r.clients = clients
}

func (m *workflowResourceModel) target() translate.Target {
	t, _ := translate.ParseTarget(m.Target.ValueString())

	return t
}

func (m *workflowResourceModel) renderOptions() translate.Options {
	opts := translate.Options{Strict: m.Strict.ValueBool()}
	if m.AWS != nil {
		opts.AWSQueryLanguage = m.AWS.QueryLanguage.ValueString()
	}

	return opts
}

// render translates the definition for the target. known is false when
// values unknown until apply keep the definition from being rendered.
func (m *workflowResourceModel) render(ctx context.Context, diags *diag.Diagnostics) (text string, known bool) {
	w, known := decodeDefinition(ctx, m.Definition, diags)
	if w == nil {
		return "", known
	}

	t := m.target()
	r := translate.Render(w, []translate.Target{t}, m.renderOptions())[0]
	addDiagnostics(diags, r.Diagnostics, targetLabel(t))

	return r.Definition, known && !r.Diagnostics.HasErrors()
}

// settings returns the deployer settings of the target's block.
func (m *workflowResourceModel) settings(ctx context.Context, diags *diag.Diagnostics) any {
	switch m.target() {
	case translate.GCP:
		return m.GCP.settings(ctx, diags)
	case translate.Azure:
		return m.Azure.settings(ctx, diags)
	}

	return m.AWS.settings(ctx, diags)
}

func (m *workflowResourceModel) workflow(ctx context.Context, diags *diag.Diagnostics) cloud.Workflow {
	return cloud.Workflow{
		Name:        m.Name.ValueString(),
		Description: m.Description.ValueString(),
		Definition:  m.RenderedDefinition.ValueString(),
		Settings:    m.settings(ctx, diags),
	}
}

func (r *workflowResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m workflowResourceModel

	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Target.IsUnknown() || m.Target.IsNull() {
		return
	}

	if m.target() == translate.AWS && (m.AWS == nil || m.AWS.RoleARN.IsNull()) {
		resp.Diagnostics.AddAttributeError(path.Root("aws").AtName("role_arn"), "Missing role for Step Functions",
			"A workflow with target = \"aws\" needs aws.role_arn: the ARN of the IAM role that Step Functions assumes to call your tasks. Add an aws block with role_arn.")
	}

	// Rendering errors are reported here too, so `terraform validate`
	// finds them without credentials. Warnings wait for the plan.
	var render diag.Diagnostics
	m.render(ctx, &render)

	for _, d := range render {
		if d.Severity() == diag.SeverityError {
			resp.Diagnostics.Append(d)
		}
	}
}

// ModifyPlan renders the definition so the plan shows it, fills placement
// defaults from the provider, marks identifiers that the change will
// regenerate as unknown, and runs the cloud's validation when it can.
func (r *workflowResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}

	var plan workflowResourceModel

	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Target.IsUnknown() {
		return
	}

	text, known := plan.render(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	plan.RenderedDefinition = types.StringUnknown()
	if known {
		plan.RenderedDefinition = types.StringValue(text)
	}

	r.fillPlacement(&plan)

	checkSettings(ctx, req.Config, &plan, &resp.Diagnostics)
	r.checkPlacement(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	var state *workflowResourceModel
	if !req.State.Raw.IsNull() {
		state = &workflowResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}

	// The cloud may hand back the definition in its own formatting (after
	// an import, say); the same document is not a change.
	if state != nil && known && cloud.SameDefinition(state.RenderedDefinition.ValueString(), text) {
		plan.RenderedDefinition = state.RenderedDefinition
	}

	changing := state == nil || r.changes(ctx, state, &plan, &resp.Diagnostics)
	if state != nil && changing {
		plan.RevisionID = types.StringUnknown()
		if plan.target() == translate.AWS && plan.AWS != nil && plan.AWS.Publish.ValueBool() {
			plan.VersionARN = types.StringUnknown()
		}
	}

	// Only a definition or settings about to be sent are worth a call to
	// the cloud's validation API.
	if known && changing {
		r.validateRemotely(ctx, &plan, &resp.Diagnostics)
	}

	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// changes reports whether applying plan over state changes anything the
// cloud stores, which gives the workflow a new revision.
func (r *workflowResource) changes(ctx context.Context, state, plan *workflowResourceModel, diags *diag.Diagnostics) bool {
	if !plan.RenderedDefinition.Equal(state.RenderedDefinition) {
		return true
	}

	if !plan.Description.Equal(state.Description) && plan.deploysDescription() {
		return true
	}

	return !reflect.DeepEqual(state.settings(ctx, diags), plan.settings(ctx, diags))
}

// validateRemotely runs the cloud's own definition check after ours. It is
// advice: without credentials or permission the plan goes on with a warning.
// deploysDescription reports whether the cloud stores the description.
// Step Functions has no description for a state machine, so there it is
// sent only as the description of a published version.
func (m *workflowResourceModel) deploysDescription() bool {
	if m.target() != translate.AWS {
		return true
	}

	return m.AWS != nil && m.AWS.Publish.ValueBool() && m.AWS.VersionDescription.ValueString() == ""
}

func (r *workflowResource) validateRemotely(ctx context.Context, plan *workflowResourceModel, diags *diag.Diagnostics) {
	if r.clients == nil {
		return
	}

	d, err := r.clients.deployer(ctx, plan.target())
	if err != nil {
		diags.AddWarning("Cloud validation skipped",
			fmt.Sprintf("The %s definition was checked offline only, because the %s client could not be set up: %s", targetLabel(plan.target()), plan.Target.ValueString(), err))

		return
	}

	var settingDiags diag.Diagnostics

	w := plan.workflow(ctx, &settingDiags)
	if settingDiags.HasError() {
		return
	}

	warnings, err := d.Validate(ctx, w)
	for _, msg := range warnings {
		diags.AddWarning("Cloud validation", msg)
	}

	var definitionErr *cloud.DefinitionError
	if err != nil && !errors.As(err, &definitionErr) {
		var settingsErr *azure.SettingsError
		if !errors.As(err, &settingsErr) {
			diags.AddWarning("Cloud validation skipped",
				fmt.Sprintf("The %s definition was checked offline only, because the call to the cloud's validation failed: %s",
					targetLabel(plan.target()), withCredentialHint(plan.target(), err)))

			return
		}
	}

	var azureErr *azure.SettingsError
	if errors.As(err, &azureErr) {
		for _, p := range azureErr.Problems {
			diags.AddAttributeError(azureSettingsPath(p.Path), "Invalid Azure Logic Apps setting", p.Message)
		}

		return
	}

	if err != nil {
		diags.AddAttributeError(path.Root("rendered_definition"), "The cloud rejected the definition",
			fmt.Sprintf("%s validated the generated definition and rejected it: %s. The offline checks passed it, so please report this with the workflow.",
				targetLabel(plan.target()), err))
	}
}

func (r *workflowResource) deployerFor(ctx context.Context, m *workflowResourceModel, diags *diag.Diagnostics) cloud.Deployer {
	if r.clients == nil {
		diags.AddError("Provider not configured", "The multicloud provider was not configured before the resource was used. This is a bug in the provider; please report it.")

		return nil
	}

	d, err := r.clients.deployer(ctx, m.target())
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot reach %s", targetLabel(m.target())),
			fmt.Sprintf("Setting up the %s client failed: %s. Check the provider's %s block and the credentials in the environment.", m.Target.ValueString(), err, m.Target.ValueString()))

		return nil
	}

	return d
}

func (r *workflowResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan workflowResourceModel

	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := plan.Timeouts.Create(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ctx = tflog.SetField(ctx, "workflow_name", plan.Name.ValueString())

	d := r.deployerFor(ctx, &plan, &resp.Diagnostics)
	w := plan.workflow(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	// persist records the ID in state before the cloud finishes, so an
	// interrupted apply leaves a tainted resource that Terraform still
	// tracks instead of an orphan.
	persist := func(id string) {
		tflog.Debug(ctx, "workflow ID known", map[string]any{"workflow_id": id})
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), plan.Name)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("target"), plan.Target)...)
	}

	deployed, err := d.Create(ctx, w, persist)
	if err != nil {
		addCreateError(&resp.Diagnostics, &plan, err)

		return
	}

	plan.applyDeployed(deployed)
	plan.refreshSettings(ctx, deployed.Settings, false, &resp.Diagnostics)
	plan.resolveUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func addCreateError(diags *diag.Diagnostics, m *workflowResourceModel, err error) {
	var exists *cloud.AlreadyExistsError
	if errors.As(err, &exists) {
		diags.AddError("Workflow already exists",
			fmt.Sprintf("%s already has a workflow named %q (%s) that this resource did not create, so it is left untouched. "+
				"To manage it with Terraform, import it: add an import block with id = %q (or run terraform import <resource address> %s), then plan. "+
				"Otherwise choose another name.", targetLabel(m.target()), m.Name.ValueString(), exists.ID, exists.ID, exists.ID))

		return
	}

	diags.AddError(fmt.Sprintf("Creating the workflow on %s failed", targetLabel(m.target())), withCredentialHint(m.target(), err))
}

// applyDeployed copies what the cloud reported into the computed attributes.
func (m *workflowResourceModel) applyDeployed(d *cloud.Deployed) {
	m.ID = types.StringValue(d.ID)

	attr := func(name string) types.String {
		if v, ok := d.Attributes[name]; ok && v != "" {
			return types.StringValue(v)
		}

		return types.StringNull()
	}

	m.ARN = attr("arn")
	m.VersionARN = attr("version_arn")
	m.RevisionID = attr("revision_id")
	m.AccessEndpoint = attr("access_endpoint")
	m.IdentityPrincipalID = attr("identity_principal_id")

	switch m.target() {
	case translate.GCP:
		m.State = attr("state")
	case translate.Azure:
		m.RevisionID = attr("version")
		m.State = attr("provisioning_state")
	default:
		m.State = types.StringNull()
	}
}

func (r *workflowResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state workflowResourceModel

	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ctx = tflog.SetField(ctx, "workflow_id", state.ID.ValueString())

	d := r.deployerFor(ctx, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	deployed, err := d.Read(ctx, state.ID.ValueString())
	if errors.Is(err, cloud.ErrNotFound) {
		tflog.Info(ctx, "workflow deleted outside Terraform; removing it from state")
		resp.State.RemoveResource(ctx)

		return
	}

	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Reading the workflow from %s failed", targetLabel(state.target())), withCredentialHint(state.target(), err))

		return
	}

	state.refresh(ctx, deployed, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// refresh folds what the cloud holds into the state. The definition counts
// as changed only when it differs in meaning from what was rendered, so
// formatting by the cloud never shows as drift.
func (m *workflowResourceModel) refresh(ctx context.Context, d *cloud.Deployed, diags *diag.Diagnostics) {
	if m.RenderedDefinition.IsNull() || !cloud.SameDefinition(d.Definition, m.RenderedDefinition.ValueString()) {
		m.RenderedDefinition = types.StringValue(d.Definition)
	}

	// Import records only the ID and target, so a missing name marks the
	// first read after an import.
	importing := m.Name.IsNull()

	if d.Name != "" {
		m.Name = types.StringValue(d.Name)
	}

	// Step Functions keeps no description on the state machine itself, so
	// an empty description read back is not a change.
	if d.Description != "" {
		m.Description = types.StringValue(d.Description)
	}

	m.refreshSettings(ctx, d.Settings, importing, diags)
	m.applyDeployed(d)
}

// refreshSettings folds the settings read back into the target's block. A
// block left out of the configuration stays out, except right after an
// import, when the state has no configuration behind it yet.
func (m *workflowResourceModel) refreshSettings(ctx context.Context, settings any, importing bool, diags *diag.Diagnostics) {
	switch s := settings.(type) {
	case *aws.Settings:
		if s.Region == "" {
			s.Region = regionOfARN(m.ID.ValueString())
		}

		if m.AWS != nil || importing {
			m.AWS = refreshAWS(ctx, m.AWS, s, diags)
		}
	case *gcp.Settings:
		if m.GCP != nil || importing {
			m.GCP = refreshGCP(ctx, m.GCP, s, diags)
		}
	case *azure.Settings:
		if m.Azure != nil || importing {
			m.Azure = refreshAzure(ctx, m.Azure, s, diags)
		}
	}
}

func (r *workflowResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state workflowResourceModel

	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := plan.Timeouts.Update(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ctx = tflog.SetField(ctx, "workflow_id", state.ID.ValueString())
	plan.ID = state.ID

	// A plan that changes only Terraform-side attributes (for example the
	// definition recorded after an import, or timeouts) makes no cloud call.
	if !r.changes(ctx, &state, &plan, &resp.Diagnostics) {
		plan.copyComputed(&state)
		plan.resolveUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)

		return
	}

	d := r.deployerFor(ctx, &plan, &resp.Diagnostics)
	w := plan.workflow(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	deployed, err := d.Update(ctx, state.ID.ValueString(), w)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Updating the workflow on %s failed", targetLabel(plan.target())), withCredentialHint(plan.target(), err))

		return
	}

	plan.applyDeployed(deployed)
	plan.refreshSettings(ctx, deployed.Settings, false, &resp.Diagnostics)
	plan.resolveUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (m *workflowResourceModel) copyComputed(from *workflowResourceModel) {
	m.ARN = from.ARN
	m.VersionARN = from.VersionARN
	m.RevisionID = from.RevisionID
	m.State = from.State
	m.AccessEndpoint = from.AccessEndpoint
	m.IdentityPrincipalID = from.IdentityPrincipalID
}

func (r *workflowResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state workflowResourceModel

	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	timeout, diags := state.Timeouts.Delete(ctx, defaultWriteTimeout)
	resp.Diagnostics.Append(diags...)

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ctx = tflog.SetField(ctx, "workflow_id", state.ID.ValueString())

	if state.target() == translate.GCP {
		if err := gcp.CheckDeletionProtection(state.ID.ValueString(), state.GCP.settings(ctx, &resp.Diagnostics)); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("gcp").AtName("deletion_protection"), "Deletion protection is on", err.Error())

			return
		}
	}

	d := r.deployerFor(ctx, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	if err := d.Delete(ctx, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Deleting the workflow on %s failed", targetLabel(state.target())), withCredentialHint(state.target(), err))
	}
}

// ImportState takes the cloud's native ID, whose form names the target.
func (r *workflowResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	t, ok := importTarget(req.ID)
	if !ok {
		resp.Diagnostics.AddError("Unrecognised import ID",
			fmt.Sprintf("%q is not a workflow ID. Use the state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME), "+
				"the Cloud Workflows name (projects/PROJECT/locations/LOCATION/workflows/NAME) or the Azure resource ID "+
				"(/subscriptions/SUB/resourceGroups/GROUP/providers/Microsoft.Logic/workflows/NAME).", req.ID))

		return
	}

	m := workflowResourceModel{Target: types.StringValue(string(t))}

	d := r.deployerFor(ctx, &m, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	id, err := d.ImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())

		return
	}

	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("target"), string(t))...)
}

func importTarget(id string) (translate.Target, bool) {
	switch {
	case strings.HasPrefix(id, "arn:"):
		return translate.AWS, true
	case strings.HasPrefix(id, "projects/"):
		return translate.GCP, true
	case strings.HasPrefix(strings.ToLower(id), "/subscriptions/"):
		return translate.Azure, true
	}

	return "", false
}

// resolveUnknowns settles the computed settings that the cloud did not
// report: those of the blocks for other targets, which nothing fills, are
// recorded as null, since Terraform accepts no unknown value after apply.
func (m *workflowResourceModel) resolveUnknowns() {
	settle := func(vs ...*types.String) {
		for _, v := range vs {
			if v.IsUnknown() {
				*v = types.StringNull()
			}
		}
	}

	if m.AWS != nil {
		settle(&m.AWS.Region)
	}

	if m.GCP != nil {
		settle(&m.GCP.Project, &m.GCP.Location, &m.GCP.ServiceAccount, &m.GCP.CallLogLevel, &m.GCP.ExecutionHistoryLevel)
	}

	if m.Azure != nil {
		settle(&m.Azure.SubscriptionID, &m.Azure.ResourceGroup, &m.Azure.Location)
	}
}

// regionOfARN returns the Region field of an ARN such as
// arn:aws:states:eu-west-1:123456789012:stateMachine:orders.
func regionOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 {
		return ""
	}

	return parts[3]
}

// credentialSources lists where each cloud's SDK looks for credentials.
var credentialSources = map[translate.Target]string{
	translate.AWS:   "set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on a machine with an IAM role",
	translate.GCP:   "run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS to a key file, or set gcp.access_token in the provider",
	translate.Azure: "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, run `az login`, or run with a managed identity",
}

// withCredentialHint adds where credentials come from to an error that
// the SDK raised because it found none, since its own text names only the
// last source it tried.
func withCredentialHint(t translate.Target, err error) string {
	text := err.Error()

	lower := strings.ToLower(text)
	if !strings.Contains(lower, "credential") && !strings.Contains(lower, "acquire a token") {
		return text
	}

	return fmt.Sprintf("%s\n\nThe %s client found no usable credentials: %s.", text, targetLabel(t), credentialSources[t])
}
