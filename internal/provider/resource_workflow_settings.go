package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/aws"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/azure"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
)

// The settings blocks. Only the block of the current target is used, so a
// configuration may contain all three and move to another cloud by
// changing `target` alone.

type awsSettingsModel struct {
	Region             types.String        `tfsdk:"region"`
	RoleARN            types.String        `tfsdk:"role_arn"`
	Type               types.String        `tfsdk:"type"`
	QueryLanguage      types.String        `tfsdk:"query_language"`
	TracingEnabled     types.Bool          `tfsdk:"tracing_enabled"`
	Publish            types.Bool          `tfsdk:"publish"`
	VersionDescription types.String        `tfsdk:"version_description"`
	Tags               types.Map           `tfsdk:"tags"`
	Logging            *awsLoggingModel    `tfsdk:"logging"`
	Encryption         *awsEncryptionModel `tfsdk:"encryption"`
}

type awsLoggingModel struct {
	Level                types.String `tfsdk:"level"`
	IncludeExecutionData types.Bool   `tfsdk:"include_execution_data"`
	LogGroupARN          types.String `tfsdk:"log_group_arn"`
}

type awsEncryptionModel struct {
	Type                         types.String `tfsdk:"type"`
	KMSKeyID                     types.String `tfsdk:"kms_key_id"`
	KMSDataKeyReusePeriodSeconds types.Int64  `tfsdk:"kms_data_key_reuse_period_seconds"`
}

type gcpSettingsModel struct {
	Project               types.String `tfsdk:"project"`
	Location              types.String `tfsdk:"location"`
	ServiceAccount        types.String `tfsdk:"service_account"`
	CallLogLevel          types.String `tfsdk:"call_log_level"`
	ExecutionHistoryLevel types.String `tfsdk:"execution_history_level"`
	UserEnvVars           types.Map    `tfsdk:"user_env_vars"`
	CryptoKeyName         types.String `tfsdk:"crypto_key_name"`
	Labels                types.Map    `tfsdk:"labels"`
	DeletionProtection    types.Bool   `tfsdk:"deletion_protection"`
}

type azureSettingsModel struct {
	SubscriptionID       types.String        `tfsdk:"subscription_id"`
	ResourceGroup        types.String        `tfsdk:"resource_group"`
	Location             types.String        `tfsdk:"location"`
	Enabled              types.Bool          `tfsdk:"enabled"`
	Parameters           types.Map           `tfsdk:"parameters"`
	IntegrationAccountID types.String        `tfsdk:"integration_account_id"`
	Tags                 types.Map           `tfsdk:"tags"`
	Identity             *azureIdentityModel `tfsdk:"identity"`
	AccessControl        *azureAccessModel   `tfsdk:"access_control"`
}

type azureIdentityModel struct {
	Type        types.String `tfsdk:"type"`
	IdentityIDs types.List   `tfsdk:"identity_ids"`
}

type azureAccessModel struct {
	TriggerIPRanges types.List `tfsdk:"trigger_ip_ranges"`
	ContentIPRanges types.List `tfsdk:"content_ip_ranges"`
	ActionIPRanges  types.List `tfsdk:"action_ip_ranges"`
}

func optional(description string) schema.StringAttribute {
	return schema.StringAttribute{Description: description, Optional: true}
}

// placement is an attribute that decides where the workflow lives: it falls
// back to the provider's default, and changing it replaces the workflow.
func placement(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Description: description,
		Optional:    true,
		Computed:    true,
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
			stringplanmodifier.RequiresReplaceIfConfigured(),
		},
	}
}

// serverDefault is an attribute the cloud fills in when it is left out, so
// the value read back must not show as a change.
func serverDefault(description string, values ...string) schema.StringAttribute {
	a := schema.StringAttribute{
		Description:   description,
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}

	if len(values) > 0 {
		a.Validators = []validator.String{stringvalidator.OneOf(values...)}
	}

	return a
}

func stringMap(description string) schema.MapAttribute {
	return schema.MapAttribute{Description: description, Optional: true, ElementType: types.StringType}
}

func stringList(description string) schema.ListAttribute {
	return schema.ListAttribute{Description: description, Optional: true, ElementType: types.StringType}
}

func awsBlock() schema.Block {
	return schema.SingleNestedBlock{
		Description: "Settings used when target = \"aws\": the state machine's role, type, logging, tracing, encryption, publishing and tags.",
		Attributes: map[string]schema.Attribute{
			"region":   placement("The AWS Region of the state machine. Defaults to the provider's `aws.region`."),
			"role_arn": optional("The ARN of the IAM role Step Functions assumes to run the workflow. Required when target = \"aws\"."),
			"type": schema.StringAttribute{
				Description:   "`STANDARD` (default) or `EXPRESS`. Changing it replaces the state machine.",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString("STANDARD"),
				Validators:    []validator.String{stringvalidator.OneOf("STANDARD", "EXPRESS")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"query_language": schema.StringAttribute{
				Description: "The query language of the generated definition: `JSONata` (default) or `JSONPath` (for tools that only run JSONPath).",
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString(translate.JSONata),
				Validators:  []validator.String{stringvalidator.OneOf(translate.JSONata, translate.JSONPath)},
			},
			"tracing_enabled": schema.BoolAttribute{
				Description: "Whether AWS X-Ray tracing is on. Defaults to false.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"publish": schema.BoolAttribute{
				Description: "Whether each create and update publishes a new state machine version. Defaults to false.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"version_description": optional("The description of versions published by this apply."),
			"tags":                stringMap("Tags of the state machine."),
		},
		Blocks: map[string]schema.Block{
			"logging": schema.SingleNestedBlock{
				Description: "CloudWatch Logs logging of executions.",
				Attributes: map[string]schema.Attribute{
					"level": schema.StringAttribute{
						Description: "`ALL`, `ERROR`, `FATAL` or `OFF` (default).",
						Optional:    true,
						Computed:    true,
						Default:     stringdefault.StaticString("OFF"),
						Validators:  []validator.String{stringvalidator.OneOf("ALL", "ERROR", "FATAL", "OFF")},
					},
					"include_execution_data": schema.BoolAttribute{
						Description: "Whether logs include execution input, output and state data. Defaults to false.",
						Optional:    true,
						Computed:    true,
						Default:     booldefault.StaticBool(false),
					},
					"log_group_arn": optional("The ARN of the log group, ending in `:*` as Step Functions requires."),
				},
			},
			"encryption": schema.SingleNestedBlock{
				Description: "Encryption of the definition and execution data.",
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						Description: "`AWS_OWNED_KEY` (default) or `CUSTOMER_MANAGED_KMS_KEY`.",
						Optional:    true,
						Computed:    true,
						Default:     stringdefault.StaticString("AWS_OWNED_KEY"),
						Validators:  []validator.String{stringvalidator.OneOf("AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY")},
					},
					"kms_key_id": optional("The KMS key ID, alias or ARN for CUSTOMER_MANAGED_KMS_KEY."),
					"kms_data_key_reuse_period_seconds": schema.Int64Attribute{
						Description: "How long Step Functions reuses a data key, 60 to 900 seconds. Defaults to 300.",
						Optional:    true,
						Computed:    true,
						Default:     int64default.StaticInt64(300),
					},
				},
			},
		},
	}
}

func gcpBlock() schema.Block {
	return schema.SingleNestedBlock{
		Description: "Settings used when target = \"gcp\".",
		Attributes: map[string]schema.Attribute{
			"project":                 placement("The project of the workflow. Defaults to the provider's `gcp.project`."),
			"location":                placement("The location of the workflow, for example `us-central1`. Defaults to the provider's `gcp.location`."),
			"service_account":         serverDefault("The service account the workflow runs as. Cloud Workflows uses the Compute Engine default service account when it is not set."),
			"call_log_level":          serverDefault("`LOG_ALL_CALLS`, `LOG_ERRORS_ONLY` or `LOG_NONE`.", "LOG_ALL_CALLS", "LOG_ERRORS_ONLY", "LOG_NONE", "CALL_LOG_LEVEL_UNSPECIFIED"),
			"execution_history_level": serverDefault("`EXECUTION_HISTORY_BASIC` or `EXECUTION_HISTORY_DETAILED`.", "EXECUTION_HISTORY_BASIC", "EXECUTION_HISTORY_DETAILED", "EXECUTION_HISTORY_LEVEL_UNSPECIFIED"),
			"user_env_vars":           stringMap("Environment variables the workflow reads with sys.get_env."),
			"crypto_key_name":         optional("The Cloud KMS key that encrypts the workflow source and execution data."),
			"labels":                  stringMap("Labels of the workflow."),
			"deletion_protection": schema.BoolAttribute{
				Description: "When true, Terraform refuses to delete the workflow. Defaults to false.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
		},
	}
}

func azureBlock() schema.Block {
	return schema.SingleNestedBlock{
		Description: "Settings used when target = \"azure\".",
		Attributes: map[string]schema.Attribute{
			"subscription_id": placement("The subscription of the workflow. Defaults to the provider's `azure.subscription_id`."),
			"resource_group":  placement("The resource group of the workflow. Defaults to the provider's `azure.resource_group`."),
			"location":        placement("The Azure region of the workflow. Defaults to the provider's `azure.location`."),
			"enabled": schema.BoolAttribute{
				Description: "Whether the workflow is enabled. Defaults to true.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(true),
			},
			"parameters":             stringMap("Values of the definition's parameters, each as JSON text (use jsonencode). The definition declares `$connections` when a native Logic Apps action reads `@parameters('$connections')`, the usual way to reach managed API connections; it declares no other parameter."),
			"integration_account_id": optional("The ARM ID of an integration account to link."),
			"tags":                   stringMap("Tags of the workflow."),
		},
		Blocks: map[string]schema.Block{
			"identity": schema.SingleNestedBlock{
				Description: "The managed identity of the workflow.",
				Attributes: map[string]schema.Attribute{
					"type":         optional("`SystemAssigned` or `UserAssigned`."),
					"identity_ids": stringList("ARM IDs of user-assigned identities; required when type = \"UserAssigned\"."),
				},
			},
			"access_control": schema.SingleNestedBlock{
				Description: "Caller IP ranges allowed per surface of the workflow.",
				Attributes: map[string]schema.Attribute{
					"trigger_ip_ranges": stringList("CIDR ranges that may call the trigger."),
					"content_ip_ranges": stringList("CIDR ranges that may read run inputs and outputs."),
					"action_ip_ranges":  stringList("CIDR ranges that may call actions."),
				},
			},
		},
	}
}

// Conversions from the Terraform model to the deployers' settings.

func stringMapOf(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}

	out := map[string]string{}
	diags.Append(m.ElementsAs(ctx, &out, false)...)

	return out
}

func stringListOf(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}

	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)

	return out
}

func (m *awsSettingsModel) settings(ctx context.Context, diags *diag.Diagnostics) *aws.Settings {
	if m == nil {
		return &aws.Settings{Type: "STANDARD"}
	}

	s := &aws.Settings{
		Region:             m.Region.ValueString(),
		RoleARN:            m.RoleARN.ValueString(),
		Type:               m.Type.ValueString(),
		TracingEnabled:     m.TracingEnabled.ValueBool(),
		Publish:            m.Publish.ValueBool(),
		VersionDescription: m.VersionDescription.ValueString(),
		Tags:               stringMapOf(ctx, m.Tags, diags),
	}

	if m.Logging != nil {
		s.Logging = &aws.Logging{
			Level:                m.Logging.Level.ValueString(),
			IncludeExecutionData: m.Logging.IncludeExecutionData.ValueBool(),
			LogGroupARN:          m.Logging.LogGroupARN.ValueString(),
		}
	}

	if m.Encryption != nil {
		s.Encryption = &aws.Encryption{
			Type:                         m.Encryption.Type.ValueString(),
			KMSKeyID:                     m.Encryption.KMSKeyID.ValueString(),
			KMSDataKeyReusePeriodSeconds: m.Encryption.KMSDataKeyReusePeriodSeconds.ValueInt64(),
		}
	}

	return s
}

func (m *gcpSettingsModel) settings(ctx context.Context, diags *diag.Diagnostics) *gcp.Settings {
	if m == nil {
		return &gcp.Settings{}
	}

	return &gcp.Settings{
		Project:               m.Project.ValueString(),
		Location:              m.Location.ValueString(),
		ServiceAccount:        m.ServiceAccount.ValueString(),
		CallLogLevel:          m.CallLogLevel.ValueString(),
		ExecutionHistoryLevel: m.ExecutionHistoryLevel.ValueString(),
		UserEnvVars:           stringMapOf(ctx, m.UserEnvVars, diags),
		CryptoKeyName:         m.CryptoKeyName.ValueString(),
		Labels:                stringMapOf(ctx, m.Labels, diags),
		DeletionProtection:    m.DeletionProtection.ValueBool(),
	}
}

func (m *azureSettingsModel) settings(ctx context.Context, diags *diag.Diagnostics) *azure.Settings {
	if m == nil {
		return &azure.Settings{Enabled: true}
	}

	s := &azure.Settings{
		SubscriptionID:       m.SubscriptionID.ValueString(),
		ResourceGroup:        m.ResourceGroup.ValueString(),
		Location:             m.Location.ValueString(),
		Enabled:              m.Enabled.ValueBool(),
		Parameters:           stringMapOf(ctx, m.Parameters, diags),
		IntegrationAccountID: m.IntegrationAccountID.ValueString(),
		Tags:                 stringMapOf(ctx, m.Tags, diags),
	}

	if m.Identity != nil {
		s.Identity = &azure.Identity{
			Type:                    m.Identity.Type.ValueString(),
			UserAssignedIdentityIDs: stringListOf(ctx, m.Identity.IdentityIDs, diags),
		}
	}

	if m.AccessControl != nil {
		s.AccessControl = &azure.AccessControl{
			TriggerIPRanges: stringListOf(ctx, m.AccessControl.TriggerIPRanges, diags),
			ContentIPRanges: stringListOf(ctx, m.AccessControl.ContentIPRanges, diags),
			ActionIPRanges:  stringListOf(ctx, m.AccessControl.ActionIPRanges, diags),
		}
	}

	return s
}

// Conversions back from what a cloud reports, for drift detection. A block
// or map the user left out stays null when the cloud reports only its
// defaults, so reading back never invents a change.

func mapValue(ctx context.Context, prior types.Map, m map[string]string, diags *diag.Diagnostics) types.Map {
	// No entries read back match both a map left out and an empty one.
	if len(m) == 0 && (prior.IsNull() || (!prior.IsUnknown() && len(prior.Elements()) == 0)) {
		return prior
	}

	v, d := types.MapValueFrom(ctx, types.StringType, m)
	diags.Append(d...)

	return v
}

func listValue(ctx context.Context, prior types.List, l []string, diags *diag.Diagnostics) types.List {
	if len(l) == 0 && (prior.IsNull() || (!prior.IsUnknown() && len(prior.Elements()) == 0)) {
		return prior
	}

	v, d := types.ListValueFrom(ctx, types.StringType, l)
	diags.Append(d...)

	return v
}

func optionalString(prior types.String, s string) types.String {
	if s == "" && prior.IsNull() {
		return prior
	}

	return types.StringValue(s)
}

func refreshAWS(ctx context.Context, prior *awsSettingsModel, s *aws.Settings, diags *diag.Diagnostics) *awsSettingsModel {
	m := &awsSettingsModel{
		Region:             types.StringValue(s.Region),
		QueryLanguage:      types.StringValue(translate.JSONata),
		VersionDescription: types.StringNull(),
		Tags:               types.MapNull(types.StringType),
	}
	if prior != nil {
		*m = *prior
	}

	m.RoleARN = optionalString(m.RoleARN, s.RoleARN)
	m.Type = types.StringValue(s.Type)
	m.TracingEnabled = types.BoolValue(s.TracingEnabled)
	m.Publish = types.BoolValue(m.Publish.ValueBool())
	m.Tags = mapValue(ctx, m.Tags, s.Tags, diags)
	m.Logging = refreshAWSLogging(m.Logging, s.Logging)
	m.Encryption = refreshAWSEncryption(m.Encryption, s.Encryption)

	if m.Region.ValueString() == "" && s.Region != "" {
		m.Region = types.StringValue(s.Region)
	}

	return m
}

func refreshAWSLogging(prior *awsLoggingModel, l *aws.Logging) *awsLoggingModel {
	if l == nil || (prior == nil && l.Level == "OFF" && l.LogGroupARN == "") {
		if prior == nil {
			return nil
		}

		l = &aws.Logging{Level: "OFF"}
	}

	m := &awsLoggingModel{LogGroupARN: types.StringNull()}
	if prior != nil {
		m.LogGroupARN = prior.LogGroupARN
	}

	m.Level = types.StringValue(l.Level)
	m.IncludeExecutionData = types.BoolValue(l.IncludeExecutionData)
	m.LogGroupARN = optionalString(m.LogGroupARN, l.LogGroupARN)

	return m
}

func refreshAWSEncryption(prior *awsEncryptionModel, e *aws.Encryption) *awsEncryptionModel {
	if e == nil || (prior == nil && e.Type == "AWS_OWNED_KEY") {
		if prior == nil {
			return nil
		}

		e = &aws.Encryption{Type: "AWS_OWNED_KEY", KMSDataKeyReusePeriodSeconds: prior.KMSDataKeyReusePeriodSeconds.ValueInt64()}
	}

	m := &awsEncryptionModel{KMSKeyID: types.StringNull()}
	if prior != nil {
		m.KMSKeyID = prior.KMSKeyID
	}

	m.Type = types.StringValue(e.Type)
	m.KMSKeyID = optionalString(m.KMSKeyID, e.KMSKeyID)

	period := e.KMSDataKeyReusePeriodSeconds
	if period == 0 {
		period = 300
	}

	m.KMSDataKeyReusePeriodSeconds = types.Int64Value(period)

	return m
}

func refreshGCP(ctx context.Context, prior *gcpSettingsModel, s *gcp.Settings, diags *diag.Diagnostics) *gcpSettingsModel {
	m := &gcpSettingsModel{
		UserEnvVars:   types.MapNull(types.StringType),
		Labels:        types.MapNull(types.StringType),
		CryptoKeyName: types.StringNull(),
	}
	if prior != nil {
		*m = *prior
	}

	m.Project = types.StringValue(s.Project)
	m.Location = types.StringValue(s.Location)
	// The service reports the account as projects/P/serviceAccounts/EMAIL
	// even when it was given as EMAIL.
	if !gcp.SameServiceAccount(m.ServiceAccount.ValueString(), s.ServiceAccount) {
		m.ServiceAccount = types.StringValue(s.ServiceAccount)
	}

	m.CallLogLevel = types.StringValue(s.CallLogLevel)
	m.ExecutionHistoryLevel = types.StringValue(s.ExecutionHistoryLevel)
	m.UserEnvVars = mapValue(ctx, m.UserEnvVars, s.UserEnvVars, diags)
	m.CryptoKeyName = optionalString(m.CryptoKeyName, s.CryptoKeyName)
	m.Labels = mapValue(ctx, m.Labels, s.Labels, diags)
	// Deletion protection is enforced by this provider, not stored by the
	// service, so the value in state is kept.
	m.DeletionProtection = types.BoolValue(m.DeletionProtection.ValueBool())

	return m
}

func refreshAzure(ctx context.Context, prior *azureSettingsModel, s *azure.Settings, diags *diag.Diagnostics) *azureSettingsModel {
	m := &azureSettingsModel{
		Parameters:           types.MapNull(types.StringType),
		IntegrationAccountID: types.StringNull(),
		Tags:                 types.MapNull(types.StringType),
	}
	if prior != nil {
		*m = *prior
	}

	// Resource Manager matches names without regard to case and stores
	// "West Europe" as "westeurope", so only a different place is a change.
	m.SubscriptionID = keepSpelling(m.SubscriptionID, s.SubscriptionID, strings.EqualFold)
	m.ResourceGroup = keepSpelling(m.ResourceGroup, s.ResourceGroup, strings.EqualFold)
	m.Location = keepSpelling(m.Location, s.Location, sameLocation)
	m.Enabled = types.BoolValue(s.Enabled)
	m.Parameters = mapValue(ctx, m.Parameters, sameJSONValues(ctx, m.Parameters, s.Parameters), diags)
	m.IntegrationAccountID = optionalString(m.IntegrationAccountID, s.IntegrationAccountID)
	m.Tags = mapValue(ctx, m.Tags, s.Tags, diags)
	m.Identity = refreshAzureIdentity(ctx, m.Identity, s.Identity, diags)
	m.AccessControl = refreshAzureAccess(ctx, m.AccessControl, s.AccessControl, diags)

	return m
}

func refreshAzureIdentity(ctx context.Context, prior *azureIdentityModel, id *azure.Identity, diags *diag.Diagnostics) *azureIdentityModel {
	if id == nil || id.Type == "" || id.Type == "None" {
		if prior == nil {
			return nil
		}

		id = &azure.Identity{Type: "None"}
	}

	m := &azureIdentityModel{IdentityIDs: types.ListNull(types.StringType)}
	if prior != nil {
		m.IdentityIDs = prior.IdentityIDs
	}

	m.Type = types.StringValue(id.Type)
	m.IdentityIDs = listValue(ctx, m.IdentityIDs, id.UserAssignedIdentityIDs, diags)

	return m
}

func refreshAzureAccess(ctx context.Context, prior *azureAccessModel, a *azure.AccessControl, diags *diag.Diagnostics) *azureAccessModel {
	if a == nil {
		if prior == nil {
			return nil
		}

		a = &azure.AccessControl{}
	}

	m := &azureAccessModel{
		TriggerIPRanges: types.ListNull(types.StringType),
		ContentIPRanges: types.ListNull(types.StringType),
		ActionIPRanges:  types.ListNull(types.StringType),
	}
	if prior != nil {
		*m = *prior
	}

	m.TriggerIPRanges = listValue(ctx, m.TriggerIPRanges, a.TriggerIPRanges, diags)
	m.ContentIPRanges = listValue(ctx, m.ContentIPRanges, a.ContentIPRanges, diags)
	m.ActionIPRanges = listValue(ctx, m.ActionIPRanges, a.ActionIPRanges, diags)

	return m
}

// keepSpelling keeps the configured spelling of a name that the cloud
// reports in another form with the same meaning.
func keepSpelling(prior types.String, reported string, same func(a, b string) bool) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && same(prior.ValueString(), reported) {
		return prior
	}

	return types.StringValue(reported)
}

func sameLocation(a, b string) bool {
	return azure.NormalizeLocation(a) == azure.NormalizeLocation(b)
}

// sameJSONValues keeps the configured text of each value that the cloud
// returned with the same meaning, so that its JSON formatting is no change.
func sameJSONValues(ctx context.Context, prior types.Map, reported map[string]string) map[string]string {
	if prior.IsNull() || prior.IsUnknown() {
		return reported
	}

	configured := map[string]string{}
	if diags := prior.ElementsAs(ctx, &configured, false); diags.HasError() {
		return reported
	}

	out := make(map[string]string, len(reported))
	for name, value := range reported {
		if old, ok := configured[name]; ok && cloud.SameDefinition(old, value) {
			value = old
		}

		out[name] = value
	}

	return out
}
