package stepfunctions

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// stateMachine is one stored state machine.
type stateMachine struct {
	config

	arn          string
	name         string
	typ          string
	creationDate time.Time
	status       string // ACTIVE or DELETING
	tags         map[string]string
	versions     []version // oldest first

	// The create's publish and versionDescription, which take part in the
	// idempotency check of a repeated CreateStateMachine.
	createdPublish            bool
	createdVersionDescription string

	// Reads left before a DELETING state machine disappears.
	deleteReadsLeft int

	// Reads left that still see stale (nil: not created yet) after a
	// write, while a LagReads fault is on.
	staleReads int
	stale      *config
}

// config is the part of a state machine that UpdateStateMachine changes.
type config struct {
	definition string
	roleARN    string
	logging    loggingConfiguration
	tracing    tracingConfiguration
	encryption encryptionConfiguration
	revisionID string
}

type version struct {
	arn          string
	creationDate time.Time
	revisionID   string
	description  string
}

// Defaults the service applies when a create leaves a configuration out.
func defaultLogging(c *loggingConfiguration) loggingConfiguration {
	if c == nil {
		return loggingConfiguration{Level: "OFF"}
	}

	out := *c
	if out.Level == "" {
		out.Level = "OFF"
	}

	return out
}

func defaultTracing(c *tracingConfiguration) tracingConfiguration {
	if c == nil {
		return tracingConfiguration{}
	}

	return *c
}

func defaultEncryption(c *encryptionConfiguration) encryptionConfiguration {
	if c == nil {
		return encryptionConfiguration{Type: "AWS_OWNED_KEY"}
	}

	return *c
}

func (s *Server) createStateMachine(r request) (any, *apiError) {
	var in createStateMachineInput
	if apiErr := r.decode(&in); apiErr != nil {
		return nil, apiErr
	}

	if in.Type == "" {
		in.Type = "STANDARD"
	}

	if apiErr := s.checkCreate(in); apiErr != nil {
		return nil, apiErr
	}

	arn := ARN(r.region, in.Name)
	if existing, ok := s.machines[arn]; ok {
		return s.repeatCreate(existing, in)
	}

	if apiErr := s.takeRoleDenial(); apiErr != nil {
		return nil, apiErr
	}

	m := &stateMachine{
		config: config{
			definition: in.Definition,
			roleARN:    in.RoleArn,
			logging:    defaultLogging(in.LoggingConfiguration),
			tracing:    defaultTracing(in.TracingConfiguration),
			encryption: defaultEncryption(in.EncryptionConfiguration),
			revisionID: newID(),
		},
		arn:                       arn,
		name:                      in.Name,
		typ:                       in.Type,
		creationDate:              time.Now(),
		status:                    "ACTIVE",
		tags:                      map[string]string{},
		createdPublish:            in.Publish,
		createdVersionDescription: in.VersionDescription,
		staleReads:                s.lagReads,
	}

	for _, t := range in.Tags {
		m.tags[t.Key] = t.Value
	}

	out := createStateMachineOutput{StateMachineArn: arn, CreationDate: epochTime(m.creationDate)}
	if in.Publish {
		out.StateMachineVersionArn = m.publish(in.VersionDescription).arn
	}

	s.machines[arn] = m
	return out, nil
}

func (s *Server) checkCreate(in createStateMachineInput) *apiError {
	checks := []func() *apiError{
		func() *apiError { return checkName(in.Name) },
		func() *apiError { return checkRoleARN(in.RoleArn) },
		func() *apiError { return checkType(in.Type) },
		func() *apiError { return checkLogging(in.LoggingConfiguration) },
		func() *apiError { return checkEncryption(in.EncryptionConfiguration) },
		func() *apiError { return checkTags(in.Tags) },
		func() *apiError { return checkVersionDescription(in.Publish, in.VersionDescription) },
		func() *apiError { return s.checkDefinition(in.Definition) },
	}

	for _, check := range checks {
		if apiErr := check(); apiErr != nil {
			return apiErr
		}
	}

	return nil
}

// repeatCreate implements the documented idempotency of
// CreateStateMachine: a create that repeats name, definition, type,
// logging, tracing, encryption, publish and versionDescription returns the
// existing state machine. The role ARN and tags are not compared, and are
// not updated either.
func (s *Server) repeatCreate(m *stateMachine, in createStateMachineInput) (any, *apiError) {
	if m.status == "DELETING" {
		return nil, errorf("StateMachineDeleting", "State machine is being deleted: '%s'", m.arn)
	}

	same := m.definition == in.Definition &&
		m.typ == in.Type &&
		reflect.DeepEqual(m.logging, defaultLogging(in.LoggingConfiguration)) &&
		m.tracing == defaultTracing(in.TracingConfiguration) &&
		reflect.DeepEqual(m.encryption, defaultEncryption(in.EncryptionConfiguration)) &&
		m.createdPublish == in.Publish &&
		m.createdVersionDescription == in.VersionDescription

	if !same {
		return nil, errorf("StateMachineAlreadyExists", "State Machine Already Exists: '%s'", m.arn)
	}

	out := createStateMachineOutput{StateMachineArn: m.arn, CreationDate: epochTime(m.creationDate)}
	if n := len(m.versions); in.Publish && n > 0 {
		out.StateMachineVersionArn = m.versions[n-1].arn
	}

	return out, nil
}

// publish adds a version for the current revision.
func (m *stateMachine) publish(description string) version {
	v := version{
		arn:          m.arn + ":" + strconv.Itoa(len(m.versions)+1),
		creationDate: time.Now(),
		revisionID:   m.revisionID,
		description:  description,
	}

	m.versions = append(m.versions, v)
	return v
}

// find returns the stored state machine for an ARN, or the error the
// service returns for a malformed or unknown ARN.
func (s *Server) find(arn string) (*stateMachine, *apiError) {
	if apiErr := checkMachineARN(arn); apiErr != nil {
		return nil, apiErr
	}

	m, ok := s.machines[arn]
	if !ok {
		return nil, errorf("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", arn)
	}

	return m, nil
}

// decodeMachine decodes the request body into in and returns the state
// machine that lookup finds for arn, which points to the ARN field of in.
// lookup is find, or findResource for the tagging operations.
func decodeMachine(r request, in any, arn *string, lookup func(string) (*stateMachine, *apiError)) (*stateMachine, *apiError) {
	if apiErr := r.decode(in); apiErr != nil {
		return nil, apiErr
	}

	return lookup(*arn)
}

func (s *Server) describeStateMachine(r request) (any, *apiError) {
	var in stateMachineArnInput

	m, apiErr := decodeMachine(r, &in, &in.StateMachineArn, s.find)
	if apiErr != nil {
		return nil, apiErr
	}

	if m.status == "DELETING" {
		if m.deleteReadsLeft <= 0 {
			delete(s.machines, m.arn)
			return nil, errorf("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", m.arn)
		}
		m.deleteReadsLeft--
	}

	shown := m.config
	if m.staleReads > 0 {
		m.staleReads--
		if m.stale == nil {
			return nil, errorf("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", m.arn)
		}
		shown = *m.stale
	}

	logging, tracing, encryption := shown.logging, shown.tracing, shown.encryption
	return describeStateMachineOutput{
		StateMachineArn:         m.arn,
		Name:                    m.name,
		Status:                  m.status,
		Definition:              shown.definition,
		RoleArn:                 shown.roleARN,
		Type:                    m.typ,
		CreationDate:            epochTime(m.creationDate),
		LoggingConfiguration:    &logging,
		TracingConfiguration:    &tracing,
		EncryptionConfiguration: &encryption,
		RevisionID:              shown.revisionID,
	}, nil
}

func (s *Server) updateStateMachine(r request) (any, *apiError) {
	var in updateStateMachineInput

	m, apiErr := decodeMachine(r, &in, &in.StateMachineArn, s.find)
	if apiErr != nil {
		return nil, apiErr
	}

	if apiErr := s.checkUpdate(in); apiErr != nil {
		return nil, apiErr
	}

	if m.status == "DELETING" {
		return nil, errorf("StateMachineDeleting", "State machine is being deleted: '%s'", m.arn)
	}

	if apiErr := s.takeRoleDenial(); apiErr != nil {
		return nil, apiErr
	}

	before := m.config
	m.applyUpdate(in)
	if s.lagReads > 0 {
		m.stale = &before
		m.staleReads = s.lagReads
	}

	out := updateStateMachineOutput{UpdateDate: epochTime(time.Now()), RevisionID: m.revisionID}
	if in.Publish {
		out.StateMachineVersionArn = m.publish(in.VersionDescription).arn
	}

	return out, nil
}

func (s *Server) checkUpdate(in updateStateMachineInput) *apiError {
	if in.Definition == nil && in.RoleArn == nil && in.LoggingConfiguration == nil &&
		in.TracingConfiguration == nil && in.EncryptionConfiguration == nil {
		return errorf("MissingRequiredParameter", "Either the definition, the roleArn or a configuration must be specified")
	}

	if in.RoleArn != nil {
		if apiErr := checkRoleARN(*in.RoleArn); apiErr != nil {
			return apiErr
		}
	}

	if apiErr := checkLogging(in.LoggingConfiguration); apiErr != nil {
		return apiErr
	}

	if apiErr := checkEncryption(in.EncryptionConfiguration); apiErr != nil {
		return apiErr
	}

	if apiErr := checkVersionDescription(in.Publish, in.VersionDescription); apiErr != nil {
		return apiErr
	}

	if in.Definition != nil {
		return s.checkDefinition(*in.Definition)
	}

	return nil
}

// applyUpdate changes the fields the request names and starts a new
// revision, as every successful UpdateStateMachine does.
func (m *stateMachine) applyUpdate(in updateStateMachineInput) {
	if in.Definition != nil {
		m.definition = *in.Definition
	}

	if in.RoleArn != nil {
		m.roleARN = *in.RoleArn
	}

	if in.LoggingConfiguration != nil {
		m.logging = defaultLogging(in.LoggingConfiguration)
	}

	if in.TracingConfiguration != nil {
		m.tracing = *in.TracingConfiguration
	}

	if in.EncryptionConfiguration != nil {
		m.encryption = *in.EncryptionConfiguration
	}

	m.revisionID = newID()
}

// deleteStateMachine marks the state machine DELETING. It disappears after
// the number of reads SetDeleteReads sets. A qualified ARN (of a version, an
// alias or a Distributed Map state) fails with ValidationException, as the
// API reference documents.
//
// NOTE: deleting an ARN that does not exist succeeds here. The API reference
// lists only InvalidArn and ValidationException as errors of this operation,
// but does not state the unknown-ARN case outright.
func (s *Server) deleteStateMachine(r request) (any, *apiError) {
	var in stateMachineArnInput
	if apiErr := r.decode(&in); apiErr != nil {
		return nil, apiErr
	}

	if qualifiedARNPattern.MatchString(in.StateMachineArn) {
		return nil, errorf("ValidationException", "Deleting a qualified state machine ARN is not supported: '%s'", in.StateMachineArn)
	}

	if apiErr := checkMachineARN(in.StateMachineArn); apiErr != nil {
		return nil, apiErr
	}

	if m, ok := s.machines[in.StateMachineArn]; ok && m.status == "ACTIVE" {
		m.status = "DELETING"
		m.deleteReadsLeft = s.deleteReads
	}

	return struct{}{}, nil
}

func (s *Server) listStateMachines(r request) (any, *apiError) {
	var in listInput
	if apiErr := r.decode(&in); apiErr != nil {
		return nil, apiErr
	}

	// The service lists only the state machines of the request's region.
	regionPrefix := ARN(r.region, "")

	var items []stateMachineListItem
	for _, arn := range slices.Sorted(maps.Keys(s.machines)) {
		if !strings.HasPrefix(arn, regionPrefix) {
			continue
		}

		m := s.machines[arn]
		items = append(items, stateMachineListItem{StateMachineArn: arn, Name: m.name, Type: m.typ, CreationDate: epochTime(m.creationDate)})
	}

	page, next, apiErr := paginate(items, in.MaxResults, in.NextToken)
	if apiErr != nil {
		return nil, apiErr
	}

	return map[string]any{"stateMachines": page, "nextToken": nextOrNil(next)}, nil
}

// paginate returns one page of items. The page token is the index of the
// first item of the next page.
func paginate[T any](items []T, maxResults int, token string) ([]T, string, *apiError) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", errorf("InvalidToken", "Invalid Token: '%s'", token)
		}
		start = n
	}

	if maxResults <= 0 || maxResults > 1000 {
		maxResults = 100
	}

	end := min(start+maxResults, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}

	return append([]T{}, items[start:end]...), next, nil
}

func (s *Server) validateStateMachineDefinition(r request) (any, *apiError) {
	var in validateInput
	if apiErr := r.decode(&in); apiErr != nil {
		return nil, apiErr
	}

	if in.Type != "" {
		if apiErr := checkType(in.Type); apiErr != nil {
			return nil, apiErr
		}
	}

	diagnostics, apiErr := s.diagnose(in.Definition)
	if apiErr != nil {
		return nil, apiErr
	}

	out := validateOutput{Result: "OK", Diagnostics: []diagnostic{}}
	if len(diagnostics) > 0 {
		out.Result = "FAIL"
	}

	limit := in.MaxResults
	if limit <= 0 || limit > 100 {
		limit = 100
	}

	out.Truncated = len(diagnostics) > limit
	out.Diagnostics = append(out.Diagnostics, diagnostics[:min(limit, len(diagnostics))]...)
	return out, nil
}

func (s *Server) findResource(arn string) (*stateMachine, *apiError) {
	m, ok := s.machines[arn]
	if !ok {
		return nil, errorf("ResourceNotFound", "Resource not found: '%s'", arn)
	}

	return m, nil
}

func (s *Server) tagResource(r request) (any, *apiError) {
	var in resourceArnInput

	m, apiErr := decodeMachine(r, &in, &in.ResourceArn, s.findResource)
	if apiErr != nil {
		return nil, apiErr
	}

	if apiErr := checkTags(in.Tags); apiErr != nil {
		return nil, apiErr
	}

	merged := maps.Clone(m.tags)
	for _, t := range in.Tags {
		merged[t.Key] = t.Value
	}

	if len(merged) > maxTags {
		return nil, errorf("TooManyTags", "Too many tags: %d (the maximum is %d)", len(merged), maxTags)
	}

	m.tags = merged
	return struct{}{}, nil
}

func (s *Server) untagResource(r request) (any, *apiError) {
	var in resourceArnInput

	m, apiErr := decodeMachine(r, &in, &in.ResourceArn, s.findResource)
	if apiErr != nil {
		return nil, apiErr
	}

	for _, key := range in.TagKeys {
		delete(m.tags, key)
	}

	return struct{}{}, nil
}

func (s *Server) listTagsForResource(r request) (any, *apiError) {
	var in resourceArnInput

	m, apiErr := decodeMachine(r, &in, &in.ResourceArn, s.findResource)
	if apiErr != nil {
		return nil, apiErr
	}

	tags := []tag{}
	for _, key := range slices.Sorted(maps.Keys(m.tags)) {
		tags = append(tags, tag{Key: key, Value: m.tags[key]})
	}

	return map[string]any{"tags": tags}, nil
}

func (s *Server) publishStateMachineVersion(r request) (any, *apiError) {
	var in publishInput

	m, apiErr := decodeMachine(r, &in, &in.StateMachineArn, s.find)
	if apiErr != nil {
		return nil, apiErr
	}

	if in.RevisionID != nil && *in.RevisionID != m.revisionID {
		return nil, errorf("ConflictException", "The revision ID %s is not the current revision %s of %s", *in.RevisionID, m.revisionID, m.arn)
	}

	// Publishing an unchanged revision again returns the existing version.
	if n := len(m.versions); n > 0 && m.versions[n-1].revisionID == m.revisionID {
		latest := m.versions[n-1]
		return publishOutput{CreationDate: epochTime(latest.creationDate), StateMachineVersionArn: latest.arn}, nil
	}

	v := m.publish(in.Description)
	return publishOutput{CreationDate: epochTime(v.creationDate), StateMachineVersionArn: v.arn}, nil
}

// listStateMachineVersions returns versions newest first, as the API
// reference documents.
func (s *Server) listStateMachineVersions(r request) (any, *apiError) {
	var in listInput

	m, apiErr := decodeMachine(r, &in, &in.StateMachineArn, s.find)
	if apiErr != nil {
		return nil, apiErr
	}

	var items []versionListItem
	for _, v := range slices.Backward(m.versions) {
		items = append(items, versionListItem{StateMachineVersionArn: v.arn, CreationDate: epochTime(v.creationDate)})
	}

	page, next, apiErr := paginate(items, in.MaxResults, in.NextToken)
	if apiErr != nil {
		return nil, apiErr
	}

	return map[string]any{"stateMachineVersions": page, "nextToken": nextOrNil(next)}, nil
}

func nextOrNil(token string) any {
	if token == "" {
		return nil
	}

	return token
}
