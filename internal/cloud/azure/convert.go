package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/logic/armlogic"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// descriptionKey is the WDL definition property that holds the workflow's
// description. Logic Apps has no description on the resource itself, so
// the deployer writes Workflow.Description there and Read moves it back.
//
// NOTE: a rendered definition that carries its own description reads back
// with that text in Deployed.Description and without it in
// Deployed.Definition. The Logic Apps translator emits no description.
const descriptionKey = "description"

// request is a workflow ready to send: where it goes and the body.
type request struct {
	id          workflowID
	settings    *Settings // resolved: defaults from Config filled in
	definition  string    // the Deployed.Definition that Read returns once the write is visible
	description string    // the Deployed.Description that Read returns once the write is visible
	body        armlogic.Workflow
}

// prepare resolves w's settings against the provider defaults, runs the
// offline checks and builds the ARM request body.
func (d *Deployer) prepare(ctx context.Context, w cloud.Workflow) (*request, error) {
	req, err := d.buildRequest(w)
	if err != nil {
		tflog.Error(ctx, "The Logic Apps workflow failed the offline checks", map[string]any{
			"workflow_name": w.Name, "error": err.Error(),
		})
		return nil, err
	}

	return req, nil
}

func (d *Deployer) buildRequest(w cloud.Workflow) (*request, error) {
	settings, err := d.resolveSettings(w.Settings)
	if err != nil {
		return nil, err
	}

	definition, declared, err := parseDefinition(w.Definition)
	if err != nil {
		return nil, err
	}

	if err := checkWorkflow(w.Name, w.Description, settings, declared); err != nil {
		return nil, err
	}

	if w.Description != "" {
		definition[descriptionKey], _ = json.Marshal(w.Description)
	}

	body, err := buildWorkflow(settings, definition)
	if err != nil {
		return nil, err
	}

	// Read splits the description off what the service returns, so the
	// expected read-back is computed from the sent definition the same way.
	expected, description, err := splitDescription(body.Properties.Definition)
	if err != nil {
		return nil, err
	}

	id := workflowID{SubscriptionID: settings.SubscriptionID, ResourceGroup: settings.ResourceGroup, Name: w.Name}
	return &request{id: id, settings: settings, definition: expected, description: description, body: body}, nil
}

// resolveSettings copies the resource's settings and fills the
// subscription, resource group and location from the provider block where
// the resource leaves them empty. Nil settings mean an enabled workflow
// with provider defaults.
func (d *Deployer) resolveSettings(value any) (*Settings, error) {
	resolved := Settings{Enabled: true}

	switch s := value.(type) {
	case nil:
	case *Settings:
		if s != nil {
			resolved = *s
		}
	default:
		return nil, fmt.Errorf("internal error: the Azure deployer received settings of type %T, not *azure.Settings", value)
	}

	if resolved.SubscriptionID == "" {
		resolved.SubscriptionID = d.config.SubscriptionID
	}
	if resolved.ResourceGroup == "" {
		resolved.ResourceGroup = d.config.ResourceGroup
	}
	if resolved.Location == "" {
		resolved.Location = d.config.Location
	}

	return &resolved, nil
}

// parseDefinition splits the definition into its top-level properties and
// returns the names of the parameters it declares.
func parseDefinition(text string) (map[string]json.RawMessage, map[string]bool, error) {
	var definition map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &definition); err != nil || definition == nil {
		return nil, nil, fmt.Errorf("the Logic Apps workflow definition is not a JSON object: %v", err)
	}

	var parameters map[string]json.RawMessage
	if raw, ok := definition["parameters"]; ok {
		if err := json.Unmarshal(raw, &parameters); err != nil {
			return nil, nil, fmt.Errorf("the definition's parameters are not a JSON object: %w", err)
		}
	}

	declared := map[string]bool{}
	for name := range parameters {
		declared[name] = true
	}

	return definition, declared, nil
}

// buildWorkflow returns the full PUT body. Every property the provider
// manages is set, because a PUT removes what it omits.
func buildWorkflow(s *Settings, definition map[string]json.RawMessage) (armlogic.Workflow, error) {
	definitionJSON, err := json.Marshal(definition)
	if err != nil {
		return armlogic.Workflow{}, fmt.Errorf("encoding the workflow definition: %w", err)
	}

	state := armlogic.WorkflowStateDisabled
	if s.Enabled {
		state = armlogic.WorkflowStateEnabled
	}

	body := armlogic.Workflow{
		Location: to.Ptr(s.Location),
		Tags:     buildTags(s.Tags),
		Identity: buildIdentity(s.Identity),
		Properties: &armlogic.WorkflowProperties{
			Definition:    json.RawMessage(definitionJSON),
			Parameters:    buildParameters(s.Parameters),
			State:         to.Ptr(state),
			AccessControl: buildAccessControl(s.AccessControl),
		},
	}
	if s.IntegrationAccountID != "" {
		body.Properties.IntegrationAccount = &armlogic.ResourceReference{ID: to.Ptr(s.IntegrationAccountID)}
	}

	return body, nil
}

func buildTags(tags map[string]string) map[string]*string {
	if len(tags) == 0 {
		return nil
	}

	out := make(map[string]*string, len(tags))
	for k, v := range tags {
		out[k] = to.Ptr(v)
	}
	return out
}

func buildIdentity(id *Identity) *armlogic.ManagedServiceIdentity {
	if id == nil {
		return nil
	}

	out := &armlogic.ManagedServiceIdentity{Type: to.Ptr(armlogic.ManagedServiceIdentityType(id.Type))}
	if len(id.UserAssignedIdentityIDs) > 0 {
		out.UserAssignedIdentities = map[string]*armlogic.UserAssignedIdentity{}
		for _, userID := range id.UserAssignedIdentityIDs {
			out.UserAssignedIdentities[userID] = &armlogic.UserAssignedIdentity{}
		}
	}
	return out
}

func buildParameters(values map[string]string) map[string]*armlogic.WorkflowParameter {
	if len(values) == 0 {
		return nil
	}

	out := make(map[string]*armlogic.WorkflowParameter, len(values))
	for name, value := range values {
		out[name] = &armlogic.WorkflowParameter{Value: json.RawMessage(value)}
	}
	return out
}

func buildAccessControl(ac *AccessControl) *armlogic.FlowAccessControlConfiguration {
	if ac == nil {
		return nil
	}

	out := &armlogic.FlowAccessControlConfiguration{
		Triggers: buildPolicy(ac.TriggerIPRanges),
		Contents: buildPolicy(ac.ContentIPRanges),
		Actions:  buildPolicy(ac.ActionIPRanges),
	}
	if out.Triggers == nil && out.Contents == nil && out.Actions == nil {
		return nil
	}
	return out
}

func buildPolicy(ranges []string) *armlogic.FlowAccessControlConfigurationPolicy {
	if len(ranges) == 0 {
		return nil
	}

	policy := &armlogic.FlowAccessControlConfigurationPolicy{}
	for _, r := range ranges {
		policy.AllowedCallerIPAddresses = append(policy.AllowedCallerIPAddresses, &armlogic.IPAddressRange{AddressRange: to.Ptr(r)})
	}
	return policy
}

// toDeployed converts what Get returned into the provider's view.
func toDeployed(id workflowID, w armlogic.Workflow) (*cloud.Deployed, error) {
	props := w.Properties
	if props == nil {
		props = &armlogic.WorkflowProperties{}
	}

	definition, description, err := splitDescription(props.Definition)
	if err != nil {
		return nil, fmt.Errorf("reading the definition of Logic Apps workflow %s: %w", id, err)
	}

	settings, err := readSettings(id, w)
	if err != nil {
		return nil, err
	}

	name := id.Name
	if w.Name != nil && *w.Name != "" {
		name = *w.Name
	}

	return &cloud.Deployed{
		ID:          id.String(),
		Name:        name,
		Description: description,
		Definition:  definition,
		Settings:    settings,
		Attributes:  readAttributes(id, w),
	}, nil
}

// splitDescription returns the definition without its description
// property, and the description. The definition is a decoded JSON value or
// JSON text (json.RawMessage).
func splitDescription(definition any) (string, string, error) {
	if raw, isRaw := definition.(json.RawMessage); isRaw {
		if err := json.Unmarshal(raw, &definition); err != nil {
			return "", "", err
		}
	}

	object, ok := definition.(map[string]any)
	if !ok {
		text, err := json.Marshal(definition)
		return string(text), "", err
	}

	rest := maps.Clone(object)
	description, isString := rest[descriptionKey].(string)
	if isString {
		delete(rest, descriptionKey)
	}

	text, err := json.Marshal(rest)
	return string(text), description, err
}

func readSettings(id workflowID, w armlogic.Workflow) (*Settings, error) {
	props := w.Properties
	if props == nil {
		props = &armlogic.WorkflowProperties{}
	}

	s := &Settings{
		SubscriptionID: id.SubscriptionID,
		ResourceGroup:  id.ResourceGroup,
		Location:       deref(w.Location),
		Enabled:        props.State == nil || *props.State == armlogic.WorkflowStateEnabled,
		Identity:       readIdentity(w.Identity),
		AccessControl:  readAccessControl(props.AccessControl),
	}

	if props.IntegrationAccount != nil {
		s.IntegrationAccountID = deref(props.IntegrationAccount.ID)
	}

	if len(w.Tags) > 0 {
		s.Tags = make(map[string]string, len(w.Tags))
		for k, v := range w.Tags {
			s.Tags[k] = deref(v)
		}
	}

	parameters, err := readParameters(props.Parameters)
	if err != nil {
		return nil, fmt.Errorf("reading the parameters of Logic Apps workflow %s: %w", id, err)
	}
	s.Parameters = parameters

	return s, nil
}

func readIdentity(id *armlogic.ManagedServiceIdentity) *Identity {
	if id == nil || id.Type == nil || *id.Type == armlogic.ManagedServiceIdentityTypeNone {
		return nil
	}

	out := &Identity{Type: string(*id.Type)}
	out.UserAssignedIdentityIDs = slices.Sorted(maps.Keys(id.UserAssignedIdentities))
	if len(out.UserAssignedIdentityIDs) == 0 {
		out.UserAssignedIdentityIDs = nil
	}
	return out
}

// readParameters returns each parameter value as JSON text.
//
// NOTE: the service does not return the values of SecureString and
// SecureObject parameters, so those read back as missing.
func readParameters(parameters map[string]*armlogic.WorkflowParameter) (map[string]string, error) {
	if len(parameters) == 0 {
		return nil, nil
	}

	out := make(map[string]string, len(parameters))
	for name, p := range parameters {
		if p == nil || p.Value == nil {
			continue
		}

		value, err := json.Marshal(p.Value)
		if err != nil {
			return nil, fmt.Errorf("parameter %q: %w", name, err)
		}
		out[name] = string(value)
	}
	return out, nil
}

func readAccessControl(ac *armlogic.FlowAccessControlConfiguration) *AccessControl {
	if ac == nil {
		return nil
	}

	out := &AccessControl{
		TriggerIPRanges: readPolicy(ac.Triggers),
		ContentIPRanges: readPolicy(ac.Contents),
		ActionIPRanges:  readPolicy(ac.Actions),
	}
	if out.TriggerIPRanges == nil && out.ContentIPRanges == nil && out.ActionIPRanges == nil {
		return nil
	}
	return out
}

func readPolicy(policy *armlogic.FlowAccessControlConfigurationPolicy) []string {
	if policy == nil {
		return nil
	}

	var ranges []string
	for _, r := range policy.AllowedCallerIPAddresses {
		if r != nil && r.AddressRange != nil {
			ranges = append(ranges, *r.AddressRange)
		}
	}
	return ranges
}

func readAttributes(id workflowID, w armlogic.Workflow) map[string]string {
	attributes := map[string]string{"id": id.String()}

	if props := w.Properties; props != nil {
		attributes["access_endpoint"] = deref(props.AccessEndpoint)
		attributes["version"] = deref(props.Version)
		if props.ChangedTime != nil {
			attributes["changed_time"] = props.ChangedTime.UTC().Format(time.RFC3339)
		}
		if props.ProvisioningState != nil {
			attributes["provisioning_state"] = string(*props.ProvisioningState)
		}
	}

	if w.Identity != nil {
		attributes["identity_principal_id"] = deref(w.Identity.PrincipalID)
		attributes["identity_tenant_id"] = deref(w.Identity.TenantID)
	}

	return attributes
}

// SameSettings reports whether two settings describe the same workflow as
// Azure treats it: locations compare without case and spaces ("West Europe"
// equals "westeurope"), resource IDs without case, parameter values as JSON,
// and a missing map or list equals an empty one.
func SameSettings(a, b *Settings) bool {
	if a == nil || b == nil {
		return a == b
	}

	return strings.EqualFold(a.SubscriptionID, b.SubscriptionID) &&
		strings.EqualFold(a.ResourceGroup, b.ResourceGroup) &&
		NormalizeLocation(a.Location) == NormalizeLocation(b.Location) &&
		a.Enabled == b.Enabled &&
		sameIdentity(a.Identity, b.Identity) &&
		sameParameters(a.Parameters, b.Parameters) &&
		sameAccessControl(a.AccessControl, b.AccessControl) &&
		strings.EqualFold(a.IntegrationAccountID, b.IntegrationAccountID) &&
		maps.Equal(a.Tags, b.Tags)
}

// NormalizeLocation returns the form ARM stores a location in: lower case,
// no spaces ("West Europe" becomes "westeurope").
func NormalizeLocation(location string) string {
	return strings.ToLower(strings.ReplaceAll(location, " ", ""))
}

// sameIdentity treats type None like no identity, as the service does.
func sameIdentity(a, b *Identity) bool {
	if a != nil && strings.EqualFold(a.Type, "None") {
		a = nil
	}
	if b != nil && strings.EqualFold(b.Type, "None") {
		b = nil
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}

	return strings.EqualFold(a.Type, b.Type) && sameFoldedSet(a.UserAssignedIdentityIDs, b.UserAssignedIdentityIDs)
}

func sameFoldedSet(a, b []string) bool {
	fold := func(values []string) []string {
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = strings.ToLower(v)
		}
		slices.Sort(out)
		return out
	}

	return slices.Equal(fold(a), fold(b))
}

func sameParameters(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}

	for name, value := range a {
		other, ok := b[name]
		if !ok || !cloud.SameDefinition(value, other) {
			return false
		}
	}
	return true
}

func sameAccessControl(a, b *AccessControl) bool {
	if a == nil {
		a = &AccessControl{}
	}
	if b == nil {
		b = &AccessControl{}
	}

	return slices.Equal(a.TriggerIPRanges, b.TriggerIPRanges) &&
		slices.Equal(a.ContentIPRanges, b.ContentIPRanges) &&
		slices.Equal(a.ActionIPRanges, b.ActionIPRanges)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
