package aws

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/stepfunctions"
)

const (
	passDefinition = `{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`
	waitDefinition = `{"StartAt":"Pause","States":{"Pause":{"Type":"Wait","Seconds":1,"End":true}}}`

	// waitReformatted holds the same document as waitDefinition with other
	// key order and spacing.
	waitReformatted = "{\n  \"States\": {\"Pause\": {\"End\": true, \"Seconds\": 1, \"Type\": \"Wait\"}},\n  \"StartAt\": \"Pause\"\n}"

	logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*"
)

var role = stepfunctions.RoleARN("workflow")

// newTestDeployer starts a local server and returns a Deployer that reaches
// it through the default credential chain, with short waits.
func newTestDeployer(t *testing.T) (*Deployer, *stepfunctions.Server) {
	t.Helper()

	srv := stepfunctions.Start(t)
	srv.SetEnv(t)

	d, err := New(context.Background(), Config{Endpoint: srv.URL})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	d.RolePropagationTimeout = 2 * time.Second
	d.ConsistencyTimeout = 2 * time.Second
	d.DeleteTimeout = 2 * time.Second
	d.PollInterval = 10 * time.Millisecond
	d.MaxBackoff = 10 * time.Millisecond

	return d, srv
}

func workflow(name, definition string, s *Settings) cloud.Workflow {
	return cloud.Workflow{Name: name, Definition: definition, Settings: s}
}

// persistRecorder records the IDs Create persists.
type persistRecorder struct{ ids []string }

func (p *persistRecorder) persist(id string) { p.ids = append(p.ids, id) }

func mustCreate(t *testing.T, d *Deployer, w cloud.Workflow) *cloud.Deployed {
	t.Helper()

	var p persistRecorder
	deployed, err := d.Create(context.Background(), w, p.persist)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	if len(p.ids) != 1 || p.ids[0] != deployed.ID {
		t.Fatalf("persisted %v, want exactly [%s]", p.ids, deployed.ID)
	}

	return deployed
}

// wantOne checks that the server holds exactly one state machine, with the
// given ARN.
func wantOne(t *testing.T, srv *stepfunctions.Server, arn string) stepfunctions.StateMachine {
	t.Helper()

	machines := srv.StateMachines()
	if len(machines) != 1 {
		t.Fatalf("server holds %d state machines, want 1: %+v", len(machines), machines)
	}

	if machines[0].ARN != arn {
		t.Fatalf("server holds %s, want %s", machines[0].ARN, arn)
	}

	return machines[0]
}

func TestLifecycle(t *testing.T) {
	d, srv := newTestDeployer(t)
	ctx := context.Background()

	settings := &Settings{
		RoleARN: role,
		Logging: &Logging{Level: "ERROR", IncludeExecutionData: true, LogGroupARN: logGroup},
		Publish: true,
		Tags:    map[string]string{"team": "payments", "env": "test"},
	}
	created := mustCreate(t, d, workflow("orders", passDefinition, settings))

	wantARN := stepfunctions.ARN(stepfunctions.DefaultRegion, "orders")
	if created.ID != wantARN {
		t.Errorf("ID = %s, want %s", created.ID, wantARN)
	}
	if created.Attributes["arn"] != wantARN {
		t.Errorf("arn attribute = %s, want %s", created.Attributes["arn"], wantARN)
	}
	if created.Attributes["version_arn"] != wantARN+":1" {
		t.Errorf("version_arn = %q, want %s:1", created.Attributes["version_arn"], wantARN)
	}
	if created.Attributes["status"] != "ACTIVE" {
		t.Errorf("status = %q, want ACTIVE", created.Attributes["status"])
	}
	if _, err := time.Parse(time.RFC3339, created.Attributes["creation_date"]); err != nil {
		t.Errorf("creation_date %q is not RFC 3339: %v", created.Attributes["creation_date"], err)
	}

	read, err := d.Read(ctx, created.ID)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	got := read.Settings.(*Settings)
	if got.RoleARN != role || got.Type != "STANDARD" || got.Region != "" {
		t.Errorf("read role %q type %q region %q", got.RoleARN, got.Type, got.Region)
	}
	if got.Logging == nil || *got.Logging != *settings.Logging {
		t.Errorf("read logging %+v, want %+v", got.Logging, settings.Logging)
	}
	if len(got.Tags) != 2 || got.Tags["team"] != "payments" {
		t.Errorf("read tags %v", got.Tags)
	}
	if got.Encryption != nil {
		t.Errorf("read encryption %+v, want nil for the default AWS owned key", got.Encryption)
	}

	updatedSettings := &Settings{
		RoleARN:        stepfunctions.RoleARN("workflow-v2"),
		TracingEnabled: true,
		Publish:        true,
		Tags:           map[string]string{"team": "billing"},
	}
	updated, err := d.Update(ctx, created.ID, workflow("orders", waitDefinition, updatedSettings))
	if err != nil {
		t.Fatalf("Update: %v", err)
	}

	if updated.Attributes["revision_id"] == created.Attributes["revision_id"] {
		t.Error("revision_id did not change")
	}
	if updated.Attributes["version_arn"] != wantARN+":2" {
		t.Errorf("version_arn after update = %q, want %s:2", updated.Attributes["version_arn"], wantARN)
	}

	stored := wantOne(t, srv, created.ID)
	if stored.Definition != waitDefinition {
		t.Errorf("stored definition = %s", stored.Definition)
	}
	if stored.LogLevel != "OFF" {
		t.Errorf("stored log level = %s, want OFF after logging was removed", stored.LogLevel)
	}
	if !stored.TracingEnabled {
		t.Error("tracing is off, want on")
	}
	if len(stored.Tags) != 1 || stored.Tags["team"] != "billing" {
		t.Errorf("stored tags = %v, want only team=billing", stored.Tags)
	}

	if err := d.Delete(ctx, created.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if n := len(srv.StateMachines()); n != 0 {
		t.Errorf("server holds %d state machines after Delete", n)
	}

	if _, err := d.Read(ctx, created.ID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("Read after Delete: %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, created.ID); err != nil {
		t.Errorf("second Delete: %v, want nil", err)
	}
}

func TestUpdateUnchangedKeepsRevision(t *testing.T) {
	d, srv := newTestDeployer(t)
	settings := &Settings{RoleARN: role, Tags: map[string]string{"team": "a"}}
	created := mustCreate(t, d, workflow("orders", waitDefinition, settings))

	tagsOnly := &Settings{RoleARN: role, Tags: map[string]string{"team": "b"}}
	updated, err := d.Update(context.Background(), created.ID, workflow("orders", waitReformatted, tagsOnly))
	if err != nil {
		t.Fatalf("Update: %v", err)
	}

	if updated.Attributes["revision_id"] != created.Attributes["revision_id"] {
		t.Error("a tag change and a reformatted definition made a new revision")
	}
	if got := srv.Calls("UpdateStateMachine"); got != 0 {
		t.Errorf("UpdateStateMachine calls = %d, want 0", got)
	}
	if stored := wantOne(t, srv, created.ID); stored.Tags["team"] != "b" {
		t.Errorf("stored tags = %v, want team=b", stored.Tags)
	}
}

func TestCreateInOtherRegion(t *testing.T) {
	d, srv := newTestDeployer(t)
	settings := &Settings{Region: "eu-west-1", RoleARN: role}

	created := mustCreate(t, d, workflow("orders", passDefinition, settings))

	want := stepfunctions.ARN("eu-west-1", "orders")
	if created.ID != want {
		t.Errorf("ID = %s, want %s", created.ID, want)
	}
	if region := created.Settings.(*Settings).Region; region != "eu-west-1" {
		t.Errorf("created region = %q, want eu-west-1", region)
	}
	wantOne(t, srv, want)

	read, err := d.Read(context.Background(), created.ID)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if region := read.Settings.(*Settings).Region; region != "eu-west-1" {
		t.Errorf("read region = %q, want eu-west-1", region)
	}
	if len(d.clients) != 1 {
		t.Errorf("deployer built %d clients, want 1 for eu-west-1", len(d.clients))
	}

	moved := &Settings{Region: "eu-central-1", RoleARN: role}
	if _, err := d.Update(context.Background(), created.ID, workflow("orders", passDefinition, moved)); err == nil {
		t.Error("Update to another region returned no error")
	}
}

func TestCreateRetriesRolePropagation(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.DenyRoleAssumption(3)

	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	if got := srv.Calls("CreateStateMachine"); got != 4 {
		t.Errorf("CreateStateMachine calls = %d, want 4", got)
	}
	wantOne(t, srv, created.ID)
}

func TestCreateRolePropagationBound(t *testing.T) {
	d, srv := newTestDeployer(t)
	d.RolePropagationTimeout = 50 * time.Millisecond
	srv.DenyRoleAssumption(1 << 20)

	var p persistRecorder
	_, err := d.Create(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}), p.persist)
	if err == nil {
		t.Fatal("Create succeeded although the role never became assumable")
	}

	for _, want := range []string{role, "trust policy", "states.amazonaws.com", "AccessDeniedException"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted %v for a failed create", p.ids)
	}
	if n := len(srv.StateMachines()); n != 0 {
		t.Errorf("server holds %d state machines", n)
	}
}

func TestCreateCallerAccessDenied(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.InjectFault("CreateStateMachine", stepfunctions.Fault{
		StatusCode: http.StatusBadRequest,
		Type:       "AccessDeniedException",
		Message:    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:CreateStateMachine",
	}, 1)

	_, err := d.Create(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}), func(string) {})
	if err == nil || !strings.Contains(err.Error(), "states:CreateStateMachine") {
		t.Fatalf("Create error = %v, want the caller's permission error", err)
	}
	if got := srv.Calls("CreateStateMachine"); got != 1 {
		t.Errorf("CreateStateMachine calls = %d, want 1", got)
	}
}

func TestUpdateRetriesRolePropagation(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	srv.DenyRoleAssumption(2)

	newRole := stepfunctions.RoleARN("fresh")
	updated, err := d.Update(context.Background(), created.ID, workflow("orders", passDefinition, &Settings{RoleARN: newRole}))
	if err != nil {
		t.Fatalf("Update: %v", err)
	}

	if got := updated.Settings.(*Settings).RoleARN; got != newRole {
		t.Errorf("role = %s, want %s", got, newRole)
	}
	if got := srv.Calls("UpdateStateMachine"); got != 3 {
		t.Errorf("UpdateStateMachine calls = %d, want 3", got)
	}
}

func TestCreateLostResponse(t *testing.T) {
	modes := map[string]stepfunctions.LostResponse{
		"closed connection": stepfunctions.CloseConnection,
		"internal failure":  stepfunctions.RespondInternalFailure,
	}

	for name, mode := range modes {
		t.Run(name, func(t *testing.T) {
			d, srv := newTestDeployer(t)
			srv.LoseCreateResponses(mode, 1)

			created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role, Tags: map[string]string{"a": "b"}}))

			stored := wantOne(t, srv, created.ID)
			if stored.Tags["a"] != "b" {
				t.Errorf("tags = %v", stored.Tags)
			}
		})
	}
}

func TestCreateLostResponsesAfterSDKRetries(t *testing.T) {
	d, srv := newTestDeployer(t)

	// The SDK makes 3 attempts; the deployer sends the create again.
	srv.LoseCreateResponses(stepfunctions.CloseConnection, 3)

	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	wantOne(t, srv, created.ID)
	if got := srv.Calls("CreateStateMachine"); got != 4 {
		t.Errorf("CreateStateMachine calls = %d, want 4", got)
	}
}

func TestCreateRejectsExistingIdentical(t *testing.T) {
	d, srv := newTestDeployer(t)
	first := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	// Step Functions would return the first state machine's ARN for this
	// identical create, so only the check before the create stops it.
	var p persistRecorder
	_, err := d.Create(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}), p.persist)

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("Create error = %v, want *cloud.AlreadyExistsError", err)
	}
	if exists.ID != first.ID {
		t.Errorf("AlreadyExistsError.ID = %s, want %s", exists.ID, first.ID)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted %v for a state machine that existed before", p.ids)
	}
	wantOne(t, srv, first.ID)
	if got := srv.Calls("CreateStateMachine"); got != 1 {
		t.Errorf("CreateStateMachine calls = %d, want 1", got)
	}
}

func TestCreateFindsExistingOnLaterPage(t *testing.T) {
	d, srv := newTestDeployer(t)
	client, err := d.client("")
	if err != nil {
		t.Fatalf("client: %v", err)
	}

	// The server sorts by ARN, so "zz-orders" follows the 1000 others and
	// sits on the second page.
	for i := range listPageSize {
		name := fmt.Sprintf("filler-%04d", i)
		if _, err := client.CreateStateMachine(context.Background(), createInput(name, passDefinition, &Settings{RoleARN: role})); err != nil {
			t.Fatalf("creating %s: %v", name, err)
		}
	}
	existing := mustCreate(t, d, workflow("zz-orders", passDefinition, &Settings{RoleARN: role}))

	var p persistRecorder
	_, err = d.Create(context.Background(), workflow("zz-orders", passDefinition, &Settings{RoleARN: role}), p.persist)

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != existing.ID {
		t.Fatalf("Create error = %v, want *cloud.AlreadyExistsError for %s", err, existing.ID)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted %v", p.ids)
	}
	if got := len(srv.StateMachines()); got != listPageSize+1 {
		t.Errorf("server holds %d state machines, want %d", got, listPageSize+1)
	}
}

func TestCreateSameNameInOtherRegion(t *testing.T) {
	d, srv := newTestDeployer(t)
	mustCreate(t, d, workflow("orders", passDefinition, &Settings{Region: "eu-west-1", RoleARN: role}))

	second := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	if want := stepfunctions.ARN("us-east-1", "orders"); second.ID != want {
		t.Errorf("ID = %s, want %s", second.ID, want)
	}
	if got := len(srv.StateMachines()); got != 2 {
		t.Errorf("server holds %d state machines, want 2", got)
	}
}

func TestCreateWithoutListPermission(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.InjectFault("ListStateMachines", stepfunctions.Fault{
		StatusCode: http.StatusBadRequest, Type: "AccessDeniedException",
		Message: "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:ListStateMachines",
	}, 1)

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)

	var p persistRecorder
	created, err := d.Create(ctx, workflow("orders", passDefinition, &Settings{RoleARN: role}), p.persist)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	wantOne(t, srv, created.ID)
	if len(p.ids) != 1 || p.ids[0] != created.ID {
		t.Errorf("persisted %v, want [%s]", p.ids, created.ID)
	}
	if !strings.Contains(logs.String(), "Cannot check whether the state machine name is taken") {
		t.Errorf("logs do not contain the warning about the skipped check:\n%s", logs.String())
	}
}

func TestCreateListFailure(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.InjectFault("ListStateMachines", stepfunctions.InternalFailure, 3)

	_, err := d.Create(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}), nil)
	if err == nil || !strings.Contains(err.Error(), "looking up state machine orders") {
		t.Fatalf("Create error = %v, want the failed lookup", err)
	}
	if got := srv.Calls("CreateStateMachine"); got != 0 {
		t.Errorf("CreateStateMachine calls = %d, want 0", got)
	}
}

// hideListProxy forwards requests to srv, but returns an empty list for
// ListStateMachines, as the service may while its list lags a create made
// by someone else. When loseFirstCreate is set, it also forwards the first
// CreateStateMachine and then closes the connection, and returns
// StateMachineAlreadyExists for the next one, as the service would if it
// did not treat the repeated create as identical.
func hideListProxy(t *testing.T, srv *stepfunctions.Server, loseFirstCreate bool) string {
	t.Helper()

	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)

	var creates atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Header.Get("X-Amz-Target") {
		case "AWSStepFunctions.ListStateMachines":
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			fmt.Fprint(w, `{"stateMachines":[]}`)
			return
		case "AWSStepFunctions.CreateStateMachine":
			if !loseFirstCreate {
				break
			}

			switch creates.Add(1) {
			case 1:
				forward.ServeHTTP(httptest.NewRecorder(), r)
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			case 2:
				w.Header().Set("Content-Type", "application/x-amz-json-1.0")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"__type":"StateMachineAlreadyExists","message":"State Machine Already Exists: '%s'"}`, stepfunctions.ARN("us-east-1", "orders"))
				return
			}
		}

		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)

	return proxy.URL
}

func newProxiedDeployer(t *testing.T, endpoint string) *Deployer {
	t.Helper()

	d, err := New(context.Background(), Config{Endpoint: endpoint})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	d.ConsistencyTimeout = 2 * time.Second
	d.PollInterval = 10 * time.Millisecond
	d.MaxBackoff = 10 * time.Millisecond

	return d
}

func TestCreateRaceWithForeignCreate(t *testing.T) {
	d, srv := newTestDeployer(t)
	first := mustCreate(t, d, workflow("orders", waitDefinition, &Settings{RoleARN: role}))

	// The list misses the state machine, so the create itself meets it on
	// its first attempt, which cannot have created it.
	proxied := newProxiedDeployer(t, hideListProxy(t, srv, false))

	var p persistRecorder
	_, err := proxied.Create(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}), p.persist)

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != first.ID {
		t.Fatalf("Create error = %v, want *cloud.AlreadyExistsError for %s", err, first.ID)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted %v", p.ids)
	}
	if stored := wantOne(t, srv, first.ID); stored.Definition != waitDefinition {
		t.Error("the existing state machine was changed")
	}
}

func TestCreateAdoptsAfterLostResponse(t *testing.T) {
	srv := stepfunctions.Start(t)
	srv.SetEnv(t)
	d := newProxiedDeployer(t, hideListProxy(t, srv, true))

	// The first attempt stores the state machine and loses its response,
	// the second is refused with StateMachineAlreadyExists. The state
	// machine is this call's own, so Create takes it over.
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	wantOne(t, srv, created.ID)
	if created.ID != stepfunctions.ARN("us-east-1", "orders") {
		t.Errorf("ID = %s", created.ID)
	}
}

func TestCreateRejectsForeignStateMachine(t *testing.T) {
	d, srv := newTestDeployer(t)
	first := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	var p persistRecorder
	_, err := d.Create(context.Background(), workflow("orders", waitDefinition, &Settings{RoleARN: role}), p.persist)

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("Create error = %v, want *cloud.AlreadyExistsError", err)
	}
	if exists.ID != first.ID {
		t.Errorf("AlreadyExistsError.ID = %s, want %s", exists.ID, first.ID)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted %v for a state machine it does not own", p.ids)
	}
	if stored := wantOne(t, srv, first.ID); stored.Definition != passDefinition {
		t.Error("the existing state machine was changed")
	}
}

func TestCreateWhileNameDeleting(t *testing.T) {
	d, srv := newTestDeployer(t)
	first := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	// Leave the first state machine in DELETING: Delete gives up waiting.
	srv.SetDeleteReads(1 << 20)
	d.DeleteTimeout = 30 * time.Millisecond
	if err := d.Delete(context.Background(), first.ID); err == nil {
		t.Fatal("Delete returned before the state machine disappeared")
	}

	d.DeleteTimeout = 2 * time.Second
	go func() {
		time.Sleep(100 * time.Millisecond)
		srv.Remove(first.ID)
	}()

	createsBefore := srv.Calls("CreateStateMachine")
	second := mustCreate(t, d, workflow("orders", waitDefinition, &Settings{RoleARN: role}))

	if stored := wantOne(t, srv, second.ID); stored.Definition != waitDefinition {
		t.Errorf("definition = %s", stored.Definition)
	}
	if got := srv.Calls("CreateStateMachine") - createsBefore; got < 2 {
		t.Errorf("CreateStateMachine calls = %d, want a retry after StateMachineDeleting", got)
	}
}

func TestSDKRetriesThrottlingAnd5xx(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.InjectFault("CreateStateMachine", stepfunctions.Throttling, 2)
	srv.InjectFault("DescribeStateMachine", stepfunctions.InternalFailure, 1)
	srv.InjectFault("ListTagsForResource", stepfunctions.ServiceUnavailable, 2)

	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	wantOne(t, srv, created.ID)
	if got := srv.Calls("CreateStateMachine"); got != 3 {
		t.Errorf("CreateStateMachine calls = %d, want 3", got)
	}
}

func TestOperationFailure(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	srv.InjectFault("UpdateStateMachine", stepfunctions.Fault{
		StatusCode: http.StatusBadRequest, Type: "KmsAccessDeniedException", Message: "no access to key alias/workflows",
	}, 1)

	_, err := d.Update(context.Background(), created.ID, workflow("orders", waitDefinition, &Settings{RoleARN: role}))
	if err == nil || !strings.Contains(err.Error(), "alias/workflows") {
		t.Fatalf("Update error = %v, want the service's message", err)
	}

	if stored := wantOne(t, srv, created.ID); stored.Definition != passDefinition {
		t.Error("a failed update changed the definition")
	}
}

func TestReadsLaggingWrites(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.LagReads(3)

	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	if created.Definition != passDefinition {
		t.Errorf("created definition = %s", created.Definition)
	}

	updated, err := d.Update(context.Background(), created.ID, workflow("orders", waitDefinition, &Settings{RoleARN: role}))
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if updated.Definition != waitDefinition {
		t.Errorf("Update returned definition %s, want the written one", updated.Definition)
	}

	// Create and update each waited through three stale reads.
	if got := srv.Calls("DescribeStateMachine"); got < 8 {
		t.Errorf("DescribeStateMachine calls = %d, want at least 8", got)
	}
	wantOne(t, srv, created.ID)
}

func TestUpdateConsistencyBound(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	d.ConsistencyTimeout = 50 * time.Millisecond
	srv.LagReads(1 << 20)

	_, err := d.Update(context.Background(), created.ID, workflow("orders", waitDefinition, &Settings{RoleARN: role}))
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("Update error = %v, want a timeout", err)
	}
}

func TestReadNotFound(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	srv.SetDeleteReads(5)
	if err := srv.Remove(created.ID); err != nil {
		t.Fatalf("Remove: %v", err)
	}

	if _, err := d.Read(context.Background(), created.ID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("Read after out-of-band delete: %v, want ErrNotFound", err)
	}
}

func TestReadDeletingIsNotFound(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	srv.SetDeleteReads(5)

	// Delete times out while the state machine stays DELETING.
	d.DeleteTimeout = 30 * time.Millisecond
	if err := d.Delete(context.Background(), created.ID); err == nil {
		t.Fatal("Delete returned before the state machine disappeared")
	}

	if _, err := d.Read(context.Background(), created.ID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("Read of a DELETING state machine: %v, want ErrNotFound", err)
	}
}

func TestReadShowsOutOfBandEdit(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", waitDefinition, &Settings{RoleARN: role}))

	if err := srv.SetDefinition(created.ID, passDefinition); err != nil {
		t.Fatalf("SetDefinition: %v", err)
	}

	read, err := d.Read(context.Background(), created.ID)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if cloud.SameDefinition(read.Definition, waitReformatted) {
		t.Error("the out-of-band edit compares equal to the configured definition")
	}
	if !cloud.SameDefinition(created.Definition, waitReformatted) {
		t.Error("a reformatted definition compares different")
	}
}

func TestValidate(t *testing.T) {
	d, srv := newTestDeployer(t)
	ctx := context.Background()

	warnings, err := d.Validate(ctx, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	if err != nil || len(warnings) != 0 {
		t.Errorf("valid definition: warnings %v, error %v", warnings, err)
	}

	_, err = d.Validate(ctx, workflow("orders", `{"StartAt":"A","States":{"A":{"Type":"Choice"}}}`, &Settings{RoleARN: role}))
	var definitionErr *cloud.DefinitionError
	if !errors.As(err, &definitionErr) {
		t.Fatalf("invalid definition: error %v, want *cloud.DefinitionError", err)
	}
	if len(definitionErr.Problems) == 0 {
		t.Fatal("invalid definition: DefinitionError without problems")
	}
	for _, want := range []string{"SCHEMA_VALIDATION_FAILED", "at /States/A"} {
		if !strings.Contains(definitionErr.Problems[0], want) {
			t.Errorf("problem %q does not contain %q", definitionErr.Problems[0], want)
		}
	}

	srv.InjectFault("ValidateStateMachineDefinition", stepfunctions.Fault{
		StatusCode: http.StatusBadRequest, Type: "AccessDeniedException",
		Message: "User: arn:aws:iam::123456789012:user/plan is not authorized to perform: states:ValidateStateMachineDefinition",
	}, 1)
	warnings, err = d.Validate(ctx, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	if err != nil {
		t.Errorf("missing permission: error %v, want a warning", err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "states:ValidateStateMachineDefinition") {
		t.Errorf("missing permission: warnings %v", warnings)
	}

	_, err = d.Validate(ctx, workflow("orders", passDefinition, &Settings{}))
	var settingsErr *SettingsError
	if !errors.As(err, &settingsErr) || settingsErr.Attribute != "role_arn" {
		t.Errorf("missing role: error %v, want a SettingsError on role_arn", err)
	}
}

func TestValidateRejectedRequest(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.InjectFault("ValidateStateMachineDefinition", stepfunctions.Fault{
		StatusCode: http.StatusBadRequest, Type: "ValidationException",
		Message: "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576",
	}, 1)

	_, err := d.Validate(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}))

	var definitionErr *cloud.DefinitionError
	if !errors.As(err, &definitionErr) {
		t.Fatalf("error %v, want *cloud.DefinitionError", err)
	}
	if len(definitionErr.Problems) != 1 || !strings.Contains(definitionErr.Problems[0], "length less than or equal to 1048576") {
		t.Errorf("problems = %q, want the service's message", definitionErr.Problems)
	}
}

func TestValidateFailedCallIsPlainError(t *testing.T) {
	cases := map[string]stepfunctions.Fault{
		"throttling":     stepfunctions.Throttling,
		"internal error": stepfunctions.InternalFailure,
	}

	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			d, srv := newTestDeployer(t)

			// The SDK makes 3 attempts, so every one of them fails.
			srv.InjectFault("ValidateStateMachineDefinition", fault, 3)

			warnings, err := d.Validate(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}))
			if err == nil {
				t.Fatal("no error")
			}

			var definitionErr *cloud.DefinitionError
			if errors.As(err, &definitionErr) {
				t.Errorf("error %v is a *cloud.DefinitionError, want a plain error", err)
			}
			if !strings.Contains(err.Error(), fault.Type) {
				t.Errorf("error %v does not name %s", err, fault.Type)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings = %v, want none", warnings)
			}
		})
	}
}

func TestValidateUnreachableIsPlainError(t *testing.T) {
	srv := stepfunctions.Start(t)
	srv.SetEnv(t)
	endpoint := srv.URL
	srv.Close()

	d, err := New(context.Background(), Config{Endpoint: endpoint})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	d.MaxBackoff = 10 * time.Millisecond

	_, err = d.Validate(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}))
	if err == nil {
		t.Fatal("no error from a closed endpoint")
	}

	var definitionErr *cloud.DefinitionError
	if errors.As(err, &definitionErr) {
		t.Errorf("error %v is a *cloud.DefinitionError, want a plain error", err)
	}
}

func TestValidateWithUnknownCredentials(t *testing.T) {
	srv := stepfunctions.Start(t)
	srv.SetEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAOTHERKEY00000000")

	d, err := New(context.Background(), Config{Endpoint: srv.URL, Region: "us-west-2"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	warnings, err := d.Validate(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: role}))
	if err != nil {
		t.Errorf("error %v, want a warning", err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "UnrecognizedClientException") {
		t.Errorf("warnings %v", warnings)
	}
}

func TestNewWithProfile(t *testing.T) {
	srv := stepfunctions.Start(t)
	srv.SetEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")

	dir := t.TempDir()
	credentials := dir + "/credentials"
	content := "[deploy]\naws_access_key_id = " + stepfunctions.AccessKeyID + "\naws_secret_access_key = " + stepfunctions.SecretAccessKey + "\n"
	if err := os.WriteFile(credentials, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credentials)

	d, err := New(context.Background(), Config{Profile: "deploy", Region: "ap-southeast-2", Endpoint: srv.URL})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	d.PollInterval = 10 * time.Millisecond

	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))
	if want := stepfunctions.ARN("ap-southeast-2", "orders"); created.ID != want {
		t.Errorf("ID = %s, want %s", created.ID, want)
	}

	if _, err := New(context.Background(), Config{Profile: "missing"}); err == nil {
		t.Error("New with a missing profile returned no error")
	}
}

func TestLogsNameAndOmitSecrets(t *testing.T) {
	d, srv := newTestDeployer(t)
	srv.DenyRoleAssumption(1)

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)

	created, err := d.Create(ctx, workflow("orders", passDefinition, &Settings{RoleARN: role}), func(string) {})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	output := logs.String()
	for _, want := range []string{`"state_machine_name":"orders"`, created.ID, "Retrying CreateStateMachine", "AccessDeniedException"} {
		if !strings.Contains(output, want) {
			t.Errorf("logs do not contain %q", want)
		}
	}
	for _, secret := range []string{stepfunctions.SecretAccessKey, "Authorization", "AWS4-HMAC-SHA256"} {
		if strings.Contains(output, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func TestImportID(t *testing.T) {
	d := &Deployer{}

	valid := []string{
		"arn:aws:states:us-east-1:123456789012:stateMachine:orders",
		"arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:orders_v2",
		" arn:aws-cn:states:cn-north-1:123456789012:stateMachine:orders-eu ",
	}
	for _, id := range valid {
		got, err := d.ImportID(id)
		if err != nil {
			t.Errorf("ImportID(%q): %v", id, err)
		}
		if got != strings.TrimSpace(id) {
			t.Errorf("ImportID(%q) = %q", id, got)
		}
	}

	invalid := map[string]string{
		"orders": "arn:aws:states:<region>:<account-id>:stateMachine:<name>",
		"arn:aws:states:us-east-1:123456789012:stateMachine:orders:3":    "without the \":3\" suffix",
		"arn:aws:states:us-east-1:123456789012:stateMachine:orders:prod": "version or alias",
		"arn:aws:states:us-east-1:123456789012:activity:orders":          "activity ARN",
		"arn:aws:lambda:us-east-1:123456789012:function:orders":          "not a Step Functions state machine ARN",
		"arn:aws:states:us-east-1:1234:stateMachine:orders":              "12-digit account ID",
		"arn:aws:states:useast:123456789012:stateMachine:orders":         "region",
		"projects/p/locations/us-central1/workflows/orders":              "expected arn:aws:states",
	}
	for id, want := range invalid {
		_, err := d.ImportID(id)
		if err == nil {
			t.Errorf("ImportID(%q) returned no error", id)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ImportID(%q) error %q does not contain %q", id, err, want)
		}
	}
}

func TestCheckSettings(t *testing.T) {
	valid := &Settings{
		Region:  "eu-west-1",
		RoleARN: role,
		Type:    "EXPRESS",
		Logging: &Logging{Level: "ALL", LogGroupARN: logGroup},
		Encryption: &Encryption{
			Type: "CUSTOMER_MANAGED_KMS_KEY", KMSKeyID: "alias/workflows", KMSDataKeyReusePeriodSeconds: 900,
		},
		Publish:            true,
		VersionDescription: "first",
		Tags:               map[string]string{"team": "payments", "cost-center": "a/b:c"},
	}
	if err := CheckSettings(valid); err != nil {
		t.Errorf("valid settings: %v", err)
	}

	tests := []struct {
		name      string
		change    func(s *Settings)
		attribute string
		message   string
	}{
		{"missing role", func(s *Settings) { s.RoleARN = "" }, "role_arn", "required"},
		{"user instead of role", func(s *Settings) { s.RoleARN = "arn:aws:iam::123456789012:user/bob" }, "role_arn", "not an IAM role ARN"},
		{"lower-case type", func(s *Settings) { s.Type = "express" }, "type", "STANDARD or EXPRESS"},
		{"bad region", func(s *Settings) { s.Region = "Europe" }, "region", "not an AWS region"},
		{"log level", func(s *Settings) { s.Logging.Level = "DEBUG" }, "logging.level", "ALL, ERROR, FATAL or OFF"},
		{"log group without :*", func(s *Settings) { s.Logging.LogGroupARN = strings.TrimSuffix(logGroup, ":*") }, "logging.log_group_arn", `must end in ":*"`},
		{"log group of another service", func(s *Settings) { s.Logging.LogGroupARN = "arn:aws:s3:::bucket:*" }, "logging.log_group_arn", "not a CloudWatch Logs log group ARN"},
		{"logging without a log group", func(s *Settings) { s.Logging.LogGroupARN = "" }, "logging.log_group_arn", "required when the level is ALL"},
		{"encryption type", func(s *Settings) { s.Encryption.Type = "KMS" }, "encryption.type", "AWS_OWNED_KEY or CUSTOMER_MANAGED_KMS_KEY"},
		{"customer key without ID", func(s *Settings) { s.Encryption.KMSKeyID = "" }, "encryption.kms_key_id", "required"},
		{"reuse period too short", func(s *Settings) { s.Encryption.KMSDataKeyReusePeriodSeconds = 59 }, "encryption.kms_data_key_reuse_period_seconds", "60 to 900"},
		{"reuse period too long", func(s *Settings) { s.Encryption.KMSDataKeyReusePeriodSeconds = 901 }, "encryption.kms_data_key_reuse_period_seconds", "60 to 900"},
		{"description without publish", func(s *Settings) { s.Publish = false }, "version_description", "publish is true"},
		{"reserved tag prefix", func(s *Settings) { s.Tags = map[string]string{"aws:owner": "x"} }, "tags", "reserves"},
		{"tag with a symbol", func(s *Settings) { s.Tags = map[string]string{"owner": "a&b"} }, "tags", "may only contain"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloneSettings(valid)
			tt.change(s)

			err := CheckSettings(s)
			var settingsErr *SettingsError
			if !errors.As(err, &settingsErr) {
				t.Fatalf("error = %v, want a *SettingsError", err)
			}
			if settingsErr.Attribute != tt.attribute {
				t.Errorf("attribute = %s, want %s", settingsErr.Attribute, tt.attribute)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not contain %q", err, tt.message)
			}
		})
	}
}

func TestCheckSettingsRunsBeforeCalls(t *testing.T) {
	d, srv := newTestDeployer(t)
	settings := &Settings{RoleARN: role, Logging: &Logging{Level: "ALL", LogGroupARN: strings.TrimSuffix(logGroup, ":*")}}

	if _, err := d.Create(context.Background(), workflow("orders", passDefinition, settings), func(string) {}); err == nil {
		t.Fatal("Create accepted a log group ARN without :*")
	}
	if _, err := d.Create(context.Background(), workflow("my orders", passDefinition, &Settings{RoleARN: role}), func(string) {}); err == nil {
		t.Fatal("Create accepted a name with a space")
	}

	if got := srv.Calls("CreateStateMachine"); got != 0 {
		t.Errorf("CreateStateMachine calls = %d, want 0", got)
	}
}

func cloneSettings(s *Settings) *Settings {
	out := *s
	logging, encryption := *s.Logging, *s.Encryption
	out.Logging, out.Encryption = &logging, &encryption

	return &out
}

func TestCreateRepeatedWithOtherRole(t *testing.T) {
	d, srv := newTestDeployer(t)
	first := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role}))

	// The service's idempotent create would return the first state machine,
	// because role and tags take no part in its comparison.
	newRole := stepfunctions.RoleARN("other")
	var p persistRecorder
	_, err := d.Create(context.Background(), workflow("orders", passDefinition, &Settings{RoleARN: newRole, Tags: map[string]string{"team": "a"}}), p.persist)

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != first.ID {
		t.Fatalf("Create error = %v, want *cloud.AlreadyExistsError for %s", err, first.ID)
	}
	if len(p.ids) != 0 {
		t.Errorf("persisted %v", p.ids)
	}

	stored := wantOne(t, srv, first.ID)
	if stored.RoleARN != role {
		t.Errorf("role = %s, want the first create's %s", stored.RoleARN, role)
	}
	if len(stored.Tags) != 0 {
		t.Errorf("tags = %v, want none", stored.Tags)
	}
}

func TestReadWithoutVersionPermission(t *testing.T) {
	d, srv := newTestDeployer(t)
	created := mustCreate(t, d, workflow("orders", passDefinition, &Settings{RoleARN: role, Publish: true}))
	srv.InjectFault("ListStateMachineVersions", stepfunctions.Fault{
		StatusCode: http.StatusBadRequest, Type: "AccessDeniedException",
		Message: "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:ListStateMachineVersions",
	}, 1)

	read, err := d.Read(context.Background(), created.ID)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if _, ok := read.Attributes["version_arn"]; ok {
		t.Errorf("version_arn = %q, want none", read.Attributes["version_arn"])
	}
	if read.Attributes["arn"] != created.ID {
		t.Errorf("arn = %q, want %s", read.Attributes["arn"], created.ID)
	}
}
