package workflows

import (
	"context"
	"regexp"
	"testing"

	apiv1 "cloud.google.com/go/workflows/apiv1"
	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

const (
	parent   = "projects/p1/locations/us-central1"
	testName = parent + "/workflows/wf1"
	source   = "main:\n  steps:\n    - done:\n        return: 1\n"
	source2  = "main:\n  steps:\n    - done:\n        return: 2\n"
	token    = "test-token"
)

var revisionPattern = regexp.MustCompile(`^\d{6}-[0-9a-f]{3}$`)

// newClient starts a server and returns the real apiv1 client connected
// to it without TLS, sending the test token.
func newClient(t *testing.T, opts Options) (*Server, *apiv1.Client) {
	t.Helper()

	srv, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)

	conn, err := grpc.NewClient(srv.Endpoint(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}

	client, err := apiv1.NewClient(context.Background(), option.WithGRPCConn(conn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })

	return srv, client
}

func authorized() context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
}

func create(t *testing.T, client *apiv1.Client, id, src string) (*workflowspb.Workflow, error) {
	t.Helper()

	op, err := client.CreateWorkflow(authorized(), &workflowspb.CreateWorkflowRequest{
		Parent:     parent,
		WorkflowId: id,
		Workflow: &workflowspb.Workflow{
			SourceCode: &workflowspb.Workflow_SourceContents{SourceContents: src},
			Labels:     map[string]string{"env": "test"},
		},
	})
	if err != nil {
		return nil, err
	}

	return pollToEnd(t, op.Done, func() (*workflowspb.Workflow, error) { return op.Poll(authorized()) })
}

// pollToEnd polls an operation without pauses, at most 20 times.
func pollToEnd(t *testing.T, done func() bool, poll func() (*workflowspb.Workflow, error)) (*workflowspb.Workflow, error) {
	t.Helper()

	for range 20 {
		wf, err := poll()
		if err != nil || done() {
			return wf, err
		}
	}

	t.Fatal("operation not done after 20 polls")

	return nil, nil
}

func TestServerCreateGetListDelete(t *testing.T) {
	srv, client := newClient(t, Options{Token: token, PollsUntilDone: 2})

	created, err := create(t, client, "wf1", source)
	if err != nil {
		t.Fatalf("create: %v", err)
	}

	if created.GetName() != testName {
		t.Errorf("name = %q, want %q", created.GetName(), testName)
	}

	if !revisionPattern.MatchString(created.GetRevisionId()) || created.GetRevisionId()[:6] != "000001" {
		t.Errorf("revision_id = %q, want 000001-xxx", created.GetRevisionId())
	}

	if created.GetState() != workflowspb.Workflow_ACTIVE {
		t.Errorf("state = %v, want ACTIVE", created.GetState())
	}

	if got := srv.Calls("GetOperation"); got != 3 {
		t.Errorf("GetOperation calls = %d, want 3 (two running answers, then done)", got)
	}

	got, err := client.GetWorkflow(authorized(), &workflowspb.GetWorkflowRequest{Name: testName})
	if err != nil {
		t.Fatalf("get: %v", err)
	}

	if got.GetSourceContents() != source {
		t.Errorf("source = %q, want %q", got.GetSourceContents(), source)
	}

	if got.GetServiceAccount() != "projects/p1/serviceAccounts/"+defaultServiceAccountEmail {
		t.Errorf("service_account = %q, want the project default account", got.GetServiceAccount())
	}

	it := client.ListWorkflows(authorized(), &workflowspb.ListWorkflowsRequest{Parent: parent, PageSize: 1})
	var names []string
	for {
		wf, err := it.Next()
		if err == iterator.Done {
			break
		}
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		names = append(names, wf.GetName())
	}

	if len(names) != 1 || names[0] != testName {
		t.Errorf("list = %v, want [%s]", names, testName)
	}

	op, err := client.DeleteWorkflow(authorized(), &workflowspb.DeleteWorkflowRequest{Name: testName})
	if err != nil {
		t.Fatalf("delete: %v", err)
	}

	if _, err := pollToEnd(t, op.Done, func() (*workflowspb.Workflow, error) { return nil, op.Poll(authorized()) }); err != nil {
		t.Fatalf("delete operation: %v", err)
	}

	_, err = client.GetWorkflow(authorized(), &workflowspb.GetWorkflowRequest{Name: testName})
	if status.Code(err) != codes.NotFound {
		t.Errorf("get after delete: %v, want NOT_FOUND", err)
	}
}

func TestServerOperationMetadata(t *testing.T) {
	_, client := newClient(t, Options{Token: token, PollsUntilDone: 1})

	op, err := client.CreateWorkflow(authorized(), &workflowspb.CreateWorkflowRequest{
		Parent: parent, WorkflowId: "wf1",
		Workflow: &workflowspb.Workflow{SourceCode: &workflowspb.Workflow_SourceContents{SourceContents: source}},
	})
	if err != nil {
		t.Fatal(err)
	}

	meta, err := op.Metadata()
	if err != nil {
		t.Fatalf("metadata: %v", err)
	}

	if meta.GetTarget() != testName || meta.GetVerb() != "create" || meta.GetApiVersion() != "v1" {
		t.Errorf("metadata = %v, want target %s, verb create, api_version v1", meta, testName)
	}
}

func TestServerUpdateRevisions(t *testing.T) {
	_, client := newClient(t, Options{Token: token, PollsUntilDone: 1})

	created, err := create(t, client, "wf1", source)
	if err != nil {
		t.Fatal(err)
	}

	update := func(wf *workflowspb.Workflow, paths ...string) *workflowspb.Workflow {
		t.Helper()

		wf.Name = testName
		op, err := client.UpdateWorkflow(authorized(), &workflowspb.UpdateWorkflowRequest{Workflow: wf, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
		if err != nil {
			t.Fatalf("update %v: %v", paths, err)
		}

		out, err := pollToEnd(t, op.Done, func() (*workflowspb.Workflow, error) { return op.Poll(authorized()) })
		if err != nil {
			t.Fatalf("update operation %v: %v", paths, err)
		}

		return out
	}

	described := update(&workflowspb.Workflow{Description: "new", Labels: map[string]string{"other": "x"}}, "description")
	if described.GetRevisionId() != created.GetRevisionId() {
		t.Errorf("description change made revision %q, want %q kept", described.GetRevisionId(), created.GetRevisionId())
	}

	if described.GetLabels()["env"] != "test" || described.GetLabels()["other"] != "" {
		t.Errorf("labels = %v, want the unmasked labels kept", described.GetLabels())
	}

	resourced := update(&workflowspb.Workflow{SourceCode: &workflowspb.Workflow_SourceContents{SourceContents: source2}}, "source_contents")
	if resourced.GetRevisionId()[:6] != "000002" {
		t.Errorf("source change made revision %q, want 000002-xxx", resourced.GetRevisionId())
	}

	accounted := update(&workflowspb.Workflow{ServiceAccount: "sa@p1.iam.gserviceaccount.com"}, "service_account")
	if accounted.GetRevisionId()[:6] != "000003" {
		t.Errorf("service account change made revision %q, want 000003-xxx", accounted.GetRevisionId())
	}

	if accounted.GetServiceAccount() != "projects/p1/serviceAccounts/sa@p1.iam.gserviceaccount.com" {
		t.Errorf("service_account = %q, want the full form", accounted.GetServiceAccount())
	}

	it := client.ListWorkflowRevisions(authorized(), &workflowspb.ListWorkflowRevisionsRequest{Name: testName})
	count := 0
	for _, err := it.Next(); err != iterator.Done; _, err = it.Next() {
		if err != nil {
			t.Fatalf("list revisions: %v", err)
		}
		count++
	}

	if count != 3 {
		t.Errorf("revisions = %d, want 3", count)
	}
}

func TestServerRejections(t *testing.T) {
	_, client := newClient(t, Options{Token: token})

	if _, err := create(t, client, "wf1", source); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"duplicate", func() error { _, err := create(t, client, "wf1", source); return err }, codes.AlreadyExists},
		{"bad source", func() error { _, err := create(t, client, "wf2", "main:\n  steps: 5\n"); return err }, codes.InvalidArgument},
		{"bad id", func() error { _, err := create(t, client, "9lives", source); return err }, codes.InvalidArgument},
		{"missing", func() error {
			_, err := client.GetWorkflow(authorized(), &workflowspb.GetWorkflowRequest{Name: parent + "/workflows/none"})
			return err
		}, codes.NotFound},
		{"bad mask", func() error {
			_, err := client.UpdateWorkflow(authorized(), &workflowspb.UpdateWorkflowRequest{
				Workflow:   &workflowspb.Workflow{Name: testName},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"state"}},
			})
			return err
		}, codes.InvalidArgument},
		{"bad label", func() error {
			_, err := client.UpdateWorkflow(authorized(), &workflowspb.UpdateWorkflowRequest{
				Workflow:   &workflowspb.Workflow{Name: testName, Labels: map[string]string{"Env": "x"}},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"labels"}},
			})
			return err
		}, codes.InvalidArgument},
		{"no token", func() error {
			_, err := client.GetWorkflow(context.Background(), &workflowspb.GetWorkflowRequest{Name: testName})
			return err
		}, codes.Unauthenticated},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); status.Code(err) != c.want {
				t.Errorf("error = %v, want %s", err, c.want)
			}
		})
	}
}

func TestServerFaults(t *testing.T) {
	srv, client := newClient(t, Options{Token: token})

	srv.FailCalls(codes.ResourceExhausted, 1)
	if _, err := create(t, client, "wf1", source); status.Code(err) != codes.ResourceExhausted {
		t.Errorf("throttled create: %v, want RESOURCE_EXHAUSTED", err)
	}

	srv.LoseCreateResponses(1)
	if _, err := create(t, client, "wf1", source); status.Code(err) != codes.Unavailable {
		t.Errorf("lost create: %v, want UNAVAILABLE", err)
	}

	if _, ok := srv.Workflow(testName); !ok {
		t.Error("lost create did not store the workflow")
	}

	srv.FailNextOperation(codes.Internal, "deployment failed")
	if _, err := create(t, client, "wf2", source); status.Code(err) != codes.Internal {
		t.Errorf("failed operation: %v, want INTERNAL", err)
	}

	if _, ok := srv.Workflow(parent + "/workflows/wf2"); ok {
		t.Error("failed create left a workflow behind")
	}

	srv.LagReads(1)
	op, err := client.UpdateWorkflow(authorized(), &workflowspb.UpdateWorkflowRequest{
		Workflow:   &workflowspb.Workflow{Name: testName, Description: "new"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"description"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := op.Wait(authorized()); err != nil {
		t.Fatal(err)
	}

	for i, want := range []string{"", "new"} {
		got, err := client.GetWorkflow(authorized(), &workflowspb.GetWorkflowRequest{Name: testName})
		if err != nil {
			t.Fatal(err)
		}
		if got.GetDescription() != want {
			t.Errorf("read %d description = %q, want %q", i, got.GetDescription(), want)
		}
	}
}

func TestServerOutOfBandEdits(t *testing.T) {
	srv, client := newClient(t, Options{Token: token})

	if _, err := create(t, client, "wf1", source); err != nil {
		t.Fatal(err)
	}

	if !srv.SetSource(testName, source2) {
		t.Fatal("SetSource found no workflow")
	}

	wf, _ := srv.Workflow(testName)
	if wf.GetSourceContents() != source2 || wf.GetRevisionId()[:6] != "000002" {
		t.Errorf("after SetSource: source %q revision %q, want the new source at revision 000002", wf.GetSourceContents(), wf.GetRevisionId())
	}

	if !srv.Remove(testName) {
		t.Fatal("Remove found no workflow")
	}

	if got := len(srv.Workflows()); got != 0 {
		t.Errorf("workflows after Remove = %d, want 0", got)
	}
}
