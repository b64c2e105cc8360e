package gcpworkflows

import (
	"net/url"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// callNamePattern accepts standard library functions, connectors and
// subworkflow names, such as googleapis.pubsub.v1.projects.topics.publish.
var callNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// invocation is the translation of a call target. It holds the call step
// body and, when the result is stored, an assign step body that reshapes
// the raw Cloud Workflows result into the neutral one.
type invocation struct {
	call      *yaml.Node
	normalise *yaml.Node
}

// VisitCall writes the call, the result normalisation, and the retry and
// catch around them.
func (t *translator) VisitCall(s *workflow.Step, c *workflow.Call) error {
	// Custom error names get the warning of warnCustomMatchers instead.
	if t.diagnose(s, portability.CallFeatures(c), portability.CatchCustom) {
		return nil
	}

	inv, ok := t.invocation(s, c)
	if !ok {
		return nil
	}

	retry := c.Retry != nil && c.Retry.MaxRetries > 0
	if !retry && len(c.Catch) == 0 {
		t.emit(s.Name, inv.call)

		if inv.normalise != nil {
			t.emit(s.Name+"__result", inv.normalise)
		}

		return nil
	}

	body := mapping()
	entry(body, "try", tryBody(s.Name, inv))

	if retry {
		entry(body, "retry", t.retryPolicy(c.Retry, false))
	}

	if len(c.Catch) > 0 {
		entry(body, "except", t.except(s, c))
	}

	t.emit(s.Name, body)

	return nil
}

// tryBody is the call itself, or a step list when the result needs
// reshaping. The normalisation sits inside the try, so a failed call leaves
// the result variable unset as the neutral semantics require.
func tryBody(step string, inv invocation) *yaml.Node {
	if inv.normalise == nil {
		return inv.call
	}

	return mapping(str("steps"), sequence(
		stepNode(step+"__call", inv.call),
		stepNode(step+"__result", inv.normalise),
	))
}

func (t *translator) invocation(s *workflow.Step, c *workflow.Call) (invocation, bool) {
	switch {
	case c.HTTP != nil:
		return t.httpInvocation(s, c.HTTP, c.Result), true
	case c.Function != nil:
		return t.functionInvocation(s, c.Function, c.Result)
	case c.Native != nil:
		return t.nativeInvocation(s, c.Native, c.Result)
	case c.Workflow != nil:
		return t.workflowInvocation(s, c.Workflow, c.Result)
	}

	t.errorf(c.Path, s.Name, summaryFailed, "The call has no target. This is a bug in the provider; please report it with the workflow.")

	return invocation{}, false
}

// httpInvocation calls http.get, http.post and so on. A GET with a body
// uses http.request, whose arguments name the method.
func (t *translator) httpInvocation(s *workflow.Step, h *workflow.HTTPCall, result string) invocation {
	function := "http." + strings.ToLower(h.Method)
	if h.Method == "GET" && h.Body != nil {
		function = "http.request"
	}

	t.checkURL(h.URL, s.Name)

	args := mapping()
	entry(args, "url", t.value(h.URL, s.Name))

	if function == "http.request" {
		entry(args, "method", str(h.Method))
	}

	if h.Headers != nil && len(h.Headers.Map) > 0 {
		entry(args, "headers", t.value(h.Headers, s.Name))
	}

	if h.Query != nil && len(h.Query.Map) > 0 {
		entry(args, "query", t.value(h.Query, s.Name))
	}

	if h.Body != nil {
		entry(args, "body", t.value(h.Body, s.Name))
	}

	if h.TimeoutSeconds > 0 {
		entry(args, "timeout", t.timeout(h.TimeoutSeconds, h.Path.Key("timeout"), s.Name))
	}

	if auth := t.auth(h.Auth, h.Path.Key("auth"), s.Name); auth != nil {
		entry(args, "auth", auth)
	}

	return invocation{
		call:      callBody(function, args, result),
		normalise: normaliseResult(result, "status", "code", "headers", "headers", "body", "body"),
	}
}

// auth maps the neutral `gcp` authentication to the auth argument, or
// returns nil for an unauthenticated request.
func (t *translator) auth(a *workflow.HTTPAuth, path workflow.Path, step string) *yaml.Node {
	if a == nil || a.GCP == "" {
		return nil
	}

	n := mapping()

	if a.GCP == "oauth2" {
		entry(n, "type", str("OAuth2"))

		if a.GCPAudience != "" {
			t.errorf(path.Key("gcp_audience"), step, summaryUnsupported,
				"\"gcp_audience\" applies to OIDC tokens only, but \"gcp\" is \"oauth2\". Remove \"gcp_audience\", or set \"gcp\" to \"oidc\" to send an identity token for that audience.")
		}

		return n
	}

	entry(n, "type", str("OIDC"))

	if a.GCPAudience != "" {
		t.checkAudience(a.GCPAudience, path.Key("gcp_audience"), step)
		entry(n, "audience", str(a.GCPAudience))
	}

	return n
}

// checkAudience rejects an OIDC audience that is not an absolute URL.
// Cloud Run expects the service URL or a custom audience written as a
// full URL.
func (t *translator) checkAudience(audience string, path workflow.Path, step string) {
	if u, err := url.Parse(audience); err == nil && u.IsAbs() && u.Host != "" {
		return
	}

	t.errorf(path, step, "Invalid audience for Google Cloud Workflows",
		"%q is not an absolute URL. Set \"gcp_audience\" to the root URL of the service, such as \"https://api.example.com\", or leave it out to use the request URL.", audience)
}

// functionInvocation posts the payload to the function's HTTPS URL with an
// OIDC token, because Cloud Workflows has no function call of its own.
// The token's audience defaults to the URL.
func (t *translator) functionInvocation(s *workflow.Step, f *workflow.FunctionCall, result string) (invocation, bool) {
	if f.GCP == "" {
		t.errorf(f.Path, s.Name, summaryMissing,
			"The function has no \"gcp\" reference, so Cloud Workflows cannot call it. Add \"gcp\" with the HTTPS URL of the Cloud Run function, or render this workflow for other targets only.")

		return invocation{}, false
	}

	t.checkURL(&workflow.Value{Kind: workflow.ValueLiteral, Literal: f.GCP, Path: f.Path.Key("gcp")}, s.Name)

	args := mapping()
	entry(args, "url", str(f.GCP))

	if f.Payload != nil {
		entry(args, "body", t.value(f.Payload, s.Name))
	}

	if f.TimeoutSeconds > 0 {
		entry(args, "timeout", t.timeout(f.TimeoutSeconds, f.Path.Key("timeout"), s.Name))
	}

	entry(args, "auth", mapping(str("type"), str("OIDC")))

	return invocation{
		call:      callBody("http.post", args, result),
		normalise: normaliseResult(result, "status", "code", "body", "body"),
	}, true
}

// nativeInvocation passes the `gcp` entry through unchanged, be it a
// connector, a standard library function or any other call. The result is
// stored as the call returns it.
func (t *translator) nativeInvocation(s *workflow.Step, n *workflow.NativeCall, result string) (invocation, bool) {
	if n.GCP == nil {
		t.errorf(n.Path, s.Name, summaryMissing,
			"The native call has no \"gcp\" entry, so there is nothing to run on Cloud Workflows. Add \"gcp\" with \"call\" (for example a googleapis connector) and \"args\", or render this workflow for other targets only.")

		return invocation{}, false
	}

	gcp := n.GCP
	if !callNamePattern.MatchString(gcp.Call) {
		t.errorf(n.Path.Key("gcp").Key("call"), s.Name, "Invalid native call for Google Cloud Workflows",
			"%q is not a Cloud Workflows function name. Use a dotted name such as \"googleapis.pubsub.v1.projects.topics.publish\" or \"sys.log\".", gcp.Call)
	}

	var args *yaml.Node

	if gcp.Args != nil {
		if gcp.Args.Kind != workflow.ValueMap {
			t.errorf(gcp.Args.Path, s.Name, "Invalid native call for Google Cloud Workflows",
				"\"args\" must be an object of argument names and values, because Cloud Workflows passes call arguments by name.")
		} else {
			args = t.value(gcp.Args, s.Name)
		}
	}

	return invocation{call: callBody(gcp.Call, args, result)}, true
}

// checkURL rejects a literal URL that is not absolute or whose scheme is
// not http or https, since http.* cannot call it. Cloud Workflows checks a
// computed URL when it runs.
func (t *translator) checkURL(v *workflow.Value, step string) {
	literal, ok := v.Literal.(string)
	if v.Kind != workflow.ValueLiteral || !ok {
		return
	}

	u, err := url.Parse(literal)
	if err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return
	}

	t.errorf(v.Path, step, "Invalid URL for Google Cloud Workflows",
		"%q is not an absolute http or https URL, which Cloud Workflows HTTP calls need. Write the full URL, such as \"https://api.example.com/v1/items\".", literal)
}

// timeout checks an HTTP timeout against the Cloud Workflows maximum.
func (t *translator) timeout(seconds int, path workflow.Path, step string) *yaml.Node {
	if seconds > maxHTTPTimeoutSeconds {
		t.errorf(path, step, summaryLimit,
			"The timeout is %d seconds, but Cloud Workflows HTTP calls allow at most %d seconds. Shorten the timeout, or have the service answer at once and report completion later.",
			seconds, maxHTTPTimeoutSeconds)
	}

	return intNode(int64(seconds))
}

// callBody is a call step body in the conventional order call, args,
// result. Empty args and result are left out.
func callBody(function string, args *yaml.Node, result string) *yaml.Node {
	body := mapping()
	entry(body, "call", str(function))

	if args != nil && len(args.Content) > 0 {
		entry(body, "args", args)
	}

	if result != "" {
		entry(body, "result", str(result))
	}

	return body
}

// normaliseResult reassigns the result variable with the neutral field
// names. fieldPairs alternates a neutral field and the Cloud Workflows
// field it reads. The right side is evaluated before the assignment, so the
// variable can hold the raw result first.
func normaliseResult(result string, fieldPairs ...string) *yaml.Node {
	if result == "" {
		return nil
	}

	record := mapping()
	for i := 0; i+1 < len(fieldPairs); i += 2 {
		entry(record, fieldPairs[i], str("${"+result+"."+fieldPairs[i+1]+"}"))
	}

	return assignBody(mapping(str(result), record))
}
