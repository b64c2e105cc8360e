package asl

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/portability"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// callKind selects the error names of a Task, which differ between HTTP
// tasks, Lambda invocations and other service integrations.
type callKind int

const (
	httpCall callKind = iota
	functionCall
	nativeCall
	workflowCall // a child state machine, whose errors are like a native call's

	// noCall stands for a try whose steps call nothing, so that no error
	// name of a call applies.
	noCall
)

// errorQueryEvaluation is the error of a JSONata expression that failed.
const errorQueryEvaluation = "States.QueryEvaluationError"

// result returns the JSONata expression that normalises a Task result to the
// neutral result object.
func (k callKind) result() string {
	switch k {
	case httpCall:
		// NOTE: the HTTP task documentation shows neither whether header
		// values are strings or lists of strings, nor whether a JSON
		// ResponseBody is parsed. Lists are joined with ", " so that both
		// forms give the neutral map of strings. The body is passed as is,
		// and a missing body becomes null.
		return `{"status": $states.result.StatusCode, ` +
			`"headers": $merge($append([{}], $each($states.result.Headers, function($v, $k) {{$k: $type($v) = "array" ? $join($v, ", ") : $v}}))), ` +
			`"body": $exists($states.result.ResponseBody) ? $states.result.ResponseBody : null}`
	case functionCall:
		return `{"status": $states.result.StatusCode, "body": $exists($states.result.Payload) ? $states.result.Payload : null}`
	case workflowCall:
		// startExecution.sync:2 returns the child's output parsed as JSON.
		return `$exists($states.result.Output) ? $states.result.Output : null`
	}

	return "$states.result"
}

// timeoutErrors returns the error names of a call that timed out.
func (k callKind) timeoutErrors() []string {
	switch k {
	case httpCall:
		return []string{aslrules.ErrorTimeout, "States.Http.Socket"}
	case functionCall:
		return []string{aslrules.ErrorTimeout, "Lambda.ClientExecutionTimeoutException"}
	}

	return []string{aslrules.ErrorTimeout}
}

// transientErrors returns the errors that a retry policy retries: timeouts,
// connection failures and the statuses 408, 429, 500, 502, 503 and 504.
func (k callKind) transientErrors() []string {
	names := k.timeoutErrors()

	switch k {
	case httpCall:
		names = append(names, aslrules.HTTPTransientErrors()...)
	case functionCall:
		names = append(names, aslrules.LambdaTransientErrors()...)
	default:
		names = append(names, aslrules.ErrorTaskFailed)
	}

	return names
}

// errorObject returns the JSONata expression that builds the neutral error
// object {error, message} from $states.errorOutput {Error, Cause}.
func (k callKind) errorObject() string {
	return errorObject([]callKind{k})
}

// errorObject builds the neutral error object for errors that calls of the
// given kinds raise, as in a try whose steps make several kinds of calls.
func errorObject(kinds []callKind) string {
	var class strings.Builder

	class.WriteString(`$e in ` + jsonataList(timeoutErrorsOf(kinds)) + ` ? "timeout" : `)

	if slices.Contains(kinds, httpCall) {
		class.WriteString(`$substring($e, 0, ` + strconv.Itoa(len(aslrules.HTTPStatusPrefix)) + `) = "` + aslrules.HTTPStatusPrefix + `" ? "http" : `)
	}

	if slices.Contains(kinds, functionCall) {
		class.WriteString(`$e in ` + jsonataList(aslrules.LambdaStatusErrors()) + ` ? "http" : `)
	}

	// Step Functions and AWS services name their errors with a dot, while
	// the custom errors that a function raises have none.
	class.WriteString(`$contains($e, ".") ? "error" : $e`)

	return `($e := $states.errorOutput.Error; {"error": ` + class.String() +
		`, "message": $exists($states.errorOutput.Cause) ? $states.errorOutput.Cause : ""})`
}

// timeoutErrorsOf returns the timeout error names of all kinds, without
// repeats.
func timeoutErrorsOf(kinds []callKind) []string {
	if len(kinds) == 0 {
		return []string{aslrules.ErrorTimeout}
	}

	var names []string
	for _, k := range kinds {
		names = appendNew(names, k.timeoutErrors()...)
	}

	return names
}

// appendNew appends the names that list does not contain yet.
func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}

	return list
}

func jsonataList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}

	return "[" + strings.Join(quoted, ", ") + "]"
}

// retriers builds the Retry field of a state whose errors come from calls
// of the given kinds. MaxAttempts counts retries after the first attempt,
// like max_retries, so zero retries need no retrier.
func (t *translator) retriers(s *workflow.Step, r *workflow.Retry, kinds []callKind) []any {
	if r == nil || r.MaxRetries == 0 {
		return nil
	}

	names := t.retryErrors(s, r, kinds)
	if len(names) == 0 {
		return nil
	}

	retrier, diags := aslrules.Retrier(s, r, names)
	t.diags = append(t.diags, diags...)

	return []any{retrier}
}

// retryErrors lists the error names that a retry policy retries: the
// transient errors of every kind, or the names its errors map to.
func (t *translator) retryErrors(s *workflow.Step, r *workflow.Retry, kinds []callKind) []string {
	var names []string

	if r.Transient() {
		for _, k := range kinds {
			names = appendNew(names, k.transientErrors()...)
		}

		if slices.Contains(kinds, nativeCall) || slices.Contains(kinds, workflowCall) {
			t.report(portability.RetryNative, r.Path, s.Name)
		}

		return appendNew(names, timeoutErrorsOf(kinds)...)
	}

	for i, m := range r.Errors {
		names = appendNew(names, t.matcherNames(s, m, kinds, r.Path.Key("errors").Index(i))...)
	}

	if slices.Contains(names, aslrules.ErrorAll) {
		return []string{aslrules.ErrorAll}
	}

	return names
}

// catchers builds the Catch field of a state whose errors come from calls
// of the given kinds, and translates the catch steps, which continue at
// next. extra holds assignments that every catcher makes besides `as`.
//
// Custom and timeout error names are matched first, in the order of the
// catches. This keeps the neutral first-match order, because these names
// never overlap the HTTP errors or each other. It also stops
// States.TaskFailed, which approximates "http" for Lambda and service
// integrations, from catching them: States.TaskFailed matches every error
// except States.Timeout, Lambda.ClientExecutionTimeoutException included.
// A catch with both kinds of names therefore gives two catchers with the
// same Next and Assign. The States.ALL catcher comes last, as ASL requires.
// After a catch of task_failed, which matches custom errors too, later
// custom names can never match, so they are left out.
func (t *translator) catchers(s *workflow.Step, catches []*workflow.Catch, kinds []callKind, next string, extra map[string]any) []any {
	var early, other []any

	taskFailedCaught := false

	for _, c := range catches {
		earlyNames, otherNames := t.catchErrors(s, c, kinds, taskFailedCaught)
		entry := t.sequence(c.Steps, next)

		if len(earlyNames) > 0 {
			early = append(early, t.catcher(c, kinds, earlyNames, entry, extra))
		}

		if len(otherNames) > 0 {
			other = append(other, t.catcher(c, kinds, otherNames, entry, extra))
		}

		if len(otherNames) > 0 && otherNames[0] == aslrules.ErrorAll {
			break
		}

		taskFailedCaught = taskFailedCaught || matchesKind(c, workflow.ErrorTaskFailed)
	}

	return append(early, other...)
}

func matchesKind(c *workflow.Catch, kind workflow.ErrorKind) bool {
	for _, m := range c.Errors {
		if m.Kind == kind {
			return true
		}
	}

	return false
}

func (t *translator) catcher(c *workflow.Catch, kinds []callKind, names []string, entry string, extra map[string]any) map[string]any {
	catcher := map[string]any{
		"ErrorEquals": names,
		"Next":        entry,
	}

	assign := maps.Clone(extra)
	if assign == nil {
		assign = map[string]any{}
	}

	if c.As != "" {
		assign[t.variable(c.As)] = jsonata(errorObject(kinds))
	}

	if len(assign) > 0 {
		catcher["Assign"] = assign
	}

	return catcher
}

// catchErrors lists the error names of one catch without repeats, split into
// the custom and timeout names, which go first in the Catch field, and the
// others. States.ALL must stand alone in ErrorEquals. With dropCustom set,
// custom names are left out because an earlier catch matches them.
func (t *translator) catchErrors(s *workflow.Step, c *workflow.Catch, kinds []callKind, dropCustom bool) (early, other []string) {
	seen := map[string]bool{}

	for i, m := range c.Errors {
		if dropCustom && m.Kind == workflow.ErrorCustom {
			continue
		}

		for _, n := range t.matcherNames(s, m, kinds, c.Path.Key("errors").Index(i)) {
			if seen[n] {
				continue
			}

			seen[n] = true

			if m.Kind == workflow.ErrorCustom || m.Kind == workflow.ErrorTimeout {
				early = append(early, n)
			} else {
				other = append(other, n)
			}
		}
	}

	if seen[aslrules.ErrorAll] {
		return nil, []string{aslrules.ErrorAll}
	}

	return early, other
}

// matcherNames maps one portable error matcher to the Step Functions error
// names of calls of every kind given.
func (t *translator) matcherNames(s *workflow.Step, m workflow.ErrorMatcher, kinds []callKind, path workflow.Path) []string {
	if len(kinds) == 0 {
		return t.errorNames(s, m, noCall, path)
	}

	var names []string

	for _, k := range kinds {
		// In a try with an HTTP call, a status that a Lambda function or a
		// service integration cannot report is left to the HTTP call.
		if len(kinds) > 1 && slices.Contains(kinds, httpCall) && !statusReportable(m, k) {
			continue
		}

		names = appendNew(names, t.errorNames(s, m, k, path)...)
	}

	return names
}

// statusReportable reports whether calls of kind k can fail with the
// HTTP status that m names.
func statusReportable(m workflow.ErrorMatcher, k callKind) bool {
	if m.Kind != workflow.ErrorHTTP || m.Status == 0 {
		return true
	}

	switch k {
	case httpCall:
		return true
	case functionCall:
		return aslrules.LambdaErrorsByStatus[m.Status] != nil
	}

	return false
}

// errorNames maps one portable error matcher to Step Functions error names.
func (t *translator) errorNames(s *workflow.Step, m workflow.ErrorMatcher, kind callKind, path workflow.Path) []string {
	switch m.Kind {
	case workflow.ErrorAny:
		return []string{aslrules.ErrorAll}
	case workflow.ErrorTimeout:
		return kind.timeoutErrors()
	case workflow.ErrorCustom:
		return []string{m.Name}
	case workflow.ErrorTaskFailed:
		return []string{aslrules.ErrorTaskFailed}
	case workflow.ErrorExpression:
		return []string{errorQueryEvaluation}
	case workflow.ErrorPermission:
		if kind == httpCall {
			return []string{"States.Permissions", aslrules.HTTPStatusPrefix + "401", aslrules.HTTPStatusPrefix + "403"}
		}

		return []string{"States.Permissions"}
	case workflow.ErrorConnection:
		return t.connectionErrors(s, kind, path)
	}

	switch kind {
	case httpCall:
		return aslrules.HTTPStatusErrors(m.Status)
	case functionCall:
		return t.lambdaHTTPErrors(s, m.Status, path)
	case noCall:
		return nil
	}

	return t.nativeHTTPErrors(s, m.Status, path)
}

// connectionErrors approximates a failed connection, which Step Functions
// has no documented error name for.
func (t *translator) connectionErrors(s *workflow.Step, kind callKind, path workflow.Path) []string {
	switch kind {
	case httpCall:
		t.report(portability.CatchConnection, path, s.Name)
		return []string{"States.Http.Socket"}
	case functionCall:
		t.report(portability.CatchConnection, path, s.Name)
		return []string{"Lambda.SdkClientException"}
	case noCall:
		return nil
	}

	t.report(portability.CatchConnectionOther, path, s.Name)

	return []string{aslrules.ErrorTaskFailed}
}

// lambdaHTTPErrors approximates an HTTP error of a Lambda invocation, which
// fails with Lambda error names rather than HTTP statuses.
func (t *translator) lambdaHTTPErrors(s *workflow.Step, status int, path workflow.Path) []string {
	if status == 0 {
		t.report(portability.CatchHTTPFunction, path, s.Name)
		return []string{aslrules.ErrorTaskFailed}
	}

	names, ok := aslrules.LambdaErrorsByStatus[status]
	if !ok {
		t.errorf(path, s.Name, summaryUnsupported,
			"Lambda invocations do not fail with HTTP statuses, and the Lambda Invoke API has no error with status %d. Catch %s, \"http\" (every error except a timeout) or the error name that the function raises.",
			status, aslrules.LambdaStatusMatchers())

		return nil
	}

	t.report(portability.CatchStatusFunction, path, s.Name,
		fmt.Sprintf("For \"http:%d\" they are: %s.", status, strings.Join(names, ", ")))

	return names
}

// nativeHTTPErrors approximates an HTTP error of a service integration,
// whose error names are service-specific.
func (t *translator) nativeHTTPErrors(s *workflow.Step, status int, path workflow.Path) []string {
	if status == 0 {
		t.report(portability.CatchHTTPNative, path, s.Name)
		return []string{aslrules.ErrorTaskFailed}
	}

	t.report(portability.CatchStatusNative, path, s.Name)

	return nil
}

// report adds the diagnostic that the portability table gives construct c
// on Step Functions, if any.
func (t *translator) report(c portability.Construct, path workflow.Path, step string, detail ...string) {
	if d, ok := portability.Diagnose(portability.AWS, c, path, step, detail...); ok {
		t.diags = append(t.diags, d)
	}
}
