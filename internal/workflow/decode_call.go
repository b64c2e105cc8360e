package workflow

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

var (
	httpMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

	stateMachineARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$`)
	gcpWorkflowPattern     = regexp.MustCompile(`^projects/[^/]+/locations/[^/]+/workflows/[A-Za-z][A-Za-z0-9_-]{0,63}$`)
	azureWorkflowPattern   = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Logic/workflows/[^/]+$`)

	lambdaARNPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$`)
	azureFunctionPath = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Web/sites/[^/]+/functions/[^/]+$`)
)

// httpResultType returns the type of the object that an HTTP call stores in
// its result variable.
func httpResultType() *expr.Type {
	return expr.ObjectOf(map[string]*expr.Type{
		"status":  expr.IntType,
		"headers": expr.MapType(),
		"body":    expr.DynType,
	})
}

// functionResultType returns the type of the object that a function call
// stores in its result variable.
func functionResultType() *expr.Type {
	return expr.ObjectOf(map[string]*expr.Type{
		"status": expr.IntType,
		"body":   expr.DynType,
	})
}

func (d *decoder) call(raw any, path Path, step string, sc *scope) (StepKind, *scope) {
	obj, ok := d.object(raw, path, step, specByName("call"))
	if !ok {
		return nil, sc
	}

	c := &Call{Path: path}
	resultType := d.callTarget(obj, c, step, sc, callTargets)

	if r, ok := obj.get("retry"); ok {
		c.Retry = d.retry(r, path.Key("retry"), step)
	}

	after := sc

	if obj.unknown("result") {
		d.typesUncertain = true
	}

	if name, ok := obj.str("result", false); ok {
		if t, ok := d.declareVariable(name, resultType, path.Key("result"), step, sc); ok {
			c.Result = name
			after = sc.with(name, t)
		}
	}

	ends := []*scope{after}

	if rawCatch, ok := obj.list("catch"); ok {
		var catchEnds []*scope
		c.Catch, catchEnds = d.catches(rawCatch, path.Key("catch"), step, sc)
		ends = append(ends, catchEnds...)
	}

	obj.finish()

	if len(c.Catch) == 0 {
		return c, after
	}

	return c, d.join(sc, ends...)
}

// callTargets lists the keys of a call's target, in the order reported.
var callTargets = []string{"http", "function", "workflow", "native"}

// callTarget decodes the one call target among kinds and returns the type
// of its result.
func (d *decoder) callTarget(obj *object, c *Call, step string, sc *scope, kinds []string) *expr.Type {
	var found []string

	// Reading every target key marks them all as valid, so a call with two
	// targets gets one error about their number, not unknown attributes.
	for _, k := range kinds {
		if _, ok := obj.get(k); ok {
			found = append(found, k)
		}
	}

	if len(found) != 1 {
		d.errorf(obj.path, step, "Invalid call",
			"A call needs exactly one of %s, found %d%s. %s", joinQuoted(kinds), len(found), foundList(found), callTargetFix(found))

		return expr.DynType
	}

	raw, _ := obj.get(found[0])
	p := obj.path.Key(found[0])

	switch found[0] {
	case "http":
		c.HTTP = d.httpCall(raw, p, step, sc)
		return httpResultType()
	case "function":
		c.Function = d.functionCall(raw, p, step, sc)
		return functionResultType()
	case "workflow":
		c.Workflow = d.workflowCall(raw, p, step, sc)
		return expr.DynType
	}

	c.Native = d.nativeCall(raw, p, step, sc)

	return expr.DynType
}

func (d *decoder) httpCall(raw any, path Path, step string, sc *scope) *HTTPCall {
	obj, ok := d.object(raw, path, step, specByName("http"))
	if !ok {
		return nil
	}

	h := &HTTPCall{Path: path}

	if m, ok := obj.str("method", true); ok {
		h.Method = d.httpMethod(m, path.Key("method"), step)
	}

	if u, ok := obj.get("url"); ok {
		h.URL = d.value(u, path.Key("url"), step, sc)
		d.requireString(h.URL, "url", step)
		d.checkLiteralURL(h.URL, step)
	} else {
		obj.required("url")
	}

	h.Headers = d.stringMap(obj, "headers", step, sc)
	h.Query = d.stringMap(obj, "query", step, sc)

	if b, ok := obj.get("body"); ok {
		h.Body = d.value(b, path.Key("body"), step, sc)
	}

	h.TimeoutSeconds, _ = obj.seconds("timeout")

	if a, ok := obj.get("auth"); ok {
		h.Auth = d.httpAuth(a, path.Key("auth"), step)
	}

	obj.finish()

	return h
}

// checkLiteralURL rejects a literal URL that is not absolute, because every
// cloud needs a scheme and a host. Templated URLs are checked at run time.
func (d *decoder) checkLiteralURL(v *Value, step string) {
	if v == nil || v.Kind != ValueLiteral || v.isUnknown() {
		return
	}

	s, _ := v.Literal.(string)

	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		d.errorf(v.Path, step, "Invalid URL", "%q is not an absolute http or https URL such as \"https://api.example.com/orders\".", s)
	}
}

func (d *decoder) httpMethod(m string, path Path, step string) string {
	for _, valid := range httpMethods {
		if m == valid {
			return m
		}
	}

	hint := suggest(m, httpMethods)
	if upper := strings.ToUpper(m); upper != m && slices.Contains(httpMethods, upper) {
		hint = " Write it in upper case: \"" + upper + "\"."
	}

	d.errorf(path, step, "Invalid HTTP method", "%q is not supported. Use one of %s.%s", m, joinQuoted(httpMethods), hint)

	return ""
}

// stringMap decodes headers or query parameters: a map whose values are
// strings or string expressions.
func (d *decoder) stringMap(obj *object, key, step string, sc *scope) *Value {
	raw, ok := obj.get(key)
	if !ok {
		return nil
	}

	if isUnknown(raw) {
		return nil
	}

	if _, isMap := raw.(map[string]any); !isMap {
		d.errorf(obj.path.Key(key), step, "Invalid type", "%q must be an object of strings, such as {Accept: application/json}, got %s.", key, describe(raw))
		return nil
	}

	v := d.value(raw, obj.path.Key(key), step, sc)

	for _, k := range v.Keys() {
		d.requireString(v.Map[k], k, step)
	}

	return v
}

func (d *decoder) httpAuth(raw any, path Path, step string) *HTTPAuth {
	obj, ok := d.object(raw, path, step, specByName("http_auth"))
	if !ok {
		return nil
	}

	a := &HTTPAuth{}
	a.AWSConnectionARN, _ = obj.str("aws_connection_arn", false)
	a.GCP, _ = obj.str("gcp", false)
	a.GCPAudience, _ = obj.str("gcp_audience", false)
	a.Azure, _ = obj.str("azure", false)
	a.AzureAudience, _ = obj.str("azure_audience", false)

	if a.AWSConnectionARN != "" && !strings.HasPrefix(a.AWSConnectionARN, "arn:aws") {
		d.errorf(path.Key("aws_connection_arn"), step, "Invalid ARN", "\"aws_connection_arn\" must be an EventBridge connection ARN (arn:aws:events:REGION:ACCOUNT:connection/NAME), got %q.", a.AWSConnectionARN)
	}

	if a.GCP != "" && a.GCP != "oidc" && a.GCP != "oauth2" {
		d.errorf(path.Key("gcp"), step, "Invalid authentication", "\"gcp\" must be \"oidc\" (an identity token, for Cloud Run and Cloud Functions) or \"oauth2\" (an access token, for Google APIs), got %q.%s", a.GCP, suggest(a.GCP, []string{"oidc", "oauth2"}))
	}

	if a.Azure != "" && a.Azure != "managed_identity" {
		d.errorf(path.Key("azure"), step, "Invalid authentication", "\"azure\" must be \"managed_identity\" (the Logic App's managed identity), the only authentication the neutral language models, got %q. Leave it out to send no token.", a.Azure)
	}

	obj.finish()

	return a
}

func (d *decoder) functionCall(raw any, path Path, step string, sc *scope) *FunctionCall {
	obj, ok := d.object(raw, path, step, specByName("function"))
	if !ok {
		return nil
	}

	f := &FunctionCall{Path: path}
	f.AWS, _ = obj.str("aws", false)
	f.GCP, _ = obj.str("gcp", false)
	f.Azure, _ = obj.str("azure", false)

	if !obj.has("aws") && !obj.has("gcp") && !obj.has("azure") {
		d.errorf(path, step, "Missing function reference", "\"function\" needs at least one of \"aws\" (a Lambda function ARN), \"gcp\" (an HTTPS function URL) and \"azure\" (an Azure Functions resource ID); rendering for a cloud needs that cloud's reference.")
	}

	d.checkFunctionRefs(f, path, step)

	if p, ok := obj.get("payload"); ok {
		f.Payload = d.value(p, path.Key("payload"), step, sc)
	}

	f.TimeoutSeconds, _ = obj.seconds("timeout")
	obj.finish()

	return f
}

func (d *decoder) checkFunctionRefs(f *FunctionCall, path Path, step string) {
	if f.AWS != "" && !lambdaARNPattern.MatchString(f.AWS) {
		d.errorf(path.Key("aws"), step, "Invalid Lambda function ARN",
			"\"aws\" must be a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:name, got %q.", f.AWS)
	}

	if f.GCP != "" && !strings.HasPrefix(f.GCP, "https://") {
		d.errorf(path.Key("gcp"), step, "Invalid function URL",
			"\"gcp\" must be the HTTPS URL of a Cloud Run function, got %q.", f.GCP)
	}

	if f.Azure != "" && !azureFunctionPath.MatchString(f.Azure) {
		d.errorf(path.Key("azure"), step, "Invalid Azure Functions ID",
			"\"azure\" must be a function resource ID such as /subscriptions/ID/resourceGroups/RG/providers/Microsoft.Web/sites/APP/functions/NAME, got %q.", f.Azure)
	}
}

func (d *decoder) workflowCall(raw any, path Path, step string, sc *scope) *WorkflowCall {
	obj, ok := d.object(raw, path, step, specByName("workflow_call"))
	if !ok {
		return nil
	}

	w := &WorkflowCall{Path: path}
	w.AWS, _ = obj.str("aws", false)
	w.GCP, _ = obj.str("gcp", false)
	w.Azure, _ = obj.str("azure", false)

	if !obj.has("aws") && !obj.has("gcp") && !obj.has("azure") {
		d.errorf(path, step, "Missing workflow reference", "\"workflow\" needs at least one of \"aws\" (a state machine ARN), \"gcp\" (a workflow resource name) and \"azure\" (a Logic Apps workflow resource ID); rendering for a cloud needs that cloud's reference.")
	}

	if w.AWS != "" && !stateMachineARNPattern.MatchString(w.AWS) {
		d.errorf(path.Key("aws"), step, "Invalid state machine ARN",
			"\"aws\" must be a state machine ARN such as arn:aws:states:us-east-1:123456789012:stateMachine:name, got %q.", w.AWS)
	}

	if w.GCP != "" && !gcpWorkflowPattern.MatchString(w.GCP) {
		d.errorf(path.Key("gcp"), step, "Invalid workflow name",
			"\"gcp\" must be a workflow resource name such as projects/PROJECT/locations/us-central1/workflows/NAME, got %q.", w.GCP)
	}

	if w.Azure != "" && !azureWorkflowPattern.MatchString(w.Azure) {
		d.errorf(path.Key("azure"), step, "Invalid Logic Apps workflow ID",
			"\"azure\" must be a workflow resource ID such as /subscriptions/ID/resourceGroups/RG/providers/Microsoft.Logic/workflows/NAME, got %q.", w.Azure)
	}

	w.Input = d.optionalValue(obj, "input", step, sc)
	obj.finish()

	return w
}

func (d *decoder) nativeCall(raw any, path Path, step string, sc *scope) *NativeCall {
	obj, ok := d.object(raw, path, step, specByName("native"))
	if !ok {
		return nil
	}

	n := &NativeCall{Path: path}

	if name, value, ok := d.nativeEntry(obj, "aws", "resource", "arguments", step, sc); ok {
		n.AWS = &NativeAWS{Resource: name, Arguments: value}
	}

	if name, value, ok := d.nativeEntry(obj, "gcp", "call", "args", step, sc); ok {
		n.GCP = &NativeGCP{Call: name, Args: value}
	}

	if name, value, ok := d.nativeEntry(obj, "azure", "type", "inputs", step, sc); ok {
		n.Azure = &NativeAzure{Type: name, Inputs: value}
	}

	if !obj.has("aws") && !obj.has("gcp") && !obj.has("azure") {
		d.errorf(path, step, "Missing native call", "\"native\" needs at least one of \"aws\" (resource, arguments), \"gcp\" (call, args) and \"azure\" (type, inputs); rendering for a cloud needs that cloud's entry.")
	}

	obj.finish()

	return n
}

// nativeEntry decodes one cloud's entry of a native call: a required name
// (the resource, call or action type) and an optional value.
func (d *decoder) nativeEntry(obj *object, cloud, nameKey, valueKey, step string, sc *scope) (string, *Value, bool) {
	raw, ok := obj.get(cloud)
	if !ok {
		return "", nil, false
	}

	entry, ok := d.object(raw, obj.path.Key(cloud), step, specByName("native_"+cloud))
	if !ok {
		return "", nil, false
	}

	name, _ := entry.str(nameKey, true)
	value := d.optionalValue(entry, valueKey, step, sc)
	entry.finish()

	return name, value, true
}

func (d *decoder) optionalValue(o *object, key, step string, sc *scope) *Value {
	raw, ok := o.get(key)
	if !ok {
		return nil
	}

	return d.value(raw, o.path.Key(key), step, sc)
}

func (d *decoder) retry(raw any, path Path, step string) *Retry {
	obj, ok := d.object(raw, path, step, specByName("retry"))
	if !ok {
		return nil
	}

	r := &Retry{Path: path, InitialInterval: 1, BackoffRate: 2}

	if n, ok := obj.integer("max_retries"); ok {
		r.MaxRetries = int(n)
	} else if !obj.has("max_retries") && !obj.misspelt("max_retries") {
		d.errorf(path.Key("max_retries"), step, "Missing required attribute", "\"max_retries\" is required: the number of retries after the first attempt.")
	}

	if v, ok := obj.seconds("initial_interval"); ok {
		r.InitialInterval = v
	}

	r.DefaultInitialInterval = !obj.has("initial_interval")

	if v, ok := obj.number("backoff_rate"); ok {
		r.BackoffRate = v
	}

	r.MaxInterval, _ = obj.seconds("max_interval")

	if j, ok := obj.str("jitter", false); ok {
		r.Jitter = d.jitter(j, path.Key("jitter"), step)
	}

	if names, ok := obj.list("errors"); ok {
		if len(names) == 0 {
			d.errorf(path.Key("errors"), step, "Missing error names",
				"\"errors\" lists the errors to retry and cannot be empty. Leave it out to retry the transient errors (timeout, connection, http:408, http:429, http:500, http:502, http:503, http:504).")
		}

		r.Errors = d.errorMatchers(names, path.Key("errors"), step)
	}

	obj.finish()
	d.checkRetry(r, step)

	return r
}

func (d *decoder) checkRetry(r *Retry, step string) {
	if r.MaxRetries < 0 || r.MaxRetries > 99999999 {
		d.errorf(r.Path.Key("max_retries"), step, "Invalid retry", "\"max_retries\" must be between 0 and 99999999 (the Step Functions MaxAttempts range), got %d.", r.MaxRetries)
	}

	if r.InitialInterval < 1 {
		d.errorf(r.Path.Key("initial_interval"), step, "Invalid retry", "\"initial_interval\" must be at least 1 second, because Step Functions IntervalSeconds starts at 1, got %d.", r.InitialInterval)
	}

	if r.BackoffRate < 1 {
		d.errorf(r.Path.Key("backoff_rate"), step, "Invalid retry", "\"backoff_rate\" must be 1.0 or more, got %g. Use 1 for equal waits between retries.", r.BackoffRate)
	}

	if r.MaxInterval != 0 && r.MaxInterval < r.InitialInterval {
		d.errorf(r.Path.Key("max_interval"), step, "Invalid retry", "\"max_interval\" (%d s) must not be shorter than \"initial_interval\" (%d s). Raise \"max_interval\" or lower \"initial_interval\".", r.MaxInterval, r.InitialInterval)
	}
}

func (d *decoder) jitter(name string, path Path, step string) Jitter {
	switch name {
	case "none":
		return JitterNone
	case "full":
		return JitterFull
	}

	d.errorf(path, step, "Invalid jitter",
		"\"jitter\" must be \"none\" (wait exactly the computed interval) or \"full\" (wait a random time up to it), got %q.%s", name, suggest(name, []string{"none", "full"}))

	return JitterNone
}

// callTargetFix returns the fix for a call with no target or several.
func callTargetFix(found []string) string {
	if len(found) == 0 {
		return "Add the target, for example \"http\" with \"method\" and \"url\"."
	}

	return "Split the call into one step per target."
}

func foundList(found []string) string {
	if len(found) == 0 {
		return ""
	}

	return ": " + joinQuoted(found)
}
