package logicapps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
)

const resourceType = "Microsoft.Logic/workflows"

// workflowNamePattern is the Logic Apps (Consumption) name rule: at most 80
// letters, digits, hyphens, underscores, periods and parentheses.
var workflowNamePattern = regexp.MustCompile(`^[-()_.A-Za-z0-9]{1,80}$`)

// resource is a workflow as ARM sends and receives it.
type resource struct {
	ID         string            `json:"id,omitempty"`
	Name       string            `json:"name,omitempty"`
	Type       string            `json:"type,omitempty"`
	Location   string            `json:"location"`
	Tags       map[string]string `json:"tags,omitempty"`
	Identity   *identity         `json:"identity,omitempty"`
	Properties properties        `json:"properties"`
}

type identity struct {
	Type                   string                   `json:"type"`
	PrincipalID            string                   `json:"principalId,omitempty"`
	TenantID               string                   `json:"tenantId,omitempty"`
	UserAssignedIdentities map[string]*userIdentity `json:"userAssignedIdentities,omitempty"`
}

type userIdentity struct {
	PrincipalID string `json:"principalId,omitempty"`
	ClientID    string `json:"clientId,omitempty"`
}

type properties struct {
	ProvisioningState             string                `json:"provisioningState,omitempty"`
	CreatedTime                   string                `json:"createdTime,omitempty"`
	ChangedTime                   string                `json:"changedTime,omitempty"`
	State                         string                `json:"state,omitempty"`
	Version                       string                `json:"version,omitempty"`
	AccessEndpoint                string                `json:"accessEndpoint,omitempty"`
	Definition                    json.RawMessage       `json:"definition,omitempty"`
	Parameters                    map[string]*parameter `json:"parameters,omitempty"`
	AccessControl                 json.RawMessage       `json:"accessControl,omitempty"`
	IntegrationAccount            json.RawMessage       `json:"integrationAccount,omitempty"`
	IntegrationServiceEnvironment json.RawMessage       `json:"integrationServiceEnvironment,omitempty"`
	EndpointsConfiguration        json.RawMessage       `json:"endpointsConfiguration,omitempty"`
}

type parameter struct {
	Type        string          `json:"type,omitempty"`
	Value       json.RawMessage `json:"value,omitempty"`
	Metadata    json.RawMessage `json:"metadata,omitempty"`
	Description string          `json:"description,omitempty"`
}

// record is one workflow name's history: what GET returns now, and what it
// returns while reads lag the last write. A nil resource means absent.
type record struct {
	current    *resource
	previous   *resource
	staleReads int
}

// visible returns the resource a GET returns now, using up one stale read. The caller
// holds s.mu.
func (r *record) visible() *resource {
	if r.staleReads > 0 {
		r.staleReads--
		return r.previous
	}

	return r.current
}

// target is the workflow an ARM request addresses.
type target struct {
	subscription  string
	resourceGroup string
	name          string
	validate      bool
}

func (t target) id() string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Logic/workflows/%s",
		t.subscription, t.resourceGroup, t.name)
}

func (t target) key() string {
	return strings.ToLower(t.id())
}

// parseTarget reads a workflow path; segment names match case-insensitively,
// as ARM matches them. It accepts
//
//	/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Logic/workflows/{n}[/validate]
//	/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Logic/locations/{l}/workflows/{n}/validate
func parseTarget(path string) (target, bool) {
	segments := strings.Split(strings.Trim(path, "/"), "/")
	fixed := func(i int, name string) bool {
		return i < len(segments) && strings.EqualFold(segments[i], name)
	}

	if len(segments) < 8 || !fixed(0, "subscriptions") || !fixed(2, "resourceGroups") ||
		!fixed(4, "providers") || !fixed(5, "Microsoft.Logic") {
		return target{}, false
	}

	t := target{subscription: segments[1], resourceGroup: segments[3]}
	rest := segments[6:]

	switch {
	case len(rest) == 2 && strings.EqualFold(rest[0], "workflows"):
		t.name = rest[1]
	case len(rest) == 3 && strings.EqualFold(rest[0], "workflows") && strings.EqualFold(rest[2], "validate"):
		t.name, t.validate = rest[1], true
	case len(rest) == 5 && strings.EqualFold(rest[0], "locations") && strings.EqualFold(rest[2], "workflows") &&
		strings.EqualFold(rest[4], "validate"):
		t.name, t.validate = rest[3], true
	default:
		return target{}, false
	}

	return t, t.subscription != "" && t.resourceGroup != "" && t.name != ""
}

func operationOf(r *http.Request, t target) Operation {
	if t.validate {
		return OperationValidate
	}
	return Operation(r.Method)
}

// serveARM handles every request that is not for the token endpoints: it
// checks the token, applies injected faults and the api-version, then
// dispatches on the method.
func (s *Server) serveARM(w http.ResponseWriter, r *http.Request) {
	t, ok := parseTarget(r.URL.Path)
	op := Operation(r.Method)
	if ok {
		op = operationOf(r, t)
	}

	s.mu.Lock()
	s.calls[op]++
	s.mu.Unlock()

	if code, message := s.authorize(r); code != "" {
		writeARMError(w, http.StatusUnauthorized, code, message)
		return
	}

	s.mu.Lock()
	fault := s.faults.takeFault(op)
	s.mu.Unlock()
	if fault != nil {
		writeFault(w, fault)
		return
	}

	if !checkAPIVersion(w, r) {
		return
	}
	if !ok {
		writeARMError(w, http.StatusNotFound, "InvalidResourceType",
			fmt.Sprintf("The resource path '%s' is not a Microsoft.Logic/workflows resource.", r.URL.Path))
		return
	}

	s.dispatch(w, r, t)
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, t target) {
	switch {
	case t.validate && r.Method == http.MethodPost:
		s.validateWorkflow(w, r, t)
	case t.validate:
		writeMethodNotAllowed(w, r)
	case r.Method == http.MethodGet:
		s.getWorkflow(w, t)
	case r.Method == http.MethodPut:
		s.putWorkflow(w, r, t)
	case r.Method == http.MethodDelete:
		s.deleteWorkflow(w, t)
	default:
		writeMethodNotAllowed(w, r)
	}
}

func checkAPIVersion(w http.ResponseWriter, r *http.Request) bool {
	version := r.URL.Query().Get("api-version")

	switch version {
	case APIVersion:
		return true
	case "":
		writeARMError(w, http.StatusBadRequest, "MissingApiVersionParameter",
			"The api-version query parameter (?api-version=) is required for all requests.")
	default:
		writeARMError(w, http.StatusBadRequest, "NoRegisteredProviderFound",
			fmt.Sprintf("No registered resource provider found for API version '%s' of type '%s'. The supported api-versions are '%s'.",
				version, resourceType, APIVersion))
	}

	return false
}

func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeARMError(w, http.StatusMethodNotAllowed, "MethodNotAllowed",
		fmt.Sprintf("The method '%s' is not allowed on this resource.", r.Method))
}

func (s *Server) getWorkflow(w http.ResponseWriter, t target) {
	s.mu.Lock()
	var found *resource
	if rec := s.workflows[t.key()]; rec != nil {
		found = rec.visible()
	}
	s.mu.Unlock()

	if found == nil {
		writeNotFound(w, t)
		return
	}

	writeJSON(w, http.StatusOK, found)
}

func writeNotFound(w http.ResponseWriter, t target) {
	writeARMError(w, http.StatusNotFound, "ResourceNotFound",
		fmt.Sprintf("The Resource '%s/%s' under resource group '%s' was not found.", resourceType, t.name, t.resourceGroup))
}

func (s *Server) deleteWorkflow(w http.ResponseWriter, t target) {
	s.mu.Lock()
	rec := s.workflows[t.key()]
	existed := rec != nil && rec.current != nil
	if existed {
		rec.previous, rec.current, rec.staleReads = rec.current, nil, s.faults.lagReads
	}
	s.mu.Unlock()

	if !existed {
		w.WriteHeader(http.StatusNoContent)
		return
	}

	w.WriteHeader(http.StatusOK)
}

func (s *Server) validateWorkflow(w http.ResponseWriter, r *http.Request, t target) {
	if _, ok := readWorkflow(w, r, t); !ok {
		return
	}

	w.WriteHeader(http.StatusOK)
}

// readWorkflow decodes and checks the workflow in the request body. When
// either fails it writes the ARM error and returns false.
func readWorkflow(w http.ResponseWriter, r *http.Request, t target) (*resource, bool) {
	body, status, code, message := decodeWorkflow(r)
	if code == "" {
		status, code, message = checkWorkflow(t, body)
	}

	if code != "" {
		writeARMError(w, status, code, message)
		return nil, false
	}

	return body, true
}

// putWorkflow creates (201) or replaces (200) a workflow. Every property
// that the request omits is removed, as ARM's PUT semantics require.
func (s *Server) putWorkflow(w http.ResponseWriter, r *http.Request, t target) {
	body, ok := readWorkflow(w, r, t)
	if !ok {
		return
	}

	s.mu.Lock()
	if body.Identity != nil && s.faults.takeIdentityNotReady() {
		s.mu.Unlock()
		writeIdentityNotReady(w, body.Identity)
		return
	}

	stored, created, conflict := s.store(t, body)
	lost, mode := false, LossMode(0)
	if conflict == "" {
		lost, mode = s.faults.takeLostPut()
	}
	s.mu.Unlock()

	switch {
	case conflict != "":
		writeARMError(w, http.StatusConflict, "InvalidResourceLocation", conflict)
	case lost:
		loseResponse(w, mode)
	case created:
		writeJSON(w, http.StatusCreated, stored)
	default:
		writeJSON(w, http.StatusOK, stored)
	}
}

func writeIdentityNotReady(w http.ResponseWriter, id *identity) {
	names := slices.Sorted(maps.Keys(id.UserAssignedIdentities))

	writeARMError(w, http.StatusBadRequest, "FailedIdentityOperation",
		fmt.Sprintf("Identity operation for resource failed with error 'Failed to perform resource identity operation. Status: 'NotFound'. Response: the identity %s was not found.'. Wait for the identity to replicate and try again.",
			strings.Join(names, ", ")))
}

// store writes body as the workflow t and returns the stored resource,
// whether it was created, or a conflict message when the workflow exists
// in another location. The caller holds s.mu.
func (s *Server) store(t target, body *resource) (stored *resource, created bool, conflict string) {
	rec := s.workflows[t.key()]
	if rec == nil {
		rec = &record{}
		s.workflows[t.key()] = rec
	}

	old := rec.current
	location := normalizeLocation(body.Location)
	if old != nil && old.Location != location {
		return nil, false, fmt.Sprintf(
			"The resource '%s' already exists in location '%s' in resource group '%s'. A resource with the same name cannot be created in location '%s'. Select a new resource name.",
			t.name, old.Location, t.resourceGroup, location)
	}

	now := time.Now().UTC().Format(time.RFC3339Nano)
	s.sequence++

	next := &resource{
		ID:         t.id(),
		Name:       t.name,
		Type:       resourceType,
		Location:   location,
		Tags:       body.Tags,
		Identity:   s.assignIdentity(old, body.Identity),
		Properties: body.Properties,
	}

	props := &next.Properties
	props.ProvisioningState = "Succeeded"
	props.ChangedTime = now
	props.CreatedTime = now
	props.Version = fmt.Sprintf("%020d", s.sequence)
	props.AccessEndpoint = s.URL() + "/workflows/" + randomHex(16)
	if props.State == "" {
		props.State = "Enabled"
	}
	if old != nil {
		next.ID, next.Name = old.ID, old.Name
		props.CreatedTime = old.Properties.CreatedTime
		props.AccessEndpoint = old.Properties.AccessEndpoint
	}

	rec.previous, rec.current, rec.staleReads = old, next, s.faults.lagReads
	return next, old == nil, ""
}

// assignIdentity fills in the principal and tenant IDs that the service
// generates. A system-assigned identity keeps its principal ID across
// updates. The caller holds s.mu.
func (s *Server) assignIdentity(old *resource, requested *identity) *identity {
	if requested == nil || strings.EqualFold(requested.Type, "None") {
		return nil
	}

	out := &identity{Type: canonicalIdentityType(requested.Type)}
	if out.Type == "SystemAssigned" {
		out.PrincipalID = newUUID()
		out.TenantID = s.TenantID
		if old != nil && old.Identity != nil && old.Identity.Type == "SystemAssigned" {
			out.PrincipalID = old.Identity.PrincipalID
		}
		return out
	}

	out.UserAssignedIdentities = map[string]*userIdentity{}
	for id := range requested.UserAssignedIdentities {
		out.UserAssignedIdentities[id] = &userIdentity{PrincipalID: newUUID(), ClientID: newUUID()}
	}
	return out
}

// decodeWorkflow reads a PUT or validate body and returns an ARM error
// (status, code, message) when it is not a workflow.
func decodeWorkflow(r *http.Request) (*resource, int, string, string) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, http.StatusBadRequest, "InvalidRequestContent", "The request body could not be read."
	}

	body := &resource{}
	decoder := json.NewDecoder(bytes.NewReader(data))
	if err := decoder.Decode(body); err != nil {
		return nil, http.StatusBadRequest, "InvalidRequestContent",
			fmt.Sprintf("The request content was invalid and could not be deserialized: %s.", err)
	}

	clearNull(&body.Properties.Definition)
	clearNull(&body.Properties.AccessControl)
	clearNull(&body.Properties.IntegrationAccount)
	clearNull(&body.Properties.IntegrationServiceEnvironment)
	clearNull(&body.Properties.EndpointsConfiguration)

	return body, 0, "", ""
}

func clearNull(raw *json.RawMessage) {
	if string(bytes.TrimSpace(*raw)) == "null" {
		*raw = nil
	}
}

// checkWorkflow applies the checks the service makes before it stores a
// workflow, and returns an ARM error (status, code, message) for the first
// one that fails.
func checkWorkflow(t target, body *resource) (int, string, string) {
	checks := []func(target, *resource) (string, string){
		checkName, checkLocation, checkState, checkIdentity, checkDefinition, checkParameters,
	}

	for _, check := range checks {
		if code, message := check(t, body); code != "" {
			return http.StatusBadRequest, code, message
		}
	}

	return 0, "", ""
}

func checkName(t target, _ *resource) (string, string) {
	if workflowNamePattern.MatchString(t.name) {
		return "", ""
	}

	return "InvalidResourceName", fmt.Sprintf(
		"The resource name '%s' is invalid. Workflow names have 1 to 80 letters, digits, hyphens, underscores, periods and parentheses.", t.name)
}

func checkLocation(_ target, body *resource) (string, string) {
	if strings.TrimSpace(body.Location) != "" {
		return "", ""
	}

	return "LocationRequired", "The location property is required for this definition."
}

func checkState(_ target, body *resource) (string, string) {
	switch body.Properties.State {
	case "", "Enabled", "Disabled":
		return "", ""
	}

	return "InvalidRequestContent", fmt.Sprintf(
		"The workflow state '%s' is not valid. A workflow can be created or updated as 'Enabled' or 'Disabled'.", body.Properties.State)
}

func checkIdentity(_ target, body *resource) (string, string) {
	id := body.Identity
	if id == nil {
		return "", ""
	}

	switch canonicalIdentityType(id.Type) {
	case "None":
		return "", ""
	case "SystemAssigned":
		if len(id.UserAssignedIdentities) > 0 {
			return "InvalidIdentity", "The identity type 'SystemAssigned' does not take user-assigned identities."
		}
		return "", ""
	case "UserAssigned":
		if len(id.UserAssignedIdentities) == 0 {
			return "InvalidIdentity", "The identity type 'UserAssigned' requires at least one entry in userAssignedIdentities."
		}
		return "", ""
	}

	return "InvalidIdentity", fmt.Sprintf(
		"The identity type '%s' is not supported. Supported types are 'SystemAssigned', 'UserAssigned' and 'None'.", id.Type)
}

func checkDefinition(_ target, body *resource) (string, string) {
	definition := body.Properties.Definition
	if len(definition) == 0 {
		return "InvalidWorkflow", "The provided workflow definition is not valid: the definition property is missing."
	}

	if err := wdlcheck.Check(definition); err != nil {
		message := strings.ReplaceAll(err.Error(), "\n", "; ")
		return "InvalidTemplate", "The template validation failed: " + message + "."
	}

	return "", ""
}

// checkParameters rejects parameter values that the definition does not
// declare, as the service does.
func checkParameters(_ target, body *resource) (string, string) {
	var definition struct {
		Parameters map[string]json.RawMessage `json:"parameters"`
	}
	if err := json.Unmarshal(body.Properties.Definition, &definition); err != nil {
		return "InvalidTemplate", "The definition is not a JSON object."
	}

	var undeclared []string
	for name := range body.Properties.Parameters {
		if _, ok := definition.Parameters[name]; !ok {
			undeclared = append(undeclared, name)
		}
	}
	if len(undeclared) == 0 {
		return "", ""
	}

	slices.Sort(undeclared)
	return "InvalidTemplate", fmt.Sprintf(
		"The workflow parameters '%s' are not valid because the definition does not declare them. Declare them under the definition's parameters or remove their values.",
		strings.Join(undeclared, "', '"))
}

func canonicalIdentityType(value string) string {
	for _, name := range []string{"SystemAssigned", "UserAssigned", "None"} {
		if strings.EqualFold(value, name) {
			return name
		}
	}
	return value
}

// normalizeLocation returns the location the way ARM stores it: lower case
// without spaces ("West Europe" becomes "westeurope").
func normalizeLocation(location string) string {
	return strings.ToLower(strings.ReplaceAll(location, " ", ""))
}

func newUUID() string {
	raw := randomHex(16)
	return raw[0:8] + "-" + raw[8:12] + "-" + raw[12:16] + "-" + raw[16:20] + "-" + raw[20:32]
}
