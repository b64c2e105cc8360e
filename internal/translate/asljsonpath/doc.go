// Package asljsonpath translates a neutral workflow into an AWS Step
// Functions state machine in classic JSONPath mode (QueryLanguage JSONPath):
// reference paths, Parameters templates, intrinsic functions and Choice
// rules, with no JSONata. Local executors such as aws-local-stepfunctions
// run only this mode.
//
// State data. Every state reads and writes one object,
// {"input": <execution input>, "vars": {<variable>: <value>}}, which the
// first state, workflow__start, builds. Expressions read input.x as
// $.input.x and a variable v as $.vars.v. Values that a field cannot
// compute inline are stored first in temporary fields $.tmp_<n> by states
// named after the step with a "__<n>" suffix; the first state of a step
// always carries the step's name.
//
// Steps:
//   - assign: a Pass state computes all values into a temporary field,
//     reading the variables as they were before the step, and a second Pass
//     state merges them into $.vars with States.JsonMerge and rebuilds the
//     state data, dropping temporary fields.
//   - call: a Task with Parameters. ResultSelector builds {status, body}
//     for Lambda invocations, and ResultPath stores the result in
//     $.vars.<result>, or is null to keep the state data. An HTTP task
//     stores its raw result in a temporary field, and a Choice state and
//     two Pass states build {status, headers, body}, with a null body when
//     the response has none. Retry and Catch use the same error names as JSONata
//     mode. A catch variable is bound by a Choice state and Pass states that
//     turn the error output {Error, Cause} into {error, message}: each
//     catcher matches the names of one error class, and the class of
//     States.ALL is the error name when it has no dot and "error" otherwise.
//   - switch: Choice states with an explicit Default. A case whose condition
//     needs computed operands starts a new Choice state, so the operands are
//     computed only when the earlier cases did not match.
//   - wait: Seconds or Timestamp, or SecondsPath or TimestampPath.
//   - fail: Error and Cause, or CausePath for a computed message.
//   - return: a Pass state that builds {"value": ...} and ends with
//     OutputPath $.value. A workflow that ends without return returns null
//     from workflow__end.
//   - parallel: a Parallel state whose branches receive the state data, so
//     they read the enclosing variables and keep their own assignments to
//     themselves. Each branch ends with a Pass state that outputs its value.
//   - for_each: a Map state over ItemsPath. ItemSelector passes the state
//     data and the item and index, which the first state of the item
//     processor merges into $.vars. MaxConcurrency is max_concurrency.
//   - loop: a counter in $.vars.__loop_<step>, a Choice state that leaves
//     the loop, fails with LoopLimitExceeded or goes on, and a Pass state
//     that counts; the steps move back to the check.
//   - try: a single-branch Parallel state with OutputPath $[0], whose Catch
//     keeps the state data from before the try, which undoes the steps'
//     assignments. Retry and Catch take the error names of every call kind.
//     A return in the steps stores $.vars.__return and ends the branch, and
//     an error that no catch matches is stored in $.vars.__raise by a last
//     States.ALL catcher. After the finally steps a Choice state returns,
//     raises the error again with ErrorPath and CausePath, or goes on.
//   - call.workflow: a states:startExecution.sync:2 Task, and a Pass state
//     that keeps the child's Output as the result.
//   - await_callback: a lambda:invoke.waitForTaskToken Task whose payload
//     reads callback.token as $$.Task.Token; callback.url is null.
//
// Expressions (see expr.Expr.JSONPath and expr.Expr.ChoiceRule): paths for
// field and literal index access, States.Format for string concatenation
// and string(), States.MathAdd for int + and for subtracting an int literal,
// States.Array for lists, States.ArrayGetItem for computed indexes,
// States.ArrayLength for size() of a list and States.ArrayContains for
// membership in a list. Comparisons, && || !, has(), `in` over a list
// literal or a map, and contains, startsWith and endsWith with a literal
// argument become Choice rules (NumericEquals, StringEqualsPath, IsPresent,
// StringMatches, And, Or, Not, ...). Where a value needs a condition or
// c ? a : b, a Choice state and two Pass states store it first.
//
// Rejected with an error diagnostic that names the step, the attribute path
// and the expression, and suggests aws_query_language = "JSONata": *, /, %,
// unary minus and double +, subtracting a computed value, lowerAscii and
// upperAscii, size() of a string or map, int() and double() conversions
// other than the identity, a computed map key, a negative index, a map
// literal with expressions inside an expression, comparing two constants,
// comparing two dyn paths, a value computed before a condition that an
// operand of && || or ? : guards, text with a backslash inside an intrinsic
// function, and native arguments that are not an object.
// Also everything that JSONata mode rejects for Step Functions itself: an
// HTTP call without auth.aws_connection_arn, to a literal URL that is not
// HTTPS, or with a timeout over 60 seconds, a function call without a
// Lambda ARN, a literal wait over 99,999,999 seconds, a loop whose
// iterations would write over 25,000 history events, an await_callback
// with an HTTP notify call, and a definition over 1,048,576 bytes.
//
// Known differences from the neutral semantics, each marked with a NOTE
// where it is emitted: a Choice rule that orders a value of the wrong type
// is false where CEL raises an error, HTTP header values keep the form
// that the HTTP task returns, and size() of a dyn string fails.
package asljsonpath
