package azure

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"
)

const userIdentityID = "/subscriptions/" + testSubscription + "/resourceGroups/" + testGroup +
	"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/runner"

func TestOfflineChecks(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*cloud.Workflow, *Settings)
		path   string
	}{
		{"workflow name", func(w *cloud.Workflow, _ *Settings) { w.Name = "orders/v2" }, "name"},
		{"long description", func(w *cloud.Workflow, _ *Settings) { w.Description = strings.Repeat("x", 257) }, "description"},
		{"subscription form", func(_ *cloud.Workflow, s *Settings) { s.SubscriptionID = "my-subscription" }, "subscription_id"},
		{"resource group form", func(_ *cloud.Workflow, s *Settings) { s.ResourceGroup = "rg." }, "resource_group"},
		{"identity type", func(_ *cloud.Workflow, s *Settings) { s.Identity = &Identity{Type: "systemassigned"} }, "identity.type"},
		{"user-assigned without IDs", func(_ *cloud.Workflow, s *Settings) { s.Identity = &Identity{Type: "UserAssigned"} },
			"identity.user_assigned_identity_ids"},
		{"system-assigned with IDs", func(_ *cloud.Workflow, s *Settings) {
			s.Identity = &Identity{Type: "SystemAssigned", UserAssignedIdentityIDs: []string{userIdentityID}}
		}, "identity.user_assigned_identity_ids"},
		{"None with IDs", func(_ *cloud.Workflow, s *Settings) {
			s.Identity = &Identity{Type: "None", UserAssignedIdentityIDs: []string{userIdentityID}}
		}, "identity.user_assigned_identity_ids"},
		{"two user-assigned IDs", func(_ *cloud.Workflow, s *Settings) {
			s.Identity = &Identity{Type: "UserAssigned", UserAssignedIdentityIDs: []string{userIdentityID, userIdentityID + "2"}}
		}, "identity.user_assigned_identity_ids"},
		{"user-assigned ID form", func(_ *cloud.Workflow, s *Settings) {
			s.Identity = &Identity{Type: "UserAssigned", UserAssignedIdentityIDs: []string{"runner"}}
		}, "identity.user_assigned_identity_ids[0]"},
		{"trigger range", func(_ *cloud.Workflow, s *Settings) {
			s.AccessControl = &AccessControl{TriggerIPRanges: []string{"203.0.113.0/24", "203.0.113.7"}}
		}, "access_control.trigger_ip_ranges[1]"},
		{"content range", func(_ *cloud.Workflow, s *Settings) {
			s.AccessControl = &AccessControl{ContentIPRanges: []string{"10.0.0.0-10.0.0.255"}}
		}, "access_control.content_ip_ranges[0]"},
		{"action range", func(_ *cloud.Workflow, s *Settings) {
			s.AccessControl = &AccessControl{ActionIPRanges: []string{"2001:db8::/129"}}
		}, "access_control.action_ip_ranges[0]"},
		{"parameter not JSON", func(_ *cloud.Workflow, s *Settings) { s.Parameters = map[string]string{"greeting": "hi"} },
			`parameters["greeting"]`},
		{"parameter not declared", func(_ *cloud.Workflow, s *Settings) { s.Parameters = map[string]string{"other": `1`} },
			`parameters["other"]`},
		{"integration account form", func(_ *cloud.Workflow, s *Settings) { s.IntegrationAccountID = "account" },
			"integration_account_id"},
		{"tag name", func(_ *cloud.Workflow, s *Settings) { s.Tags = map[string]string{"a/b": "x"} }, `tags["a/b"]`},
		{"tag value", func(_ *cloud.Workflow, s *Settings) { s.Tags = map[string]string{"a": strings.Repeat("x", 257)} }, `tags["a"]`},
	}

	d, server := newTestDeployer(t)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := testWorkflow()
			tt.modify(&w, w.Settings.(*Settings))

			_, err := d.Create(context.Background(), w, func(string) { t.Error("persist called for invalid settings") })

			var settingsErr *SettingsError
			if !errors.As(err, &settingsErr) {
				t.Fatalf("error = %v, want *SettingsError", err)
			}
			if len(settingsErr.Problems) != 1 {
				t.Fatalf("problems = %v, want exactly one", settingsErr.Problems)
			}
			if got := settingsErr.Problems[0].Path; got != tt.path {
				t.Errorf("path = %q, want %q", got, tt.path)
			}

			if _, err := d.Validate(context.Background(), w); !errors.As(err, &settingsErr) {
				t.Errorf("Validate error = %v, want the same *SettingsError", err)
			}
		})
	}

	if got := server.Calls(logicapps.OperationAny); got != 0 {
		t.Errorf("ARM calls = %d, want 0 (offline checks run before any call)", got)
	}
	if got := server.TokenRequests(); got != 0 {
		t.Errorf("token requests = %d, want 0", got)
	}
}

func TestOfflineChecksAcceptValidSettings(t *testing.T) {
	s := &Settings{
		SubscriptionID:       testSubscription,
		ResourceGroup:        "rg_(prod)-1.a",
		Location:             "westeurope",
		Identity:             &Identity{Type: "UserAssigned", UserAssignedIdentityIDs: []string{strings.ToLower(userIdentityID)}},
		Parameters:           map[string]string{"greeting": `{"text": "hi"}`},
		AccessControl:        &AccessControl{TriggerIPRanges: []string{"203.0.113.0/24", "2001:db8::/64"}},
		IntegrationAccountID: "/subscriptions/" + testSubscription + "/resourceGroups/rg/providers/Microsoft.Logic/integrationAccounts/partners",
		Tags:                 map[string]string{"team": "data"},
	}

	if err := checkWorkflow("orders-(v2)_x.y", "short", s, map[string]bool{"greeting": true}); err != nil {
		t.Errorf("checkWorkflow: %v, want no problems", err)
	}
}

func TestMissingDefaultsAreReported(t *testing.T) {
	d, err := New(context.Background(), Config{})
	if err != nil {
		t.Fatal(err)
	}

	_, err = d.Create(context.Background(), cloud.Workflow{Name: "orders", Definition: testDefinition}, func(string) {})
	var settingsErr *SettingsError
	if !errors.As(err, &settingsErr) {
		t.Fatalf("error = %v, want *SettingsError", err)
	}

	var paths []string
	for _, p := range settingsErr.Problems {
		paths = append(paths, p.Path)
	}
	if got := strings.Join(paths, ","); got != "subscription_id,resource_group,location" {
		t.Errorf("paths = %s, want subscription_id,resource_group,location", got)
	}
}

func TestDefinitionMustBeObject(t *testing.T) {
	d, err := New(context.Background(), Config{SubscriptionID: testSubscription, ResourceGroup: testGroup, Location: "westeurope"})
	if err != nil {
		t.Fatal(err)
	}

	_, err = d.Validate(context.Background(), cloud.Workflow{Name: "orders", Definition: "[1, 2]"})
	if err == nil || !strings.Contains(err.Error(), "not a JSON object") {
		t.Errorf("error = %v, want the definition reported as not a JSON object", err)
	}
}

func TestSettingsOfAnotherCloudAreRejected(t *testing.T) {
	d, err := New(context.Background(), Config{SubscriptionID: testSubscription, ResourceGroup: testGroup, Location: "westeurope"})
	if err != nil {
		t.Fatal(err)
	}

	_, err = d.Validate(context.Background(), cloud.Workflow{Name: "orders", Definition: testDefinition, Settings: struct{}{}})
	if err == nil || !strings.Contains(err.Error(), "*azure.Settings") {
		t.Errorf("error = %v, want the settings type reported", err)
	}
}

func TestSameSettings(t *testing.T) {
	base := func() *Settings {
		return &Settings{
			SubscriptionID: testSubscription,
			ResourceGroup:  testGroup,
			Location:       "West Europe",
			Enabled:        true,
			Identity:       &Identity{Type: "UserAssigned", UserAssignedIdentityIDs: []string{userIdentityID}},
			Parameters:     map[string]string{"greeting": `{"a": 1, "b": 2}`},
		}
	}

	same := base()
	same.Location = "westeurope"
	same.ResourceGroup = strings.ToUpper(testGroup)
	same.Identity.UserAssignedIdentityIDs = []string{strings.ToLower(userIdentityID)}
	same.Parameters = map[string]string{"greeting": `{"b":2,"a":1.0}`}
	same.AccessControl = &AccessControl{}
	if !SameSettings(base(), same) {
		t.Error("settings that differ only in form compare different")
	}

	withoutIdentity, withNone := base(), base()
	withoutIdentity.Identity = nil
	withNone.Identity = &Identity{Type: "None"}
	if !SameSettings(withoutIdentity, withNone) {
		t.Error("identity type None compares different from no identity")
	}

	changes := map[string]func(*Settings){
		"location":  func(s *Settings) { s.Location = "northeurope" },
		"state":     func(s *Settings) { s.Enabled = false },
		"identity":  func(s *Settings) { s.Identity = nil },
		"parameter": func(s *Settings) { s.Parameters["greeting"] = `{"a": 2}` },
		"tags":      func(s *Settings) { s.Tags = map[string]string{"a": "b"} },
		"ranges":    func(s *Settings) { s.AccessControl = &AccessControl{TriggerIPRanges: []string{"10.0.0.0/8"}} },
		"account":   func(s *Settings) { s.IntegrationAccountID = "/x" },
	}
	for name, change := range changes {
		other := base()
		change(other)
		if SameSettings(base(), other) {
			t.Errorf("a change of %s compares equal", name)
		}
	}
}
