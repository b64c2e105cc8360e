package portability

// Construct names one construct, or one feature of a construct, of the
// neutral language.
type Construct string

// Step kinds and call targets.
const (
	CallHTTP             Construct = "call.http"
	CallHTTPLongTimeout  Construct = "call.http.timeout"
	CallFunction         Construct = "call.function"
	CallWorkflow         Construct = "call.workflow"
	CallNative           Construct = "call.native"
	Assign               Construct = "assign"
	Switch               Construct = "switch"
	WaitSeconds          Construct = "wait.seconds"
	WaitUntil            Construct = "wait.until"
	Fail                 Construct = "fail"
	Return               Construct = "return"
	Parallel             Construct = "parallel"
	ForEach              Construct = "for_each"
	ForEachConcurrent    Construct = "for_each.max_concurrency"
	LoopWhile            Construct = "loop.while"
	LoopUntil            Construct = "loop.until"
	Try                  Construct = "try"
	TryFinally           Construct = "try.finally"
	TryRetry             Construct = "try.retry"
	AwaitCallbackFunc    Construct = "await_callback.function"
	AwaitCallbackHTTP    Construct = "await_callback.http"
	AwaitCallbackURL     Construct = "await_callback.callback_url"
	AwaitCallbackToken   Construct = "await_callback.callback_token"
	RetryTransient       Construct = "retry"
	RetryNative          Construct = "retry.native"
	RetryBackoffRate     Construct = "retry.backoff_rate"
	RetryExponential     Construct = "retry.backoff_rate_2"
	RetryJitter          Construct = "retry.jitter"
	RetryErrors          Construct = "retry.errors"
	CatchAny             Construct = "catch.any"
	CatchTimeout         Construct = "catch.timeout"
	CatchHTTP            Construct = "catch.http"
	CatchHTTPFunction    Construct = "catch.http.function"
	CatchStatusFunction  Construct = "catch.http_status.function"
	CatchHTTPNative      Construct = "catch.http.native"
	CatchStatusNative    Construct = "catch.http_status.native"
	CatchCustom          Construct = "catch.custom"
	CatchConnection      Construct = "catch.connection"
	CatchConnectionOther Construct = "catch.connection.native"
	CatchPermission      Construct = "catch.permission"
	CatchTaskFailed      Construct = "catch.task_failed"
	CatchExpression      Construct = "catch.expression"
)

// exact is the entry of a construct that renders with the neutral meaning.
var exact = Entry{Support: Exact}

// notRendered is the entry of a new construct that a target's translator
// does not render yet.
func notRendered(t Target) Entry {
	return Entry{Support: Rejected, Note: "This construct is not rendered for " + t.Title() + " yet. Leave \"" + string(t) + "\" out of the data source's targets, or write the steps without it."}
}

// Table classifies every construct on every target. A translator reports
// an Emulated or Rejected entry through Diagnose, so the text of a warning
// or rejection is the note written here.
var Table = []Row{
	{
		Construct: CallHTTP, Description: "`call.http`: an HTTP request",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CallHTTPLongTimeout, Description: "`call.http.timeout` over 60 seconds",
		AWS:   Entry{Rejected, "Step Functions ends an HTTP task after 60 seconds with States.Http.Socket. Set a timeout of at most 60 seconds, or call the endpoint through a Lambda function."},
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps ends a synchronous outbound request after 120 seconds, so a longer timeout applies only to endpoints that answer 202 Accepted and are polled."},
	},
	{
		Construct: CallFunction, Description: "`call.function`: a serverless function",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CallWorkflow, Description: "`call.workflow`: start another deployed workflow and wait for its output",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps calls the child workflow through its Request trigger \"manual\" and returns the body of its Response action, as every workflow this provider renders has them. A child that answers later than the 120-second request timeout fails the call, even while it keeps running."},
	},
	{
		Construct: CallNative, Description: "`call.native`: a target-specific service integration",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: Assign, Description: "`assign`: set variables, every value reading the values before the step",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: Switch, Description: "`switch`: the first case that holds, or the default, or nothing",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: WaitSeconds, Description: "`wait.seconds`",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: WaitUntil, Description: "`wait.until`: an RFC 3339 timestamp",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: Fail, Description: "`fail`: raise a named error",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: Return, Description: "`return`: end the workflow with an output",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: Parallel, Description: "`parallel`: branches at the same time, fail fast, outputs in declaration order",
		AWS:   exact,
		GCP:   Entry{Emulated, "Cloud Workflows lets the other branches run to their end after one fails, because continueAll is its only exception policy. The step then fails with the first error that a branch recorded."},
		Azure: Entry{Emulated, "Logic Apps does not cancel the other branches when one fails: they run to their end, and then the step fails. Side effects of the other branches still happen."},
	},
	{
		Construct: ForEach, Description: "`for_each` with `max_concurrency` 1: items one after another, outputs in item order",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: ForEachConcurrent, Description: "`for_each` with `max_concurrency` above 1",
		AWS:   exact,
		GCP:   Entry{Emulated, "Cloud Workflows lets the other iterations run to their end after one fails, because continueAll is its only exception policy. The step then fails with the first error that an iteration recorded."},
		Azure: exact,
	},
	{
		Construct: LoopWhile, Description: "`loop.while`: check, then run, at most `max_iterations` times",
		AWS:   Entry{Emulated, "Step Functions has no loop state, so the loop is a Choice state that jumps back, with an iteration counter in a variable. Every iteration adds its states' events to the execution history, which holds at most 25,000 events in a Standard workflow."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: LoopUntil, Description: "`loop.until`: run, then check, at most `max_iterations` times",
		AWS:   Entry{Emulated, "Step Functions has no loop state, so the loop is a Choice state that jumps back, with an iteration counter in a variable. Every iteration adds its states' events to the execution history, which holds at most 25,000 events in a Standard workflow."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: Try, Description: "`try` with `catch`: handle the errors of a block of steps",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps reports errors of a Scope only for its top-level actions, so an error of an action nested in a switch, loop or parallel branch inside the try is seen as a failed container without an HTTP response: it keeps a name raised by a fail step, \"timeout\", \"http\" and \"permission\" do not match it, and \"connection\" does. Put the call that raises such errors directly in the try steps, or catch its errors on the call."},
	},
	{
		Construct: TryFinally, Description: "`try.finally`: steps that run after success, a handled error and an unhandled one",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: TryRetry, Description: "`try.retry`: retry a block of steps as a whole",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps retries single actions only, so the steps run in an Until loop, one iteration per attempt, with a Wait action between attempts. The retry tells errors apart as the try's catches do, so an error of an action nested in the steps may not match a filter in retry.errors."},
	},
	{
		Construct: AwaitCallbackFunc, Description: "`await_callback` with a `function` notify call",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Rejected, "The Logic Apps HttpWebhook action subscribes with an HTTP request and cannot call a Function action. Notify through notify.http with the function's HTTPS URL."},
	},
	{
		Construct: AwaitCallbackHTTP, Description: "`await_callback` with an `http` notify call",
		AWS:   Entry{Rejected, "Step Functions HTTP tasks cannot wait for a task token. Notify through a Lambda function (notify.function), which receives callback.token and passes it on."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: AwaitCallbackURL, Description: "`callback.url` read in a notify call",
		AWS:   Entry{Emulated, "Step Functions resumes a waiting task through the SendTaskSuccess API with a task token, not through a URL, so callback.url is null there. The receiver must call SendTaskSuccess with callback.token."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: AwaitCallbackToken, Description: "`callback.token` read in a notify call",
		AWS:   exact,
		GCP:   Entry{Emulated, "Cloud Workflows resumes a waiting execution through the callback URL and has no task token, so callback.token is null there. Hand callback.url to the receiver."},
		Azure: Entry{Emulated, "Logic Apps resumes an HttpWebhook action through its callback URL and has no task token, so callback.token is null there. The receiver must post to callback.url."},
	},
	{
		Construct: RetryTransient, Description: "`retry` of a call on the transient errors (the default)",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: RetryNative, Description: "`retry` of a `call.native` or `call.workflow` on the transient errors",
		AWS:   Entry{Emulated, "Service integrations raise service-specific error names, so Step Functions cannot tell their transient errors apart. The retry policy retries States.TaskFailed, that is every error of the task, and timeouts."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: RetryBackoffRate, Description: "`retry.backoff_rate` other than 1 and 2",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Rejected, "Logic Apps retry policies either keep the interval fixed or double it. Set backoff_rate to 1 or 2."},
	},
	{
		Construct: RetryExponential, Description: "`retry.backoff_rate` 2",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps picks each exponential retry interval at random: retry n waits between 2^(n-2) and 2^(n-1) times initial_interval (capped by max_interval), while the neutral retry waits exactly 2^(n-1) times initial_interval."},
	},
	{
		Construct: RetryJitter, Description: "`retry.jitter = \"full\"`: a random wait up to the computed interval",
		AWS:   exact,
		GCP:   Entry{Rejected, "Cloud Workflows retry policies have no jitter. Set jitter to \"none\"."},
		Azure: Entry{Emulated, "Logic Apps has no jitter setting. With backoff_rate 2 its exponential policy already picks each wait at random, between half and all of the computed interval; with backoff_rate 1 the waits stay fixed."},
	},
	{
		Construct: RetryErrors, Description: "`retry.errors`: retry errors other than the transient ones",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Rejected, "Logic Apps retries only timeouts, connection failures and HTTP 408, 429 and 5xx. Leave \"errors\" out of the retry, or catch the other errors and repeat the call in a loop."},
	},
	{
		Construct: CatchAny, Description: "`catch` of `any` error",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchTimeout, Description: "`catch` of `timeout`",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchHTTP, Description: "`catch` of `http` and `http:<status>` on an HTTP call",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchHTTPFunction, Description: "`catch` of `http` on a function call",
		AWS:   Entry{Emulated, "Lambda invocations do not fail with HTTP statuses, so \"http\" matches States.TaskFailed: every error except a timeout, including the errors that the function raises."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchStatusFunction, Description: "`catch` of `http:<status>` on a function call",
		AWS:   Entry{Emulated, "Lambda invocations do not fail with HTTP statuses, so \"http:<status>\" matches the Lambda Invoke API errors with that status, and a status that the Invoke API never returns is rejected."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchHTTPNative, Description: "`catch` of `http` on a native or workflow call",
		AWS:   Entry{Emulated, "Service integrations raise service-specific error names, so \"http\" matches States.TaskFailed: every error of the task except a timeout."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchStatusNative, Description: "`catch` of `http:<status>` on a native or workflow call",
		AWS:   Entry{Rejected, "Service integrations raise service-specific error names, not HTTP statuses, so \"http:<status>\" has no Step Functions equivalent. Catch \"http\" (every error except a timeout) or \"any\" instead."},
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchCustom, Description: "`catch` of a custom error name on a call",
		AWS:   exact,
		GCP:   Entry{Emulated, "A call on Cloud Workflows fails only with timeouts, HTTP errors and other system errors, so a custom error name never matches a call's error there. If the service reports this error with an HTTP status, add \"http:<status>\" to the catch."},
		Azure: exact,
	},
	{
		Construct: CatchConnection, Description: "`catch` or `retry.errors` of `connection` on an HTTP or function call",
		AWS:   Entry{Emulated, "Step Functions has no documented error name for a refused connection. \"connection\" matches States.Http.Socket for HTTP tasks, which a timeout also raises, and Lambda.SdkClientException for functions."},
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps documents no error code for a failed connection, so \"connection\" matches every failure without an HTTP response that is not an expression error."},
	},
	{
		Construct: CatchConnectionOther, Description: "`catch` or `retry.errors` of `connection` on a native or workflow call",
		AWS:   Entry{Emulated, "Service integrations raise service-specific error names, so \"connection\" matches States.TaskFailed: every error of the task except a timeout."},
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps documents no error code for a failed connection, so \"connection\" matches every failure without an HTTP response that is not an expression error."},
	},
	{
		Construct: CatchPermission, Description: "`catch` or `retry.errors` of `permission` (HTTP 401 and 403 included)",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps reports a denied call only through the HTTP status, so \"permission\" matches responses with status 401 or 403, and not a managed identity that fails to get a token."},
	},
	{
		Construct: CatchTaskFailed, Description: "`catch` or `retry.errors` of `task_failed`: every error except a timeout",
		AWS:   exact,
		GCP:   exact,
		Azure: exact,
	},
	{
		Construct: CatchExpression, Description: "`catch` or `retry.errors` of `expression`: an expression that failed at run time",
		AWS:   exact,
		GCP:   exact,
		Azure: Entry{Emulated, "Logic Apps lists no error codes, so \"expression\" matches the code InvalidTemplate that run history shows for an expression that failed at run time."},
	},
}
