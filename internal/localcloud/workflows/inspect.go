package workflows

import (
	"slices"
	"strings"

	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"google.golang.org/protobuf/proto"
)

// Workflows returns a copy of the newest version of every stored
// workflow, sorted by full name.
func (s *Server) Workflows() []*workflowspb.Workflow {
	s.mu.Lock()
	defer s.mu.Unlock()

	all := make([]*workflowspb.Workflow, 0, len(s.workflows))
	for _, st := range s.workflows {
		all = append(all, proto.Clone(st.latest()).(*workflowspb.Workflow))
	}

	slices.SortFunc(all, func(a, b *workflowspb.Workflow) int { return strings.Compare(a.GetName(), b.GetName()) })

	return all
}

// Workflow returns a copy of the newest version of the workflow with the
// given full name, and whether it exists.
func (s *Server) Workflow(name string) (*workflowspb.Workflow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	st, ok := s.workflows[name]
	if !ok {
		return nil, false
	}

	return proto.Clone(st.latest()).(*workflowspb.Workflow), true
}

// SetSource replaces a workflow's source out of band, as an edit in the
// console would, creating a new revision. It skips validation and reports
// whether the workflow exists.
func (s *Server) SetSource(name, source string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()

	st, ok := s.workflows[name]
	if !ok {
		return false
	}

	next := proto.Clone(st.latest()).(*workflowspb.Workflow)
	next.SourceCode = &workflowspb.Workflow_SourceContents{SourceContents: source}
	st.write(next, 0)

	return true
}

// Remove deletes a workflow out of band and reports whether it existed.
func (s *Server) Remove(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()

	_, ok := s.workflows[name]
	delete(s.workflows, name)

	return ok
}
