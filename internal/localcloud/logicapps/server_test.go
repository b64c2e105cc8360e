package logicapps

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/logic/armlogic"
)

const (
	testSubscription = "11111111-2222-4333-8444-555555555555"
	testGroup        = "rg-test"
)

// testDefinition is a small valid definition that declares one parameter.
const testDefinition = `{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"greeting": {"type": "String", "defaultValue": "hello"}},
  "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}},
  "actions": {
    "reply": {"type": "Response", "inputs": {"statusCode": 200, "body": "@parameters('greeting')"}, "runAfter": {}}
  },
  "outputs": {}
}`

// brokenDefinition has a runAfter that names a missing action.
const brokenDefinition = `{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "contentVersion": "1.0.0.0",
  "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}},
  "actions": {
    "reply": {"type": "Response", "inputs": {"statusCode": 200}, "runAfter": {"missing": ["Succeeded"]}}
  }
}`

func startServer(t *testing.T) *Server {
	t.Helper()

	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)

	return s
}

// httpClient trusts the server's certificate file, as a deployer does.
func httpClient(t *testing.T, s *Server) *http.Client {
	t.Helper()

	pem, err := os.ReadFile(s.CACertFile())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("the CA certificate file holds no certificate")
	}

	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	return &http.Client{Transport: transport, Timeout: 30 * time.Second}
}

// newClient returns an armlogic client that authenticates with a client
// secret against the server's token endpoint. retries is azcore's
// MaxRetries, where -1 turns retries off and 0 means its default of 3.
func newClient(t *testing.T, s *Server, retries int32) *armlogic.WorkflowsClient {
	t.Helper()

	cloudConfig := cloud.Configuration{
		ActiveDirectoryAuthorityHost: s.URL(),
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: s.URL(), Audience: s.URL()},
		},
	}
	options := azcore.ClientOptions{
		Cloud:     cloudConfig,
		Transport: httpClient(t, s),
		Retry:     policy.RetryOptions{MaxRetries: retries, RetryDelay: 10 * time.Millisecond},
	}

	credential, err := azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, s.ClientSecret,
		&azidentity.ClientSecretCredentialOptions{ClientOptions: options, DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}

	client, err := armlogic.NewWorkflowsClient(testSubscription, credential, &arm.ClientOptions{ClientOptions: options})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func workflowBody(definition string) armlogic.Workflow {
	return armlogic.Workflow{
		Location: to.Ptr("West Europe"),
		Tags:     map[string]*string{"team": to.Ptr("data")},
		Properties: &armlogic.WorkflowProperties{
			Definition: json.RawMessage(definition),
			Parameters: map[string]*armlogic.WorkflowParameter{"greeting": {Value: "hi"}},
		},
	}
}

func workflowID(name string) string {
	return "/subscriptions/" + testSubscription + "/resourceGroups/" + testGroup + "/providers/Microsoft.Logic/workflows/" + name
}

func responseCode(t *testing.T, err error) (int, string) {
	t.Helper()

	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error = %v, want an *azcore.ResponseError", err)
	}
	return re.StatusCode, re.ErrorCode
}

func TestWorkflowLifecycle(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	ctx := context.Background()

	created, err := client.CreateOrUpdate(ctx, testGroup, "orders", workflowBody(testDefinition), nil)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if got := deref(created.ID); got != workflowID("orders") {
		t.Errorf("ID = %q, want %q", got, workflowID("orders"))
	}
	if got := deref(created.Location); got != "westeurope" {
		t.Errorf("location = %q, want the normalized westeurope", got)
	}
	if got := *created.Properties.State; got != armlogic.WorkflowStateEnabled {
		t.Errorf("state = %q, want Enabled by default", got)
	}
	if !strings.HasPrefix(deref(created.Properties.AccessEndpoint), s.URL()+"/workflows/") {
		t.Errorf("access endpoint = %q, want one on the server", deref(created.Properties.AccessEndpoint))
	}

	body := workflowBody(testDefinition)
	body.Properties.State = to.Ptr(armlogic.WorkflowStateDisabled)
	updated, err := client.CreateOrUpdate(ctx, testGroup, "ORDERS", body, nil)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if deref(updated.Properties.Version) == deref(created.Properties.Version) {
		t.Error("the update kept the version; want a new one")
	}
	if !updated.Properties.CreatedTime.Equal(*created.Properties.CreatedTime) {
		t.Error("the update changed createdTime")
	}

	read, err := client.Get(ctx, testGroup, "orders", nil)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got := *read.Properties.State; got != armlogic.WorkflowStateDisabled {
		t.Errorf("state after update = %q, want Disabled", got)
	}
	if got := read.Properties.Parameters["greeting"].Value; got != "hi" {
		t.Errorf("parameter greeting = %v, want hi", got)
	}

	if got := len(s.Workflows()); got != 1 {
		t.Errorf("stored workflows = %d, want 1 (names are case-insensitive)", got)
	}

	if _, err := client.Delete(ctx, testGroup, "orders", nil); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = client.Get(ctx, testGroup, "orders", nil)
	if status, code := responseCode(t, err); status != http.StatusNotFound || code != "ResourceNotFound" {
		t.Errorf("get after delete = %d %s, want 404 ResourceNotFound", status, code)
	}
	if _, err := client.Delete(ctx, testGroup, "orders", nil); err != nil {
		t.Errorf("deleting a missing workflow: %v, want success (204)", err)
	}
}

func TestCreateReturns201ThenUpdate200(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)

	var statuses []int
	for range 2 {
		var raw *http.Response
		ctx := policy.WithCaptureResponse(context.Background(), &raw)
		if _, err := client.CreateOrUpdate(ctx, testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, raw.StatusCode)
	}

	if statuses[0] != http.StatusCreated || statuses[1] != http.StatusOK {
		t.Errorf("statuses = %v, want [201 200]", statuses)
	}
}

func TestSystemAssignedIdentityKeepsPrincipal(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	ctx := context.Background()

	body := workflowBody(testDefinition)
	body.Identity = &armlogic.ManagedServiceIdentity{Type: to.Ptr(armlogic.ManagedServiceIdentityTypeSystemAssigned)}

	first, err := client.CreateOrUpdate(ctx, testGroup, "orders", body, nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := client.CreateOrUpdate(ctx, testGroup, "orders", body, nil)
	if err != nil {
		t.Fatal(err)
	}

	principal := deref(first.Identity.PrincipalID)
	if principal == "" {
		t.Fatal("no principal ID assigned")
	}
	if got := deref(second.Identity.PrincipalID); got != principal {
		t.Errorf("principal after update = %q, want the same %q", got, principal)
	}
	if got := deref(first.Identity.TenantID); got != s.TenantID {
		t.Errorf("tenant = %q, want %q", got, s.TenantID)
	}
}

func TestPutRejectsInvalidWorkflows(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*armlogic.Workflow)
		code   string
	}{
		{"broken definition", func(w *armlogic.Workflow) { w.Properties.Definition = json.RawMessage(brokenDefinition) }, "InvalidTemplate"},
		{"missing definition", func(w *armlogic.Workflow) { w.Properties.Definition = nil }, "InvalidWorkflow"},
		{"undeclared parameter", func(w *armlogic.Workflow) {
			w.Properties.Parameters["other"] = &armlogic.WorkflowParameter{Value: 1}
		}, "InvalidTemplate"},
		{"missing location", func(w *armlogic.Workflow) { w.Location = nil }, "LocationRequired"},
		{"user-assigned without IDs", func(w *armlogic.Workflow) {
			w.Identity = &armlogic.ManagedServiceIdentity{Type: to.Ptr(armlogic.ManagedServiceIdentityTypeUserAssigned)}
		}, "InvalidIdentity"},
	}

	s := startServer(t)
	client := newClient(t, s, -1)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := workflowBody(testDefinition)
			tt.modify(&body)

			_, err := client.CreateOrUpdate(context.Background(), testGroup, "orders", body, nil)
			if status, code := responseCode(t, err); status != http.StatusBadRequest || code != tt.code {
				t.Errorf("PUT = %d %s, want 400 %s", status, code, tt.code)
			}

			_, err = client.ValidateByResourceGroup(context.Background(), testGroup, "orders", body, nil)
			if status, code := responseCode(t, err); status != http.StatusBadRequest || code != tt.code {
				t.Errorf("validate = %d %s, want 400 %s", status, code, tt.code)
			}
		})
	}

	if got := len(s.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0", got)
	}
}

func TestInvalidTemplateNamesTheProblem(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)

	body := workflowBody(brokenDefinition)
	body.Properties.Parameters = nil
	_, err := client.CreateOrUpdate(context.Background(), testGroup, "orders", body, nil)
	if err == nil || !strings.Contains(err.Error(), "/actions/reply/runAfter") {
		t.Errorf("error = %v, want the JSON pointer of the bad runAfter", err)
	}
}

func TestValidateStoresNothing(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)

	if _, err := client.ValidateByResourceGroup(context.Background(), testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatalf("validate: %v", err)
	}
	if _, err := client.ValidateByLocation(context.Background(), testGroup, "westeurope", "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatalf("validate by location: %v", err)
	}

	if got := len(s.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0", got)
	}
	if got := s.Calls(OperationValidate); got != 2 {
		t.Errorf("validate calls = %d, want 2", got)
	}
}

func TestLocationCannotChange(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	ctx := context.Background()

	if _, err := client.CreateOrUpdate(ctx, testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatal(err)
	}

	body := workflowBody(testDefinition)
	body.Location = to.Ptr("northeurope")
	_, err := client.CreateOrUpdate(ctx, testGroup, "orders", body, nil)
	if status, code := responseCode(t, err); status != http.StatusConflict || code != "InvalidResourceLocation" {
		t.Errorf("PUT in another location = %d %s, want 409 InvalidResourceLocation", status, code)
	}
}

func TestRequestsNeedIssuedToken(t *testing.T) {
	s := startServer(t)
	client := httpClient(t, s)

	for _, header := range []string{"", "Bearer made-up"} {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+workflowID("orders")+"?api-version="+APIVersion, nil)
		if header != "" {
			req.Header.Set("Authorization", header)
		}

		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()

		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("Authorization %q: status %d, want 401", header, resp.StatusCode)
		}
	}
}

func TestTokenEndpointChecksClientSecret(t *testing.T) {
	s := startServer(t)

	options := azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: s.URL()},
		Transport: httpClient(t, s),
	}
	credential, err := azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, "wrong-secret",
		&azidentity.ClientSecretCredentialOptions{ClientOptions: options, DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}

	_, err = credential.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{s.URL() + "/.default"}})
	if err == nil {
		t.Fatal("GetToken with a wrong secret succeeded")
	}
	if !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("error = %v, want invalid_client", err)
	}
}

func TestAPIVersionRequired(t *testing.T) {
	s := startServer(t)
	token := issueToken(t, s)

	tests := map[string]string{"": "MissingApiVersionParameter", "2016-06-01": "NoRegisteredProviderFound"}
	for version, want := range tests {
		url := s.URL() + workflowID("orders")
		if version != "" {
			url += "?api-version=" + version
		}

		status, code := rawRequest(t, s, http.MethodGet, url, token)
		if status != http.StatusBadRequest || code != want {
			t.Errorf("api-version %q: %d %s, want 400 %s", version, status, code, want)
		}
	}
}

func issueToken(t *testing.T, s *Server) string {
	t.Helper()

	form := strings.NewReader("grant_type=client_credentials&client_id=" + s.ClientID +
		"&client_secret=" + s.ClientSecret + "&scope=" + s.URL() + "/.default")
	resp, err := httpClient(t, s).Post(s.URL()+"/"+s.TenantID+"/oauth2/v2.0/token", "application/x-www-form-urlencoded", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("token response: status %d, error %v", resp.StatusCode, err)
	}
	return body.AccessToken
}

func rawRequest(t *testing.T, s *Server, method, url, token string) (int, string) {
	t.Helper()

	req, _ := http.NewRequest(method, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := httpClient(t, s).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	data, _ := io.ReadAll(resp.Body)
	var body armError
	json.Unmarshal(data, &body)
	return resp.StatusCode, body.Error.Code
}

func TestThrottleSendsRetryAfter(t *testing.T) {
	s := startServer(t)
	token := issueToken(t, s)
	s.Throttle(1, 1500*time.Millisecond)

	req, _ := http.NewRequest(http.MethodGet, s.URL()+workflowID("orders")+"?api-version="+APIVersion, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := httpClient(t, s).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("status = %d, want 429", resp.StatusCode)
	}
	if got := resp.Header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2 (1.5 s rounded up)", got)
	}

	status, code := rawRequest(t, s, http.MethodGet, s.URL()+workflowID("orders")+"?api-version="+APIVersion, token)
	if status != http.StatusNotFound || code != "ResourceNotFound" {
		t.Errorf("request after the fault = %d %s, want 404 ResourceNotFound", status, code)
	}
}

func TestFaultsApplyToTheirOperation(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	ctx := context.Background()
	s.FailNextOperation(OperationValidate, http.StatusForbidden, "AuthorizationFailed", "no permission")

	if _, err := client.CreateOrUpdate(ctx, testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatalf("PUT hit the validate fault: %v", err)
	}

	_, err := client.ValidateByResourceGroup(ctx, testGroup, "orders", workflowBody(testDefinition), nil)
	if status, code := responseCode(t, err); status != http.StatusForbidden || code != "AuthorizationFailed" {
		t.Errorf("validate = %d %s, want 403 AuthorizationFailed", status, code)
	}
}

func TestSDKRetriesServerErrors(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, 3)
	s.FailCalls(http.StatusServiceUnavailable, 2)

	if _, err := client.CreateOrUpdate(context.Background(), testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatalf("create: %v", err)
	}
	if got := s.Calls(OperationPut); got != 3 {
		t.Errorf("PUT calls = %d, want 3 (two 503 then success)", got)
	}
}

func TestIdentityNotReadyRejectsPut(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	s.IdentityNotReady(1)

	body := workflowBody(testDefinition)
	identityID := "/subscriptions/" + testSubscription + "/resourceGroups/" + testGroup +
		"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/runner"
	body.Identity = &armlogic.ManagedServiceIdentity{
		Type:                   to.Ptr(armlogic.ManagedServiceIdentityTypeUserAssigned),
		UserAssignedIdentities: map[string]*armlogic.UserAssignedIdentity{identityID: {}},
	}

	_, err := client.CreateOrUpdate(context.Background(), testGroup, "orders", body, nil)
	if status, code := responseCode(t, err); status != http.StatusBadRequest || code != "FailedIdentityOperation" {
		t.Errorf("first PUT = %d %s, want 400 FailedIdentityOperation", status, code)
	}
	if got := len(s.Workflows()); got != 0 {
		t.Errorf("stored workflows after the rejected PUT = %d, want 0", got)
	}

	created, err := client.CreateOrUpdate(context.Background(), testGroup, "orders", body, nil)
	if err != nil {
		t.Fatalf("second PUT: %v", err)
	}
	if created.Identity.UserAssignedIdentities[identityID] == nil {
		t.Error("the user-assigned identity is missing from the response")
	}
}

func TestLagReadsServesPreviousVersion(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	ctx := context.Background()
	s.LagReads(2)

	if _, err := client.CreateOrUpdate(ctx, testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		_, err := client.Get(ctx, testGroup, "orders", nil)
		if status, _ := responseCode(t, err); status != http.StatusNotFound {
			t.Errorf("read %d after create = %d, want 404 while reads lag", i+1, status)
		}
	}

	if _, err := client.Get(ctx, testGroup, "orders", nil); err != nil {
		t.Errorf("third read: %v, want the workflow", err)
	}
}

func TestLostPutResponsesStoreTheWorkflow(t *testing.T) {
	for _, mode := range []LossMode{LossCloseConnection, LossInternalError} {
		s := startServer(t)
		client := newClient(t, s, -1)
		s.LosePutResponses(1, mode)

		_, err := client.CreateOrUpdate(context.Background(), testGroup, "orders", workflowBody(testDefinition), nil)
		if err == nil {
			t.Errorf("mode %d: create succeeded, want the response lost", mode)
		}
		if got := len(s.Workflows()); got != 1 {
			t.Errorf("mode %d: stored workflows = %d, want 1", mode, got)
		}
	}
}

func TestOutOfBandChanges(t *testing.T) {
	s := startServer(t)
	client := newClient(t, s, -1)
	ctx := context.Background()

	if _, err := client.CreateOrUpdate(ctx, testGroup, "orders", workflowBody(testDefinition), nil); err != nil {
		t.Fatal(err)
	}

	edited := strings.Replace(testDefinition, `"statusCode": 200`, `"statusCode": 202`, 1)
	if err := s.EditDefinition(workflowID("orders"), edited); err != nil {
		t.Fatal(err)
	}
	read, err := client.Get(ctx, testGroup, "orders", nil)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := json.Marshal(read.Properties.Definition)
	if !strings.Contains(string(text), `"statusCode":202`) {
		t.Errorf("definition after the edit = %s, want statusCode 202", text)
	}

	if err := s.DeleteWorkflow(workflowID("Orders")); err != nil {
		t.Fatal(err)
	}
	if got := len(s.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0", got)
	}
	if err := s.DeleteWorkflow(workflowID("orders")); err == nil {
		t.Error("deleting a missing workflow out of band succeeded, want an error")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
