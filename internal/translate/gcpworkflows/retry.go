package gcpworkflows

import (
	"math"

	yaml "go.yaml.in/yaml/v3"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// retryPolicy writes a custom retry policy. The predicate is a generated
// subworkflow, because http.default_retry_predicate covers neither HTTP 408
// nor 500, which the neutral transient set includes, and because an error
// filter tests the tags of each class. skipReturn keeps the predicate from
// retrying a return inside the steps of a try (see returnSentinel).
func (t *translator) retryPolicy(r *workflow.Retry, skipReturn bool) *yaml.Node {
	predicate := ""
	if r.Transient() {
		predicate = t.transientPredicate()
	} else {
		predicate = t.filterPredicate(r.Errors, skipReturn)
	}

	backoff := mapping()
	entry(backoff, "initial_delay", intNode(int64(r.InitialInterval)))
	entry(backoff, "max_delay", intNode(maxDelay(r)))
	entry(backoff, "multiplier", numberNode(r.BackoffRate))

	policy := mapping()
	entry(policy, "predicate", str("${"+predicate+"}"))
	entry(policy, "max_retries", intNode(int64(r.MaxRetries)))
	entry(policy, "backoff", backoff)

	return policy
}

// maxDelay returns the neutral cap, or, when there is none, the longest
// delay the schedule reaches, so that the required max_delay changes
// nothing. That delay is capped at one year, the longest execution.
// NOTE: the Cloud Workflows reference states no upper bound for max_delay;
// one year is the largest value this translator emits.
func maxDelay(r *workflow.Retry) int64 {
	if r.MaxInterval > 0 {
		return int64(r.MaxInterval)
	}

	longest := float64(r.InitialInterval) * math.Pow(r.BackoffRate, float64(max(r.MaxRetries-1, 0)))
	if math.IsInf(longest, 0) || math.IsNaN(longest) || longest > maxSleepSeconds {
		return maxSleepSeconds
	}

	return int64(math.Ceil(longest))
}

// numberNode writes a whole number as an int and anything else as a double.
func numberNode(f float64) *yaml.Node {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return intNode(int64(f))
	}

	return floatNode(f)
}

// transientPredicate returns the name of the retry predicate subworkflow
// and generates it on first use. The predicate returns true for timeouts,
// connection failures and HTTP 408, 429, 500, 502, 503 and 504.
func (t *translator) transientPredicate() string {
	if t.retryPredicate != "" {
		return t.retryPredicate
	}

	t.retryPredicate = t.names.variable("is_transient_error")

	connection := mapping()
	entry(connection, "condition", str(`${"TimeoutError" in tags or "ConnectionError" in tags or "ConnectionFailedError" in tags}`))
	entry(connection, "return", boolNode(true))

	status := mapping()
	entry(status, "condition", str(`${"HttpError" in tags and map.get(e, "code") in [408, 429, 500, 502, 503, 504]}`))
	entry(status, "return", boolNode(true))

	// NOTE: an error raised as a string, not a map, makes map.get fail, so
	// the retry ends with a TypeError. Every step this package generates
	// raises maps, and so do Cloud Workflows' own errors.
	steps := sequence(
		stepNode("read_tags", assignBody(mapping(str("tags"), str(`${default(map.get(e, "tags"), [])}`)))),
		stepNode("check_tags", mapping(str("switch"), sequence(connection, status))),
		stepNode("other_error", mapping(str("return"), boolNode(false))),
	)

	body := mapping()
	entry(body, "params", flowSequence(str("e")))
	entry(body, "steps", steps)
	t.subworkflows[t.retryPredicate] = body

	return t.retryPredicate
}
