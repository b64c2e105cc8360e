package gcpworkflows

import (
	"regexp"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// runExecution is the Workflow Executions connector method that starts an
// execution of another workflow and waits until it ends.
const runExecution = "googleapis.workflowexecutions.v1.projects.locations.workflows.executions.run"

// workflowNamePattern splits a full workflow resource name into project,
// location and workflow ID. Workflow IDs have 1 to 64 letters, digits, "_"
// and "-", and start with a letter.
var workflowNamePattern = regexp.MustCompile(`^projects/([^/]+)/locations/([^/]+)/workflows/([A-Za-z][A-Za-z0-9_-]{0,63})$`)

// workflowInvocation runs the child workflow through the executions
// connector. The connector starts an execution, waits until it ends and
// returns its result, which is the neutral result as it is. A failed
// execution raises an error. The connector's own timeout is raised to one
// year, the longest execution, because by default it gives up after 1800
// seconds while the neutral call waits until the child ends.
// NOTE: no execution against Google Cloud has checked that the connector
// takes the argument as a map and returns the child's return value.
func (t *translator) workflowInvocation(s *workflow.Step, w *workflow.WorkflowCall, result string) (invocation, bool) {
	if w.GCP == "" {
		t.errorf(w.Path, s.Name, summaryMissing,
			"The workflow call has no \"gcp\" entry, so Cloud Workflows cannot start the child workflow. Add \"gcp\" with the full resource name, such as \"projects/my-project/locations/us-central1/workflows/child\", or render this workflow for other targets only.")

		return invocation{}, false
	}

	parts := workflowNamePattern.FindStringSubmatch(w.GCP)
	if parts == nil {
		t.errorf(w.Path.Key("gcp"), s.Name, "Invalid workflow name for Google Cloud Workflows",
			"%q is not a workflow resource name. Write it as \"projects/PROJECT/locations/LOCATION/workflows/WORKFLOW_ID\".", w.GCP)

		return invocation{}, false
	}

	args := mapping()
	entry(args, "workflow_id", str(parts[3]))
	entry(args, "location", str(parts[2]))
	entry(args, "project_id", str(parts[1]))

	if w.Input != nil {
		entry(args, "argument", t.value(w.Input, s.Name))
	}

	entry(args, "connector_params", mapping(str("timeout"), intNode(maxExecutionSeconds)))

	return invocation{call: callBody(runExecution, args, result)}, true
}

// VisitAwaitCallback creates a callback endpoint, runs the notify call with
// `callback` set to {url, token}, and waits for a request to the URL. The
// token is null, because Cloud Workflows resumes an execution through the
// URL only. The result is the body of the callback request, which Cloud
// Workflows parses when it is JSON. A wait that outlasts the timeout
// raises TimeoutError, the neutral timeout.
// NOTE: no execution against Google Cloud has checked the result field
// (http_request.body) or that a JSON body arrives parsed.
func (t *translator) VisitAwaitCallback(s *workflow.Step, a *workflow.AwaitCallback) error {
	if t.diagnose(s, portability.StepFeatures(s)) || a.Notify == nil {
		return nil
	}

	if a.TimeoutSeconds > maxExecutionSeconds {
		t.errorf(a.Path.Key("timeout"), s.Name, summaryLimit,
			"The timeout is %d seconds, but a Cloud Workflows execution runs at most %d seconds (one year), so the callback could never time out. Shorten the timeout.",
			a.TimeoutSeconds, maxExecutionSeconds)
	}

	base := variableBase(s.Name)
	endpoint := t.names.variable(base + "__endpoint")

	t.emit(s.Name+"__endpoint", callBody("events.create_callback_endpoint",
		mapping(str("http_callback_method"), str("POST")), endpoint))

	t.callbackVariable = t.names.variable(base + "__callback")

	address := mapping()
	entry(address, "token", nullNode())
	entry(address, "url", str("${"+endpoint+".url}"))
	t.emit(s.Name+"__address", assignBody(mapping(str(t.callbackVariable), address)))

	if inv, ok := t.invocation(s, a.Notify); ok {
		t.emit(s.Name+"__notify", inv.call)
	}

	t.callbackVariable = ""

	request := ""
	if a.Result != "" {
		request = t.names.variable(base + "__request")
	}

	args := mapping()
	entry(args, "callback", str("${"+endpoint+"}"))
	entry(args, "timeout", intNode(int64(a.TimeoutSeconds)))
	t.emit(s.Name, callBody("events.await_callback", args, request))

	if a.Result != "" {
		t.emit(s.Name+"__result", assignBody(mapping(str(a.Result), str("${"+request+".http_request.body}"))))
	}

	return nil
}
