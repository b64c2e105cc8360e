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
//     1 day, and waits within the 90-day run duration. Action names have at
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
