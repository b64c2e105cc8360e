package gcp_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"google.golang.org/grpc/codes"
)

func TestCreateRetriesTransientErrors(t *testing.T) {
	for _, code := range []codes.Code{codes.ResourceExhausted, codes.Unavailable} {
		t.Run(code.String(), func(t *testing.T) {
			srv, d := start(t)

			srv.FailCalls(code, 3, "CreateWorkflow")
			if _, _, err := create(t, d, workflow()); err != nil {
				t.Fatalf("create: %v", err)
			}

			requireOne(t, srv)

			if got := srv.Calls("CreateWorkflow"); got != 4 {
				t.Errorf("CreateWorkflow calls = %d, want 4 (three failures, one success)", got)
			}
		})
	}
}

func TestOperationPollsRetryTransientErrors(t *testing.T) {
	srv, d := start(t)

	srv.FailCalls(codes.Unavailable, 2, "GetOperation")
	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatalf("create: %v", err)
	}

	requireOne(t, srv)

	// Two failed polls, two that report the operation running, one done.
	if got := srv.Calls("GetOperation"); got != 5 {
		t.Errorf("GetOperation calls = %d, want 5", got)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	srv, d := start(t)

	srv.FailCalls(codes.Unavailable, 1000, "CreateWorkflow")
	_, persisted, err := create(t, d, workflow())
	if err == nil || !strings.Contains(err.Error(), "Unavailable") {
		t.Fatalf("create: %v, want the UNAVAILABLE error after the last retry", err)
	}

	if got := srv.Calls("CreateWorkflow"); got != 7 {
		t.Errorf("CreateWorkflow calls = %d, want 7 (one call and six retries)", got)
	}

	if len(persisted) != 0 {
		t.Errorf("persisted %v for a create the service never accepted", persisted)
	}
}

func TestUpdateAndDeleteRetryTransientErrors(t *testing.T) {
	srv, d := start(t)
	ctx := context.Background()

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	changed := workflow()
	changed.Definition = source2

	srv.FailCalls(codes.ResourceExhausted, 2, "UpdateWorkflow")
	if _, err := d.Update(ctx, fullName, changed); err != nil {
		t.Fatalf("update: %v", err)
	}

	if got := srv.Calls("UpdateWorkflow"); got != 3 {
		t.Errorf("UpdateWorkflow calls = %d, want 3", got)
	}

	stored, _ := srv.Workflow(fullName)
	if stored.GetSourceContents() != source2 {
		t.Errorf("source after update = %q, want %q", stored.GetSourceContents(), source2)
	}

	srv.FailCalls(codes.Unavailable, 2, "DeleteWorkflow")
	if err := d.Delete(ctx, fullName); err != nil {
		t.Fatalf("delete: %v", err)
	}

	if got := srv.Calls("DeleteWorkflow"); got != 3 {
		t.Errorf("DeleteWorkflow calls = %d, want 3", got)
	}

	if got := len(srv.Workflows()); got != 0 {
		t.Errorf("workflows after delete = %d, want 0", got)
	}
}

func TestServiceAccountPropagation(t *testing.T) {
	srv, d := start(t)

	srv.DenyServiceAccount(3)
	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatalf("create: %v", err)
	}

	requireOne(t, srv)

	if got := srv.Calls("CreateWorkflow"); got != 4 {
		t.Errorf("CreateWorkflow calls = %d, want 4 (three denials, one success)", got)
	}
}

func TestServiceAccountPropagationOnUpdate(t *testing.T) {
	srv, d := start(t)

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	changed := workflow()
	changed.Settings.(*gcp.Settings).ServiceAccount = "runner@p1.iam.gserviceaccount.com"

	srv.DenyServiceAccount(2)
	deployed, err := d.Update(context.Background(), fullName, changed)
	if err != nil {
		t.Fatalf("update: %v", err)
	}

	if !strings.HasPrefix(deployed.Attributes["revision_id"], "000002-") {
		t.Errorf("revision after a service account change = %q, want 000002-xxx", deployed.Attributes["revision_id"])
	}

	requireOne(t, srv)
}

func TestServiceAccountPropagationBound(t *testing.T) {
	srv, d := start(t)

	srv.DenyServiceAccount(1000)
	_, persisted, err := create(t, d, workflow())
	if err == nil {
		t.Fatal("create succeeded while the service account was denied")
	}

	if !strings.Contains(err.Error(), "roles/iam.serviceAccountUser") || !strings.Contains(err.Error(), account) {
		t.Errorf("error %q does not name the account and the role to grant", err)
	}

	if got := srv.Calls("CreateWorkflow"); got != 8 {
		t.Errorf("CreateWorkflow calls = %d, want 8", got)
	}

	if len(persisted) != 0 || len(srv.Workflows()) != 0 {
		t.Errorf("persisted %v and the server holds %d workflows, want nothing", persisted, len(srv.Workflows()))
	}
}

func TestLostCreateResponseIsAdopted(t *testing.T) {
	srv, d := start(t)

	srv.LoseCreateResponses(1)
	deployed, persisted, err := create(t, d, workflow())
	if err != nil {
		t.Fatalf("create: %v", err)
	}

	requireOne(t, srv)

	if deployed.ID != fullName {
		t.Errorf("ID = %q, want %q", deployed.ID, fullName)
	}

	if len(persisted) != 1 || persisted[0] != fullName {
		t.Errorf("persisted %v, want [%s]", persisted, fullName)
	}

	if got := srv.Calls("CreateWorkflow"); got != 2 {
		t.Errorf("CreateWorkflow calls = %d, want 2 (lost response, then ALREADY_EXISTS)", got)
	}
}

func TestCreateRejectsExistingIdentical(t *testing.T) {
	srv, d := start(t)

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	_, persisted, err := create(t, d, workflow())

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != fullName {
		t.Fatalf("error = %v, want AlreadyExistsError for %s", err, fullName)
	}

	if len(persisted) != 0 {
		t.Errorf("persisted %v for a workflow that existed before", persisted)
	}

	if got := srv.Calls("CreateWorkflow"); got != 1 {
		t.Errorf("CreateWorkflow calls = %d, want 1 (only the first create)", got)
	}

	requireOne(t, srv)
}

func TestCreateExistenceCheckFailure(t *testing.T) {
	srv, d := start(t)

	srv.FailCalls(codes.PermissionDenied, 1, "GetWorkflow")
	_, persisted, err := create(t, d, workflow())
	if err == nil || !strings.Contains(err.Error(), "checking whether workflow "+fullName+" exists") {
		t.Fatalf("create: %v, want the failed check", err)
	}

	if len(persisted) != 0 {
		t.Errorf("persisted %v", persisted)
	}

	if got := srv.Calls("CreateWorkflow"); got != 0 {
		t.Errorf("CreateWorkflow calls = %d, want 0", got)
	}
}

func TestCreateRaceWithForeignCreate(t *testing.T) {
	srv, d := start(t)

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	// The check misses the workflow, as it would if someone created it
	// right after the check, so the first CreateWorkflow attempt meets
	// ALREADY_EXISTS. That attempt cannot have created the workflow.
	srv.FailCalls(codes.NotFound, 1, "GetWorkflow")
	_, persisted, err := create(t, d, workflow())

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != fullName {
		t.Fatalf("error = %v, want AlreadyExistsError for %s", err, fullName)
	}

	if len(persisted) != 0 {
		t.Errorf("persisted %v", persisted)
	}

	requireOne(t, srv)
}

func TestAlreadyExistsWithOtherContent(t *testing.T) {
	srv, d := start(t)

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	other := workflow()
	other.Definition = source2
	_, persisted, err := create(t, d, other)

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != fullName {
		t.Fatalf("error = %v, want AlreadyExistsError for %s", err, fullName)
	}

	if len(persisted) != 0 {
		t.Errorf("persisted %v for a workflow this create does not own", persisted)
	}

	requireOne(t, srv)

	stored, _ := srv.Workflow(fullName)
	if stored.GetSourceContents() != source {
		t.Error("the existing workflow was changed")
	}
}

func TestFailedCreateOperation(t *testing.T) {
	srv, d := start(t)

	srv.FailNextOperation(codes.Internal, "deployment failed: internal error")
	_, persisted, err := create(t, d, workflow())
	if err == nil || !strings.Contains(err.Error(), "deployment failed") {
		t.Fatalf("create: %v, want the operation's error", err)
	}

	if len(persisted) != 1 {
		t.Errorf("persisted %v, want the name persisted before the wait", persisted)
	}

	if _, err := d.Read(context.Background(), fullName); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after the failed create: %v, want ErrNotFound", err)
	}

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatalf("second create: %v", err)
	}

	requireOne(t, srv)
}

func TestFailedUpdateAndDeleteOperations(t *testing.T) {
	srv, d := start(t)
	ctx := context.Background()

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	changed := workflow()
	changed.Definition = source2

	srv.FailNextOperation(codes.Internal, "update failed")
	if _, err := d.Update(ctx, fullName, changed); err == nil || !strings.Contains(err.Error(), "update failed") {
		t.Errorf("update: %v, want the operation's error", err)
	}

	stored, _ := srv.Workflow(fullName)
	if stored.GetSourceContents() != source {
		t.Error("a failed update changed the source")
	}

	srv.FailNextOperation(codes.Internal, "delete failed")
	if err := d.Delete(ctx, fullName); err == nil || !strings.Contains(err.Error(), "delete failed") {
		t.Errorf("delete: %v, want the operation's error", err)
	}

	requireOne(t, srv)
}

func TestUpdateWaitsForConsistentRead(t *testing.T) {
	srv, d := start(t)

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	changed := workflow()
	changed.Definition = source2

	readsBefore := srv.Calls("GetWorkflow")
	srv.LagReads(3)
	deployed, err := d.Update(context.Background(), fullName, changed)
	if err != nil {
		t.Fatalf("update: %v", err)
	}

	if deployed.Definition != source2 {
		t.Errorf("update returned definition %q, want %q", deployed.Definition, source2)
	}

	// One read before the update, then three stale reads and a fresh one.
	if got := srv.Calls("GetWorkflow") - readsBefore; got != 5 {
		t.Errorf("GetWorkflow calls = %d, want 5", got)
	}

	requireOne(t, srv)
}

func TestUpdateConsistentReadBound(t *testing.T) {
	srv, d := start(t)

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatal(err)
	}

	changed := workflow()
	changed.Description = "changed"

	srv.LagReads(1000)
	_, err := d.Update(context.Background(), fullName, changed)
	if err == nil || !strings.Contains(err.Error(), "still returns the earlier [description]") {
		t.Errorf("update: %v, want an error naming the stale field", err)
	}

	requireOne(t, srv)
}
