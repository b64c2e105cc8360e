// Package aslrules holds the Amazon States Language limits, error names and
// checks that the JSONata translator (package asl) and the JSONPath
// translator (package asljsonpath) share. What differs between the two
// query languages stays in the translators.
package aslrules

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

const (
	// MaxDefinitionBytes is the Step Functions quota for a state machine
	// definition (1 MB, a hard quota that also bounds the request size).
	MaxDefinitionBytes = 1048576

	// MaxStateNameLength is the ASL limit on state names, in characters.
	MaxStateNameLength = 80

	// MaxIntervalSeconds is the largest IntervalSeconds of a retrier.
	MaxIntervalSeconds = 99999999

	// MaxDelaySeconds is the largest MaxDelaySeconds of a retrier.
	MaxDelaySeconds = 31622400

	// SummaryLimit is the diagnostic summary of a Step Functions limit that
	// the workflow exceeds.
	SummaryLimit = "AWS Step Functions limit exceeded"
)

// Task resources and limits.
const (
	HTTPInvokeResource   = "arn:aws:states:::http:invoke"
	LambdaInvokeResource = "arn:aws:states:::lambda:invoke"

	// MaxHTTPTaskSeconds is how long an HTTP task may run: Step Functions
	// fails it with States.Http.Socket after 60 seconds.
	MaxHTTPTaskSeconds = 60

	// MaxTimeoutSeconds is the largest TimeoutSeconds of a Task state.
	MaxTimeoutSeconds = 99999999
)

// ARNPattern is the ARN form that asl-validator 4.0.0 accepts for a Task
// Resource (partition aws, aws-cn or aws-us-gov).
var ARNPattern = regexp.MustCompile(`(?i)^arn:(aws|aws-cn|aws-us-gov):[^:\n]+:[^:\n]*:\d*:[^:/*]+([:/].*[^:/]+)?$`)

// CheckTaskTimeout returns an error diagnostic at path when a timeout of
// seconds is above MaxTimeoutSeconds, and nil otherwise.
func CheckTaskTimeout(seconds int, path workflow.Path, step string) workflow.Diagnostics {
	if seconds <= MaxTimeoutSeconds {
		return nil
	}

	return workflow.Diagnostics{workflow.Errorf(path, step, SummaryLimit,
		"The timeout is %d seconds, more than the Step Functions maximum TimeoutSeconds of %d. Set a timeout of at most %d seconds.", seconds, MaxTimeoutSeconds, MaxTimeoutSeconds)}
}

// MaxWaitSeconds is the largest Seconds of a Wait state, as the schema of
// aws/amazon-states-language-service (common.json, "seconds") gives it.
const MaxWaitSeconds = 99999999

// CheckWaitSeconds returns an error diagnostic when a literal wait of step
// is longer than MaxWaitSeconds. A missing value and a number of seconds
// computed by an expression are not checked.
func CheckWaitSeconds(step *workflow.Step, seconds *workflow.Value) workflow.Diagnostics {
	if seconds == nil || seconds.Kind != workflow.ValueLiteral {
		return nil
	}

	n, ok := seconds.Literal.(int64)
	if !ok || n <= MaxWaitSeconds {
		return nil
	}

	return workflow.Diagnostics{workflow.Errorf(seconds.Path, step.Name, SummaryLimit,
		"The wait is %d seconds, more than the Step Functions maximum Seconds of %d, and a Standard execution ends after one year anyway. Use a shorter wait.",
		n, MaxWaitSeconds)}
}

// Error names that Step Functions defines.
const (
	ErrorAll        = "States.ALL"
	ErrorTaskFailed = "States.TaskFailed"
	ErrorTimeout    = "States.Timeout"

	// HTTPStatusPrefix starts the error name of an HTTP task that received
	// an error status, for example States.Http.StatusCode.404.
	HTTPStatusPrefix = "States.Http.StatusCode."
)

// HTTPTransientErrors returns the error names of the HTTP statuses that a
// retry of transient errors retries: 408, 429, 500, 502, 503 and 504.
// NOTE: the error name of a refused or reset connection is not documented,
// and States.Http.Socket, a timeout name, is the only socket-level name.
func HTTPTransientErrors() []string {
	var names []string
	for _, code := range []int{408, 429, 500, 502, 503, 504} {
		names = append(names, HTTPStatusPrefix+strconv.Itoa(code))
	}

	return names
}

// LambdaTransientErrors returns the Lambda service exceptions that AWS
// recommends retrying, and throttling.
func LambdaTransientErrors() []string {
	return []string{"Lambda.ServiceException", "Lambda.AWSLambdaException",
		"Lambda.SdkClientException", "Lambda.TooManyRequestsException"}
}

// LambdaErrorsByStatus lists the errors of the Lambda Invoke API by their
// HTTP status, as the Lambda API model (botocore lambda/2015-03-31) gives
// them. Step Functions reports them with the prefix "Lambda.".
var LambdaErrorsByStatus = map[int][]string{
	400: {"Lambda.InvalidParameterValueException", "Lambda.InvalidRequestContentException"},
	404: {"Lambda.ResourceNotFoundException"},
	413: {"Lambda.RequestTooLargeException"},
	415: {"Lambda.UnsupportedMediaTypeException"},
	429: {"Lambda.TooManyRequestsException"},
	500: {"Lambda.ServiceException"},
}

// LambdaStatusErrors returns every error of LambdaErrorsByStatus once,
// sorted by name.
func LambdaStatusErrors() []string {
	set := map[string]bool{}
	for _, names := range LambdaErrorsByStatus {
		for _, n := range names {
			set[n] = true
		}
	}

	return slices.Sorted(maps.Keys(set))
}

// LambdaStatusMatchers returns the "http:<status>" matchers that the
// statuses of LambdaErrorsByStatus give, quoted, sorted and joined with
// ", ", for messages that list the statuses a Lambda call can report.
func LambdaStatusMatchers() string {
	codes := slices.Sorted(maps.Keys(LambdaErrorsByStatus))

	quoted := make([]string, len(codes))
	for i, code := range codes {
		quoted[i] = fmt.Sprintf("\"http:%d\"", code)
	}

	return strings.Join(quoted, ", ")
}

// HTTPStatusErrors names the HTTP task errors for one status, or for every
// error status when status is 0. ErrorEquals has no wildcard, so "any HTTP
// error" lists each 4xx and 5xx code that net/http.StatusText names.
func HTTPStatusErrors(status int) []string {
	if status != 0 {
		return []string{HTTPStatusPrefix + strconv.Itoa(status)}
	}

	var names []string

	for code := 400; code <= 599; code++ {
		if http.StatusText(code) != "" {
			names = append(names, HTTPStatusPrefix+strconv.Itoa(code))
		}
	}

	return names
}

// Retrier builds the retrier of retry policy r for the error names given.
// MaxAttempts counts retries after the first attempt, like max_retries. The
// diagnostics report an interval above the Step Functions maximum, and the
// retrier leaves out MaxDelaySeconds then.
func Retrier(s *workflow.Step, r *workflow.Retry, names []string) (map[string]any, workflow.Diagnostics) {
	retrier := map[string]any{
		"ErrorEquals":     names,
		"IntervalSeconds": r.InitialInterval,
		"MaxAttempts":     r.MaxRetries,
		"BackoffRate":     r.BackoffRate,
	}

	if r.Jitter == workflow.JitterFull {
		retrier["JitterStrategy"] = "FULL"
	}

	var diags workflow.Diagnostics

	if r.InitialInterval > MaxIntervalSeconds {
		diags = append(diags, workflow.Errorf(r.Path.Key("initial_interval"), s.Name, SummaryLimit,
			"The initial interval is %d seconds, more than the Step Functions maximum IntervalSeconds of %d. Set initial_interval to at most %d seconds.", r.InitialInterval, MaxIntervalSeconds, MaxIntervalSeconds))
	}

	if r.MaxInterval > MaxDelaySeconds {
		diags = append(diags, workflow.Errorf(r.Path.Key("max_interval"), s.Name, SummaryLimit,
			"The maximum interval is %d seconds, more than the Step Functions maximum MaxDelaySeconds of %d (366 days). Set max_interval to at most %d seconds, or leave it out for no cap.", r.MaxInterval, MaxDelaySeconds, MaxDelaySeconds))
	} else if r.MaxInterval > 0 {
		retrier["MaxDelaySeconds"] = r.MaxInterval
	}

	return retrier, diags
}

// CheckGraph checks the states of a state machine as Step Functions does
// beyond its JSON schema: StartAt and every transition name an existing
// state, every state is reachable from StartAt, and no state name is longer
// than MaxStateNameLength. It follows Next, Default and the Next of every
// choice rule and catcher, so it checks the states of one States object and
// not those of nested Parallel branches or Map item processors.
func CheckGraph(startAt string, states map[string]map[string]any) error {
	reached := map[string]bool{}
	queue := []string{startAt}

	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]

		if reached[name] {
			continue
		}

		state, ok := states[name]
		if !ok {
			return fmt.Errorf("transition to missing state %q", name)
		}

		reached[name] = true
		queue = append(queue, transitions(state)...)
	}

	var unreached []string

	for name := range states {
		if len([]rune(name)) > MaxStateNameLength {
			return fmt.Errorf("state name %q is longer than %d characters", name, MaxStateNameLength)
		}

		if !reached[name] {
			unreached = append(unreached, name)
		}
	}

	if len(unreached) > 0 {
		slices.Sort(unreached)
		return fmt.Errorf("unreachable states: %s", strings.Join(unreached, ", "))
	}

	return nil
}

// transitions lists the states that a state can move to.
func transitions(state map[string]any) []string {
	var out []string

	add := func(v any) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}

	add(state["Next"])
	add(state["Default"])

	for _, key := range []string{"Choices", "Catch"} {
		list, _ := state[key].([]any)
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				add(m["Next"])
			}
		}
	}

	return out
}
