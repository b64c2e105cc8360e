package workflows

import (
	"context"
	"fmt"

	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// operation is one long-running operation. Its finish function runs once,
// under the server's mutex, when the operation completes. It applies the
// change and returns the response workflow (nil for a delete) or the
// failure.
type operation struct {
	proto     *longrunningpb.Operation
	metadata  *workflowspb.OperationMetadata
	pollsLeft int
	finish    func() (*workflowspb.Workflow, *status.Status)
}

// startOperation records an operation on target and returns its first
// state. The caller holds s.mu.
func (s *Server) startOperation(target, verb string, finish func() (*workflowspb.Workflow, *status.Status)) *longrunningpb.Operation {
	s.nextOpID++
	project, location, _ := parseParent(parentOf(target))

	op := &operation{
		proto: &longrunningpb.Operation{
			Name: fmt.Sprintf("projects/%s/locations/%s/operations/operation-%06d", project, location, s.nextOpID),
		},
		metadata: &workflowspb.OperationMetadata{
			CreateTime: timestamppb.Now(),
			Target:     target,
			Verb:       verb,
			ApiVersion: "v1",
		},
		pollsLeft: s.opts.PollsUntilDone,
		finish:    finish,
	}

	s.operations[op.proto.Name] = op
	op.proto.Metadata = mustAny(op.metadata)
	if op.pollsLeft == 0 {
		s.advance(op)
	}

	return proto.Clone(op.proto).(*longrunningpb.Operation)
}

// advance counts one poll off op and completes it when none are left.
// The caller holds s.mu.
func (s *Server) advance(op *operation) {
	if op.proto.Done {
		return
	}

	if op.pollsLeft > 0 {
		op.pollsLeft--
		op.proto.Metadata = mustAny(op.metadata)
		return
	}

	response, failure := op.finish()
	op.proto.Done = true
	op.metadata.EndTime = timestamppb.Now()
	op.proto.Metadata = mustAny(op.metadata)

	switch {
	case failure != nil:
		op.proto.Result = &longrunningpb.Operation_Error{Error: failure.Proto()}
	case response != nil:
		op.proto.Result = &longrunningpb.Operation_Response{Response: mustAny(response)}
	default:
		op.proto.Result = &longrunningpb.Operation_Response{Response: mustAny(&emptypb.Empty{})}
	}
}

func mustAny(m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err != nil {
		panic(fmt.Sprintf("marshal %T into Any: %v", m, err))
	}

	return a
}

// operationsService implements the google.longrunning.Operations calls the
// Workflows client makes.
type operationsService struct {
	longrunningpb.UnimplementedOperationsServer
	s *Server
}

func (o *operationsService) GetOperation(_ context.Context, req *longrunningpb.GetOperationRequest) (*longrunningpb.Operation, error) {
	s := o.s

	s.mu.Lock()
	defer s.mu.Unlock()

	op, ok := s.operations[req.GetName()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "Operation '%s' was not found", req.GetName())
	}

	s.advance(op)

	return proto.Clone(op.proto).(*longrunningpb.Operation), nil
}

func (o *operationsService) DeleteOperation(_ context.Context, req *longrunningpb.DeleteOperationRequest) (*emptypb.Empty, error) {
	s := o.s

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, ok := s.operations[req.GetName()]; !ok {
		return nil, status.Errorf(codes.NotFound, "Operation '%s' was not found", req.GetName())
	}

	delete(s.operations, req.GetName())

	return &emptypb.Empty{}, nil
}
