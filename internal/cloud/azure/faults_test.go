package azure

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"
)

// Each test injects one fault and checks that the workflow ends up on the
// server exactly once (or not at all when the create fails) and that the
// result the deployer returns agrees with the server.

func TestThrottlingHonoursRetryAfter(t *testing.T) {
	d, server := newTestDeployer(t)
	server.Throttle(2, time.Second)

	start := time.Now()
	created, err := d.Create(context.Background(), testWorkflow(), func(string) {})
	if err != nil {
		t.Fatalf("create: %v", err)
	}

	if elapsed := time.Since(start); elapsed < 2*time.Second {
		t.Errorf("create took %s, want at least 2 s (two Retry-After: 1 waits)", elapsed)
	}
	if created.ID != testID {
		t.Errorf("ID = %q, want %q", created.ID, testID)
	}
	assertOneWorkflow(t, server)
}

func TestThrottlingRetriesAreBounded(t *testing.T) {
	d, server := newTestDeployer(t)
	server.Throttle(100, time.Second)

	_, err := d.Read(context.Background(), testID)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("error = %v, want the 429 after the last retry", err)
	}

	if got := server.Calls(logicapps.OperationGet); got != maxRetries+1 {
		t.Errorf("GET calls = %d, want %d (one try and %d retries)", got, maxRetries+1, maxRetries)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	d, server := newTestDeployer(t)
	server.FailCalls(http.StatusInternalServerError, 2)

	if _, err := d.Create(context.Background(), testWorkflow(), func(string) {}); err != nil {
		t.Fatalf("create: %v", err)
	}
	assertOneWorkflow(t, server)
}

func TestCreateWaitsForIdentity(t *testing.T) {
	d, server := newTestDeployer(t)
	server.IdentityNotReady(2)

	w := testWorkflow()
	w.Settings.(*Settings).Identity = &Identity{
		Type:                    "UserAssigned",
		UserAssignedIdentityIDs: []string{"/subscriptions/" + testSubscription + "/resourceGroups/" + testGroup + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/runner"},
	}

	created, err := d.Create(context.Background(), w, func(string) {})
	if err != nil {
		t.Fatalf("create: %v", err)
	}

	if got := server.Calls(logicapps.OperationPut); got != 3 {
		t.Errorf("PUT calls = %d, want 3 (two identity errors, then success)", got)
	}
	if got := created.Settings.(*Settings).Identity; got == nil || got.Type != "UserAssigned" {
		t.Errorf("identity = %+v, want UserAssigned", got)
	}
	assertOneWorkflow(t, server)
}

func TestIdentityRetriesAreBounded(t *testing.T) {
	d, server := newTestDeployer(t)
	d.identityTimeout = 100 * time.Millisecond
	server.IdentityNotReady(1000)

	w := testWorkflow()
	w.Settings.(*Settings).Identity = &Identity{Type: "SystemAssigned"}
	var p persisted

	_, err := d.Create(context.Background(), w, p.callback(server))
	if err == nil {
		t.Fatal("create succeeded, want an error once the bound is hit")
	}
	if !strings.Contains(err.Error(), "managed identity was still not usable") {
		t.Errorf("error = %v, want it to say the identity was still not usable", err)
	}
	if !strings.Contains(err.Error(), "FailedIdentityOperation") {
		t.Errorf("error = %v, want the last ARM error code", err)
	}

	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0", got)
	}
	if _, err := d.Read(context.Background(), testID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read of the persisted ID = %v, want cloud.ErrNotFound so the state entry is dropped", err)
	}
}

func TestCreateWaitsForLaggingReads(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()
	server.LagReads(3)

	created, err := d.Create(ctx, testWorkflow(), func(string) {})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if !cloud.SameDefinition(created.Definition, testDefinition) {
		t.Errorf("definition = %s, want the written one", created.Definition)
	}

	changed := testWorkflow()
	changed.Definition = changedDefinition
	updated, err := d.Update(ctx, testID, changed)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if !cloud.SameDefinition(updated.Definition, changedDefinition) {
		t.Errorf("definition after update = %s, want the changed one, not the lagging read", updated.Definition)
	}
	assertOneWorkflow(t, server)

	if err := d.Delete(ctx, testID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows after delete = %d, want 0", got)
	}
	if _, err := d.Read(ctx, testID); !errors.Is(err, cloud.ErrNotFound) {
		t.Errorf("read after delete = %v, want cloud.ErrNotFound (Delete waits out the lag)", err)
	}
}

func TestReadAfterWriteIsBounded(t *testing.T) {
	d, server := newTestDeployer(t)
	d.consistencyTimeout = 100 * time.Millisecond
	ctx := context.Background()

	if _, err := d.Create(ctx, testWorkflow(), func(string) {}); err != nil {
		t.Fatal(err)
	}
	server.LagReads(1000)

	changed := testWorkflow()
	changed.Definition = changedDefinition
	_, err := d.Update(ctx, testID, changed)
	if err == nil || !strings.Contains(err.Error(), "older version") {
		t.Errorf("error = %v, want the read-after-write bound reported", err)
	}
	assertOneWorkflow(t, server)
}

func TestLostCreateResponseIsRetried(t *testing.T) {
	for _, mode := range []logicapps.LossMode{logicapps.LossCloseConnection, logicapps.LossInternalError} {
		d, server := newTestDeployer(t)
		server.LosePutResponses(1, mode)

		var p persisted
		created, err := d.Create(context.Background(), testWorkflow(), p.callback(server))
		if err != nil {
			t.Fatalf("mode %d: create: %v", mode, err)
		}

		if got := server.Calls(logicapps.OperationPut); got != 2 {
			t.Errorf("mode %d: PUT calls = %d, want 2 (the SDK repeats the PUT)", mode, got)
		}
		if created.ID != testID {
			t.Errorf("mode %d: ID = %q", mode, created.ID)
		}
		if len(p.ids) != 1 || p.ids[0] != testID || p.stored[0] != 0 {
			t.Errorf("mode %d: persisted IDs = %v with %v stored workflows, want [%s] before the PUT", mode, p.ids, p.stored, testID)
		}
		assertOneWorkflow(t, server)
	}
}

func TestNextCreateRejectsLostCreate(t *testing.T) {
	d, server := newTestDeployer(t)
	ctx := context.Background()
	server.LosePutResponses(maxRetries+1, logicapps.LossInternalError)
	var p persisted

	_, err := d.Create(ctx, testWorkflow(), p.callback(server))
	if err == nil {
		t.Fatal("create succeeded, want the lost responses reported")
	}
	if len(p.ids) != 1 || p.ids[0] != testID {
		t.Fatalf("persisted IDs = %v, want [%s] before the failure", p.ids, testID)
	}
	assertOneWorkflow(t, server)

	// The first create persisted the ID, so Terraform tracks the workflow
	// already. Another create is another resource and must not share it.
	_, err = d.Create(ctx, testWorkflow(), p.callback(server))

	var exists *cloud.AlreadyExistsError
	if !errors.As(err, &exists) || exists.ID != testID {
		t.Fatalf("second create: error = %v, want *cloud.AlreadyExistsError for %s", err, testID)
	}
	if len(p.ids) != 1 {
		t.Errorf("persisted IDs = %v, want only the first create's", p.ids)
	}
	assertOneWorkflow(t, server)
}

func TestFailedCreateLeavesNothing(t *testing.T) {
	d, server := newTestDeployer(t)
	server.FailNextOperation(logicapps.OperationPut, http.StatusConflict, "AnotherOperationInProgress",
		"Another operation on this workflow is in progress.")

	_, err := d.Create(context.Background(), testWorkflow(), func(string) {})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "AnotherOperationInProgress" {
		t.Fatalf("error = %v, want AnotherOperationInProgress", err)
	}
	if !strings.Contains(err.Error(), testID) {
		t.Errorf("error = %v, want it to name the workflow", err)
	}

	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0", got)
	}
}

func TestServerRejectsWhatOfflineChecksCannotSee(t *testing.T) {
	d, server := newTestDeployer(t)

	broken := testWorkflow()
	broken.Definition = strings.Replace(testDefinition, `"runAfter": {}`, `"runAfter": {"missing": ["Succeeded"]}`, 1)
	_, err := d.Create(context.Background(), broken, func(string) {})

	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Code != "InvalidTemplate" {
		t.Fatalf("error = %v, want 400 InvalidTemplate", err)
	}
	if got := len(server.Workflows()); got != 0 {
		t.Errorf("stored workflows = %d, want 0", got)
	}
}
