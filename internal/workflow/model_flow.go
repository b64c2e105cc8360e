package workflow

import (
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/expr"
)

// LoopLimitError is the error that a loop raises when it has run
// max_iterations times and its condition still asks for another iteration.
// It is a custom error name, so a catch matches it by name or by "any".
const LoopLimitError = "LoopLimitExceeded"

// CallbackVariable is the variable that holds the callback address inside
// the notify call of an await_callback step. It is reserved everywhere else.
const CallbackVariable = "callback"

// Parallel runs its branches at the same time and waits for all of them.
// The first branch that fails fails the step, and the other branches are
// cancelled where the target can cancel them (fail fast).
type Parallel struct {
	Branches []*Branch

	// Result names the variable that receives the list of branch outputs in
	// declaration order, or is empty.
	Result string

	Path Path
}

func (*Parallel) KindName() string                  { return "parallel" }
func (p *Parallel) accept(v Visitor, s *Step) error { return v.VisitParallel(s, p) }

// Branch is one branch of a Parallel step. Its steps may read the variables
// of the enclosing steps but not assign them, and variables they assign
// exist only inside the branch.
type Branch struct {
	Name  string
	Steps []*Step

	// Output is the branch's value, evaluated after its last step; nil
	// means null.
	Output *Value

	Path Path
}

// ForEach runs its steps once per item of a list, with at most
// MaxConcurrency iterations at the same time. Its result lists the
// iterations' outputs in the order of the items.
type ForEach struct {
	Items *expr.Expr

	// As and Index name the variables that hold the current item and its
	// zero-based position. Index is empty when not requested.
	As    string
	Index string

	// MaxConcurrency is at least 1; 1 runs the iterations one after another.
	MaxConcurrency int

	Steps []*Step

	// Output is each iteration's value, evaluated after its last step; nil
	// means null.
	Output *Value

	// Result names the variable that receives the list of outputs, or is
	// empty.
	Result string

	Path Path
}

func (*ForEach) KindName() string                  { return "for_each" }
func (f *ForEach) accept(v Visitor, s *Step) error { return v.VisitForEach(s, f) }

// Loop runs its steps while a condition holds (While, checked before each
// iteration) or until a condition holds (Until, checked after each
// iteration, so the steps run at least once). Exactly one of While and
// Until is set. When MaxIterations iterations have run and the condition
// still asks for another, the loop fails with LoopLimitError.
type Loop struct {
	While *expr.Expr
	Until *expr.Expr

	MaxIterations int

	Steps []*Step
	Path  Path
}

func (*Loop) KindName() string                  { return "loop" }
func (l *Loop) accept(v Visitor, s *Step) error { return v.VisitLoop(s, l) }

// Try runs its steps, retries them as a whole by Retry, handles their
// errors by the first matching Catch, and runs Finally last.
//
// When the steps fail, their assignments are undone: a catch, finally and
// the steps after the try see the variables as they were before the try,
// because Step Functions runs the steps in a branch of their own. Finally
// runs after the steps succeed, after a catch's steps finish, and after an
// error that no catch matches, which it then raises again. An error raised
// by a catch's steps skips finally.
type Try struct {
	Steps   []*Step
	Retry   *Retry
	Catch   []*Catch
	Finally []*Step

	// Assigned lists the variables that the steps assign, in name order,
	// with the scope facts that a translator running the steps in an
	// isolated branch needs to copy them in and out.
	Assigned []TryVariable

	Path Path
}

func (*Try) KindName() string                  { return "try" }
func (t *Try) accept(v Visitor, s *Step) error { return v.VisitTry(s, t) }

// TryVariable is a variable that the steps of a Try assign.
type TryVariable struct {
	Name string

	// SetBefore reports that the variable is certainly set when the try
	// starts, so its old value can be read.
	SetBefore bool

	// SetAfter reports that the variable is certainly set when the try's
	// steps end without error.
	SetAfter bool
}

// AwaitCallback hands a callback address to a notify call, then waits until
// the callback arrives or the timeout passes, which raises a timeout error.
type AwaitCallback struct {
	// Notify is an HTTP or function call. Inside it, the variable
	// CallbackVariable holds {url, token}: the URL that resumes the workflow
	// (Cloud Workflows, Logic Apps) and the task token (Step Functions). The
	// field that a target does not provide is null there.
	Notify *Call

	TimeoutSeconds int

	// Result names the variable that receives the callback's payload, or
	// is empty.
	Result string

	Path Path
}

func (*AwaitCallback) KindName() string                  { return "await_callback" }
func (a *AwaitCallback) accept(v Visitor, s *Step) error { return v.VisitAwaitCallback(s, a) }

// WorkflowCall starts another deployed workflow, waits for it to finish and
// returns its output. Each target names the workflow its own way.
type WorkflowCall struct {
	AWS   string // Step Functions state machine ARN
	GCP   string // Cloud Workflows full resource name
	Azure string // Logic Apps workflow resource ID

	Input *Value // the child's execution input, or nil for none
	Path  Path
}

// Jitter selects how a retry randomises its intervals.
type Jitter int

const (
	// JitterNone waits exactly the computed interval.
	JitterNone Jitter = iota

	// JitterFull waits a random time between zero and the computed
	// interval.
	JitterFull
)

// String returns the name of the jitter as written in a definition.
func (j Jitter) String() string {
	if j == JitterFull {
		return "full"
	}

	return "none"
}
