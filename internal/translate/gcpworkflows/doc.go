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
//   - Function calls. There is no function primitive, so a function call
//     is an http.post to the function's `gcp` URL with an OIDC token.
//   - Retry on the neutral transient set (timeouts, connection failures, HTTP
//     408, 429, 500, 502, 503 and 504). http.default_retry_predicate leaves
//     out 408 and 500, so a generated subworkflow, is_transient_error, is
//     the predicate. A retry without max_interval gets the longest delay its
//     schedule reaches as max_delay, which Cloud Workflows requires.
//   - Catch. An except block catches every error, so it computes the neutral
//     error object {error, message} from the error's tags, runs the first
//     catch whose names match in a switch, and raises the error again when
//     none matches.
//   - Catch fallbacks for the result. A variable first created inside an
//     except block is local to it, so when a catch assigns the call's
//     result variable, main starts with a step that sets that variable to
//     null, and the fallback outlives the block.
//   - Empty step lists. A case or catch with no steps gets one assign step
//     that sets a generated variable to null, since Cloud Workflows step
//     lists cannot be empty.
//   - Assign steps with more than 50 assignments are split into several
//     assign steps.
//   - Literal strings that contain "${", which Cloud Workflows could read as
//     an expression, are written as expressions that yield the string.
//
// A catch that names a custom error gets a warning, because a call on Cloud
// Workflows fails only with system errors, so the name never matches.
//
// Rejected with an error diagnostic, each quoting the limit: an expression
// longer than 400 characters, a switch with more than 50 conditions, a
// source larger than 128 KiB, an HTTP or function timeout above 1800
// seconds, a literal wait above 31536000 seconds, a literal URL that is not
// an absolute http or https URL, an OIDC audience that is not an absolute
// URL, a function without a `gcp` URL, a native call without a `gcp` entry or with args that are not
// an object, and `gcp_audience` with OAuth2 authentication.
package gcpworkflows
