package stepfunctions

import (
	"fmt"
	"maps"
	"slices"
)

// StateMachine is a copy of one stored state machine, for assertions.
type StateMachine struct {
	ARN        string
	Name       string
	Type       string
	Status     string // ACTIVE or DELETING
	Definition string
	RoleARN    string
	RevisionID string

	LogLevel             string
	IncludeExecutionData bool
	LogGroupARN          string
	TracingEnabled       bool

	EncryptionType               string
	KMSKeyID                     string
	KMSDataKeyReusePeriodSeconds int64

	Tags map[string]string

	// VersionARNs lists the published versions, oldest first.
	VersionARNs []string
}

// StateMachines returns every stored state machine, DELETING ones
// included, sorted by ARN. Reading them here does not count as a
// DescribeStateMachine call.
func (s *Server) StateMachines() []StateMachine {
	s.mu.Lock()
	defer s.mu.Unlock()

	var out []StateMachine
	for _, arn := range slices.Sorted(maps.Keys(s.machines)) {
		out = append(out, s.machines[arn].snapshot())
	}

	return out
}

// StateMachine returns the stored state machine with the given ARN.
func (s *Server) StateMachine(arn string) (StateMachine, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	m, ok := s.machines[arn]
	if !ok {
		return StateMachine{}, false
	}

	return m.snapshot(), true
}

func (m *stateMachine) snapshot() StateMachine {
	out := StateMachine{
		ARN:                  m.arn,
		Name:                 m.name,
		Type:                 m.typ,
		Status:               m.status,
		Definition:           m.definition,
		RoleARN:              m.roleARN,
		RevisionID:           m.revisionID,
		LogLevel:             m.logging.Level,
		IncludeExecutionData: m.logging.IncludeExecutionData,
		TracingEnabled:       m.tracing.Enabled,
		EncryptionType:       m.encryption.Type,
		KMSKeyID:             m.encryption.KmsKeyID,
		Tags:                 maps.Clone(m.tags),
	}

	if d := m.logging.Destinations; len(d) > 0 && d[0].CloudWatchLogsLogGroup != nil {
		out.LogGroupARN = d[0].CloudWatchLogsLogGroup.LogGroupArn
	}

	if p := m.encryption.KmsDataKeyReusePeriodSeconds; p != nil {
		out.KMSDataKeyReusePeriodSeconds = *p
	}

	for _, v := range m.versions {
		out.VersionARNs = append(out.VersionARNs, v.arn)
	}

	return out
}

// SetDefinition replaces a state machine's definition out of band, as an
// edit in the console would, and starts a new revision. The definition is
// stored without validation.
func (s *Server) SetDefinition(arn, definition string) error {
	return s.edit(arn, func(m *stateMachine) { m.definition = definition })
}

// SetRoleARN replaces a state machine's role out of band and starts a new
// revision.
func (s *Server) SetRoleARN(arn, role string) error {
	return s.edit(arn, func(m *stateMachine) { m.roleARN = role })
}

// edit applies change to the state machine arn names, under the server's
// lock, and starts a new revision, as any change of the configuration does.
func (s *Server) edit(arn string, change func(m *stateMachine)) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	m, ok := s.machines[arn]
	if !ok {
		return fmt.Errorf("no state machine %s on the local server", arn)
	}

	change(m)
	m.revisionID = newID()
	return nil
}

// Remove deletes a state machine out of band at once, without a DELETING
// phase.
func (s *Server) Remove(arn string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, ok := s.machines[arn]; !ok {
		return fmt.Errorf("no state machine %s on the local server", arn)
	}

	delete(s.machines, arn)
	return nil
}
