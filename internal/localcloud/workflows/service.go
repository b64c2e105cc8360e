package workflows

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// workflowsService implements google.cloud.workflows.v1.Workflows.
type workflowsService struct {
	workflowspb.UnimplementedWorkflowsServer
	s *Server
}

// defaultServiceAccountEmail is the account a workflow runs as when the
// request names none. The real service uses the project's Compute Engine
// default service account.
const defaultServiceAccountEmail = "000000000000-compute@developer.gserviceaccount.com"

// updatablePaths are the update mask paths the server accepts.
var updatablePaths = []string{
	"description", "labels", "source_contents", "service_account", "crypto_key_name",
	"call_log_level", "user_env_vars", "execution_history_level",
}

func (w *workflowsService) CreateWorkflow(_ context.Context, req *workflowspb.CreateWorkflowRequest) (*longrunningpb.Operation, error) {
	project, _, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}

	if err := checkWorkflow(req.GetWorkflowId(), req.GetWorkflow()); err != nil {
		return nil, err
	}

	name := req.GetParent() + "/workflows/" + req.GetWorkflowId()
	s := w.s

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, ok := s.workflows[name]; ok {
		return nil, status.Errorf(codes.AlreadyExists, "Resource '%s' already exists", name)
	}

	if err := s.faults.takeServiceAccountDenial(req.GetWorkflow().GetServiceAccount()); err != nil {
		return nil, err
	}

	now := timestamppb.Now()
	created := proto.Clone(req.GetWorkflow()).(*workflowspb.Workflow)
	created.Name = name
	created.State = workflowspb.Workflow_ACTIVE
	created.ServiceAccount = normalizeServiceAccount(project, created.GetServiceAccount())
	created.RevisionId = revisionID(1)
	created.CreateTime = now
	created.UpdateTime = now
	created.RevisionCreateTime = now
	created.Tags = nil
	s.workflows[name] = &stored{revisions: []*workflowspb.Workflow{created}}

	failure := s.faults.takeOperationFailure()
	op := s.startOperation(name, "create", func() (*workflowspb.Workflow, *status.Status) {
		if failure != nil {
			delete(s.workflows, name)
			return nil, failure
		}

		return s.workflows[name].latest(), nil
	})

	if s.faults.takeLostCreate() {
		return nil, status.Error(codes.Unavailable, "The service is currently unavailable.")
	}

	return op, nil
}

func (w *workflowsService) GetWorkflow(_ context.Context, req *workflowspb.GetWorkflowRequest) (*workflowspb.Workflow, error) {
	s := w.s

	s.mu.Lock()
	defer s.mu.Unlock()

	found, err := s.find(req.GetName())
	if err != nil {
		return nil, err
	}

	if req.GetRevisionId() != "" {
		return findRevision(found, req.GetName(), req.GetRevisionId())
	}

	if found.stale != nil && found.staleReads > 0 {
		found.staleReads--
		return proto.Clone(found.stale).(*workflowspb.Workflow), nil
	}

	return proto.Clone(found.latest()).(*workflowspb.Workflow), nil
}

func findRevision(found *stored, name, revision string) (*workflowspb.Workflow, error) {
	for _, r := range found.revisions {
		if r.GetRevisionId() == revision {
			return proto.Clone(r).(*workflowspb.Workflow), nil
		}
	}

	return nil, status.Errorf(codes.NotFound, "Revision %s of workflow %s not found", revision, name)
}

func (w *workflowsService) UpdateWorkflow(_ context.Context, req *workflowspb.UpdateWorkflowRequest) (*longrunningpb.Operation, error) {
	name := req.GetWorkflow().GetName()
	paths, err := maskPaths(req.GetUpdateMask().GetPaths())
	if err != nil {
		return nil, err
	}

	s := w.s

	s.mu.Lock()
	defer s.mu.Unlock()

	found, err := s.find(name)
	if err != nil {
		return nil, err
	}

	project, _, _ := parseParent(parentOf(name))
	updated := applyMask(found.latest(), req.GetWorkflow(), paths, project)
	if err := checkWorkflow(workflowIDOf(name), updated); err != nil {
		return nil, err
	}

	if slices.Contains(paths, "service_account") {
		if err := s.faults.takeServiceAccountDenial(req.GetWorkflow().GetServiceAccount()); err != nil {
			return nil, err
		}
	}

	failure := s.faults.takeOperationFailure()
	lag := s.faults.lagReads

	return s.startOperation(name, "update", func() (*workflowspb.Workflow, *status.Status) {
		current, ok := s.workflows[name]
		if failure != nil || !ok {
			return nil, orNotFound(failure, name)
		}

		return current.write(updated, lag), nil
	}), nil
}

// write stores next as the newest version, as a new revision when the
// source or the service account changed, and starts the read lag.
func (st *stored) write(next *workflowspb.Workflow, lag int) *workflowspb.Workflow {
	previous := st.latest()
	now := timestamppb.Now()
	next.UpdateTime = now

	if next.GetSourceContents() != previous.GetSourceContents() || next.GetServiceAccount() != previous.GetServiceAccount() {
		next.RevisionId = revisionID(len(st.revisions) + 1)
		next.RevisionCreateTime = now
		st.revisions = append(st.revisions, next)
	} else {
		st.revisions[len(st.revisions)-1] = next
	}

	st.stale = previous
	st.staleReads = lag

	return next
}

func (w *workflowsService) DeleteWorkflow(_ context.Context, req *workflowspb.DeleteWorkflowRequest) (*longrunningpb.Operation, error) {
	name := req.GetName()
	s := w.s

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, err := s.find(name); err != nil {
		return nil, err
	}

	failure := s.faults.takeOperationFailure()

	return s.startOperation(name, "delete", func() (*workflowspb.Workflow, *status.Status) {
		if failure != nil {
			return nil, failure
		}

		delete(s.workflows, name)

		return nil, nil
	}), nil
}

// ListWorkflows returns the workflows of a parent sorted by name.
//
// NOTE: filter and order_by are ignored, because no caller of this server
// sends them.
func (w *workflowsService) ListWorkflows(_ context.Context, req *workflowspb.ListWorkflowsRequest) (*workflowspb.ListWorkflowsResponse, error) {
	if _, _, err := parseParent(req.GetParent()); err != nil {
		return nil, err
	}

	s := w.s

	s.mu.Lock()
	var all []*workflowspb.Workflow
	for name, st := range s.workflows {
		if parentOf(name) == req.GetParent() {
			all = append(all, proto.Clone(st.latest()).(*workflowspb.Workflow))
		}
	}
	s.mu.Unlock()

	slices.SortFunc(all, func(a, b *workflowspb.Workflow) int { return strings.Compare(a.GetName(), b.GetName()) })

	page, next, err := paginate(all, req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}

	return &workflowspb.ListWorkflowsResponse{Workflows: page, NextPageToken: next}, nil
}

func (w *workflowsService) ListWorkflowRevisions(_ context.Context, req *workflowspb.ListWorkflowRevisionsRequest) (*workflowspb.ListWorkflowRevisionsResponse, error) {
	s := w.s

	s.mu.Lock()
	found, err := s.find(req.GetName())
	var all []*workflowspb.Workflow
	if err == nil {
		for i := len(found.revisions) - 1; i >= 0; i-- {
			all = append(all, proto.Clone(found.revisions[i]).(*workflowspb.Workflow))
		}
	}
	s.mu.Unlock()

	if err != nil {
		return nil, err
	}

	page, next, err := paginate(all, req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}

	return &workflowspb.ListWorkflowRevisionsResponse{Workflows: page, NextPageToken: next}, nil
}

// find returns the stored workflow or NOT_FOUND. The caller holds s.mu.
func (s *Server) find(name string) (*stored, error) {
	if _, _, err := parseParent(parentOf(name)); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "invalid workflow name %q: expected projects/PROJECT/locations/LOCATION/workflows/WORKFLOW", name)
	}

	found, ok := s.workflows[name]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "Resource '%s' was not found", name)
	}

	return found, nil
}

// applyMask copies the masked fields of patch onto a copy of current. An
// empty mask replaces every updatable field, as the API documents.
func applyMask(current, patch *workflowspb.Workflow, paths []string, project string) *workflowspb.Workflow {
	next := proto.Clone(current).(*workflowspb.Workflow)
	if len(paths) == 0 {
		paths = updatablePaths
	}

	for _, path := range paths {
		switch path {
		case "description":
			next.Description = patch.GetDescription()
		case "labels":
			next.Labels = patch.GetLabels()
		case "source_contents":
			next.SourceCode = &workflowspb.Workflow_SourceContents{SourceContents: patch.GetSourceContents()}
		case "service_account":
			next.ServiceAccount = normalizeServiceAccount(project, patch.GetServiceAccount())
		case "crypto_key_name":
			next.CryptoKeyName = patch.GetCryptoKeyName()
		case "call_log_level":
			next.CallLogLevel = patch.GetCallLogLevel()
		case "user_env_vars":
			next.UserEnvVars = patch.GetUserEnvVars()
		case "execution_history_level":
			next.ExecutionHistoryLevel = patch.GetExecutionHistoryLevel()
		}
	}

	return next
}

func maskPaths(paths []string) ([]string, error) {
	for _, path := range paths {
		if !slices.Contains(updatablePaths, path) {
			return nil, status.Errorf(codes.InvalidArgument, "invalid update mask path %q: updatable fields are %s", path, strings.Join(updatablePaths, ", "))
		}
	}

	return paths, nil
}

// normalizeServiceAccount returns the projects/P/serviceAccounts/ACCOUNT
// form the service reports, with the project filled in for "-" or a bare
// account.
func normalizeServiceAccount(project, account string) string {
	if account == "" {
		account = defaultServiceAccountEmail
	}

	account = strings.TrimPrefix(account, "projects/-/serviceAccounts/")
	if strings.HasPrefix(account, "projects/") {
		return account
	}

	return "projects/" + project + "/serviceAccounts/" + account
}

func revisionID(ordinal int) string {
	return fmt.Sprintf("%06d-%03x", ordinal, rand.IntN(0x1000))
}

// parseParent splits projects/P/locations/L.
func parseParent(parent string) (project, location string, err error) {
	parts := strings.Split(parent, "/")
	if len(parts) != 4 || parts[0] != "projects" || parts[2] != "locations" || parts[1] == "" || parts[3] == "" {
		return "", "", status.Errorf(codes.InvalidArgument, "invalid parent %q: expected projects/PROJECT/locations/LOCATION", parent)
	}

	return parts[1], parts[3], nil
}

func parentOf(name string) string {
	if i := strings.LastIndex(name, "/workflows/"); i >= 0 {
		return name[:i]
	}

	return ""
}

func workflowIDOf(name string) string {
	return name[strings.LastIndex(name, "/")+1:]
}

func orNotFound(failure *status.Status, name string) *status.Status {
	if failure != nil {
		return failure
	}

	return status.Newf(codes.NotFound, "Resource '%s' was not found", name)
}

// paginate returns one page of items. The page token is the index of the
// first item of the page.
func paginate(items []*workflowspb.Workflow, size int32, token string) ([]*workflowspb.Workflow, string, error) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", status.Errorf(codes.InvalidArgument, "invalid page token %q", token)
		}

		start = n
	}

	end := len(items)
	if size > 0 && start+int(size) < end {
		end = start + int(size)
	}

	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}

	return items[start:end], next, nil
}
