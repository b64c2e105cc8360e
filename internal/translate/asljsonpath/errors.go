package asljsonpath

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/asl/aslrules"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// callKind selects the error names and the result shape of a Task, which
// differ between HTTP tasks, Lambda invocations and other integrations.
type callKind int

const (
	httpCall callKind = iota
	functionCall
	nativeCall

	// blockCall is a try, whose steps may raise the errors of every kind.
	blockCall
)

// resultSelector normalises a Task result to the neutral result object.
// An HTTP call with a result variable gets Pass states instead, which
// handle a response without ResponseBody.
// NOTE: header values keep the form that the HTTP task returns, where
// JSONata mode joins a list of values with ", ".
func (k callKind) resultSelector() map[string]any {
	switch k {
	case httpCall:
		return map[string]any{"status.$": "$.StatusCode", "headers.$": "$.Headers", "body.$": "$.ResponseBody"}
	case functionCall:
		return map[string]any{"status.$": "$.StatusCode", "body.$": "$.Payload"}
	}

	return nil
}

// timeoutErrors returns the error names of a call that timed out.
func (k callKind) timeoutErrors() []string {
	switch k {
	case httpCall:
		return []string{aslrules.ErrorTimeout, "States.Http.Socket"}
	case functionCall:
		return []string{aslrules.ErrorTimeout, "Lambda.ClientExecutionTimeoutException"}
	case blockCall:
		return []string{aslrules.ErrorTimeout, "States.Http.Socket", "Lambda.ClientExecutionTimeoutException"}
	}

	return []string{aslrules.ErrorTimeout}
}

// connectionErrors returns the error names of a failed connection. Step
// Functions documents none, so these are the socket and SDK client errors.
func (k callKind) connectionErrors() []string {
	switch k {
	case httpCall:
		return []string{"States.Http.Socket"}
	case functionCall:
		return []string{"Lambda.SdkClientException"}
	case blockCall:
		return []string{"States.Http.Socket", "Lambda.SdkClientException"}
	}

	return []string{aslrules.ErrorTaskFailed}
}

// permissionErrors returns the error names of a denied call.
func (k callKind) permissionErrors() []string {
	names := []string{"States.Permissions"}
	if k == httpCall || k == blockCall {
		names = append(names, aslrules.HTTPStatusPrefix+"401", aslrules.HTTPStatusPrefix+"403")
	}

	return names
}

// expressionErrors returns the error names of a path or an intrinsic
// function that failed at run time.
// NOTE: a reference path to a missing field can also fail with
// States.Runtime, which no catcher matches.
func expressionErrors() []string {
	return []string{"States.IntrinsicFailure", "States.ParameterPathFailure"}
}

// httpErrors returns the names that the error class "http" matches exactly:
// every HTTP task status error, or the Lambda Invoke API errors.
func (k callKind) httpErrors() []string {
	switch k {
	case httpCall:
		return aslrules.HTTPStatusErrors(0)
	case functionCall:
		return aslrules.LambdaStatusErrors()
	case blockCall:
		return append(aslrules.HTTPStatusErrors(0), aslrules.LambdaStatusErrors()...)
	}

	return nil
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
	case blockCall:
		names = append(names, aslrules.LambdaTransientErrors()...)
		names = append(names, aslrules.HTTPTransientErrors()...)
	default:
		names = append(names, aslrules.ErrorTaskFailed)
	}

	return names
}

// retriers builds the Retry field. MaxAttempts counts retries after the
// first attempt, like max_retries, so zero retries need no retrier.
func (t *translator) retriers(s *workflow.Step, r *workflow.Retry, kind callKind) []any {
	if r == nil || r.MaxRetries == 0 {
		return nil
	}

	retrier, diags := aslrules.Retrier(s, r, t.retryErrors(s, r, kind))
	t.diags = append(t.diags, diags...)

	if kind == nativeCall && r.Transient() {
		t.warnf(r.Path, s.Name,
			"Service integrations raise service-specific error names, so Step Functions cannot tell their transient errors apart. The retry policy retries States.TaskFailed, that is every error of the task, and timeouts.")
	}

	return []any{retrier}
}

// retryErrors lists the error names that a retry policy retries: the
// transient errors, or the names of its error matchers.
func (t *translator) retryErrors(s *workflow.Step, r *workflow.Retry, kind callKind) []string {
	if r.Transient() {
		return kind.transientErrors()
	}

	seen := map[string]bool{}
	var names []string

	for i, m := range r.Errors {
		matched, _ := t.matcherNames(s, m, kind, r.Path.Key("errors").Index(i))

		for _, n := range matched {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}

	// States.ALL must stand alone in ErrorEquals.
	if seen[aslrules.ErrorAll] {
		return []string{aslrules.ErrorAll}
	}

	return names
}

// matcherNames maps one portable error matcher to Step Functions error
// names and the class that a catch variable receives for them. An empty
// class is computed from the error name at run time.
func (t *translator) matcherNames(s *workflow.Step, m workflow.ErrorMatcher, kind callKind, path workflow.Path) ([]string, string) {
	switch m.Kind {
	case workflow.ErrorAny:
		return []string{aslrules.ErrorAll}, ""
	case workflow.ErrorTaskFailed:
		return []string{aslrules.ErrorTaskFailed}, ""
	case workflow.ErrorTimeout:
		return kind.timeoutErrors(), "timeout"
	case workflow.ErrorCustom:
		return []string{m.Name}, m.Name
	case workflow.ErrorConnection:
		if kind == nativeCall {
			t.warnf(path, s.Name,
				"Service integrations raise service-specific error names, so \"connection\" matches States.TaskFailed: every error of the task except a timeout.")
		}

		return kind.connectionErrors(), "connection"
	case workflow.ErrorPermission:
		return kind.permissionErrors(), "permission"
	case workflow.ErrorExpression:
		return expressionErrors(), "expression"
	}

	return t.httpErrorNames(s, m.Status, kind, path), "http"
}

// errorGroup is a set of error names that one catcher matches, with the
// neutral error class that the catch's variable receives for them. An empty
// class means the class is computed from the error name at run time.
type errorGroup struct {
	names []string
	class string
}

// catchers builds the Catch field and translates the catch steps, which
// continue at next.
//
// Custom and timeout error names are matched first, in the order of the
// catches, because States.TaskFailed, which approximates "http" for Lambda
// and service integrations, also matches them. Neutral custom names and
// timeouts never overlap HTTP errors, so the first matching catch stays the
// same. The States.ALL catcher comes last, as ASL requires.
//
// JSONPath mode cannot compute the neutral class of an error inside a
// catcher, so every catcher of a catch with a variable matches names of one
// class, and the Pass states that bind the variable write that class.
func (t *translator) catchers(s *workflow.Step, catches []*workflow.Catch, kind callKind, next string) []any {
	var early, other []any

	// Names that an earlier catch matches never reach a later one.
	seen := map[string]bool{}

	for i, c := range catches {
		entry := t.sequence(c.Steps, next)
		groups := t.catchGroups(s, c, kind, seen)

		for j, g := range groups {
			catcher := t.catcher(s, c, g, entry, fmt.Sprintf("c%d_%d", i+1, j+1))

			if isEarly(g) {
				early = append(early, catcher)
			} else {
				other = append(other, catcher)
			}
		}

		if n := len(groups); n > 0 && groups[n-1].names[0] == aslrules.ErrorAll {
			break
		}
	}

	return append(early, other...)
}

// isEarly reports whether a group holds custom or timeout names.
func isEarly(g errorGroup) bool {
	return g.class != "http" && g.class != "" && !slices.Contains(g.names, aslrules.ErrorTaskFailed)
}

// catcher builds one catcher. Without a variable the error output is
// dropped (ResultPath null). With one, the error output goes to $.caught
// and the binding states turn it into {error, message}.
func (t *translator) catcher(s *workflow.Step, c *workflow.Catch, g errorGroup, entry, suffix string) map[string]any {
	catcher := map[string]any{"ErrorEquals": g.names}

	if c.As == "" {
		catcher["ResultPath"] = nil
		catcher["Next"] = entry

		return catcher
	}

	catcher["ResultPath"] = caughtPath
	catcher["Next"] = t.bindError(s, c.As, g.class, entry, suffix)

	return catcher
}

// bindError adds the states that set the catch variable to {error,
// message} and continue at entry, and returns the first one. A Choice state
// picks the Pass state for the error class and for whether a Cause exists,
// because a path to a missing Cause would fail the Pass state.
func (t *translator) bindError(s *workflow.Step, variable, class, entry, suffix string) string {
	name := s.Name + "__" + suffix
	causePresent := map[string]any{"Variable": caughtPath + ".Cause", "IsPresent": true}

	type option struct {
		rule   map[string]any
		class  string
		reason bool
	}

	var options []option

	if class == "" {
		// Step Functions and AWS services name their errors with a dot, while
		// the custom errors that a function raises have none.
		dotted := map[string]any{"Variable": caughtPath + ".Error", "StringMatches": "*.*"}
		options = []option{
			{map[string]any{"And": []any{dotted, causePresent}}, "error", true},
			{dotted, "error", false},
			{causePresent, "", true},
			{nil, "", false},
		}
	} else {
		options = []option{{causePresent, class, true}, {nil, class, false}}
	}

	choice := map[string]any{"Type": "Choice"}
	var choices []any

	for i, o := range options {
		passName := name + "_" + strconv.Itoa(i+1)
		t.addState(passName, s, bindState(variable, o.class, o.reason, entry))

		if o.rule == nil {
			choice["Default"] = passName
			continue
		}

		rule := maps.Clone(o.rule)
		rule["Next"] = passName
		choices = append(choices, rule)
	}

	choice["Choices"] = choices
	t.addState(name, s, choice)

	return name
}

// bindState stores {error, message} in the catch variable. An empty class
// takes the raw error name.
func bindState(variable, class string, withCause bool, entry string) map[string]any {
	parameters := map[string]any{"message": ""}
	if withCause {
		delete(parameters, "message")
		parameters["message.$"] = caughtPath + ".Cause"
	}

	if class == "" {
		parameters["error.$"] = caughtPath + ".Error"
	} else {
		parameters["error"] = class
	}

	return map[string]any{
		"Type":       "Pass",
		"Parameters": parameters,
		"ResultPath": varsPath + "." + variable,
		"Next":       entry,
	}
}

// catchGroups splits the error matchers of one catch into groups of one
// class each, without the names in seen, which it extends. A catch of "any" with a variable also
// gets groups for the timeout and HTTP names of the call, so that those
// errors are bound with their class.
func (t *translator) catchGroups(s *workflow.Step, c *workflow.Catch, kind callKind, seen map[string]bool) []errorGroup {
	var groups []errorGroup

	add := func(class string, names []string) {
		var fresh []string

		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				fresh = append(fresh, n)
			}
		}

		if len(fresh) > 0 {
			groups = append(groups, errorGroup{names: fresh, class: class})
		}
	}

	// wildcard is States.ALL or States.TaskFailed, which match errors of
	// several classes.
	wildcard := ""

	for i, m := range c.Errors {
		names, class := t.matcherNames(s, m, kind, c.Path.Key("errors").Index(i))

		switch {
		case class != "":
			add(class, names)
		case names[0] == aslrules.ErrorAll || wildcard == "":
			wildcard = names[0]
		}
	}

	if wildcard == "" {
		return groups
	}

	if c.As == "" {
		add("", []string{wildcard})
		return groups
	}

	// The named groups of this catch stay: they bind the same steps with a
	// known class. The timeout and HTTP names of the call are added, and
	// the wildcard, whose class is computed, comes last.
	if wildcard == aslrules.ErrorAll {
		add("timeout", kind.timeoutErrors())
	}

	add("http", kind.httpErrors())
	add("", []string{wildcard})

	return groups
}

// httpErrorNames maps the "http" and "http:<status>" matchers.
func (t *translator) httpErrorNames(s *workflow.Step, status int, kind callKind, path workflow.Path) []string {
	switch kind {
	case httpCall:
		return aslrules.HTTPStatusErrors(status)
	case functionCall:
		return t.lambdaHTTPErrors(s, status, path)
	}

	if status == 0 {
		t.warnf(path, s.Name,
			"Service integrations raise service-specific error names, so \"http\" matches States.TaskFailed: every error of the task except a timeout.")

		return []string{aslrules.ErrorTaskFailed}
	}

	t.errorf(path, s.Name, summaryUnsupported,
		"Service integrations raise service-specific error names, not HTTP statuses, so \"http:%d\" has no Step Functions equivalent. Catch \"http\" (every error except a timeout) or \"any\" instead.",
		status)

	return nil
}

// lambdaHTTPErrors approximates an HTTP error of a Lambda invocation, which
// fails with Lambda error names rather than HTTP statuses.
func (t *translator) lambdaHTTPErrors(s *workflow.Step, status int, path workflow.Path) []string {
	if status == 0 {
		t.warnf(path, s.Name,
			"Lambda invocations do not fail with HTTP statuses, so \"http\" matches States.TaskFailed: every error except a timeout, including the errors that the function raises.")

		return []string{aslrules.ErrorTaskFailed}
	}

	names, ok := aslrules.LambdaErrorsByStatus[status]
	if !ok {
		t.errorf(path, s.Name, summaryUnsupported,
			"Lambda invocations do not fail with HTTP statuses, and the Lambda Invoke API has no error with status %d. Catch %s, \"http\" (every error except a timeout) or the error name that the function raises.",
			status, aslrules.LambdaStatusMatchers())

		return nil
	}

	t.warnf(path, s.Name,
		"Lambda invocations do not fail with HTTP statuses, so \"http:%d\" matches the Lambda Invoke API errors with that status: %s.",
		status, strings.Join(names, ", "))

	return names
}
