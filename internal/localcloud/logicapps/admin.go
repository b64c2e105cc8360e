package logicapps

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Workflow is a stored workflow as GET would return it now.
type Workflow struct {
	ID         string
	Location   string
	State      string
	Version    string
	Definition json.RawMessage

	// Resource is the whole ARM resource body.
	Resource json.RawMessage
}

// Workflows lists the stored workflows sorted by ID, ignoring read lag.
func (s *Server) Workflows() []Workflow {
	s.mu.Lock()
	defer s.mu.Unlock()

	var out []Workflow
	for _, rec := range s.workflows {
		if rec.current != nil {
			out = append(out, toWorkflow(rec.current))
		}
	}

	slices.SortFunc(out, func(a, b Workflow) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func toWorkflow(r *resource) Workflow {
	body, err := json.Marshal(r)
	if err != nil {
		body = nil
	}

	return Workflow{
		ID:         r.ID,
		Location:   r.Location,
		State:      r.Properties.State,
		Version:    r.Properties.Version,
		Definition: r.Properties.Definition,
		Resource:   body,
	}
}

// EditDefinition replaces a workflow's definition out of band, as a change
// in the Azure portal would: no check, a new version and changed time, and
// no read lag.
func (s *Server) EditDefinition(id, definition string) error {
	if !json.Valid([]byte(definition)) {
		return fmt.Errorf("the definition for %s is not valid JSON", id)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	rec := s.workflows[strings.ToLower(id)]
	if rec == nil || rec.current == nil {
		return fmt.Errorf("no workflow %s is stored", id)
	}

	edited := *rec.current
	s.sequence++
	edited.Properties.Definition = json.RawMessage(definition)
	edited.Properties.Version = fmt.Sprintf("%020d", s.sequence)
	edited.Properties.ChangedTime = time.Now().UTC().Format(time.RFC3339Nano)

	rec.current, rec.previous, rec.staleReads = &edited, nil, 0
	return nil
}

// DeleteWorkflow removes a workflow out of band, with no read lag.
func (s *Server) DeleteWorkflow(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	rec := s.workflows[strings.ToLower(id)]
	if rec == nil || rec.current == nil {
		return fmt.Errorf("no workflow %s is stored", id)
	}

	delete(s.workflows, strings.ToLower(id))
	return nil
}
