// Package expr compiles workflow expressions, written in a portable subset of CEL and type-checked
// with cel-go, to JSONata 2.0.6 (AWS Step Functions, QueryLanguage JSONata), Google Cloud Workflows
// ${...} expressions and Azure Logic Apps Workflow Definition Language @functions.
//
// The subset is: literals (null, bool, int, double, string), list and map literals with string-literal
// keys, field and index access, + - * / %, comparisons, && || !, ? :, in, has(), size(), string(),
// int(), double(), and the string methods contains, startsWith, endsWith, lowerAscii and upperAscii.
// Compile rejects everything else: macros (all, exists, exists_one, map, filter), other functions,
// uint, bytes, timestamps and durations. It also rejects, on every target:
//   - arithmetic with a dyn operand, because int and double division, and number and string +,
//     translate differently;
//   - a dyn operand of && || ! or a dyn condition of ? :, because JSONata treats "" and 0 as false where
//     CEL raises an error;
//   - string() of a double, because each target formats doubles differently (CEL writes 1e+06);
//   - ordering (< <= > >=) of values that are not numbers or strings, and list concatenation.
//
// Every target keeps CEL's meaning, or Emit rejects the construct for that target:
//
// JSONata. Missing keys and out-of-range indexes yield undefined in JSONata, where CEL raises an error.
// So field and index access on map and dyn values, int division and modulo, size() and the conversions
// of dyn values, `in` on non-scalar lists, and the string methods go through helper lambdas bound in a
// block around the expression. The helpers call $error wherever CEL raises an error. A root that is
// only a path (input.order.id) stays a plain path, because Step Functions fails a state whose path
// yields undefined. Int literals beyond 2^53 are rejected, because JSONata numbers are doubles.
// string() of a dyn number fails at run time unless JSONata and CEL write it alike (magnitude from
// 1e-4 to below 1e6, at most 15 significant digits).
//
// Google Cloud Workflows. Field access keeps its KeyError. Int division becomes int(a / b), because
// // floors. ? : becomes if(), which is a function, so a branch that can fail at run time is rejected.
// List and map literals inside an expression are rejected, except in `x in [a, b]`, which becomes
// comparisons. At the root of a value, Render returns them as YAML structure.
//
// Azure Logic Apps. Field access uses x['f'], which fails on a missing key as CEL does. && and ||
// become and() and or(), and ? : becomes if(); these evaluate every argument, so a right operand or
// branch that can fail is rejected. startsWith and endsWith avoid the WDL functions of the same name,
// which ignore case. Map literals inside an expression, lists that createArray() cannot build (fewer
// than two items, or items that are not scalars of one type) and size() of a map are rejected.
//
// Not verified against the services (each has a NOTE where it is emitted): how Cloud Workflows if()
// evaluates its branches, int() rounding, % signs, string escapes, text.find_all with an empty
// string, and double literals in exponent form (written outside [1e-6, 1e21)) on both targets; how Logic Apps div() and mod() round negative numbers, whether contains() and equals()
// ignore case, take() and skip() on strings, and int() of a whole-number string produced by string().
// Where these differ, a run fails or returns another value than cel-go; the golden files under
// testdata/golden record the exact output for review.
package expr
