package logicapps

import (
	"strconv"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// retryPolicy translates a call's retry into a Logic Apps retry policy.
// Logic Apps retries the same transient errors as the neutral language
// (408, 429, 5xx and connection failures). A call without retry gets the
// "none" policy, because the Logic Apps default policy retries up to 4
// times.
func (t *translator) retryPolicy(s *workflow.Step, r *workflow.Retry) (map[string]any, bool) {
	if r == nil || r.MaxRetries == 0 {
		return map[string]any{"type": "none"}, true
	}

	ok := t.checkRetry(s, r)

	interval := isoDuration(r.InitialInterval)

	switch r.BackoffRate {
	case 1:
		return map[string]any{"type": "fixed", "count": r.MaxRetries, "interval": interval}, ok
	case 2:
		t.warnf(r.Path.Key("backoff_rate"), s.Name,
			"Logic Apps picks each exponential retry interval at random: retry n waits between 2^(n-2) and 2^(n-1) times initial_interval (capped by max_interval), while the neutral retry waits exactly 2^(n-1) times initial_interval. Retries after the first may start up to twice as early.")

		maximum := r.MaxInterval
		if maximum == 0 {
			maximum = wdlcheck.MaxRetryIntervalSeconds
		}

		return map[string]any{
			"type":            "exponential",
			"count":           r.MaxRetries,
			"interval":        interval,
			"minimumInterval": interval,
			"maximumInterval": isoDuration(maximum),
		}, ok
	}

	t.errorf(r.Path.Key("backoff_rate"), s.Name, summaryUnsupported,
		"Logic Apps retry policies either keep the interval fixed or double it, so backoff_rate must be 1 or 2, got %g. Set backoff_rate to 1 or 2.", r.BackoffRate)

	return nil, false
}

// checkRetry checks the retry bounds of Logic Apps: count 1 to 90 and
// intervals from 5 seconds (PT5S) to 1 day (P1D).
func (t *translator) checkRetry(s *workflow.Step, r *workflow.Retry) bool {
	ok := true

	if r.MaxRetries > wdlcheck.MaxRetryCount {
		ok = false
		t.errorf(r.Path.Key("max_retries"), s.Name, summaryLimit,
			"Logic Apps retries a call at most %d times, got max_retries %d. Set max_retries to %d or less.",
			wdlcheck.MaxRetryCount, r.MaxRetries, wdlcheck.MaxRetryCount)
	}

	if !retryIntervalInRange(r.InitialInterval) {
		ok = false
		t.initialIntervalError(s, r)
	}

	if r.BackoffRate == 2 && r.MaxInterval != 0 && !retryIntervalInRange(r.MaxInterval) {
		ok = false
		t.errorf(r.Path.Key("max_interval"), s.Name, summaryLimit,
			"Logic Apps retry intervals must be between %s (PT5S) and %s (P1D), got max_interval %s. Set max_interval to 24h or less, or to 0 for no cap.",
			countSeconds(wdlcheck.MinRetryIntervalSeconds), countSeconds(wdlcheck.MaxRetryIntervalSeconds), countSeconds(r.MaxInterval))
	}

	return ok
}

// initialIntervalError reports an initial_interval outside the Logic Apps
// range. When the retry leaves it out, the message names the default of 1
// second and points at the retry object, since there is no value to quote.
func (t *translator) initialIntervalError(s *workflow.Step, r *workflow.Retry) {
	if r.DefaultInitialInterval {
		t.errorf(r.Path, s.Name, summaryLimit,
			"The retry has no initial_interval, and the default initial_interval of %s is below the %d-second minimum of Logic Apps retry policies (PT5S). Set initial_interval to at least 5s.",
			countSeconds(r.InitialInterval), wdlcheck.MinRetryIntervalSeconds)

		return
	}

	fix := "Set initial_interval to at least 5s."
	if r.InitialInterval > wdlcheck.MaxRetryIntervalSeconds {
		fix = "Set initial_interval to 24h or less."
	}

	t.errorf(r.Path.Key("initial_interval"), s.Name, summaryLimit,
		"Logic Apps retry intervals must be between %s (PT5S) and %s (P1D), got initial_interval %s. %s",
		countSeconds(wdlcheck.MinRetryIntervalSeconds), countSeconds(wdlcheck.MaxRetryIntervalSeconds), countSeconds(r.InitialInterval), fix)
}

// countSeconds writes a number of seconds with the unit in the right
// number: "1 second", "5 seconds".
func countSeconds(n int) string {
	if n == 1 {
		return "1 second"
	}

	return strconv.Itoa(n) + " seconds"
}

func retryIntervalInRange(seconds int) bool {
	return seconds >= wdlcheck.MinRetryIntervalSeconds && seconds <= wdlcheck.MaxRetryIntervalSeconds
}

// isoDuration writes a number of seconds as an ISO 8601 duration, such as
// PT5S, PT1M30S or P1D.
func isoDuration(seconds int) string {
	if seconds == 0 {
		return "PT0S"
	}

	var b strings.Builder
	b.WriteString("P")

	if days := seconds / 86400; days > 0 {
		b.WriteString(strconv.Itoa(days) + "D")
	}

	rest := seconds % 86400
	if rest == 0 {
		return b.String()
	}

	b.WriteString("T")

	for _, unit := range []struct {
		seconds int
		letter  string
	}{{3600, "H"}, {60, "M"}, {1, "S"}} {
		if n := rest / unit.seconds; n > 0 {
			b.WriteString(strconv.Itoa(n) + unit.letter)
			rest %= unit.seconds
		}
	}

	return b.String()
}
