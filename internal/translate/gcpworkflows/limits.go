package gcpworkflows

// Cloud Workflows limits checked at plan time. Source: the Cloud Workflows
// quotas and limits page (https://cloud.google.com/workflows/quotas) and the
// syntax reference for the HTTP timeout and sys.sleep.
const (
	// maxSourceBytes is the source size limit, "128 KB". The gcw-emulator
	// (github.com/lemonberrylabs/gcw-emulator) reads it as 128 × 1024
	// bytes, and so does this check.
	maxSourceBytes = 128 * 1024

	// maxExpressionLength is the length limit of one expression.
	// NOTE: the quotas page does not say whether the `${` and `}`
	// delimiters count. They are counted here, so the check errs on the
	// side of rejecting.
	maxExpressionLength = 400

	// maxSwitchConditions is the number of conditions in one switch step.
	maxSwitchConditions = 50

	// maxAssignments is the number of assignments in one assign step.
	maxAssignments = 50

	// maxHTTPTimeoutSeconds is the largest `timeout` of an http.* call.
	maxHTTPTimeoutSeconds = 1800

	// maxSleepSeconds is the largest sys.sleep duration, one year.
	maxSleepSeconds = 31536000

	// maxParallelBranches is the number of branches of one parallel step.
	maxParallelBranches = 10

	// maxParallelNesting is the depth of parallel steps inside parallel
	// steps: a parallel step may sit in the branch of another, but no
	// deeper.
	maxParallelNesting = 2

	// maxConcurrency is the number of branches or iterations of one
	// parallel step that run at the same time, the largest
	// concurrency_limit.
	maxConcurrency = 20

	// maxExecutionSeconds is the longest execution, one year. It bounds
	// the wait for a callback and for a child workflow, whose connector
	// accepts connector_params.timeout up to this value.
	maxExecutionSeconds = 31536000
)
