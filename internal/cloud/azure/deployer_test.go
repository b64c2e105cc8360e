package azure

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	azcloud "github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"
)

const (
	testSubscription = "11111111-2222-4333-8444-555555555555"
	testGroup        = "rg-test"
	testID           = "/subscriptions/" + testSubscription + "/resourceGroups/" + testGroup + "/providers/Microsoft.Logic/workflows/orders"
)

// testDefinition is what the Logic Apps translator would render: a valid
// definition that declares the parameter "greeting".
const testDefinition = `{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "actions": {
    "reply": {"inputs": {"body": "@parameters('greeting')", "statusCode": 200}, "runAfter": {}, "type": "Response"}
  },
  "contentVersion": "1.0.0.0",
  "outputs": {},
  "parameters": {"greeting": {"defaultValue": "hello", "type": "String"}},
  "triggers": {"manual": {"inputs": {"schema": {}}, "kind": "Http", "type": "Request"}}
}
`

var changedDefinition = strings.Replace(testDefinition, `"statusCode": 200`, `"statusCode": 202`, 1)

// newTestDeployer starts a local ARM server and returns a deployer that
// reaches it through the real credential chain: azidentity's
// EnvironmentCredential signs in at the server's token endpoint.
func newTestDeployer(t *testing.T) (*Deployer, *logicapps.Server) {
	t.Helper()

	server, err := logicapps.Start(logicapps.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.Close)

	for name, value := range server.CredentialEnv() {
		t.Setenv(name, value)
	}

	d, err := New(context.Background(), testConfig(server))
	if err != nil {
		t.Fatal(err)
	}

	// Retries without Retry-After back off from 1 s in production; the
	// tests shorten that so that 5xx faults do not take half a minute.
	d.options.Retry.RetryDelay = 10 * time.Millisecond
	return d, server
}

func testConfig(server *logicapps.Server) Config {
	return Config{
		SubscriptionID:    testSubscription,
		ResourceGroup:     testGroup,
		Location:          "West Europe",
		TenantID:          server.TenantID,
		Endpoint:          server.URL(),
		AuthorityHost:     server.URL(),
		CACertificateFile: server.CACertFile(),
		PollInterval:      10 * time.Millisecond,
	}
}

func testWorkflow() cloud.Workflow {
	return cloud.Workflow{
		Name:        "orders",
		Description: "Answers order requests",
		Definition:  testDefinition,
		Settings: &Settings{
			Enabled:       true,
			Parameters:    map[string]string{"greeting": `"hi"`},
			AccessControl: &AccessControl{TriggerIPRanges: []string{"203.0.113.0/24"}},
			Tags:          map[string]string{"team": "data"},
		},
	}
}

// persisted records the IDs that Create persists and how many workflows
// the server held at that moment.
type persisted struct {
	ids    []string
	stored []int
}

func (p *persisted) callback(server *logicapps.Server) func(string) {
	return func(id string) {
		p.ids = append(p.ids, id)
		p.stored = append(p.stored, len(server.Workflows()))
	}
}

func assertOneWorkflow(t *testing.T, server *logicapps.Server) {
	t.Helper()

	workflows := server.Workflows()
	if len(workflows) != 1 {
		t.Fatalf("stored workflows = %d, want exactly 1", len(workflows))
	}
	if workflows[0].ID != testID {
		t.Errorf("stored workflow ID = %q, want %q", workflows[0].ID, testID)
	}
}

func TestCreateReadUpdateDelete(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()
	var p persisted

	created, err := d.Create(ctx, testWorkflow(), p.callback(server))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if len(p.ids) != 1 || p.ids[0] != testID {
		t.Errorf("persisted IDs = %v, want [%s]", p.ids, testID)
	}
	if p.stored[0] != 0 {
		t.Errorf("the server held %d workflows when the ID was persisted, want 0 (persist before the PUT)", p.stored[0])
	}
	if created.ID != testID {
		t.Errorf("ID = %q, want %q", created.ID, testID)
	}
	if !cloud.SameDefinition(created.Definition, testDefinition) {
		t.Errorf("definition = %s, want the rendered one without the description", created.Definition)
	}
	if created.Description != "Answers order requests" {
		t.Errorf("description = %q", created.Description)
	}
	for _, name := range []string{"id", "access_endpoint", "version", "changed_time", "provisioning_state"} {
		if created.Attributes[name] == "" {
			t.Errorf("attribute %s is empty", name)
		}
	}

	read, err := d.Read(ctx, testID)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	settings := read.Settings.(*Settings)
	if settings.Location != "westeurope" {
		t.Errorf("location = %q, want westeurope as ARM stores it", settings.Location)
	}
	if settings.Parameters["greeting"] != `"hi"` {
		t.Errorf("parameter greeting = %q, want \"hi\" as JSON", settings.Parameters["greeting"])
	}
	if settings.AccessControl == nil || settings.AccessControl.TriggerIPRanges[0] != "203.0.113.0/24" {
		t.Errorf("access control = %+v, want the trigger range", settings.AccessControl)
	}

	changed := testWorkflow()
	changed.Definition = changedDefinition
	changed.Settings.(*Settings).Enabled = false
	changed.Settings.(*Settings).Tags = map[string]string{"team": "ops"}
	updated, err := d.Update(ctx, testID, changed)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if !cloud.SameDefinition(updated.Definition, changedDefinition) {
		t.Errorf("definition after update = %s, want the changed one", updated.Definition)
	}
	if updated.Settings.(*Settings).Enabled {
		t.Error("the workflow is still enabled after the update")
	}
	if updated.Attributes["version"] == created.Attributes["version"] {
		t.Error("the version did not change with the update")
	}
	assertOneWorkflow(t, server)

	if err := d.Delete(ctx, testID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := d.Read(ctx, testID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after delete = %v, want cloud.ErrNotFound", err)
	}
	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows after delete = %d, want 0", got)
	}
	if got := server.TokenRequests(); got != 1 {
		t.Errorf("token requests = %d, want 1 (azidentity caches the token)", got)
	}
}

func TestReadSettingsMatchConfiguration(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	if _, err := d.Create(ctx, testWorkflow(), func(string) {}); err != nil {
		t.Fatal(err)
	}
	read, err := d.Read(ctx, testID)
	if err != nil {
		t.Fatal(err)
	}

	want, err := d.resolveSettings(testWorkflow().Settings)
	if err != nil {
		t.Fatal(err)
	}
	if !SameSettings(read.Settings.(*Settings), want) {
		t.Errorf("settings read back = %+v, want them equal to %+v", read.Settings, want)
	}
	assertOneWorkflow(t, server)
}

func TestSystemAssignedIdentityAttributes(t *testing.T) {
	d, server := newTestDeployer(t)
	w := testWorkflow()
	w.Settings.(*Settings).Identity = &Identity{Type: "SystemAssigned"}

	created, err := d.Create(context.Background(), w, func(string) {})
	if err != nil {
		t.Fatal(err)
	}

	if created.Attributes["identity_principal_id"] == "" {
		t.Error("identity_principal_id is empty")
	}
	if got := created.Attributes["identity_tenant_id"]; got != server.TenantID {
		t.Errorf("identity_tenant_id = %q, want %q", got, server.TenantID)
	}
	if got := created.Settings.(*Settings).Identity; got == nil || got.Type != "SystemAssigned" {
		t.Errorf("identity = %+v, want SystemAssigned", got)
	}
}

func TestCreateRejectsExistingIdentical(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	first, err := d.Create(ctx, testWorkflow(), func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	puts := server.Calls(logicapps.OperationPut)
	version := server.Workflows()[0].Version

	var p persisted
	_, err = d.Create(ctx, testWorkflow(), p.callback(server))

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("second create: error = %v, want *cloud.AlreadyExistsError", err)
	}
	if exists.ID != first.ID {
		t.Errorf("existing ID = %q, want %q", exists.ID, first.ID)
	}
	if got := server.Calls(logicapps.OperationPut); got != puts {
		t.Errorf("PUT calls = %d, want %d (the second create writes nothing)", got, puts)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted IDs = %v, want none for a workflow that existed before", p.ids)
	}
	if got := server.Workflows()[0].Version; got != version {
		t.Errorf("the existing workflow changed (version %s to %s)", version, got)
	}
	assertOneWorkflow(t, server)
}

func TestCreateReportsDifferentWorkflow(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	if _, err := d.Create(ctx, testWorkflow(), func(string) {}); err != nil {
		t.Fatal(err)
	}
	version := server.Workflows()[0].Version

	other := testWorkflow()
	other.Definition = changedDefinition
	var p persisted
	_, err := d.Create(ctx, other, p.callback(server))

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("error = %v, want *cloud.AlreadyExistsError", err)
	}
	if exists.ID != testID {
		t.Errorf("existing ID = %q, want %q", exists.ID, testID)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted IDs = %v, want none for a workflow we did not create", p.ids)
	}
	if got := server.Workflows()[0].Version; got != version {
		t.Errorf("the existing workflow changed (version %s to %s)", version, got)
	}
}

func TestValidate(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	warnings, err := d.Validate(ctx, testWorkflow())
	if err != nil || len(warnings) != 0 {
		t.Errorf("valid workflow: warnings %v, error %v; want neither", warnings, err)
	}

	broken := testWorkflow()
	broken.Definition = strings.Replace(testDefinition, `"runAfter": {}`, `"runAfter": {"missing": ["Succeeded"]}`, 1)
	_, err = d.Validate(ctx, broken)
	var definitionErr *cloud.DefinitionError
	if !errors.As(err, &definitionErr) {
		t.Fatalf("broken definition: error %v, want *cloud.DefinitionError", err)
	}
	if len(definitionErr.Problems) != 1 || !strings.HasPrefix(definitionErr.Problems[0], "InvalidTemplate: ") {
		t.Errorf("broken definition: problems %q, want one InvalidTemplate finding", definitionErr.Problems)
	}

	server.FailNextOperation(logicapps.OperationValidate, http.StatusForbidden, "AuthorizationFailed",
		"The client does not have authorization to perform action 'Microsoft.Logic/workflows/validate/action'.")
	warnings, err = d.Validate(ctx, testWorkflow())
	if err != nil {
		t.Errorf("missing permission: error %v, want a warning", err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "permission") {
		t.Errorf("missing permission: warnings %v, want one about the permission", warnings)
	}

	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0 after validation", got)
	}
}

func TestValidateSettingsErrorStaysOffline(t *testing.T) {
	d, server := newTestDeployer(t)

	w := testWorkflow()
	w.Name = "bad name/with slash"
	_, err := d.Validate(context.Background(), w)

	var settingsErr *SettingsError
	if !errors.As(err, &settingsErr) {
		t.Fatalf("error = %v, want *SettingsError", err)
	}
	var definitionErr *cloud.DefinitionError
	if errors.As(err, &definitionErr) {
		t.Errorf("error = %v is also a *cloud.DefinitionError", err)
	}
	if got := server.Calls(logicapps.OperationValidate); got != 0 {
		t.Errorf("validate calls = %d, want 0", got)
	}
}

func TestValidateFailedCallIsPlainError(t *testing.T) {
	tests := []struct {
		name   string
		inject func(*logicapps.Server)
		want   string
	}{
		{
			name:   "server error after retries",
			inject: func(s *logicapps.Server) { s.FailCalls(http.StatusInternalServerError, maxRetries+1) },
			want:   "HTTP 500",
		},
		{
			name: "throttling after retries",
			inject: func(s *logicapps.Server) {
				s.Inject(logicapps.Fault{Status: http.StatusTooManyRequests, Code: "TooManyRequests", Message: "throttled"}, maxRetries+1)
			},
			want: "HTTP 429",
		},
		{
			name: "missing resource group",
			inject: func(s *logicapps.Server) {
				s.FailNextOperation(logicapps.OperationValidate, http.StatusNotFound, "ResourceGroupNotFound", "Resource group 'rg-workflows' could not be found.")
			},
			want: "ResourceGroupNotFound",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, server := newTestDeployer(t)
			tt.inject(server)

			warnings, err := d.Validate(context.Background(), testWorkflow())
			if err == nil {
				t.Fatal("no error")
			}

			var definitionErr *cloud.DefinitionError
			if errors.As(err, &definitionErr) {
				t.Errorf("error %v is a *cloud.DefinitionError, want a plain error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v does not contain %q", err, tt.want)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings = %v, want none", warnings)
			}
		})
	}
}

func TestValidateCredentialFailureIsPlainError(t *testing.T) {
	d, _ := newTestDeployer(t)
	t.Setenv("AZURE_CLIENT_SECRET", "wrong")

	_, err := d.Validate(context.Background(), testWorkflow())
	if err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("error = %v, want the token endpoint's invalid_client", err)
	}

	var definitionErr *cloud.DefinitionError
	if errors.As(err, &definitionErr) {
		t.Errorf("error %v is a *cloud.DefinitionError, want a plain error", err)
	}
}

func TestImportID(t *testing.T) {
	d := &Deployer{}
	tests := []struct {
		input string
		want  string
	}{
		{testID, testID},
		{"/SUBSCRIPTIONS/" + testSubscription + "/resourcegroups/" + testGroup + "/PROVIDERS/microsoft.logic/WORKFLOWS/orders", testID},
		{"  " + testID + " ", testID},
	}
	for _, tt := range tests {
		got, err := d.ImportID(tt.input)
		if err != nil || got != tt.want {
			t.Errorf("ImportID(%q) = %q, %v; want %q", tt.input, got, err, tt.want)
		}
	}

	invalid := []string{
		"orders",
		testID + "/",
		testID + "/triggers/manual",
		strings.Replace(testID, "Microsoft.Logic", "Microsoft.Web", 1),
		strings.Replace(testID, "/workflows/", "/integrationAccounts/", 1),
		"/subscriptions//resourceGroups/rg/providers/Microsoft.Logic/workflows/orders",
		"subscriptions/" + testSubscription + "/resourceGroups/rg/providers/Microsoft.Logic/workflows/orders",
	}
	for _, input := range invalid {
		_, err := d.ImportID(input)
		if err == nil {
			t.Errorf("ImportID(%q) succeeded, want an error", input)
			continue
		}
		if !strings.Contains(err.Error(), importIDForm) {
			t.Errorf("ImportID(%q) error %q does not show the expected form", input, err)
		}
	}
}

func TestReadMissingWorkflow(t *testing.T) {
	d, _ := newTestDeployer(t)

	_, err := d.Read(context.Background(), testID)
	if !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("error = %v, want cloud.ErrNotFound", err)
	}
}

func TestDeleteMissingWorkflow(t *testing.T) {
	d, _ := newTestDeployer(t)

	if err := d.Delete(context.Background(), testID); err != nil {
		t.Errorf("deleting a missing workflow: %v, want success", err)
	}
}

func TestUpdateMissingWorkflow(t *testing.T) {
	d, server := newTestDeployer(t)

	_, err := d.Update(context.Background(), testID, testWorkflow())
	if !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("error = %v, want cloud.ErrNotFound", err)
	}
	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0 (update must not create)", got)
	}
}

func TestOutOfBandChanges(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	if _, err := d.Create(ctx, testWorkflow(), func(string) {}); err != nil {
		t.Fatal(err)
	}

	if err := server.EditDefinition(testID, changedDefinition); err != nil {
		t.Fatal(err)
	}
	read, err := d.Read(ctx, testID)
	if err != nil {
		t.Fatal(err)
	}
	if cloud.SameDefinition(read.Definition, testDefinition) {
		t.Error("the edited definition compares equal to the original; want drift")
	}
	if !cloud.SameDefinition(read.Definition, changedDefinition) {
		t.Errorf("definition = %s, want the edited one", read.Definition)
	}

	if err := server.DeleteWorkflow(testID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Read(ctx, testID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after an out-of-band delete = %v, want cloud.ErrNotFound", err)
	}
}

func TestLogsCarryIDAndNoSecrets(t *testing.T) {
	d, server := newTestDeployer(t)
	var output bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &output)

	server.Throttle(1, time.Second)
	if _, err := d.Create(ctx, testWorkflow(), func(string) {}); err != nil {
		t.Fatal(err)
	}

	entries, err := tflogtest.MultilineJSONDecode(&output)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no log entries")
	}

	var withID, retryWarnings int
	for _, entry := range entries {
		if entry[logField] == testID {
			withID++
		}
		if entry["http_status"] == float64(http.StatusTooManyRequests) {
			retryWarnings++
		}
	}
	if withID != len(entries) {
		t.Errorf("%d of %d log entries carry %s", withID, len(entries), logField)
	}
	if retryWarnings != 1 {
		t.Errorf("log entries for the 429 response = %d, want 1", retryWarnings)
	}

	text := output.String()
	for _, secret := range []string{server.ClientSecret, "Bearer", "Authorization"} {
		if strings.Contains(text, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := map[string]Config{
		"unknown environment":   {Environment: "mars"},
		"http endpoint":         {Endpoint: "http://127.0.0.1:1"},
		"relative endpoint":     {Endpoint: "management"},
		"http authority host":   {AuthorityHost: "http://127.0.0.1:1"},
		"missing CA file":       {CACertificateFile: filepath.Join(dir, "missing.pem")},
		"CA file without a PEM": {CACertificateFile: notPEM},
		"CA text without a PEM": {CACertificatePEM: "not a certificate"},
	}
	for name, cfg := range tests {
		if _, err := New(context.Background(), cfg); err == nil {
			t.Errorf("%s: New succeeded, want an error", name)
		}
	}
}

func TestCloudConfiguration(t *testing.T) {
	tests := map[string]struct {
		cfg       Config
		endpoint  string
		authority string
	}{
		"public default": {Config{}, armEndpoint(azcloud.AzurePublic), azcloud.AzurePublic.ActiveDirectoryAuthorityHost},
		"us government":  {Config{Environment: "usgovernment"}, armEndpoint(azcloud.AzureGovernment), azcloud.AzureGovernment.ActiveDirectoryAuthorityHost},
		"china":          {Config{Environment: "China"}, armEndpoint(azcloud.AzureChina), azcloud.AzureChina.ActiveDirectoryAuthorityHost},
		"overrides":      {Config{Endpoint: "https://127.0.0.1:8443/", AuthorityHost: "https://127.0.0.1:8443"}, "https://127.0.0.1:8443", "https://127.0.0.1:8443"},
	}

	for name, tt := range tests {
		got, err := cloudConfiguration(tt.cfg)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rm := got.Services[azcloud.ResourceManager]
		if rm.Endpoint != tt.endpoint {
			t.Errorf("%s: endpoint = %q, want %q", name, rm.Endpoint, tt.endpoint)
		}
		if rm.Audience != tt.endpoint && name == "overrides" {
			t.Errorf("%s: audience = %q, want the endpoint %q", name, rm.Audience, tt.endpoint)
		}
		if got.ActiveDirectoryAuthorityHost != tt.authority {
			t.Errorf("%s: authority = %q, want %q", name, got.ActiveDirectoryAuthorityHost, tt.authority)
		}
	}
}

func armEndpoint(c azcloud.Configuration) string {
	return c.Services[azcloud.ResourceManager].Endpoint
}

func TestUpdateRemovesIdentity(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	w := testWorkflow()
	w.Settings.(*Settings).Identity = &Identity{Type: "SystemAssigned"}
	if _, err := d.Create(ctx, w, func(string) {}); err != nil {
		t.Fatal(err)
	}

	updated, err := d.Update(ctx, testID, testWorkflow())
	if err != nil {
		t.Fatalf("update: %v", err)
	}

	if got := updated.Settings.(*Settings).Identity; got != nil {
		t.Errorf("identity after update = %+v, want none", got)
	}
	if got := updated.Attributes["identity_principal_id"]; got != "" {
		t.Errorf("identity_principal_id = %q, want empty", got)
	}
	if resource := string(server.Workflows()[0].Resource); strings.Contains(resource, `"identity"`) {
		t.Errorf("stored resource %s still has an identity", resource)
	}
}

func TestDescriptionRoundTrip(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()

	if _, err := d.Create(ctx, testWorkflow(), func(string) {}); err != nil {
		t.Fatal(err)
	}

	stored := string(server.Workflows()[0].Definition)
	if !strings.Contains(stored, `"description":"Answers order requests"`) {
		t.Errorf("stored definition %s lacks the description", stored)
	}

	read, err := d.Read(ctx, testID)
	if err != nil {
		t.Fatal(err)
	}
	if read.Description != "Answers order requests" {
		t.Errorf("description = %q, want it read back from the definition", read.Description)
	}
	if strings.Contains(read.Definition, "Answers order requests") {
		t.Errorf("definition %s still contains the description", read.Definition)
	}

	w := testWorkflow()
	w.Description = ""
	updated, err := d.Update(ctx, testID, w)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if updated.Description != "" {
		t.Errorf("description after removing it = %q, want empty", updated.Description)
	}
}

func TestRenderedDescriptionIsKept(t *testing.T) {
	d, server := newTestDeployer(t)

	w := testWorkflow()
	w.Description = ""
	w.Definition = strings.Replace(testDefinition, `"outputs": {},`, `"outputs": {}, "description": "from the definition",`, 1)

	created, err := d.Create(context.Background(), w, func(string) {})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Description != "from the definition" {
		t.Errorf("description = %q, want the one inside the rendered definition", created.Description)
	}
	assertOneWorkflow(t, server)
}

func TestCertificateAsPEMText(t *testing.T) {
	_, server := newTestDeployer(t)
	cfg := testConfig(server)
	cfg.CACertificateFile = ""
	cfg.CACertificatePEM = server.CACertificatePEM()

	d, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}

	w := testWorkflow()
	w.Settings.(*Settings).Identity = &Identity{Type: "None"}
	created, err := d.Create(context.Background(), w, func(string) {})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if got := created.Settings.(*Settings).Identity; got != nil {
		t.Errorf("identity = %+v, want none for type None", got)
	}
	assertOneWorkflow(t, server)
}

func TestCredentialErrorIsReported(t *testing.T) {
	d, server := newTestDeployer(t)
	t.Setenv("AZURE_TOKEN_CREDENTIALS", "NoSuchCredential")

	_, err := d.Read(context.Background(), testID)
	if err == nil || !strings.Contains(err.Error(), "AZURE_TOKEN_CREDENTIALS") {
		t.Fatalf("error = %v, want the invalid credential selection reported", err)
	}
	if got := server.Calls(logicapps.OperationAny); got != 0 {
		t.Errorf("ARM calls = %d, want 0 without a token", got)
	}

	t.Setenv("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential")
	if _, err := d.Read(context.Background(), testID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after fixing the environment = %v, want cloud.ErrNotFound", err)
	}
}

func TestWrongClientSecretFails(t *testing.T) {
	d, server := newTestDeployer(t)
	t.Setenv("AZURE_CLIENT_SECRET", "wrong")

	_, err := d.Read(context.Background(), testID)
	if err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("error = %v, want the token endpoint's invalid_client", err)
	}
	if got := server.Calls(logicapps.OperationAny); got != 0 {
		t.Errorf("ARM calls = %d, want 0 without a token", got)
	}
}
