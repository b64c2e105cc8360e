package logicapps

import (
	"math"
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Suffixes of the actions and variables of a retried try.
const (
	suffixRetry   = "retry"   // Until that runs the attempts
	suffixAttempt = "attempt" // number of retries so far
	suffixAgain   = "again"   // flag that requests another attempt
	suffixFailure = "failure" // failed action of the last attempt
	suffixRecord  = "record"  // SetVariable that keeps the failure
	suffixCheck   = "check"   // If that decides whether to retry
	suffixBackoff = "backoff" // Wait between attempts
)

// maxRetrySchedule bounds the number of distinct waits of a retried try,
// which are written into one expression of at most 8,192 characters.
const maxRetrySchedule = 500

// transientStatuses are the HTTP statuses of the neutral transient errors.
var transientStatuses = []int{408, 429, 500, 502, 503, 504}

// retryLoop runs the steps of a try with retry in an Until loop, one
// iteration per attempt, because Logic Apps retries single actions only.
// Each attempt starts from the variables as they were before the try. When
// the steps' Scope fails, its failed action is kept in a variable, and an
// If decides: when the error matches the retry and retries are left, it
// waits the backoff interval and requests another attempt. A failed attempt
// therefore does not fail the loop. retryLoop returns the variable that
// holds the failure of the last attempt, or {} after success.
func (t *translator) retryLoop(s *workflow.Step, tr *workflow.Try, inner frame, snapshots map[string]string) string {
	r := tr.Retry

	attempt := actionName(s.Name, suffixAttempt)
	again := actionName(s.Name, suffixAgain)
	failure := actionName(s.Name, suffixFailure)

	t.declareHidden(attempt, "integer")
	t.declareHidden(again, "boolean")
	t.declareHidden(failure, "object")

	t.addAction(t.block, s, actionName(s.Name, suffixReset+"_"+suffixAttempt), setVariable(attempt, 0))
	t.addAction(t.block, s, actionName(s.Name, suffixReset+"_"+suffixFailure), setVariable(failure, map[string]any{}))

	loop := newBlock(t.block.depth + 1)
	t.addAction(loop, s, actionName(s.Name, suffixReset+"_"+suffixAgain), setVariable(again, false))

	for _, v := range tr.Assigned {
		if old, ok := snapshots[v.Name]; ok {
			t.addAction(loop, s, actionName(s.Name, suffixRetry+"_"+suffixRestore+v.Name), setVariable(v.Name, "@outputs("+quote(old)+")"))
		}
	}

	body := newBlock(loop.depth + 1)
	t.withFrame(inner, func() { t.steps(body, tr.Steps) })
	t.addAction(loop, s, s.Name, map[string]any{"type": "Scope", "actions": body.actions})

	query := actionName(s.Name, suffixFailures)
	t.addAfter(loop, s, query, map[string]any{s.Name: []any{"Failed", "TimedOut"}}, failuresQuery(s.Name))
	t.addAfter(loop, s, actionName(s.Name, suffixRecord), map[string]any{query: succeeded()},
		setVariable(failure, "@first(body("+quote(query)+"))"))

	t.retryCheck(loop, s, tr, attempt, again, failure)

	t.addAction(t.block, s, actionName(s.Name, suffixRetry), map[string]any{
		"type":       "Until",
		"expression": "@equals(" + variableText(again) + ", false)",
		"limit":      map[string]any{"count": r.MaxRetries + 1, "timeout": untilTimeout},
		"actions":    loop.actions,
	})

	return failure
}

// retryCheck adds the If that starts another attempt after a failed one:
// it waits, counts the retry, clears the failure and the stored error and
// sets the flag that continues the loop.
func (t *translator) retryCheck(b *block, s *workflow.Step, tr *workflow.Try, attempt, again, failure string) {
	r := tr.Retry
	src := recordedSource(variableText(failure))

	conditions := []string{
		retryMatch(src, r),
		"less(" + variableText(attempt) + ", " + strconv.Itoa(r.MaxRetries) + ")",
	}

	// A return travelling out of the steps is not an error to retry.
	if containsReturn(tr.Steps) {
		t.declareHidden(returningVariable, "boolean")
		conditions = append(conditions, "not(equals("+variableText(returningVariable)+", true))")
	}

	then := newBlock(b.depth + 1)
	t.addAction(then, s, actionName(s.Name, suffixBackoff), map[string]any{
		"type":   "Wait",
		"inputs": map[string]any{"interval": map[string]any{"count": backoffCount(r, variableText(attempt)), "unit": "Second"}},
	})
	t.addAction(then, s, actionName(s.Name, suffixAttempt), map[string]any{
		"type":   "IncrementVariable",
		"inputs": map[string]any{"name": attempt, "value": 1},
	})
	t.addAction(then, s, actionName(s.Name, suffixFailure), setVariable(failure, map[string]any{}))
	t.addAction(then, s, actionName(s.Name, suffixError), setVariable(errorVariable, map[string]any{}))
	t.addAction(then, s, actionName(s.Name, suffixAgain), setVariable(again, true))

	t.addAfter(b, s, actionName(s.Name, suffixCheck), map[string]any{actionName(s.Name, suffixRecord): succeeded()}, map[string]any{
		"type":       "If",
		"expression": "@and(" + strings.Join(conditions, ", ") + ")",
		"actions":    then.actions,
	})
}

// retryMatch returns the condition that the failure is one the retry
// covers: the listed errors, or the transient ones (a timeout, a failure
// without a response and HTTP 408, 429, 500, 502, 503 and 504).
func retryMatch(src errorSource, r *workflow.Retry) string {
	if !r.Transient() {
		return matchExpression(src, r.Errors)
	}

	parts := []string{
		matcherExpression(src, workflow.ErrorMatcher{Kind: workflow.ErrorTimeout}),
		matcherExpression(src, workflow.ErrorMatcher{Kind: workflow.ErrorConnection}),
	}

	for _, status := range transientStatuses {
		parts = append(parts, matcherExpression(src, workflow.ErrorMatcher{Kind: workflow.ErrorHTTP, Status: status}))
	}

	return "or(" + strings.Join(parts, ", ") + ")"
}

// backoffCount returns the Wait count before retry number attempt (from
// 0): initial_interval times backoff_rate to the power attempt, capped by
// max_interval and by the 90-day run duration. WDL has no power function,
// so the distinct intervals are computed here and the expression picks one
// by index, the last one standing for every later retry. With full jitter
// the wait is a random number of seconds from 0 to the interval.
func backoffCount(r *workflow.Retry, attempt string) any {
	schedule, _ := retrySchedule(r)

	var interval string

	if len(schedule) == 1 {
		if r.Jitter != workflow.JitterFull {
			return schedule[0]
		}

		interval = strconv.Itoa(schedule[0])
	} else {
		items := make([]string, len(schedule))
		for i, n := range schedule {
			items[i] = strconv.Itoa(n)
		}

		interval = "createArray(" + strings.Join(items, ", ") + ")[min(" + attempt + ", " + strconv.Itoa(len(schedule)-1) + ")]"
	}

	if r.Jitter == workflow.JitterFull {
		// NOTE: rand() returns an integer from its minimum up to but not
		// including its maximum, per the functions reference, so the
		// maximum is the interval plus one. A Wait of 0 seconds is assumed
		// to end at once.
		return "@rand(0, add(" + interval + ", 1))"
	}

	return "@" + interval
}

// retrySchedule lists the intervals in seconds, one per retry until they
// reach their cap, and at most maxRetrySchedule. complete is false when the
// intervals would grow further than the list.
func retrySchedule(r *workflow.Retry) (intervals []int, complete bool) {
	ceiling := maxWaitSeconds
	if r.MaxInterval > 0 && r.MaxInterval < ceiling {
		ceiling = r.MaxInterval
	}

	for n := 0; n < r.MaxRetries; n++ {
		if n == maxRetrySchedule {
			return intervals, false
		}

		interval := float64(r.InitialInterval) * math.Pow(r.BackoffRate, float64(n))
		seconds := int(math.Min(math.Round(interval), float64(ceiling)))
		intervals = append(intervals, seconds)

		if seconds >= ceiling || r.BackoffRate == 1 {
			break
		}
	}

	return intervals, true
}
