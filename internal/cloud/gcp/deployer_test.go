package gcp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/workflows"
)

const (
	token    = "local-token"
	fullName = "projects/p1/locations/us-central1/workflows/orders"
	source   = "main:\n  steps:\n    - done:\n        return: 1\n"
	source2  = "main:\n  steps:\n    - done:\n        return: 2\n"
	account  = "deployer@p1.iam.gserviceaccount.com"
)

// start runs a local server that requires the token and reports each
// operation as running for two polls, and a deployer pointed at it.
func start(t *testing.T) (*workflows.Server, *gcp.Deployer) {
	t.Helper()

	srv, err := workflows.Start(workflows.Options{Token: token, PollsUntilDone: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)

	d, err := gcp.New(context.Background(), gcp.Config{
		Project:      "p1",
		Location:     "us-central1",
		Endpoint:     srv.Endpoint(),
		AccessToken:  token,
		Insecure:     true,
		PollInterval: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })

	return srv, d
}

func workflow() cloud.Workflow {
	return cloud.Workflow{
		Name:        "orders",
		Description: "Processes orders",
		Definition:  source,
		Settings: &gcp.Settings{
			ServiceAccount: account,
			CallLogLevel:   "LOG_ERRORS_ONLY",
			UserEnvVars:    map[string]string{"STAGE": "test"},
			Labels:         map[string]string{"team": "orders"},
		},
	}
}

// create deploys w and returns what it reported and every ID persisted.
func create(t *testing.T, d *gcp.Deployer, w cloud.Workflow) (*cloud.Deployed, []string, error) {
	t.Helper()

	var persisted []string
	deployed, err := d.Create(context.Background(), w, func(id string) { persisted = append(persisted, id) })

	return deployed, persisted, err
}

// requireOne checks that the server holds exactly one workflow, the test's.
func requireOne(t *testing.T, srv *workflows.Server) {
	t.Helper()

	all := srv.Workflows()
	if len(all) != 1 || all[0].GetName() != fullName {
		names := make([]string, 0, len(all))
		for _, wf := range all {
			names = append(names, wf.GetName())
		}
		t.Fatalf("server holds %v, want exactly [%s]", names, fullName)
	}
}

func TestCreateReadUpdateDelete(t *testing.T) {
	srv, d := start(t)
	ctx := context.Background()

	deployed, persisted, err := create(t, d, workflow())
	if err != nil {
		t.Fatalf("create: %v", err)
	}

	if len(persisted) != 1 || persisted[0] != fullName {
		t.Errorf("persisted %v, want [%s]", persisted, fullName)
	}

	if deployed.ID != fullName || deployed.Name != "orders" {
		t.Errorf("ID, Name = %q, %q; want %q, orders", deployed.ID, deployed.Name, fullName)
	}

	for _, key := range []string{"name", "revision_id", "state", "create_time", "update_time"} {
		if deployed.Attributes[key] == "" {
			t.Errorf("attribute %s is empty", key)
		}
	}

	if deployed.Attributes["state"] != "ACTIVE" {
		t.Errorf("state = %q, want ACTIVE", deployed.Attributes["state"])
	}

	read, err := d.Read(ctx, fullName)
	if err != nil {
		t.Fatalf("read: %v", err)
	}

	settings := read.Settings.(*gcp.Settings)
	if settings.Project != "p1" || settings.Location != "us-central1" {
		t.Errorf("project, location = %q, %q; want p1, us-central1", settings.Project, settings.Location)
	}

	if !gcp.SameServiceAccount(account, settings.ServiceAccount) {
		t.Errorf("service account = %q, want %s", settings.ServiceAccount, account)
	}

	if settings.CallLogLevel != "LOG_ERRORS_ONLY" || settings.ExecutionHistoryLevel != "" {
		t.Errorf("levels = %q, %q; want LOG_ERRORS_ONLY and empty", settings.CallLogLevel, settings.ExecutionHistoryLevel)
	}

	if settings.UserEnvVars["STAGE"] != "test" || settings.Labels["team"] != "orders" {
		t.Errorf("env vars %v, labels %v; want STAGE=test and team=orders", settings.UserEnvVars, settings.Labels)
	}

	if !cloud.SameDefinition(read.Definition, source) {
		t.Errorf("definition = %q, want %q", read.Definition, source)
	}

	changed := workflow()
	changed.Description = "Processes all orders"
	described, err := d.Update(ctx, fullName, changed)
	if err != nil {
		t.Fatalf("update description: %v", err)
	}

	if described.Description != changed.Description {
		t.Errorf("description = %q, want %q", described.Description, changed.Description)
	}

	if described.Attributes["revision_id"] != deployed.Attributes["revision_id"] {
		t.Errorf("description change moved revision %s to %s", deployed.Attributes["revision_id"], described.Attributes["revision_id"])
	}

	changed.Definition = source2
	resourced, err := d.Update(ctx, fullName, changed)
	if err != nil {
		t.Fatalf("update source: %v", err)
	}

	if !strings.HasPrefix(resourced.Attributes["revision_id"], "000002-") {
		t.Errorf("revision after source change = %q, want 000002-xxx", resourced.Attributes["revision_id"])
	}

	if err := d.Delete(ctx, fullName); err != nil {
		t.Fatalf("delete: %v", err)
	}

	if got := len(srv.Workflows()); got != 0 {
		t.Errorf("workflows after delete = %d, want 0", got)
	}

	if _, err := d.Read(ctx, fullName); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after delete: %v, want ErrNotFound", err)
	}

	if err := d.Delete(ctx, fullName); err != nil {
		t.Errorf("second delete: %v, want nil for a missing workflow", err)
	}
}

func TestUpdateSendsOnlyChangedFields(t *testing.T) {
	srv, d := start(t)
	ctx := context.Background()

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	reformatted := workflow()
	reformatted.Definition = "main:\n    steps:\n        - done: {return: 1}\n"
	if _, err := d.Update(ctx, fullName, reformatted); err != nil {
		t.Fatalf("update: %v", err)
	}

	if got := srv.Calls("UpdateWorkflow"); got != 0 {
		t.Errorf("UpdateWorkflow calls for a reformatted source = %d, want 0", got)
	}

	labelled := workflow()
	labelled.Settings.(*gcp.Settings).Labels = map[string]string{"team": "billing"}
	if _, err := d.Update(ctx, fullName, labelled); err != nil {
		t.Fatalf("update labels: %v", err)
	}

	stored, _ := srv.Workflow(fullName)
	if stored.GetLabels()["team"] != "billing" || stored.GetUserEnvVars()["STAGE"] != "test" {
		t.Errorf("labels %v, env vars %v; want team=billing and STAGE kept", stored.GetLabels(), stored.GetUserEnvVars())
	}
}

func TestUpdateRejectsMovedWorkflow(t *testing.T) {
	_, d := start(t)

	moved := workflow()
	moved.Settings.(*gcp.Settings).Location = "europe-west1"
	_, err := d.Update(context.Background(), fullName, moved)
	if err == nil || !strings.Contains(err.Error(), "must be replaced") {
		t.Errorf("update to another location: %v, want an error saying it must be replaced", err)
	}
}

func TestDriftAndOutOfBandDelete(t *testing.T) {
	srv, d := start(t)
	ctx := context.Background()

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	srv.SetSource(fullName, source2)
	read, err := d.Read(ctx, fullName)
	if err != nil {
		t.Fatal(err)
	}

	if cloud.SameDefinition(read.Definition, source) {
		t.Error("an out-of-band source edit reads as the same definition")
	}

	srv.Remove(fullName)
	if _, err := d.Read(ctx, fullName); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after out-of-band delete: %v, want ErrNotFound", err)
	}
}

func TestImportID(t *testing.T) {
	_, d := start(t)

	cases := []struct {
		id, wantErr string
	}{
		{fullName, ""},
		{"orders", "projects/PROJECT/locations/LOCATION/workflows/WORKFLOW"},
		{"projects/p1/locations/us-central1/workflows/", "projects/PROJECT/locations/LOCATION/workflows/WORKFLOW"},
		{"projects/p1/regions/us-central1/workflows/orders", "projects/PROJECT/locations/LOCATION/workflows/WORKFLOW"},
		{"projects/p1/locations/us-central1/workflows/9orders", "starts with a letter"},
	}

	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			got, err := d.ImportID(c.id)
			if c.wantErr == "" {
				if err != nil || got != c.id {
					t.Errorf("ImportID = %q, %v; want %q, nil", got, err, c.id)
				}
				return
			}

			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}

func TestOfflineChecks(t *testing.T) {
	srv, d := start(t)

	longValue := strings.Repeat("x", 4097)
	manyVars := map[string]string{}
	for i := range 21 {
		manyVars["V"+string(rune('A'+i))] = "x"
	}

	cases := []struct {
		name    string
		edit    func(w *cloud.Workflow, s *gcp.Settings)
		wantErr string
	}{
		{"bad name", func(w *cloud.Workflow, _ *gcp.Settings) { w.Name = "orders-" }, "ends with a letter or digit"},
		{"long description", func(w *cloud.Workflow, _ *gcp.Settings) { w.Description = strings.Repeat("é", 1001) }, "1001 characters"},
		{"large source", func(w *cloud.Workflow, _ *gcp.Settings) { w.Definition = strings.Repeat("#", 128*1024+1) }, "131073 bytes"},
		{"call log level", func(_ *cloud.Workflow, s *gcp.Settings) { s.CallLogLevel = "ALL" }, "invalid call_log_level"},
		{"history level", func(_ *cloud.Workflow, s *gcp.Settings) { s.ExecutionHistoryLevel = "FULL" }, "invalid execution_history_level"},
		{"label key case", func(_ *cloud.Workflow, s *gcp.Settings) { s.Labels = map[string]string{"Team": "x"} }, "start with a lowercase letter"},
		{"label value char", func(_ *cloud.Workflow, s *gcp.Settings) { s.Labels = map[string]string{"team": "a.b"} }, `character '.'`},
		{"label length", func(_ *cloud.Workflow, s *gcp.Settings) {
			s.Labels = map[string]string{"team": strings.Repeat("a", 64)}
		}, "64 characters"},
		{"reserved env var", func(_ *cloud.Workflow, s *gcp.Settings) { s.UserEnvVars = map[string]string{"GOOGLE_X": "1"} }, "reserved"},
		{"empty env var", func(_ *cloud.Workflow, s *gcp.Settings) { s.UserEnvVars = map[string]string{"": "1"} }, "must not be empty"},
		{"env var size", func(_ *cloud.Workflow, s *gcp.Settings) { s.UserEnvVars = map[string]string{"BIG": longValue} }, "4097 bytes"},
		{"env var count", func(_ *cloud.Workflow, s *gcp.Settings) { s.UserEnvVars = manyVars }, "at most 20"},
		{"crypto key", func(_ *cloud.Workflow, s *gcp.Settings) { s.CryptoKeyName = "keyRings/r/cryptoKeys/k" }, "invalid crypto_key_name"},
		{"service account", func(_ *cloud.Workflow, s *gcp.Settings) { s.ServiceAccount = "serviceAccounts/x" }, "invalid service_account"},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := workflow()
			c.edit(&w, w.Settings.(*gcp.Settings))

			if _, err := d.Validate(context.Background(), w); err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("Validate error = %v, want one containing %q", err, c.wantErr)
			}

			if _, _, err := create(t, d, w); err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("Create error = %v, want one containing %q", err, c.wantErr)
			}
		})
	}

	if got := srv.Calls("CreateWorkflow"); got != 0 {
		t.Errorf("CreateWorkflow calls = %d, want 0 because every case fails offline", got)
	}
}

func TestOfflineChecksAcceptValidSettings(t *testing.T) {
	_, d := start(t)

	w := workflow()
	s := w.Settings.(*gcp.Settings)
	s.CallLogLevel = "CALL_LOG_LEVEL_UNSPECIFIED"
	s.ExecutionHistoryLevel = "EXECUTION_HISTORY_DETAILED"
	s.Labels = map[string]string{"équipe": "", "team_1": "a-b"}
	s.CryptoKeyName = "projects/-/locations/us/keyRings/r/cryptoKeys/k"
	s.ServiceAccount = "projects/-/serviceAccounts/" + account

	if _, err := d.Validate(context.Background(), w); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestMissingProject(t *testing.T) {
	d, err := gcp.New(context.Background(), gcp.Config{Location: "us-central1"})
	if err != nil {
		t.Fatal(err)
	}

	_, err = d.Validate(context.Background(), workflow())
	if err == nil || !strings.Contains(err.Error(), "missing project") {
		t.Errorf("error = %v, want missing project", err)
	}
}

func TestInsecureNeedsLoopback(t *testing.T) {
	for _, endpoint := range []string{"workflows.example.com:443", "10.0.0.1:80", "127.0.0.1"} {
		_, err := gcp.New(context.Background(), gcp.Config{Endpoint: endpoint, Insecure: true})
		if err == nil {
			t.Errorf("New accepted insecure endpoint %q", endpoint)
		}
	}

	for _, endpoint := range []string{"127.0.0.1:8080", "[::1]:8080", "localhost:8080"} {
		if _, err := gcp.New(context.Background(), gcp.Config{Endpoint: endpoint, Insecure: true}); err != nil {
			t.Errorf("New rejected loopback endpoint %q: %v", endpoint, err)
		}
	}
}

func TestWrongTokenFails(t *testing.T) {
	srv, _ := start(t)

	d, err := gcp.New(context.Background(), gcp.Config{
		Project: "p1", Location: "us-central1", Endpoint: srv.Endpoint(),
		AccessToken: "other", Insecure: true, PollInterval: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	_, err = d.Read(context.Background(), fullName)
	if err == nil || !strings.Contains(err.Error(), "Unauthenticated") {
		t.Errorf("read with a wrong token: %v, want Unauthenticated", err)
	}
}

func TestDeletionProtection(t *testing.T) {
	err := gcp.CheckDeletionProtection(fullName, &gcp.Settings{DeletionProtection: true})
	if !errors.Is(err, gcp.ErrDeletionProtected) {
		t.Fatalf("error = %v, want ErrDeletionProtected", err)
	}

	if !strings.Contains(err.Error(), "deletion_protection = false") {
		t.Errorf("error %q does not say how to allow the delete", err)
	}

	if err := gcp.CheckDeletionProtection(fullName, &gcp.Settings{}); err != nil {
		t.Errorf("unprotected: %v, want nil", err)
	}
}

func TestNewAndValidateMakeNoCall(t *testing.T) {
	srv, d := start(t)

	if _, err := d.Validate(context.Background(), workflow()); err != nil {
		t.Fatalf("validate: %v", err)
	}

	for _, method := range []string{"CreateWorkflow", "GetWorkflow", "ListWorkflows"} {
		if got := srv.Calls(method); got != 0 {
			t.Errorf("%s calls = %d, want 0", method, got)
		}
	}
}
