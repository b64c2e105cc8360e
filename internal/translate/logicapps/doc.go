// Package logicapps translates a neutral workflow into the workflow
// definition of an Azure Logic Apps (Consumption) workflow, written in the
// Workflow Definition Language (WDL).
//
// The definition has one Request trigger, "manual", whose body is the
// execution input (triggerBody()) and whose schema comes from the declared
// input. Steps become actions chained by runAfter: call is an Http, Function
// or native action, assign a SetVariable per variable, switch nested If
// actions, wait a Wait, fail a Terminate and return a Response. Expressions
// are compiled to WDL functions and written as "@..." strings.
//
// What Logic Apps cannot express as written, and how this package lowers it:
//
//   - Variables can only be declared at the top level. Every workflow
//     variable gets an InitializeVariable action (workflow__init_<name>)
//     before the first step, with the type from the workflow; a variable
//     whose type is only known at run time is declared as an object, with a
//     warning.
//   - A SetVariable cannot read the variable it sets, and the SetVariable
//     actions of one assign run in order while every neutral value reads the
//     variables as they were before the step. A Compose action (<step>__old_<name>)
//     keeps such a value first.
//   - Switch has only equality cases, so a neutral switch is a chain of If
//     actions, each later case in the else branch of the one before. Each
//     case after the first nests one level deeper.
//   - Errors cannot be filtered by name. A call with catches is followed by
//     a Scope (<step>__catch) that runs when the call failed or timed out and
//     tests the catches in order with If actions on actions('<step>'):
//     status TimedOut for "timeout", outputs.statusCode for "http", and
//     error.code for custom names. When none matches, a Terminate fails the
//     run with the call's error code. The next step runs after the call path
//     or the handler.
//   - A parallel step runs each branch in a Scope named after the branch,
//     all after the same predecessor, and the next action runs after all of
//     them. The result lists the branch outputs in declaration order. Logic
//     Apps lets the other branches finish when one fails (a warning).
//   - A for_each step is a Foreach over the positions of a Compose of the
//     items (<step>__items), so the item and index are read through
//     items('<step>') and concurrent iterations share no variables. Each
//     iteration appends {index, value} to an array variable, and a Select
//     over the array sorted by index gives the result in item order.
//     max_concurrency maps to runtimeConfiguration.concurrency.repetitions
//     (1 to 50), or to operationOptions Sequential for 1. A body that sets
//     variables runs sequentially, with a warning, because variables are
//     global.
//   - A loop step is an Until with limit.count = max_iterations (at most
//     5,000) and limit.timeout P90D; a while loop has an If around it that
//     checks the condition first. After the Until, an If raises
//     LoopLimitExceeded when the condition still requests another
//     iteration. The steps run in a Scope, and a failed Scope sets a stop
//     flag (<step>__stop) that ends the Until, because Logic Apps would
//     otherwise start the next iteration.
//   - Response and Terminate are not allowed inside loops, and a Terminate
//     cannot be caught, so inside a loop or try a fail step stores its error
//     in the variable workflow__error and runs a Compose that fails on
//     purpose (<step>__throw). A return inside a loop, or inside a try with
//     finally, stores its value in workflow__output, sets
//     workflow__returning and throws the same way. A handler after the
//     outermost loop ends the run with the stored error or the return.
//   - A try step runs its steps in a Scope. The handler <step>__catch runs
//     after it failed or timed out: it undoes the steps' assignments from
//     Compose snapshots taken before the try, finds the failed top-level
//     actions with a Query over result('<step>'), and tests the catches
//     with If actions. Without a match the error is raised again, after the
//     finally Scope when there is one. result() lists only top-level
//     actions, so errors nested deeper are matched by their stored name or
//     as a plain failure (a warning).
//   - A try with retry runs its steps in an Until, one iteration per
//     attempt, each starting from the variables before the try. After a
//     failed attempt an If tests the retry's errors and the retries left,
//     waits the backoff interval (computed at translation, with rand() for
//     full jitter) and starts another attempt. The catches then handle the
//     failure of the last attempt.
//   - An await_callback step is an HttpWebhook action whose subscribe
//     request is the notify call, with callback.url = listCallbackUrl() and
//     callback.token null, and limit.timeout = the step's timeout. A
//     function notify is rejected, because a webhook subscribes over HTTP.
//   - A call.workflow step is a Workflow action that calls the child's
//     Request trigger "manual" and returns its Response body.
//   - Logic Apps retries with its default policy (up to 4 times) when an
//     action sets none, so a call without retry gets the "none" policy.
//     Exponential retries double the interval but pick each wait at random
//     within a range, with a warning; backoff_rate must be 1 or 2.
//   - A Response does not end the run, so a return that is not the last
//     top-level step is followed by a Terminate with status Succeeded. A
//     workflow whose last step is neither return nor fail ends with a
//     Response without a body (workflow__end), so its caller gets null.
//   - Translation checks the Logic Apps Consumption limits: 500 actions, an
//     action nesting depth of 8, 250 variables, 8,192 characters per
//     expression, a retry count of 1 to 90 with intervals of 5 seconds to
//     1 day, Foreach concurrency of 1 to 50, Until counts up to 5,000, and
//     waits and callback timeouts within the 90-day run duration. Action names have at
//     most 80 characters, so longer generated names are cut and end with a
//     hash.
//   - Logic Apps evaluates strings that start with "@" or contain "@{", so
//     such literal strings are written as expressions that return them.
//     Native action inputs are the exception: they pass through as written,
//     and the definition declares $connections when they read it.
//   - An Http or Function timeout over 120 seconds gets a warning, because
//     Logic Apps ends synchronous outbound requests after 120 seconds.
//   - The Wait action takes UTC timestamps, so a literal `until` with another
//     offset is rewritten in UTC.
//   - The caller of the Request trigger receives the Response only when the
//     run reaches it within the 120-second inbound request timeout; the run
//     history keeps the output either way.
//   - Rejected: a function call without an "azure" entry, a native call
//     without one or with an unknown or structural action type (If, Scope,
//     Response, ...), a retry on a native action type without retry
//     policies, and an expression that has no WDL translation.
//   - Every definition goes through wdlcheck before Translate returns it, so
//     a native action that breaks a documented rule (a missing required
//     input, an invalid expression) is rejected at its step.
package logicapps
