// Package workflow holds the cloud-neutral workflow model: the types, the
// decoder that builds them from a generic value (a Terraform dynamic value or
// decoded JSON/YAML), and the validation that runs once before any
// translator reads the workflow.
//
// A workflow is a list of steps run in order. Every step has a unique name and
// exactly one kind. Translators walk the model with a Visitor, one method per
// step kind, so adding a kind means adding a type, a Visitor method and a case
// in the decoder.
package workflow

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// Workflow is a decoded and validated neutral workflow.
type Workflow struct {
	// Input is the declared type of the execution input, or a dynamic map
	// when the definition declares none.
	Input *expr.Type

	// InputDeclared reports whether Input came from an `input` declaration.
	InputDeclared bool

	Steps []*Step

	// Variables lists every variable the workflow assigns (by `assign`, a
	// step's `result`, a catch's `as` or a for_each's `as` and `index`), in
	// order of first assignment, with one type each. Logic Apps needs them
	// declared at the top level.
	Variables []Variable
}

// Variable is a workflow variable with its static type.
type Variable struct {
	Name string
	Type *expr.Type

	// Owner is empty for a variable of the workflow level. A variable first
	// assigned inside a parallel branch or a for_each body belongs to it and
	// exists only there: Owner is then "STEP/BRANCH" for a branch and the
	// for_each step's name for a body, prefixed by the enclosing owners and
	// " > " when bodies nest, as in "each_order > checks/health".
	Owner string

	// LoopVariable marks the item and index variables of for_each steps.
	LoopVariable bool
}

// Step is one named step. Kind holds exactly one of the step kinds.
type Step struct {
	Name string
	Path Path
	Kind StepKind
}

// Accept dispatches to the Visitor method for the step's kind.
func (s *Step) Accept(v Visitor) error {
	return s.Kind.accept(v, s)
}

// StepKind is implemented by Call, Assign, Switch, Wait, Fail, Return,
// Parallel, ForEach, Loop, Try and AwaitCallback.
type StepKind interface {
	// KindName is the key that selects this kind in the definition.
	KindName() string
	accept(v Visitor, s *Step) error
}

// Visitor is implemented by each translator, one method per step kind.
type Visitor interface {
	VisitCall(s *Step, c *Call) error
	VisitAssign(s *Step, a *Assign) error
	VisitSwitch(s *Step, sw *Switch) error
	VisitWait(s *Step, w *Wait) error
	VisitFail(s *Step, f *Fail) error
	VisitReturn(s *Step, r *Return) error
	VisitParallel(s *Step, p *Parallel) error
	VisitForEach(s *Step, f *ForEach) error
	VisitLoop(s *Step, l *Loop) error
	VisitTry(s *Step, t *Try) error
	VisitAwaitCallback(s *Step, a *AwaitCallback) error
}

// Call invokes an HTTP endpoint, a serverless function, another workflow or
// a target-native service integration. Exactly one of HTTP, Function,
// Workflow and Native is set.
type Call struct {
	HTTP     *HTTPCall
	Function *FunctionCall
	Workflow *WorkflowCall
	Native   *NativeCall

	// Result names the variable that receives the call's result, or is empty.
	// HTTP calls store an object {status, headers, body}, function calls
	// {status, body}, and workflow calls the child workflow's output.
	Result string

	Retry *Retry
	Catch []*Catch
	Path  Path
}

func (*Call) KindName() string                  { return "call" }
func (c *Call) accept(v Visitor, s *Step) error { return v.VisitCall(s, c) }

// HTTPCall is an HTTP request.
type HTTPCall struct {
	Method string

	URL     *Value
	Headers *Value // map of header name to string value, or nil
	Query   *Value // map of query parameter to string value, or nil
	Body    *Value // any JSON value, or nil

	// TimeoutSeconds bounds one attempt; zero means the target's default.
	TimeoutSeconds int

	Auth *HTTPAuth
	Path Path
}

// HTTPAuth holds the per-target authentication of an HTTP call, because the
// three clouds authenticate outbound requests in unrelated ways.
type HTTPAuth struct {
	// AWSConnectionARN is the EventBridge connection that Step Functions HTTP
	// tasks require.
	AWSConnectionARN string

	// GCP is "oidc" or "oauth2" (Google-signed tokens), or empty for none.
	GCP         string
	GCPAudience string

	// Azure is "managed_identity", or empty for none.
	Azure         string
	AzureAudience string
}

// FunctionCall invokes a serverless function, named once per target.
type FunctionCall struct {
	AWS   string // Lambda function ARN
	GCP   string // Cloud Run functions HTTPS URL
	Azure string // Azure Functions resource ID

	Payload        *Value
	TimeoutSeconds int
	Path           Path
}

// NativeCall is a per-target escape hatch for service integrations that the
// neutral language does not model. Each target that the workflow is rendered
// for needs its own entry.
type NativeCall struct {
	AWS   *NativeAWS
	GCP   *NativeGCP
	Azure *NativeAzure
	Path  Path
}

// NativeAWS is a Step Functions Task state resource with its arguments.
type NativeAWS struct {
	Resource  string
	Arguments *Value
}

// NativeGCP is a Cloud Workflows call (a connector or standard library
// function) with its arguments.
type NativeGCP struct {
	Call string
	Args *Value
}

// NativeAzure is a Logic Apps action: its type and inputs.
type NativeAzure struct {
	Type   string
	Inputs *Value
}

// Retry retries a failed call, or the steps of a try, on the errors that
// Errors selects.
type Retry struct {
	// MaxRetries counts retries after the first attempt.
	MaxRetries int

	// InitialInterval and MaxInterval are in seconds. MaxInterval zero means
	// no cap.
	InitialInterval int
	BackoffRate     float64
	MaxInterval     int

	// DefaultInitialInterval is true when the definition leaves out
	// initial_interval, so that InitialInterval holds the default of 1
	// second. Messages about the interval then name the default instead of
	// a value that the user never wrote.
	DefaultInitialInterval bool

	Jitter Jitter

	// Errors selects the errors to retry. Empty means the transient errors:
	// timeouts, connection failures and HTTP 408, 429, 500, 502, 503 and
	// 504 (see Transient).
	Errors []ErrorMatcher

	Path Path
}

// Transient reports whether the retry uses the default error set.
func (r *Retry) Transient() bool {
	return len(r.Errors) == 0
}

// ErrorKind is a class in the portable error set.
type ErrorKind int

// The portable error classes. Every target maps each class to its own
// error names; the portability table lists where that is approximate.
const (
	ErrorAny        ErrorKind = iota // every error
	ErrorTimeout                     // a call or callback that took too long
	ErrorHTTP                        // an HTTP error status, optionally one status
	ErrorCustom                      // a name raised by a fail step or a function
	ErrorConnection                  // the connection failed before a response
	ErrorPermission                  // the target denied the call (HTTP 401 and 403 included)
	ErrorTaskFailed                  // every error except a timeout
	ErrorExpression                  // an expression failed at run time
)

// String returns the class as written in a definition, without a status.
func (k ErrorKind) String() string {
	switch k {
	case ErrorAny:
		return "any"
	case ErrorTimeout:
		return "timeout"
	case ErrorHTTP:
		return "http"
	case ErrorConnection:
		return "connection"
	case ErrorPermission:
		return "permission"
	case ErrorTaskFailed:
		return "task_failed"
	case ErrorExpression:
		return "expression"
	}

	return "custom"
}

// ErrorMatcher selects errors in a catch or a retry.
type ErrorMatcher struct {
	Kind ErrorKind

	// Status narrows ErrorHTTP to one status code; zero matches any.
	Status int

	// Name is the error name for ErrorCustom.
	Name string
}

// Catch handles errors of a call or of a try's steps. Its steps run instead
// of the failed call or steps, then the workflow continues after the step.
type Catch struct {
	Errors []ErrorMatcher

	// As names the variable that receives the error object {error, message},
	// or is empty.
	As string

	Steps []*Step
	Path  Path
}

// Assign sets variables. Every value reads the variables as they were before
// the step, because Step Functions evaluates one Assign that way.
type Assign struct {
	Assignments []Assignment
}

func (*Assign) KindName() string                  { return "assign" }
func (a *Assign) accept(v Visitor, s *Step) error { return v.VisitAssign(s, a) }

// Assignment sets one variable.
type Assignment struct {
	Name  string
	Value *Value
	Path  Path
}

// Switch runs the steps of the first case whose condition holds, or the
// default steps. With no match and no default it does nothing.
type Switch struct {
	Cases   []*Case
	Default []*Step
	Path    Path
}

func (*Switch) KindName() string                   { return "switch" }
func (sw *Switch) accept(v Visitor, s *Step) error { return v.VisitSwitch(s, sw) }

// Case is one branch of a Switch.
type Case struct {
	When  *expr.Expr
	Steps []*Step
	Path  Path
}

// Wait pauses the execution. Exactly one of Seconds and Until is set.
type Wait struct {
	// Seconds is an integer or an expression of type int.
	Seconds *Value

	// Until is an RFC 3339 timestamp string or an expression of type string.
	Until *Value

	Path Path
}

func (*Wait) KindName() string                  { return "wait" }
func (w *Wait) accept(v Visitor, s *Step) error { return v.VisitWait(s, w) }

// Fail ends the execution with a named error.
type Fail struct {
	Error   string
	Message *Value // string value, or nil
	Path    Path
}

func (*Fail) KindName() string                  { return "fail" }
func (f *Fail) accept(v Visitor, s *Step) error { return v.VisitFail(s, f) }

// Return ends the execution successfully with an output value.
type Return struct {
	Value *Value // nil returns null
	Path  Path
}

func (*Return) KindName() string                  { return "return" }
func (r *Return) accept(v Visitor, s *Step) error { return v.VisitReturn(s, r) }
