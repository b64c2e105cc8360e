package workflow

import (
	"regexp"
	"slices"
)

// AttributeType is the kind of value that an attribute of the definition
// takes. The JSON Schema generator turns each type into a schema, and the
// decoder checks the same rules in Go.
type AttributeType int

const (
	AttrString           AttributeType = iota // a plain string, no templates
	AttrTemplate                              // a string that may embed {{ expr }} parts
	AttrCondition                             // a bare CEL expression
	AttrInteger                               // a whole number
	AttrNumber                                // any number
	AttrIntegerOrString                       // a whole number or a string that is one whole {{ expr }} template
	AttrTimestamp                             // an RFC 3339 timestamp or a string with {{ expr }} parts
	AttrDuration                              // whole seconds or a duration string such as "30s"
	AttrValue                                 // any JSON value, with templates in its strings
	AttrStringMap                             // an object whose values are strings or templates
	AttrSteps                                 // a list of steps
	AttrObject                                // an object described by Attribute.Object
	AttrObjectList                            // a list of objects described by Attribute.Object
	AttrErrorNames                            // a list of portable or custom error names
	AttrErrorName                             // one custom error name
	AttrVariable                              // a variable name
	AttrStepName                              // a step or branch name
	AttrAssignments                           // an object that maps variable names to values
	AttrInputDeclaration                      // the input declaration: field names to type names
)

// Attribute is one key of an object in the definition.
type Attribute struct {
	Name     string
	Type     AttributeType
	Object   string // the ObjectSpec name for AttrObject and AttrObjectList
	Required bool

	// Enum lists the accepted strings; empty means any string that the
	// type accepts.
	Enum []string

	// Minimum and Maximum bound numbers, when set.
	Minimum *float64
	Maximum *float64

	// MinItems is the least number of items of a list attribute.
	MinItems int

	// Default is the value the decoder uses when the attribute is absent,
	// or nil.
	Default any

	Description string
}

// ObjectSpec lists the keys of one object of the definition. The decoder
// reads the keys that an object allows from it, and the JSON Schema
// generator reads the same table, so the two cannot disagree on a key.
type ObjectSpec struct {
	Name string

	// Subject names the object in messages, such as `"http"`.
	Subject string

	Description string
	Attributes  []Attribute

	// ExactlyOne lists keys of which exactly one must be present, and
	// AtLeastOne keys of which one or more must be present.
	ExactlyOne []string
	AtLeastOne []string
}

// Keys returns the attribute names in declaration order.
func (s *ObjectSpec) Keys() []string {
	keys := make([]string, len(s.Attributes))
	for i, a := range s.Attributes {
		keys[i] = a.Name
	}

	return keys
}

// Attribute returns the attribute called name.
func (s *ObjectSpec) Attribute(name string) (Attribute, bool) {
	for _, a := range s.Attributes {
		if a.Name == name {
			return a, true
		}
	}

	return Attribute{}, false
}

// Patterns and names that the decoder enforces, exported for the schema.
var (
	// StepNamePattern is the rule for step and branch names; names must
	// also not contain "__".
	StepNamePattern = stepNamePattern

	// VariableNamePattern is the rule for variable names.
	VariableNamePattern = variableNamePattern

	// CustomErrorPattern is the rule for custom error names; names must
	// also not start with "States".
	CustomErrorPattern = customErrorPattern

	// InputFieldPattern is the rule for the field names of the input
	// declaration.
	InputFieldPattern = fieldNamePattern
)

// Patterns of the strings that some attributes take, exported for the JSON
// Schema so that editors flag the strings that the decoder rejects. The
// decoder matches TemplateBracesPattern and TimestampPattern itself, and its
// template compiler defines the other two. They use only syntax that Go's
// regexp package and the ECMA-262 expressions of editors read the same way.
var (
	// WholeTemplatePattern matches a string that is one {{ expr }}
	// template from its first character to its last, the only string
	// that keeps the expression's type, such as an int for wait.seconds.
	//
	// NOTE: it also matches "{{ a }}{{ b }}", which joins two parts into a
	// string, so only the decoder's type check rejects that value.
	WholeTemplatePattern = regexp.MustCompile(`^\{\{[\s\S]*\}\}$`)

	// TemplatePartPattern matches a string that contains a {{ expr }}
	// part, which the decoder compiles as a template.
	TemplatePartPattern = regexp.MustCompile(`\{\{[\s\S]*\}\}`)

	// TemplateBracesPattern matches a bare CEL expression written as a
	// template, such as "{{ input.total >= 1000 }}". No valid CEL
	// expression starts with "{{", because a map literal cannot have a map
	// as its key. The decoder rejects these strings, and its error names
	// the fix: remove the braces.
	TemplateBracesPattern = regexp.MustCompile(`^\s*\{\{`)

	// TimestampPattern matches the syntax of an RFC 3339 date-time, such as
	// 2026-01-31T09:00:00Z or 2026-01-31T09:00:00.5+01:00. The decoder also
	// parses the timestamp, which rejects dates such as February 30.
	TimestampPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)
)

// HTTPStatusErrorPattern matches the "http:<status>" error names that the
// decoder accepts (statuses 400 to 599).
var HTTPStatusErrorPattern = regexp.MustCompile(`^http:[45][0-9][0-9]$`)

// PortableErrorNames returns the error class names that catch and retry
// accept besides "http:<status>" and custom names.
func PortableErrorNames() []string { return slices.Clone(portableErrorNames) }

// InputTypeNames returns the type names of the input declaration; each may
// also be wrapped as list(T).
func InputTypeNames() []string { return slices.Clone(scalarTypeNames) }

// ReservedVariableNames returns the names that no variable may take, sorted.
func ReservedVariableNames() []string {
	names := make([]string, 0, len(reservedNames))
	for n := range reservedNames {
		names = append(names, n)
	}

	slices.Sort(names)

	return names
}

// StepKinds returns the keys that select a step's kind.
func StepKinds() []string { return slices.Clone(stepKinds) }

// Spec returns the tables of every object in the definition, the workflow
// itself first. Callers must not modify them.
func Spec() []*ObjectSpec { return specList }

// SpecByName returns the table of one object.
func SpecByName(name string) *ObjectSpec { return specIndex[name] }

var specIndex = func() map[string]*ObjectSpec {
	m := make(map[string]*ObjectSpec, len(specList))
	for _, s := range specList {
		m[s.Name] = s
	}

	return m
}()

func bound(v float64) *float64 { return &v }

// kindAttributes returns the step kind attributes of the step table.
func kindAttributes() []Attribute {
	return []Attribute{
		{Name: "call", Type: AttrObject, Object: "call", Description: "Call an HTTP endpoint, a serverless function, another workflow or a cloud-native service integration."},
		{Name: "assign", Type: AttrAssignments, Description: "Set variables: a map of variable name to value. Every value sees the variables as they were before the step."},
		{Name: "switch", Type: AttrObject, Object: "switch", Description: "Run the steps of the first case whose condition holds, or the default steps."},
		{Name: "wait", Type: AttrObject, Object: "wait", Description: "Pause for a number of seconds or until a timestamp."},
		{Name: "fail", Type: AttrObject, Object: "fail", Description: "End the execution with a named error."},
		{Name: "return", Type: AttrValue, Description: "End the execution successfully with this value as the output. Not allowed inside a parallel branch or a for_each body."},
		{Name: "parallel", Type: AttrObject, Object: "parallel", Description: "Run branches at the same time and wait for all of them; the first failing branch fails the step."},
		{Name: "for_each", Type: AttrObject, Object: "for_each", Description: "Run steps once per item of a list, with bounded concurrency."},
		{Name: "loop", Type: AttrObject, Object: "loop", Description: "Run steps while or until a condition holds, at most max_iterations times."},
		{Name: "try", Type: AttrObject, Object: "try", Description: "Run steps with a retry, catches and finally steps around them as a whole."},
		{Name: "await_callback", Type: AttrObject, Object: "await_callback", Description: "Hand a callback address to a notify call, then wait until the callback arrives or the timeout passes."},
	}
}

const (
	stepsDescription      = "The steps, run in order."
	resultDescription     = "The variable that receives the result."
	durationHint          = " Whole seconds or a duration such as \"30s\", \"5m\" or \"1h\"."
	cloudRefDescription   = " Rendering for a cloud needs that cloud's reference."
	errorNamesDescription = "Error names: any, timeout, connection, http, http:<status> (400 to 599), permission, task_failed, expression, or a custom name such as OutOfStock."
)

var specList = []*ObjectSpec{
	{
		Name: "workflow", Subject: "The workflow definition",
		Description: "A cloud-neutral workflow: an optional input declaration and a list of steps run in order.",
		Attributes: []Attribute{
			{Name: "input", Type: AttrInputDeclaration, Description: "The fields of the execution input and their types: string, int, double, bool, list, list(T), map, any, or a nested object of fields. Without it the input is a dynamic map."},
			{Name: "steps", Type: AttrSteps, Required: true, MinItems: 1, Description: "The workflow's steps, run in order; at least one."},
		},
	},
	{
		Name: "step", Subject: "A step",
		Description: "One named step with exactly one kind key.",
		Attributes: append([]Attribute{
			{Name: "name", Type: AttrStepName, Required: true, Description: "The step's name, unique across the workflow ignoring case: a letter first, then letters, digits, \"_\" or \"-\", a letter or digit last, at most 64 characters, no \"__\"."},
		}, kindAttributes()...),
		ExactlyOne: stepKinds,
	},
	{
		Name: "call", Subject: "\"call\"",
		Description: "A call with exactly one target: http, function, workflow or native.",
		Attributes: []Attribute{
			{Name: "http", Type: AttrObject, Object: "http", Description: "An HTTP request. The result is {status, headers, body}."},
			{Name: "function", Type: AttrObject, Object: "function", Description: "A serverless function, named once per cloud. The result is {status, body}."},
			{Name: "workflow", Type: AttrObject, Object: "workflow_call", Description: "Another deployed workflow, started and awaited. The result is its output."},
			{Name: "native", Type: AttrObject, Object: "native", Description: "A cloud-native service integration, written once per cloud. The result is what the service returns."},
			{Name: "result", Type: AttrVariable, Description: resultDescription},
			{Name: "retry", Type: AttrObject, Object: "retry", Description: "Retry the call on the listed errors, or on the transient errors."},
			{Name: "catch", Type: AttrObjectList, Object: "catch", Description: "Error handlers, tried in order. The first that matches runs instead of the failed call."},
		},
		ExactlyOne: callTargets,
	},
	{
		Name: "http", Subject: "\"http\"",
		Description: "An HTTP request.",
		Attributes: []Attribute{
			{Name: "method", Type: AttrString, Required: true, Enum: httpMethods, Description: "The HTTP method, in upper case."},
			{Name: "url", Type: AttrTemplate, Required: true, Description: "The absolute http or https URL; may contain {{ }} templates."},
			{Name: "headers", Type: AttrStringMap, Description: "Request headers: header name to string value. Cloud Workflows lowercases response header names."},
			{Name: "query", Type: AttrStringMap, Description: "Query parameters: name to string value."},
			{Name: "body", Type: AttrValue, Description: "The request body, any JSON value."},
			{Name: "timeout", Type: AttrDuration, Description: "The timeout of one attempt." + durationHint},
			{Name: "auth", Type: AttrObject, Object: "http_auth", Description: "How each cloud authenticates the request."},
		},
	},
	{
		Name: "http_auth", Subject: "\"auth\"",
		Description: "Per-cloud authentication of an HTTP call.",
		Attributes: []Attribute{
			{Name: "aws_connection_arn", Type: AttrString, Description: "The EventBridge connection ARN that Step Functions HTTP tasks require: arn:aws:events:REGION:ACCOUNT:connection/NAME."},
			{Name: "gcp", Type: AttrString, Enum: []string{"oidc", "oauth2"}, Description: "A Google-signed token: oidc or oauth2."},
			{Name: "gcp_audience", Type: AttrString, Description: "The audience of the Google OIDC token."},
			{Name: "azure", Type: AttrString, Enum: []string{"managed_identity"}, Description: "managed_identity: the Logic App's managed identity."},
			{Name: "azure_audience", Type: AttrString, Description: "The audience of the managed identity token."},
		},
	},
	{
		Name: "function", Subject: "\"function\"",
		Description: "A serverless function, named once per cloud.",
		Attributes: []Attribute{
			{Name: "aws", Type: AttrString, Description: "The Lambda function ARN, such as arn:aws:lambda:us-east-1:123456789012:function:name." + cloudRefDescription},
			{Name: "gcp", Type: AttrString, Description: "The HTTPS URL of the Cloud Run function." + cloudRefDescription},
			{Name: "azure", Type: AttrString, Description: "The Azure Functions resource ID, /subscriptions/ID/resourceGroups/RG/providers/Microsoft.Web/sites/APP/functions/NAME." + cloudRefDescription},
			{Name: "payload", Type: AttrValue, Description: "The payload sent to the function, any JSON value."},
			{Name: "timeout", Type: AttrDuration, Description: "The timeout of one attempt." + durationHint},
		},
		AtLeastOne: []string{"aws", "gcp", "azure"},
	},
	{
		Name: "workflow_call", Subject: "\"workflow\"",
		Description: "Another deployed workflow, named once per cloud.",
		Attributes: []Attribute{
			{Name: "aws", Type: AttrString, Description: "The state machine ARN, such as arn:aws:states:us-east-1:123456789012:stateMachine:name." + cloudRefDescription},
			{Name: "gcp", Type: AttrString, Description: "The workflow resource name, projects/PROJECT/locations/LOCATION/workflows/NAME." + cloudRefDescription},
			{Name: "azure", Type: AttrString, Description: "The Logic Apps workflow resource ID, /subscriptions/ID/resourceGroups/RG/providers/Microsoft.Logic/workflows/NAME." + cloudRefDescription},
			{Name: "input", Type: AttrValue, Description: "The child workflow's execution input, any JSON value."},
		},
		AtLeastOne: []string{"aws", "gcp", "azure"},
	},
	{
		Name: "native", Subject: "\"native\"",
		Description: "A cloud-native service integration. Each cloud that the workflow is rendered for needs its own entry.",
		Attributes: []Attribute{
			{Name: "aws", Type: AttrObject, Object: "native_aws", Description: "A Step Functions Task state resource with its arguments."},
			{Name: "gcp", Type: AttrObject, Object: "native_gcp", Description: "A Cloud Workflows connector or standard library call with its arguments."},
			{Name: "azure", Type: AttrObject, Object: "native_azure", Description: "A Logic Apps action type with its inputs."},
		},
		AtLeastOne: []string{"aws", "gcp", "azure"},
	},
	{
		Name: "native_aws", Subject: "\"native.aws\"",
		Description: "A Step Functions Task state.",
		Attributes: []Attribute{
			{Name: "resource", Type: AttrString, Required: true, Description: "The Task resource ARN, such as arn:aws:states:::sns:publish."},
			{Name: "arguments", Type: AttrValue, Description: "The Task arguments."},
		},
	},
	{
		Name: "native_gcp", Subject: "\"native.gcp\"",
		Description: "A Cloud Workflows call.",
		Attributes: []Attribute{
			{Name: "call", Type: AttrString, Required: true, Description: "The connector or function, such as googleapis.pubsub.v1.projects.topics.publish."},
			{Name: "args", Type: AttrValue, Description: "The call's arguments."},
		},
	},
	{
		Name: "native_azure", Subject: "\"native.azure\"",
		Description: "A Logic Apps action.",
		Attributes: []Attribute{
			{Name: "type", Type: AttrString, Required: true, Description: "The action type, such as ApiConnection."},
			{Name: "inputs", Type: AttrValue, Description: "The action's inputs."},
		},
	},
	{
		Name: "retry", Subject: "\"retry\"",
		Description: "Retries with exponential backoff.",
		Attributes: []Attribute{
			{Name: "max_retries", Type: AttrInteger, Required: true, Minimum: bound(0), Maximum: bound(99999999), Description: "The number of retries after the first attempt."},
			{Name: "initial_interval", Type: AttrDuration, Minimum: bound(1), Default: 1, Description: "The wait before the first retry, at least 1 second. Logic Apps needs at least 5 seconds." + durationHint},
			{Name: "backoff_rate", Type: AttrNumber, Minimum: bound(1), Default: 2, Description: "The factor that multiplies the wait after each retry, 1.0 or more. Logic Apps takes 1 or 2."},
			{Name: "max_interval", Type: AttrDuration, Description: "The longest wait between retries; no cap when absent." + durationHint},
			{Name: "jitter", Type: AttrString, Enum: []string{"none", "full"}, Default: "none", Description: "none waits exactly the computed interval; full waits a random time between zero and it."},
			{Name: "errors", Type: AttrErrorNames, MinItems: 1, Description: "The errors to retry. Without it: timeout, connection and HTTP 408, 429, 500, 502, 503 and 504. " + errorNamesDescription},
		},
	},
	{
		Name: "catch", Subject: "A catch",
		Description: "An error handler. Its steps run instead of the failed call or steps, then the workflow continues after the step.",
		Attributes: []Attribute{
			{Name: "errors", Type: AttrErrorNames, Required: true, MinItems: 1, Description: "The errors this catch handles. \"any\" must be alone in its list. " + errorNamesDescription},
			{Name: "as", Type: AttrVariable, Description: "The variable that holds the error object {error, message} inside this catch's steps."},
			{Name: "steps", Type: AttrSteps, Required: true, Description: "The steps that handle the error; an empty list ignores it."},
		},
	},
	{
		Name: "switch", Subject: "\"switch\"",
		Description: "Conditional branching.",
		Attributes: []Attribute{
			{Name: "cases", Type: AttrObjectList, Object: "switch_case", Required: true, MinItems: 1, Description: "The cases, checked in order; the first whose condition holds runs."},
			{Name: "default", Type: AttrSteps, Description: "The steps that run when no case matches; without it the step does nothing then."},
		},
	},
	{
		Name: "switch_case", Subject: "A switch case",
		Description: "One case of a switch.",
		Attributes: []Attribute{
			{Name: "when", Type: AttrCondition, Required: true, Description: "A bare CEL condition of type bool, such as input.amount > 100."},
			{Name: "steps", Type: AttrSteps, Required: true, Description: stepsDescription},
		},
	},
	{
		Name: "wait", Subject: "\"wait\"",
		Description: "A pause: exactly one of seconds and until.",
		Attributes: []Attribute{
			{Name: "seconds", Type: AttrIntegerOrString, Minimum: bound(0), Description: "Whole seconds to wait, or a {{ }} expression of type int."},
			{Name: "until", Type: AttrTimestamp, Description: "An RFC 3339 timestamp such as 2026-01-31T09:00:00Z, or a {{ }} expression of type string."},
		},
		ExactlyOne: []string{"seconds", "until"},
	},
	{
		Name: "fail", Subject: "\"fail\"",
		Description: "Ends the execution with a named error.",
		Attributes: []Attribute{
			{Name: "error", Type: AttrErrorName, Required: true, Description: "A custom error name: an upper-case letter, then letters, digits or \"_\", at most 64 characters, not starting with States."},
			{Name: "message", Type: AttrTemplate, Description: "The error message, a string or a {{ }} template."},
		},
	},
	{
		Name: "parallel", Subject: "\"parallel\"",
		Description: "Branches that run at the same time.",
		Attributes: []Attribute{
			{Name: "branches", Type: AttrObjectList, Object: "branch", Required: true, MinItems: 1, Description: "The branches; the result lists their outputs in this order."},
			{Name: "result", Type: AttrVariable, Description: "The variable that receives the list of branch outputs."},
			{Name: "on_failure", Type: AttrString, Enum: []string{"fail_fast"}, Default: "fail_fast", Description: "fail_fast: the first failing branch fails the step. The only policy."},
		},
	},
	{
		Name: "branch", Subject: "A parallel branch",
		Description: "One branch of a parallel step. Its steps read the enclosing variables but never assign them.",
		Attributes: []Attribute{
			{Name: "name", Type: AttrStepName, Required: true, Description: "The branch's name, which shares the step namespace."},
			{Name: "steps", Type: AttrSteps, Required: true, Description: stepsDescription},
			{Name: "output", Type: AttrValue, Description: "The branch's value, evaluated after its steps; null when absent."},
		},
	},
	{
		Name: "for_each", Subject: "\"for_each\"",
		Description: "Steps run once per item of a list.",
		Attributes: []Attribute{
			{Name: "items", Type: AttrCondition, Required: true, Description: "A bare CEL expression of type list, such as input.orders."},
			{Name: "as", Type: AttrVariable, Required: true, Description: "The variable that holds the current item."},
			{Name: "index", Type: AttrVariable, Description: "The variable that holds the item's position, from 0."},
			{Name: "max_concurrency", Type: AttrInteger, Minimum: bound(1), Maximum: bound(1000000), Default: 1, Description: "The most iterations that run at the same time; 1 runs them one after another."},
			{Name: "steps", Type: AttrSteps, Required: true, Description: stepsDescription},
			{Name: "output", Type: AttrValue, Description: "Each iteration's value, evaluated after its steps; null when absent."},
			{Name: "result", Type: AttrVariable, Description: "The variable that receives the outputs in the order of the items."},
		},
	},
	{
		Name: "loop", Subject: "\"loop\"",
		Description: "Steps run while or until a condition holds: exactly one of while and until.",
		Attributes: []Attribute{
			{Name: "while", Type: AttrCondition, Description: "A bare CEL condition checked before each iteration."},
			{Name: "until", Type: AttrCondition, Description: "A bare CEL condition checked after each iteration; it may read the variables the steps set."},
			{Name: "max_iterations", Type: AttrInteger, Required: true, Minimum: bound(1), Maximum: bound(1000000), Description: "The most iterations; when reached and the condition asks for another, the loop fails with LoopLimitExceeded."},
			{Name: "steps", Type: AttrSteps, Required: true, Description: stepsDescription},
		},
		ExactlyOne: []string{"while", "until"},
	},
	{
		Name: "try", Subject: "\"try\"",
		Description: "Steps with error handling as a whole; needs at least one of retry, catch and finally.",
		Attributes: []Attribute{
			{Name: "steps", Type: AttrSteps, Required: true, Description: "The steps to run. When they fail, their assignments are undone."},
			{Name: "retry", Type: AttrObject, Object: "retry", Description: "Retry the steps as a whole."},
			{Name: "catch", Type: AttrObjectList, Object: "catch", Description: "Error handlers, tried in order."},
			{Name: "finally", Type: AttrSteps, Description: "Steps that run last on every path except an error raised by a catch's own steps."},
		},
		AtLeastOne: []string{"retry", "catch", "finally"},
	},
	{
		Name: "await_callback", Subject: "\"await_callback\"",
		Description: "A wait for an external callback.",
		Attributes: []Attribute{
			{Name: "notify", Type: AttrObject, Object: "notify", Required: true, Description: "One http or function call that hands the callback address on; inside it the variable callback is {url, token}."},
			{Name: "timeout", Type: AttrDuration, Required: true, Minimum: bound(1), Description: "How long to wait before the step fails with a timeout error." + durationHint},
			{Name: "result", Type: AttrVariable, Description: "The variable that receives the callback's payload."},
		},
	},
	{
		Name: "notify", Subject: "\"notify\"",
		Description: "The call of an await_callback: exactly one of http and function, without result, retry or catch.",
		Attributes: []Attribute{
			{Name: "http", Type: AttrObject, Object: "http", Description: "An HTTP request that hands on callback.url or callback.token."},
			{Name: "function", Type: AttrObject, Object: "function", Description: "A function that receives callback.token or callback.url."},
		},
		ExactlyOne: []string{"http", "function"},
	},
}
