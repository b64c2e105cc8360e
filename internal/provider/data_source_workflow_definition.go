package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

var (
	_ datasource.DataSource                   = (*workflowDefinitionDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*workflowDefinitionDataSource)(nil)
)

func newWorkflowDefinitionDataSource() datasource.DataSource {
	return &workflowDefinitionDataSource{}
}

// workflowDefinitionDataSource renders a neutral workflow for each requested
// cloud without deploying anything, so it needs no credentials.
type workflowDefinitionDataSource struct{}

func (d *workflowDefinitionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workflow_definition"
}

func (d *workflowDefinitionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Renders a cloud-neutral workflow as an AWS Step Functions state machine (Amazon States Language, JSONata), a Google Cloud Workflows workflow (YAML) and an Azure Logic Apps workflow definition (JSON), without deploying it.",

		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description: "The workflow name.",
				Computed:    true,
			},

			"name": schema.StringAttribute{
				Description: "The workflow name: a letter first, then letters, digits, `_` or `-`, ending with a letter or digit, at most 64 characters, so it is valid on all three clouds.",
				Required:    true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(workflow.NamePattern, "must start with a letter, end with a letter or digit, contain only letters, digits, _ and -, and have at most 64 characters"),
				},
			},

			"definition": schema.DynamicAttribute{
				Description: "The workflow: an object with `steps` and an optional `input` declaration, written in HCL or loaded with `yamldecode(file(...))`. See docs/language.md.",
				Required:    true,
			},

			"targets": schema.ListAttribute{
				Description: "The clouds to render for: any of `aws`, `gcp` and `azure`. Defaults to all three. A construct that a listed cloud cannot express fails the plan.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(oneOf("target", "aws", "gcp", "azure")),
				},
			},

			"strict": schema.BoolAttribute{
				Description: "When true, a construct that a target runs through a documented lowering (a warning) fails the plan instead. Defaults to false.",
				Optional:    true,
			},

			"aws_query_language": schema.StringAttribute{
				Description: "The query language of the AWS Step Functions definition: `JSONata` (the default) or `JSONPath`, the classic mode with reference paths, intrinsic functions and Choice rules that local executors such as aws-local-stepfunctions run. JSONPath mode cannot express every expression, and an expression that it cannot express fails the plan.",
				Optional:    true,
				Validators: []validator.String{
					stringvalidator.OneOf(translate.JSONata, translate.JSONPath),
				},
			},

			"aws_asl": schema.StringAttribute{
				Description: "The AWS Step Functions definition (Amazon States Language, in the query language that `aws_query_language` selects), or null when `aws` is not a target.",
				Computed:    true,
			},

			"gcp_yaml": schema.StringAttribute{
				Description: "The Google Cloud Workflows source (YAML), or null when `gcp` is not a target.",
				Computed:    true,
			},

			"azure_json": schema.StringAttribute{
				Description: "The Azure Logic Apps workflow definition (Workflow Definition Language JSON), or null when `azure` is not a target.",
				Computed:    true,
			},

			"warnings": schema.MapAttribute{
				Description: "Warnings per target (`aws`, `gcp`, `azure`): constructs that the target runs through a documented lowering rather than natively.",
				ElementType: types.ListType{ElemType: types.StringType},
				Computed:    true,
			},
		},
	}
}

type workflowDefinitionModel struct {
	ID         types.String  `tfsdk:"id"`
	Name       types.String  `tfsdk:"name"`
	Definition types.Dynamic `tfsdk:"definition"`
	Targets    types.List    `tfsdk:"targets"`
	Strict     types.Bool    `tfsdk:"strict"`
	AWSASL     types.String  `tfsdk:"aws_asl"`
	GCPYAML    types.String  `tfsdk:"gcp_yaml"`
	AzureJSON  types.String  `tfsdk:"azure_json"`
	Warnings   types.Map     `tfsdk:"warnings"`

	AWSQueryLanguage types.String `tfsdk:"aws_query_language"`
}

func (d *workflowDefinitionDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m workflowDefinitionModel

	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	w, known := decodeDefinition(ctx, m.Definition, &resp.Diagnostics)
	if w == nil || !known {
		return
	}

	// The attribute validators already report bad target names, so a
	// failure here is not reported twice.
	var targetDiags diag.Diagnostics

	targets, ok := targetsOf(ctx, m.Targets, &targetDiags)
	if !ok || targetDiags.HasError() {
		return
	}

	for _, r := range translate.Render(w, targets, m.renderOptions()) {
		addDiagnostics(&resp.Diagnostics, withTargetsHint(r.Diagnostics.Errors(), r.Target, targets), targetLabel(r.Target))
	}
}

func (d *workflowDefinitionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m workflowDefinitionModel

	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.SetField(ctx, "workflow_name", m.Name.ValueString())

	w, _ := decodeDefinition(ctx, m.Definition, &resp.Diagnostics)
	if w == nil {
		return
	}

	targets, ok := targetsOf(ctx, m.Targets, &resp.Diagnostics)
	if !ok {
		return
	}

	m.ID = m.Name
	m.AWSASL = types.StringNull()
	m.GCPYAML = types.StringNull()
	m.AzureJSON = types.StringNull()

	warnings := map[string][]string{}

	for _, r := range translate.Render(w, targets, m.renderOptions()) {
		addDiagnostics(&resp.Diagnostics, withTargetsHint(r.Diagnostics, r.Target, targets), targetLabel(r.Target))
		warnings[string(r.Target)] = warningTexts(r.Diagnostics.Warnings())
		d.setOutput(&m, r)
		tflog.Debug(ctx, "rendered workflow", map[string]any{"target": string(r.Target), "bytes": len(r.Definition)})
	}

	if resp.Diagnostics.HasError() {
		return
	}

	wm, diags := types.MapValueFrom(ctx, types.ListType{ElemType: types.StringType}, warnings)
	resp.Diagnostics.Append(diags...)
	m.Warnings = wm

	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// withTargetsHint adds to each error of the rendering for target how to
// render the workflow for the other targets only, because a workflow often
// needs just one cloud and a rejection by another need not block it.
func withTargetsHint(ds workflow.Diagnostics, target translate.Target, targets []translate.Target) workflow.Diagnostics {
	var others []string

	for _, t := range targets {
		if t != target {
			others = append(others, fmt.Sprintf("%q", t))
		}
	}

	if len(others) == 0 {
		return ds
	}

	out := make(workflow.Diagnostics, len(ds))
	for i, d := range ds {
		if d.Severity == workflow.SeverityError {
			d.Detail = fmt.Sprintf("%s If you do not need %s, render the other clouds only with targets = [%s].",
				strings.TrimSpace(d.Detail), targetLabel(target), strings.Join(others, ", "))
		}

		out[i] = d
	}

	return out
}

func (d *workflowDefinitionDataSource) setOutput(m *workflowDefinitionModel, r translate.Rendering) {
	text := types.StringValue(r.Definition)

	switch r.Target {
	case translate.AWS:
		m.AWSASL = text
	case translate.GCP:
		m.GCPYAML = text
	case translate.Azure:
		m.AzureJSON = text
	}
}

// decodeDefinition decodes and validates the definition. known is false when
// the definition holds values that Terraform learns only during apply. Then
// everything that does not depend on those values is still checked, and the
// plan goes on without rendering.
func decodeDefinition(ctx context.Context, def types.Dynamic, diags *diag.Diagnostics) (w *workflow.Workflow, known bool) {
	if def.IsUnknown() || def.IsUnderlyingValueUnknown() {
		return nil, false
	}

	if def.IsNull() || def.IsUnderlyingValueNull() {
		diags.AddAttributeError(path.Root("definition"), "Missing workflow definition", "\"definition\" must be an object with a \"steps\" list.")
		return nil, true
	}

	tfv, err := def.UnderlyingValue().ToTerraformValue(ctx)
	if err == nil && !tfv.IsFullyKnown() {
		generic, convErr := toGeneric(tfv)
		if convErr == nil {
			_, wdiags := workflow.Decode(generic)
			addDiagnostics(diags, wdiags, "")
		}

		return nil, false
	}

	var generic any
	if err == nil {
		generic, err = toGeneric(tfv)
	}

	if err != nil {
		diags.AddAttributeError(path.Root("definition"), "Invalid workflow definition", fmt.Sprintf("The value could not be read: %s.", err))
		return nil, true
	}

	w, wdiags := workflow.Decode(generic)
	addDiagnostics(diags, wdiags, "")

	return w, true
}

func targetsOf(ctx context.Context, list types.List, diags *diag.Diagnostics) ([]translate.Target, bool) {
	if list.IsUnknown() {
		return nil, false
	}

	if list.IsNull() {
		return translate.AllTargets, true
	}

	var names []string
	diags.Append(list.ElementsAs(ctx, &names, false)...)

	if diags.HasError() {
		return nil, false
	}

	out := make([]translate.Target, 0, len(names))

	for _, n := range names {
		t, err := translate.ParseTarget(n)
		if err != nil {
			diags.AddAttributeError(path.Root("targets"), "Invalid target", err.Error()+".")
			return nil, false
		}

		out = append(out, t)
	}

	return out, true
}

func targetLabel(t translate.Target) string {
	switch t {
	case translate.GCP:
		return "Google Cloud Workflows"
	case translate.Azure:
		return "Azure Logic Apps"
	}

	return "AWS Step Functions"
}

func warningTexts(ds workflow.Diagnostics) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Error())
	}

	return out
}

// renderOptions returns the translation options that the configuration
// sets. A null or unknown aws_query_language selects JSONata.
func (m *workflowDefinitionModel) renderOptions() translate.Options {
	return translate.Options{
		Strict:           m.Strict.ValueBool(),
		AWSQueryLanguage: m.AWSQueryLanguage.ValueString(),
	}
}
