package azure

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name and ID rules that ARM and Logic Apps apply, checked before any call
// so that a plan fails with the attribute that is wrong.
var (
	// workflowNamePattern: Logic Apps (Consumption) workflow names have at
	// most 80 letters, digits, hyphens, underscores, periods and
	// parentheses.
	workflowNamePattern = regexp.MustCompile(`^[-()_.A-Za-z0-9]{1,80}$`)

	// resourceGroupPattern: 1 to 90 letters, digits, underscores,
	// parentheses, hyphens and periods, not ending in a period.
	resourceGroupPattern = regexp.MustCompile(`^[-\w.()]{0,89}[-\w()]$`)

	subscriptionPattern = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

	userAssignedIdentityPattern = regexp.MustCompile(
		`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+$`)

	integrationAccountPattern = regexp.MustCompile(
		`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Logic/integrationAccounts/[^/]+$`)
)

// Limits from the Logic Apps and ARM documentation.
const (
	maxDescriptionLength = 256 // WDL definition description
	maxTags              = 50
	maxTagNameLength     = 512
	maxTagValueLength    = 256
)

// SettingsProblem is one invalid value in a workflow's Azure settings.
type SettingsProblem struct {
	// Path names the attribute with the snake_case names of the Settings
	// fields, for example "identity.type" or "access_control.trigger_ip_ranges[1]".
	Path    string
	Message string
}

// SettingsError lists every problem that the offline checks found.
type SettingsError struct {
	Problems []SettingsProblem
}

func (e *SettingsError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Path + ": " + p.Message
	}

	return "invalid Azure Logic Apps settings:\n" + strings.Join(lines, "\n")
}

type checker struct {
	problems []SettingsProblem
}

// add records a problem. The message starts with a capital letter because
// the provider shows it as a sentence of its own.
func (c *checker) add(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if r, size := utf8.DecodeRuneInString(msg); unicode.IsLower(r) {
		msg = string(unicode.ToUpper(r)) + msg[size:]
	}

	c.problems = append(c.problems, SettingsProblem{Path: path, Message: msg})
}

// checkWorkflow checks the workflow name, description and resolved settings
// without calling Azure. declared lists the parameters that the definition
// declares.
func checkWorkflow(name, description string, s *Settings, declared map[string]bool) error {
	c := &checker{}

	c.checkTarget(name, s)
	if utf8.RuneCountInString(description) > maxDescriptionLength {
		c.add("description", "the description has %d characters; Logic Apps allows at most %d.",
			utf8.RuneCountInString(description), maxDescriptionLength)
	}
	c.checkIdentity(s.Identity)
	c.checkParameters(s.Parameters, declared)
	c.checkAccessControl(s.AccessControl)
	c.checkTags(s.Tags)

	if s.IntegrationAccountID != "" && !integrationAccountPattern.MatchString(s.IntegrationAccountID) {
		c.add("integration_account_id", "%q is not an integration account ID; use "+
			"/subscriptions/{subscription ID}/resourceGroups/{resource group}/providers/Microsoft.Logic/integrationAccounts/{name}.",
			s.IntegrationAccountID)
	}

	if len(c.problems) == 0 {
		return nil
	}
	return &SettingsError{Problems: c.problems}
}

func (c *checker) checkTarget(name string, s *Settings) {
	if !workflowNamePattern.MatchString(name) {
		c.add("name", "%q is not a valid Logic Apps workflow name; use 1 to 80 letters, digits, hyphens, underscores, periods and parentheses.", name)
	}

	switch {
	case s.SubscriptionID == "":
		c.add("subscription_id", "The subscription ID is missing. Set azure.subscription_id in the resource, or subscription_id in the provider's azure block.")
	case !subscriptionPattern.MatchString(s.SubscriptionID):
		c.add("subscription_id", "%q is not a subscription ID; use its GUID form, for example 00000000-0000-0000-0000-000000000000.", s.SubscriptionID)
	}

	switch {
	case s.ResourceGroup == "":
		c.add("resource_group", "The resource group is missing. Set azure.resource_group in the resource, or resource_group in the provider's azure block.")
	case !resourceGroupPattern.MatchString(s.ResourceGroup):
		c.add("resource_group", "%q is not a valid resource group name; use 1 to 90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period.", s.ResourceGroup)
	}

	if strings.TrimSpace(s.Location) == "" {
		c.add("location", "The location is missing. Set azure.location in the resource, or location in the provider's azure block, to an Azure region such as westeurope.")
	}
}

// checkIdentity accepts the identity types of ARM's managed service
// identity. A Logic Apps (Consumption) workflow can use either its
// system-assigned identity or a single user-assigned identity, and None
// means no identity.
func (c *checker) checkIdentity(id *Identity) {
	if id == nil {
		return
	}

	switch id.Type {
	case "None":
		if len(id.UserAssignedIdentityIDs) > 0 {
			c.add("identity.user_assigned_identity_ids", "user-assigned identity IDs are only allowed with type UserAssigned; remove them or change the type.")
		}
	case "SystemAssigned":
		if len(id.UserAssignedIdentityIDs) > 0 {
			c.add("identity.user_assigned_identity_ids", "user-assigned identity IDs are only allowed with type UserAssigned; remove them or change the type.")
		}
	case "UserAssigned":
		c.checkUserAssignedIDs(id.UserAssignedIdentityIDs)
	default:
		c.add("identity.type", "%q is not an identity type; use SystemAssigned, UserAssigned or None (exactly this case).", id.Type)
	}
}

func (c *checker) checkUserAssignedIDs(ids []string) {
	switch len(ids) {
	case 0:
		c.add("identity.user_assigned_identity_ids", "type UserAssigned needs the ID of one user-assigned identity.")
	case 1:
	default:
		c.add("identity.user_assigned_identity_ids", "a Logic Apps (Consumption) workflow can use only one user-assigned identity, but %d are listed.", len(ids))
	}

	for i, id := range ids {
		if !userAssignedIdentityPattern.MatchString(id) {
			c.add(fmt.Sprintf("identity.user_assigned_identity_ids[%d]", i),
				"%q is not a user-assigned identity ID; use /subscriptions/{subscription ID}/resourceGroups/{resource group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}.", id)
		}
	}
}

// checkParameters requires JSON values for parameters that the definition
// declares. The service rejects values for undeclared parameters.
func (c *checker) checkParameters(values map[string]string, declared map[string]bool) {
	for _, name := range slices.Sorted(maps.Keys(values)) {
		path := fmt.Sprintf("parameters[%q]", name)

		if !json.Valid([]byte(values[name])) {
			c.add(path, "the value is not JSON; write strings with quotes (for example jsonencode(\"text\")).")
		}
		if !declared[name] {
			c.add(path, "the definition declares no parameter %q; declare it in the definition or remove the value.", name)
		}
	}
}

func (c *checker) checkAccessControl(ac *AccessControl) {
	if ac == nil {
		return
	}

	c.checkRanges("access_control.trigger_ip_ranges", ac.TriggerIPRanges)
	c.checkRanges("access_control.content_ip_ranges", ac.ContentIPRanges)
	c.checkRanges("access_control.action_ip_ranges", ac.ActionIPRanges)
}

func (c *checker) checkRanges(path string, ranges []string) {
	for i, r := range ranges {
		if _, err := netip.ParsePrefix(r); err != nil {
			c.add(fmt.Sprintf("%s[%d]", path, i), "%q is not an IP range in CIDR form; write for example 203.0.113.0/24 or 2001:db8::/64.", r)
		}
	}
}

func (c *checker) checkTags(tags map[string]string) {
	if len(tags) > maxTags {
		c.add("tags", "%d tags are set; Azure allows at most %d per resource.", len(tags), maxTags)
	}

	for _, name := range slices.Sorted(maps.Keys(tags)) {
		path := fmt.Sprintf("tags[%q]", name)

		switch {
		case name == "":
			c.add(path, "a tag name is empty.")
		case utf8.RuneCountInString(name) > maxTagNameLength:
			c.add(path, "the tag name has more than %d characters.", maxTagNameLength)
		case strings.ContainsAny(name, `<>%&\?/`):
			c.add(path, "the tag name contains one of < > %% & \\ ? /, which Azure rejects.")
		}

		if utf8.RuneCountInString(tags[name]) > maxTagValueLength {
			c.add(path, "the tag value has more than %d characters.", maxTagValueLength)
		}
	}
}
