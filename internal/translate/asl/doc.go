// Package asl translates a neutral workflow into an AWS Step Functions state
// machine written in the Amazon States Language (ASL), with JSONata as the
// query language.
//
// Each step becomes one state with the step's name: call is a Task, assign a
// Pass state with Assign, switch a Choice, wait a Wait, fail a Fail, return
// a Succeed state, parallel a Parallel state, for_each an Inline Map state,
// await_callback a Lambda Task with .waitForTaskToken and call.workflow a
// startExecution.sync:2 Task. Generated states are named STEP__SUFFIX. Workflow variables are Step Functions variables ($name)
// set through Assign, the execution input is $states.context.Execution.Input,
// and expressions are compiled to JSONata and written as "{% … %}".
//
// What ASL cannot express as written, and how this package lowers it:
//
//   - A Choice state without a matching rule and without Default fails with
//     States.NoChoiceMatched, while a neutral switch continues. Every Choice
//     therefore gets an explicit Default: the default steps, or the next step.
//   - A workflow that ends without return returns null. Steps that run off
//     the end move to a generated Succeed state, workflow__end, whose Output
//     is null. Generated names contain "__", which user names never do.
//   - ErrorEquals has no wildcard for HTTP status codes, so the "http" error
//     of an HTTP task lists States.Http.StatusCode.<code> for every 4xx and
//     5xx code that Go's net/http has a status text for. HTTP task timeouts
//     are States.Timeout and States.Http.Socket (the 60-second limit).
//   - Lambda invocations fail with Lambda error names, not HTTP statuses.
//     "http:<status>" matches the Lambda Invoke API errors with that status
//     (for example 429 is Lambda.TooManyRequestsException), and "http"
//     matches States.TaskFailed, that is every error except a timeout. Both
//     come with a warning, and a status that the Invoke API does not return
//     is rejected. A function that exceeds its own Lambda timeout fails with
//     Lambda.Unknown, which "timeout" does not match: only the Task's
//     TimeoutSeconds raises States.Timeout.
//   - Native service integrations raise service-specific error names. Their
//     retry policy and "http" catches use States.TaskFailed with a warning,
//     and "http:<status>" is rejected.
//   - States.TaskFailed also matches custom error names and
//     Lambda.ClientExecutionTimeoutException, so the custom and timeout
//     names of all catches are matched first, in catch order. Neutral custom
//     names and timeouts never overlap HTTP errors, so the first matching
//     catch stays the same.
//   - The error object that a catch binds is built from $states.errorOutput:
//     error is "timeout", "http", the raw error name when it contains no dot
//     (a custom error that a Lambda function raised), or "error". message is
//     the Cause, or "" when there is none.
//   - A variable whose name equals a JSONata function name would hide that
//     function from every expression, so it is renamed with a trailing "_".
//   - Step Functions evaluates any string of the form "{% … %}" as JSONata,
//     so a literal string that starts with "{%" is written as a JSONata
//     string literal, as are empty and multi-line strings, which
//     asl-validator rejects as plain template strings.
//   - A branch or iteration ends with a Pass state whose Output is its
//     neutral output, and the Parallel or Map state assigns $states.result
//     to the result variable. Map iterations get their item and index
//     through ItemSelector and assign them in a first Pass state.
//   - A loop is a Pass state that zeroes a counter, a Choice state that
//     leaves, fails with LoopLimitExceeded or enters the steps, and a Pass
//     state after the steps that counts and jumps back. It warns, because
//     every iteration adds to the 25,000-event history of a Standard run.
//   - A try block is a Parallel state with one branch, which carries its
//     Retry and Catch. The branch cannot assign outer variables, so it
//     works on renamed copies and outputs them, and the Parallel state
//     assigns them back on success only, which undoes a failed block's
//     assignments as the neutral language requires. A return inside the
//     block outputs its value, and a Choice state after the block (after
//     finally) ends the workflow with it. finally follows the success path
//     and every catch, and a last States.ALL catcher stores an unmatched
//     error, runs finally and raises the error again from a Fail state.
//   - The catches and retry of a try block map each error name for every
//     kind of call inside the block, and a catch's custom names after a
//     task_failed catch are dropped, because States.TaskFailed matches them.
//   - Step Functions resumes a waiting task through SendTaskSuccess with the
//     task token, so callback.url is null and callback.token is the token.
//   - Warnings and rejections that depend on the construct come from the
//     portability table (internal/translate/portability).
//   - Rejected with an error diagnostic: an HTTP call without
//     auth.aws_connection_arn, to a literal URL that is not HTTPS, or with a
//     timeout over 60 seconds. Also a function call without a Lambda ARN, a
//     native call without an "aws" entry, a literal wait over 99,999,999
//     seconds, an expression that has no JSONata translation, a for_each
//     with max_concurrency over 40 (the Inline Map limit), an
//     await_callback with an HTTP notify call and a definition over
//     1,048,576 bytes.
package asl
