// Package asl translates a neutral workflow into an AWS Step Functions state
// machine written in the Amazon States Language (ASL), with JSONata as the
// query language.
//
// Each step becomes one state with the step's name: call is a Task, assign a
// Pass state with Assign, switch a Choice, wait a Wait, fail a Fail and return
// a Succeed state. Workflow variables are Step Functions variables ($name)
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
//   - Rejected with an error diagnostic: an HTTP call without
//     auth.aws_connection_arn, to a literal URL that is not HTTPS, or with a
//     timeout over 60 seconds. Also a function call without a Lambda ARN, a
//     native call without an "aws" entry, a literal wait over 99,999,999
//     seconds, an expression that has no JSONata translation and a
//     definition over 1,048,576 bytes.
package asl
