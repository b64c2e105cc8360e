package portability

import (
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Use is one construct used at one place of a workflow.
type Use struct {
	Construct Construct
	Path      workflow.Path
}

// CallKind groups call targets by the errors they raise.
type CallKind int

const (
	HTTPCall     CallKind = iota
	FunctionCall          // a serverless function
	ServiceCall           // a native or workflow call
)

// KindOf returns the kind of a call's target.
func KindOf(c *workflow.Call) CallKind {
	switch {
	case c.HTTP != nil:
		return HTTPCall
	case c.Function != nil:
		return FunctionCall
	}

	return ServiceCall
}

// CallFeatures lists the constructs that one call step uses: its target,
// its retry policy and its catch error names. It does not look into the
// catch steps.
func CallFeatures(c *workflow.Call) []Use {
	var uses []Use

	switch {
	case c.HTTP != nil:
		uses = append(uses, Use{CallHTTP, c.HTTP.Path})
	case c.Function != nil:
		uses = append(uses, Use{CallFunction, c.Function.Path})
	case c.Workflow != nil:
		uses = append(uses, Use{CallWorkflow, c.Workflow.Path})
	case c.Native != nil:
		uses = append(uses, Use{CallNative, c.Native.Path})
	}

	kind := KindOf(c)
	uses = append(uses, RetryFeatures(c.Retry, kind == ServiceCall)...)

	for _, k := range c.Catch {
		for i, m := range k.Errors {
			uses = append(uses, Use{MatcherConstruct(m, kind), k.Path.Key("errors").Index(i)})
		}
	}

	return uses
}

// RetryFeatures lists the constructs of a retry policy. service marks the
// retry of a native or workflow call, whose transient errors Step
// Functions cannot name.
func RetryFeatures(r *workflow.Retry, service bool) []Use {
	if r == nil || r.MaxRetries == 0 {
		return nil
	}

	var uses []Use

	switch {
	case !r.Transient():
		uses = append(uses, Use{RetryErrors, r.Path.Key("errors")})
	case service:
		uses = append(uses, Use{RetryNative, r.Path})
	default:
		uses = append(uses, Use{RetryTransient, r.Path})
	}

	switch r.BackoffRate {
	case 1:
	case 2:
		uses = append(uses, Use{RetryExponential, r.Path.Key("backoff_rate")})
	default:
		uses = append(uses, Use{RetryBackoffRate, r.Path.Key("backoff_rate")})
	}

	if r.Jitter == workflow.JitterFull {
		uses = append(uses, Use{RetryJitter, r.Path.Key("jitter")})
	}

	for i, m := range r.Errors {
		if c := MatcherConstruct(m, HTTPCall); isErrorClass(c) {
			uses = append(uses, Use{c, r.Path.Key("errors").Index(i)})
		}
	}

	return uses
}

// isErrorClass reports whether c is one of the error classes that the
// table lists for both catch and retry.errors.
func isErrorClass(c Construct) bool {
	switch c {
	case CatchConnection, CatchConnectionOther, CatchPermission, CatchTaskFailed, CatchExpression:
		return true
	}

	return false
}

// MatcherConstruct returns the construct of one error name in a catch or
// retry of a call of the given kind.
func MatcherConstruct(m workflow.ErrorMatcher, kind CallKind) Construct {
	switch m.Kind {
	case workflow.ErrorAny:
		return CatchAny
	case workflow.ErrorTimeout:
		return CatchTimeout
	case workflow.ErrorCustom:
		return CatchCustom
	case workflow.ErrorConnection:
		if kind == ServiceCall {
			return CatchConnectionOther
		}

		return CatchConnection
	case workflow.ErrorPermission:
		return CatchPermission
	case workflow.ErrorTaskFailed:
		return CatchTaskFailed
	case workflow.ErrorExpression:
		return CatchExpression
	}

	return httpMatcher(m, kind)
}

func httpMatcher(m workflow.ErrorMatcher, kind CallKind) Construct {
	switch {
	case kind == FunctionCall && m.Status != 0:
		return CatchStatusFunction
	case kind == FunctionCall:
		return CatchHTTPFunction
	case kind == ServiceCall && m.Status != 0:
		return CatchStatusNative
	case kind == ServiceCall:
		return CatchHTTPNative
	}

	return CatchHTTP
}

// StepFeatures lists the constructs of one step of a kind other than
// call, without the steps nested in it.
func StepFeatures(s *workflow.Step) []Use {
	switch k := s.Kind.(type) {
	case *workflow.Parallel:
		return []Use{{Parallel, k.Path}}
	case *workflow.ForEach:
		if k.MaxConcurrency > 1 {
			return []Use{{ForEachConcurrent, k.Path.Key("max_concurrency")}}
		}

		return []Use{{ForEach, k.Path}}
	case *workflow.Loop:
		if k.Until != nil {
			return []Use{{LoopUntil, k.Path.Key("until")}}
		}

		return []Use{{LoopWhile, k.Path.Key("while")}}
	case *workflow.Try:
		return tryFeatures(k)
	case *workflow.AwaitCallback:
		return awaitFeatures(k)
	}

	return nil
}

func tryFeatures(t *workflow.Try) []Use {
	uses := []Use{{Try, t.Path}}

	if len(t.Finally) > 0 {
		uses = append(uses, Use{TryFinally, t.Path.Key("finally")})
	}

	if t.Retry != nil && t.Retry.MaxRetries > 0 {
		uses = append(uses, Use{TryRetry, t.Retry.Path})
		uses = append(uses, RetryFeatures(t.Retry, false)...)
	}

	for _, k := range t.Catch {
		for i, m := range k.Errors {
			uses = append(uses, Use{MatcherConstruct(m, HTTPCall), k.Path.Key("errors").Index(i)})
		}
	}

	return uses
}

func awaitFeatures(a *workflow.AwaitCallback) []Use {
	if a.Notify == nil {
		return nil
	}

	var uses []Use

	if a.Notify.HTTP != nil {
		uses = append(uses, Use{AwaitCallbackHTTP, a.Notify.HTTP.Path})
	} else {
		uses = append(uses, Use{AwaitCallbackFunc, a.Notify.Path})
	}

	url, token := CallbackFields(a.Notify)
	if url {
		uses = append(uses, Use{AwaitCallbackURL, a.Notify.Path})
	}

	if token {
		uses = append(uses, Use{AwaitCallbackToken, a.Notify.Path})
	}

	return uses
}

// CallbackFields reports whether a notify call reads callback.url and
// callback.token. Expressions only expose their root variables, so a
// field counts as read when the expression source names it.
func CallbackFields(notify *workflow.Call) (url, token bool) {
	for _, v := range notifyValues(notify) {
		if v == nil {
			continue
		}

		v.Walk(func(leaf *workflow.Value) {
			if leaf.Kind != workflow.ValueExpr {
				return
			}

			src := leaf.Expr.Source()

			// The whole object passed on counts as reading both fields.
			if slices.Contains(leaf.Expr.Variables(), workflow.CallbackVariable) &&
				!strings.Contains(src, workflow.CallbackVariable+".") && !strings.Contains(src, workflow.CallbackVariable+"[") {
				url, token = true, true
			}

			url = url || strings.Contains(src, "callback.url") || strings.Contains(src, "callback['url']") || strings.Contains(src, `callback["url"]`)
			token = token || strings.Contains(src, "callback.token") || strings.Contains(src, "callback['token']") || strings.Contains(src, `callback["token"]`)
		})
	}

	return url, token
}

func notifyValues(c *workflow.Call) []*workflow.Value {
	switch {
	case c.HTTP != nil:
		return []*workflow.Value{c.HTTP.URL, c.HTTP.Headers, c.HTTP.Query, c.HTTP.Body}
	case c.Function != nil:
		return []*workflow.Value{c.Function.Payload}
	}

	return nil
}
