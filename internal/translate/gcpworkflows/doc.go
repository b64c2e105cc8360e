// Package gcpworkflows renders a neutral workflow as a Google Cloud Workflows
// source in YAML: `main` with the parameter `input` and the translated
// steps, followed by the subworkflows the translation generates.
//
// The translator is a workflow.Visitor with one method per step kind. Most
// kinds map one to one: assign to `assign`, switch to `switch` (which also
// falls through when no condition holds), wait to sys.sleep or
// sys.sleep_until, fail to `raise` with the map {error, message}, and
// return to `return`. Cloud Workflows cannot express the following
// directly, so they are lowered:
//
//   - Call results. Cloud Workflows stores {code, headers, body}. An assign
//     step named STEP__result reshapes it into {status, headers, body}, or
//     {status, body} for a function call.
//
//   - Function calls. There is no function primitive, so a function call
//     is an http.post to the function's `gcp` URL with an OIDC token.
//
//   - Retry on the neutral transient set (timeouts, connection failures, HTTP
//     408, 429, 500, 502, 503 and 504). http.default_retry_predicate leaves
//     out 408 and 500, so a generated subworkflow, is_transient_error, is
//     the predicate. A retry without max_interval gets the longest delay its
//     schedule reaches as max_delay, which Cloud Workflows requires.
//
//   - Catch. An except block catches every error, so it computes the neutral
//     error object {error, message} from the error's tags, runs the first
//     catch whose names match in a switch, and raises the error again when
//     none matches.
//
//   - Catch fallbacks for the result. A variable first created inside an
//     except block is local to it, so when a catch assigns the call's
//     result variable, main starts with a step that sets that variable to
//     null, and the fallback outlives the block.
//
//   - Empty step lists. A case or catch with no steps gets one assign step
//     that sets a generated variable to null, since Cloud Workflows step
//     lists cannot be empty.
//
//   - Assign steps with more than 50 assignments are split into several
//     assign steps.
//
//   - Literal strings that contain "${", which Cloud Workflows could read as
//     an expression, are written as expressions that yield the string.
//
//   - Parallel. Each branch runs in a try whose except block records the
//     first error in a shared variable, and writes its output by index
//     into a shared list pre-sized with nulls, so the result keeps the
//     declaration order. After the parallel step, the recorded error is
//     raised unchanged. Cloud Workflows lets the other branches run on
//     (continueAll is its only exception policy), which the plan warns
//     about. A single branch runs in place, since a parallel step needs
//     two branches.
//
//   - for_each. With max_concurrency 1 it is a `for` loop that appends each
//     output with list.concat. Otherwise it is a parallel `for` with
//     concurrency_limit: the items are evaluated once, a `for` loop pre-sizes
//     the result list, and each iteration writes its output at its index.
//     Errors are recorded and raised as for parallel branches.
//
//   - Loops. A counter and jumps (`next`) within the step list that holds
//     the loop, so the steps keep the scope of that list and a return ends
//     the workflow. At the limit the loop raises the map {error:
//     LoopLimitExceeded, message}.
//
//   - Try. The except block only records the error. The catches run after
//     the try step in a switch, then the finally steps, then the error is
//     raised again if no catch handled it. Variables that the steps assign
//     and that were set before the try are copied before it and restored on
//     failure and before each retry. A return inside the steps of a try with
//     finally raises {error: return__, value}, which the catches and retry
//     predicates skip and the outermost such try returns after its finally.
//
//   - Retry error filters. A generated predicate subworkflow tests the error
//     tags of each neutral class, and catches test the same:
//     timeout is TimeoutError.
//     connection is ConnectionError or ConnectionFailedError.
//     http is HttpError, with the status in e.code.
//     permission is AuthError, AuthenticationError or HTTP 401 and 403.
//     expression is TypeError, KeyError, IndexError, ValueError or
//     ZeroDivisionError.
//     task_failed is any error without TimeoutError.
//     A custom name is the `error` field of the map that a fail step raises.
//
//   - Workflow calls. The executions connector
//     googleapis.workflowexecutions.v1.projects.locations.workflows.executions.run
//     starts the child, waits until it ends (connector_params.timeout is
//     set to one year, the longest execution) and returns its result.
//
//   - await_callback. events.create_callback_endpoint, the notify call with
//     `callback` as {url, token: null}, then events.await_callback with the
//     timeout, which raises TimeoutError. The result is the callback
//     request's body, http_request.body.
//
// A catch of a call that names a custom error gets a warning, because a
// call on Cloud Workflows fails only with system errors, so the name never
// matches. In a try the name matches what fail steps and loops raise.
//
// Rejected with an error diagnostic, each quoting the limit: an expression
// longer than 400 characters, a switch with more than 50 conditions, a
// source larger than 128 KiB, an HTTP or function timeout above 1800
// seconds, and a literal wait above 31536000 seconds. The same goes for a
// parallel step with more than 10 branches, parallel steps (branches or
// concurrent for_each) nested deeper than 2, max_concurrency above 20, a
// callback timeout above one year, and catches that need more than 50
// switch conditions. Generated assign steps are split at 50 assignments.
//
// Also rejected: a literal URL that is not an absolute http or https URL,
// an OIDC audience that is not an absolute URL, and a function without a
// `gcp` URL. The same goes for a workflow call without a `gcp` name, a
// native call without a `gcp` entry or with args that are not an object,
// `gcp_audience` with OAuth2 authentication, and retry jitter "full",
// which Cloud Workflows lacks.
package gcpworkflows
