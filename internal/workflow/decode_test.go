package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// invalidCases are definitions the decoder must reject, each with the path
// of the first error and a fragment of its message.
var invalidCases = []struct {
	name string
	yaml string
	path string
	want string
}{
	{"not an object", `[1, 2]`, "definition", "must be an object"},
	{"missing steps", `input: {a: string}`, "definition.steps", `needs a "steps" list`},
	{"empty steps", `steps: []`, "definition.steps", "at least one step"},
	{"steps not a list", `steps: {a: 1}`, "definition.steps", "must be a list"},
	{"unknown top-level key", "stepz: []\nsteps: [{name: a, return: 1}]", "definition.stepz", `Did you mean "steps"?`},
	{"step not an object", `steps: ["hello"]`, "definition.steps[0]", "A step must be an object"},
	{"missing name", `steps: [{return: 1}]`, "definition.steps[0].name", `"name" is required`},
	{"name not a string", `steps: [{name: 5, return: 1}]`, "definition.steps[0].name", "must be a string"},
	{"name with space", `steps: [{name: "bad name", return: 1}]`, "definition.steps[0].name", "Step names must start with a letter"},
	{"name starting with digit", `steps: [{name: 1st, return: 1}]`, "definition.steps[0].name", "Step names must start with a letter"},
	{"name ending with dash", `steps: [{name: a-, return: 1}]`, "definition.steps[0].name", "end with a letter or digit"},
	{"name with double underscore", `steps: [{name: a__b, return: 1}]`, "definition.steps[0].name", `contain no "__"`},
	{"name too long", `steps: [{name: ` + strings.Repeat("a", 65) + `, return: 1}]`, "definition.steps[0].name", "at most 64 characters"},
	{"duplicate name", "steps:\n- {name: a, assign: {x: 1}}\n- {name: a, return: 1}", "definition.steps[1].name", "already used, ignoring case, by the step at definition.steps[0]"},
	{"duplicate name ignoring case", "steps:\n- {name: Fetch, assign: {x: 1}}\n- {name: fetch, return: 1}", "definition.steps[1].name", "already used, ignoring case"},
	{"duplicate nested name", "steps:\n- name: a\n  switch:\n    cases: [{when: 'true', steps: [{name: a, assign: {x: 1}}]}]\n- {name: b, return: 1}", "definition.steps[0].switch.cases[0].steps[0].name", "must be unique across the whole workflow"},
	{"no kind", `steps: [{name: a}]`, "definition.steps[0]", "needs exactly one of"},
	{"misspelled kind", `steps: [{name: a, retrun: 1}]`, "definition.steps[0]", `Did you mean "return"?`},
	{"two kinds", `steps: [{name: a, assign: {x: 1}, return: 1}]`, "definition.steps[0]", `has "assign", "return"`},
	{"unsupported kind", `steps: [{name: a, goto: b}]`, "definition.steps[0]", "is not a step kind. Replace it with one of"},
	{"unknown step key", `steps: [{name: a, return: 1, next: b}]`, "definition.steps[0].next", "is not a valid attribute"},
	{"unreachable step", "steps:\n- {name: a, return: 1}\n- {name: b, return: 2}", "definition.steps[1]", "can never run"},
	{"call not an object", `steps: [{name: a, call: "http://x"}]`, "definition.steps[0].call", `"call" must be an object`},
	{"call without target", `steps: [{name: a, call: {result: r}}]`, "definition.steps[0].call", `exactly one of "http", "function", "workflow", "native"`},
	{"call with two targets", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, function: {aws: x}}}]`, "definition.steps[0].call", "found 2"},
	{"http missing url", `steps: [{name: a, call: {http: {method: GET}}}]`, "definition.steps[0].call.http.url", `"url" is required`},
	{"http lowercase method", `steps: [{name: a, call: {http: {method: get, url: "https://x"}}}]`, "definition.steps[0].call.http.method", `Write it in upper case: "GET"`},
	{"http relative url", `steps: [{name: a, call: {http: {method: GET, url: "/orders"}}}]`, "definition.steps[0].call.http.url", "not an absolute http or https URL"},
	{"http url wrong type", `steps: [{name: a, call: {http: {method: GET, url: 5}}}]`, "definition.steps[0].call.http.url", `"url" must be a string`},
	{"http unknown key", `steps: [{name: a, call: {http: {method: GET, url: "https://x", heders: {}}}}]`, "definition.steps[0].call.http.heders", `Did you mean "headers"?`},
	{"http header not string", `steps: [{name: a, call: {http: {method: GET, url: "https://x", headers: {X-N: 5}}}}]`, "definition.steps[0].call.http.headers.X-N", "must be a string"},
	{"http bad timeout", `steps: [{name: a, call: {http: {method: GET, url: "https://x", timeout: soon}}}]`, "definition.steps[0].call.http.timeout", "Invalid duration"},
	{"http bad gcp auth", `steps: [{name: a, call: {http: {method: GET, url: "https://x", auth: {gcp: basic}}}}]`, "definition.steps[0].call.http.auth.gcp", `"gcp" must be "oidc" (an identity token`},
	{"function without refs", `steps: [{name: a, call: {function: {payload: {}}}}]`, "definition.steps[0].call.function", "needs at least one of"},
	{"function bad lambda arn", `steps: [{name: a, call: {function: {aws: "my-function"}}}]`, "definition.steps[0].call.function.aws", "must be a Lambda function ARN"},
	{"function http url", `steps: [{name: a, call: {function: {gcp: "http://insecure"}}}]`, "definition.steps[0].call.function.gcp", "HTTPS URL"},
	{"function bad azure id", `steps: [{name: a, call: {function: {azure: "my-func"}}}]`, "definition.steps[0].call.function.azure", "function resource ID"},
	{"native empty", `steps: [{name: a, call: {native: {}}}]`, "definition.steps[0].call.native", "needs at least one of"},
	{"native aws without resource", `steps: [{name: a, call: {native: {aws: {arguments: {}}}}}]`, "definition.steps[0].call.native.aws.resource", `"resource" is required`},
	{"retry without max", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {backoff_rate: 2}}}]`, "definition.steps[0].call.retry.max_retries", `"max_retries" is required`},
	{"retry negative", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: -1}}}]`, "definition.steps[0].call.retry.max_retries", "between 0 and 99999999"},
	{"retry fractional", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 1.5}}}]`, "definition.steps[0].call.retry.max_retries", "whole number"},
	{"retry backoff below one", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 2, backoff_rate: 0.5}}}]`, "definition.steps[0].call.retry.backoff_rate", "1.0 or more"},
	{"retry max below initial", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 2, initial_interval: 10s, max_interval: 5s}}}]`, "definition.steps[0].call.retry.max_interval", "must not be shorter"},
	{"retry unknown key", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 2, jiter: full}}}]`, "definition.steps[0].call.retry.jiter", `Did you mean "jitter"?`},
	{"retry bad jitter", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 2, jitter: half}}}]`, "definition.steps[0].call.retry.jitter", `"none"`},
	{"retry empty errors", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 2, errors: []}}}]`, "definition.steps[0].call.retry.errors", "cannot be empty"},
	{"retry bad error name", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, retry: {max_retries: 2, errors: [conection]}}}]`, "definition.steps[0].call.retry.errors[0]", `Did you mean "connection"?`},
	{"workflow call without refs", `steps: [{name: a, call: {workflow: {input: {}}}}]`, "definition.steps[0].call.workflow", "needs at least one of"},
	{"workflow call bad arn", `steps: [{name: a, call: {workflow: {aws: "arn:aws:lambda:us-east-1:123456789012:function:f"}}}]`, "definition.steps[0].call.workflow.aws", "state machine ARN"},
	{"workflow call bad gcp name", `steps: [{name: a, call: {workflow: {gcp: "child"}}}]`, "definition.steps[0].call.workflow.gcp", "projects/PROJECT/locations"},
	{"workflow call bad azure id", `steps: [{name: a, call: {workflow: {azure: "child"}}}]`, "definition.steps[0].call.workflow.azure", "Microsoft.Logic/workflows"},
	{"catch without errors", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{steps: []}]}}]`, "definition.steps[0].call.catch[0].errors", `needs an "errors" list`},
	{"catch bad error name", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: [timout], steps: []}]}}]`, "definition.steps[0].call.catch[0].errors[0]", `Did you mean "timeout"?`},
	{"catch bad status", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: ["http:200"], steps: []}]}}]`, "definition.steps[0].call.catch[0].errors[0]", "from 400 to 599"},
	{"catch status with sign", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: ["http:+404"], steps: []}]}}]`, "definition.steps[0].call.catch[0].errors[0]", "from 400 to 599"},
	{"catch States prefix", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: [States.ALL], steps: []}]}}]`, "definition.steps[0].call.catch[0].errors[0]", "not a portable error name"},
	{"catch any with others", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: [any, timeout], steps: []}]}}]`, "definition.steps[0].call.catch[0].errors", "must be the only name"},
	{"catch after any", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: [any], steps: []}, {errors: [timeout], steps: []}]}}]`, "definition.steps[0].call.catch[1]", "can never run"},
	{"catch after task_failed", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: [task_failed], steps: []}, {errors: ["http:404"], steps: []}]}}]`, "definition.steps[0].call.catch[1]", `matches "task_failed"`},
	{"catch missing steps", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, catch: [{errors: [any]}]}}]`, "definition.steps[0].call.catch[0].steps", `needs a "steps" list`},
	{"catch as out of scope", "steps:\n- name: a\n  call: {http: {method: GET, url: 'https://x'}, catch: [{errors: [any], as: err, steps: []}]}\n- {name: b, return: '{{ err.message }}'}", "definition.steps[1].return", "undeclared reference"},
	{"result reserved name", `steps: [{name: a, call: {http: {method: GET, url: "https://x"}, result: input}}]`, "definition.steps[0].call.result", "is reserved"},
	{"assign empty", `steps: [{name: a, assign: {}}]`, "definition.steps[0].assign", "at least one variable"},
	{"assign bad variable name", `steps: [{name: a, assign: {1x: 1}}]`, `definition.steps[0].assign["1x"]`, "not a valid variable name"},
	{"assign Cloud Workflows keyword", `steps: [{name: a, assign: {"True": 1}}]`, "definition.steps[0].assign.True", "is reserved"},
	{"assign reserved name", `steps: [{name: a, assign: {http: 1}}]`, "definition.steps[0].assign.http", "is reserved"},
	{"assign reads same step", `steps: [{name: a, assign: {x: 1, y: "{{ x + 1 }}"}}]`, "definition.steps[0].assign.y", "undeclared reference"},
	{"assign reads earlier value set again", "steps:\n- {name: a, assign: {x: 1}}\n- {name: b, assign: {x: 2, y: '{{ x + 1 }}'}}", "definition.steps[1].assign.y", "which this assign step also sets"},
	{"assign type conflict", "steps:\n- {name: a, assign: {x: 1}}\n- {name: b, assign: {x: hello}}", "definition.steps[1].assign.x", "keeps one type class"},
	{"unknown variable", `steps: [{name: a, return: "{{ total }}"}]`, "definition.steps[0].return", "undeclared reference"},
	{"variable from one switch branch", "steps:\n- name: a\n  switch:\n    cases: [{when: 'true', steps: [{name: b, assign: {x: 1}}]}]\n- {name: c, return: '{{ x }}'}", "definition.steps[1].return", "every path that continues sets it"},
	{"cel syntax error", `steps: [{name: a, return: "{{ 1 + }}"}]`, "definition.steps[0].return", "Invalid expression"},
	{"cel type error", `steps: [{name: a, return: "{{ 1 + 'a' }}"}]`, "definition.steps[0].return", "Invalid expression"},
	{"cel unknown input field", "input: {a: string}\nsteps: [{name: a, return: '{{ input.b }}'}]", "definition.steps[0].return", "Invalid expression"},
	{"switch without cases", `steps: [{name: a, switch: {default: []}}]`, "definition.steps[0].switch.cases", "at least one case"},
	{"switch case without when", `steps: [{name: a, switch: {cases: [{steps: []}]}}]`, "definition.steps[0].switch.cases[0].when", `"when" is required`},
	{"switch non-bool condition", "input: {n: int}\nsteps: [{name: a, switch: {cases: [{when: input.n, steps: []}]}}]", "definition.steps[0].switch.cases[0].when", "conditions must be bool"},
	{"switch dynamic condition", `steps: [{name: a, switch: {cases: [{when: input.flag, steps: []}]}}]`, "definition.steps[0].switch.cases[0].when", "conditions must be bool"},
	{"switch case without steps", `steps: [{name: a, switch: {cases: [{when: "true"}]}}]`, "definition.steps[0].switch.cases[0].steps", `needs a "steps" list`},
	{"wait both", `steps: [{name: a, wait: {seconds: 1, until: "2030-01-01T00:00:00Z"}}]`, "definition.steps[0].wait", "exactly one of"},
	{"wait neither", `steps: [{name: a, wait: {}}]`, "definition.steps[0].wait", "exactly one of"},
	{"wait negative", `steps: [{name: a, wait: {seconds: -5}}]`, "definition.steps[0].wait.seconds", "0 or more"},
	{"wait bad timestamp", `steps: [{name: a, wait: {until: "tomorrow"}}]`, "definition.steps[0].wait.until", "RFC 3339"},
	{"wait timestamp one-digit hour", `steps: [{name: a, wait: {until: "2030-01-01T9:00:00Z"}}]`, "definition.steps[0].wait.until", "RFC 3339"},
	{"wait timestamp offset past 23:59", `steps: [{name: a, wait: {until: "2030-01-01T09:00:00+24:00"}}]`, "definition.steps[0].wait.until", "RFC 3339"},
	{"wait timestamp comma fraction", `steps: [{name: a, wait: {until: "2030-01-01T09:00:00,5Z"}}]`, "definition.steps[0].wait.until", "RFC 3339"},
	{"wait timestamp February 30", `steps: [{name: a, wait: {until: "2030-02-30T09:00:00Z"}}]`, "definition.steps[0].wait.until", "RFC 3339"},
	{"wait seconds string expr", "input: {d: string}\nsteps: [{name: a, wait: {seconds: '{{ input.d }}'}}]", "definition.steps[0].wait.seconds", "expression of type int"},
	{"fail without error", `steps: [{name: a, fail: {message: x}}]`, "definition.steps[0].fail.error", `"error" is required`},
	{"fail lowercase error", `steps: [{name: a, fail: {error: oops}}]`, "definition.steps[0].fail.error", "start with an upper-case letter"},
	{"fail States error", `steps: [{name: a, fail: {error: StatesFailure}}]`, "definition.steps[0].fail.error", `do not start with "States"`},
	{"fail message not string", `steps: [{name: a, fail: {error: Oops, message: [1]}}]`, "definition.steps[0].fail.message", `"message" must be a string`},
	{"parallel without branches", `steps: [{name: a, parallel: {}}]`, "definition.steps[0].parallel.branches", "at least one branch"},
	{"parallel branch without name", `steps: [{name: a, parallel: {branches: [{steps: []}]}}]`, "definition.steps[0].parallel.branches[0].name", `"name" is required`},
	{"parallel branch bad name", `steps: [{name: a, parallel: {branches: [{name: "b c", steps: []}]}}]`, "definition.steps[0].parallel.branches[0].name", "Step names must start with a letter"},
	{"parallel duplicate branch", `steps: [{name: a, parallel: {branches: [{name: b, steps: []}, {name: b, steps: []}]}}]`, "definition.steps[0].parallel.branches[1].name", "already used"},
	{"parallel branch without steps", `steps: [{name: a, parallel: {branches: [{name: b}]}}]`, "definition.steps[0].parallel.branches[0].steps", `needs a "steps" list`},
	{"parallel bad policy", `steps: [{name: a, parallel: {branches: [{name: b, steps: []}], on_failure: continue}}]`, "definition.steps[0].parallel.on_failure", `must be "fail_fast"`},
	{"parallel assigns outer variable", "steps:\n- {name: a, assign: {x: 1}}\n- name: p\n  parallel:\n    branches: [{name: b, steps: [{name: c, assign: {x: 2}}]}]", "definition.steps[1].parallel.branches[0].steps[0].assign.x", `through the parallel branch's "output"`},
	{"parallel return in branch", `steps: [{name: a, parallel: {branches: [{name: b, steps: [{name: c, return: 1}]}]}}]`, "definition.steps[0].parallel.branches[0].steps[0].return", `through the parallel branch's "output"`},
	{"parallel branches share variable", "steps:\n- name: p\n  parallel:\n    branches:\n    - {name: b, steps: [{name: c, assign: {x: 1}}]}\n    - {name: d, steps: [{name: e, assign: {x: 2}}]}", "definition.steps[0].parallel.branches[1].steps[0].assign.x", "belongs to the parallel branch or for_each body \"p/b\""},
	{"parallel branch variable after step", "steps:\n- name: p\n  parallel:\n    branches: [{name: b, steps: [{name: c, assign: {x: 1}}]}]\n- {name: d, return: '{{ x }}'}", "definition.steps[1].return", "undeclared reference"},
	{"parallel output reads branch variable of other branch", "steps:\n- name: p\n  parallel:\n    branches:\n    - {name: b, steps: [{name: c, assign: {x: 1}}]}\n    - {name: d, steps: [], output: '{{ x }}'}", "definition.steps[0].parallel.branches[1].output", "undeclared reference"},
	{"for_each items not a list", "input: {n: int}\nsteps: [{name: a, for_each: {items: input.n, as: x, steps: []}}]", "definition.steps[0].for_each.items", "iterates over a list"},
	{"for_each without as", `steps: [{name: a, for_each: {items: "[1, 2]", steps: []}}]`, "definition.steps[0].for_each.as", `"as" is required`},
	{"for_each zero concurrency", `steps: [{name: a, for_each: {items: "[1, 2]", as: x, max_concurrency: 0, steps: []}}]`, "definition.steps[0].for_each.max_concurrency", "must be between 1 (one item after another) and 1000000"},
	{"for_each index equals as", `steps: [{name: a, for_each: {items: "[1, 2]", as: x, index: x, steps: []}}]`, "definition.steps[0].for_each.index", "both name"},
	{"for_each reserved item name", `steps: [{name: a, for_each: {items: "[1, 2]", as: input, steps: []}}]`, "definition.steps[0].for_each.as", "is reserved"},
	{"for_each assigns outer variable", "steps:\n- {name: a, assign: {total: 0}}\n- name: f\n  for_each: {items: '[1, 2]', as: x, steps: [{name: c, assign: {total: '{{ total + x }}'}}]}", "definition.steps[1].for_each.steps[0].assign.total", `through the for_each body's "output"`},
	{"for_each assigns item", `steps: [{name: a, for_each: {items: "[1, 2]", as: x, steps: [{name: c, assign: {x: 3}}]}}]`, "definition.steps[0].for_each.steps[0].assign.x", "only the for_each sets"},
	{"for_each return in body", `steps: [{name: a, for_each: {items: "[1, 2]", as: x, steps: [{name: c, return: 1}]}}]`, "definition.steps[0].for_each.steps[0].return", "Return not allowed here"},
	{"for_each item after step", "steps:\n- {name: a, for_each: {items: '[1, 2]', as: x, steps: []}}\n- {name: b, return: '{{ x }}'}", "definition.steps[1].return", "undeclared reference"},
	{"for_each item name assigned before", "steps:\n- {name: a, assign: {x: 1}}\n- {name: b, for_each: {items: '[1, 2]', as: x, steps: []}}", "definition.steps[1].for_each.as", "cannot also be the item or index variable"},
	{"for_each nested item reuse", "steps:\n- name: a\n  for_each:\n    items: '[1, 2]'\n    as: x\n    steps: [{name: b, for_each: {items: '[3]', as: x, steps: []}}]", "definition.steps[0].for_each.steps[0].for_each.as", "already in scope"},
	{"loop with both conditions", `steps: [{name: a, loop: {while: "true", until: "true", max_iterations: 3, steps: []}}]`, "definition.steps[0].loop", "exactly one of"},
	{"loop without condition", `steps: [{name: a, loop: {max_iterations: 3, steps: []}}]`, "definition.steps[0].loop", "exactly one of"},
	{"loop without bound", `steps: [{name: a, loop: {while: "true", steps: []}}]`, "definition.steps[0].loop.max_iterations", "LoopLimitExceeded"},
	{"loop zero bound", `steps: [{name: a, loop: {while: "true", max_iterations: 0, steps: []}}]`, "definition.steps[0].loop.max_iterations", "between 1 and"},
	{"loop non-bool condition", `steps: [{name: a, loop: {while: "1", max_iterations: 2, steps: []}}]`, "definition.steps[0].loop.while", "conditions must be bool"},
	{"loop without steps", `steps: [{name: a, loop: {until: "true", max_iterations: 2}}]`, "definition.steps[0].loop.steps", `needs a "steps" list`},
	{"loop while reads body variable", `steps: [{name: a, loop: {while: "n < 3", max_iterations: 5, steps: [{name: b, assign: {n: 1}}]}}]`, "definition.steps[0].loop.while", "undeclared reference"},
	{"try without handler", `steps: [{name: a, try: {steps: []}}]`, "definition.steps[0].try", "at least one of"},
	{"try without steps", `steps: [{name: a, try: {finally: []}}]`, "definition.steps[0].try.steps", `needs a "steps" list`},
	{"try return in catch with finally", `steps: [{name: a, try: {steps: [], catch: [{errors: [any], steps: [{name: b, return: 1}]}], finally: []}}]`, "definition.steps[0].try.catch[0].steps[0].return", "skip the finally steps"},
	{"try catch reads variable of steps", "steps:\n- name: a\n  try:\n    steps: [{name: b, assign: {x: 1}}]\n    catch: [{errors: [any], steps: [{name: c, return: '{{ x }}'}]}]", "definition.steps[0].try.catch[0].steps[0].return", "undeclared reference"},
	{"try finally reads variable of steps", "steps:\n- name: a\n  try:\n    steps: [{name: b, assign: {x: 1}}]\n    finally: [{name: c, assign: {y: '{{ x }}'}}]", "definition.steps[0].try.finally[0].assign.y", "undeclared reference"},
	{"try catch bad error", `steps: [{name: a, try: {steps: [], catch: [{errors: [permision], steps: []}]}}]`, "definition.steps[0].try.catch[0].errors[0]", `Did you mean "permission"?`},
	{"await without notify", `steps: [{name: a, await_callback: {timeout: 1h}}]`, "definition.steps[0].await_callback.notify", `"notify" is required`},
	{"await without timeout", `steps: [{name: a, await_callback: {notify: {http: {method: POST, url: "https://x"}}}}]`, "definition.steps[0].await_callback.timeout", `"timeout" is required`},
	{"await native notify", `steps: [{name: a, await_callback: {timeout: 1h, notify: {native: {aws: {resource: x}}}}}]`, "definition.steps[0].await_callback.notify", `exactly one of "http", "function"`},
	{"await notify with result", `steps: [{name: a, await_callback: {timeout: 1h, notify: {http: {method: POST, url: "https://x"}, result: r}}}]`, "definition.steps[0].await_callback.notify.result", "is not a valid attribute"},
	{"await callback outside notify", `steps: [{name: a, await_callback: {timeout: 1h, notify: {http: {method: POST, url: "https://x"}}, result: r}}, {name: b, return: "{{ callback.url }}"}]`, "definition.steps[1].return", "undeclared reference"},
	{"await result named callback", `steps: [{name: a, await_callback: {timeout: 1h, notify: {http: {method: POST, url: "https://x"}}, result: callback}}]`, "definition.steps[0].await_callback.result", "is reserved"},
	{"input not object", "input: string\nsteps: [{name: a, return: 1}]", "definition.input", "must be an object"},
	{"input unknown type", "input: {a: strng}\nsteps: [{name: a, return: 1}]", "definition.input.a", `Did you mean "string"?`},
	{"input bad field name", "input: {my-field: string}\nsteps: [{name: a, return: 1}]", "definition.input.my-field", "must be identifiers"},
}

func TestDecodeRejectsInvalidDefinitions(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			w, diags := DecodeYAML([]byte(tc.yaml))

			if w != nil {
				t.Fatalf("expected no workflow, got one")
			}

			errs := diags.Errors()
			if len(errs) == 0 {
				t.Fatalf("expected an error diagnostic, got none")
			}

			first := errs[0]
			if got := first.Path.String(); got != tc.path {
				t.Errorf("path = %q, want %q (all: %s)", got, tc.path, diags.Error())
			}

			if !strings.Contains(first.Summary+": "+first.Detail, tc.want) {
				t.Errorf("message %q does not contain %q", first.Summary+": "+first.Detail, tc.want)
			}
		})
	}
}

func TestDecodeNamesStepInDiagnostic(t *testing.T) {
	_, diags := DecodeYAML([]byte(`steps: [{name: charge, call: {http: {method: GET}}}]`))

	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("want 1 error, got %d: %s", len(errs), diags.Error())
	}

	if errs[0].Step != "charge" {
		t.Errorf("step = %q, want charge", errs[0].Step)
	}

	if !strings.Contains(errs[0].Detail, `Step "charge"`) {
		t.Errorf("detail %q does not name the step", errs[0].Detail)
	}
}

func TestDecodeAcceptsCorpus(t *testing.T) {
	files, err := filepath.Glob("../translate/testdata/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files found: %v", err)
	}

	flow, _ := filepath.Glob("../translate/testdata/flow/*.yaml")
	if len(flow) == 0 {
		t.Fatalf("no control-flow corpus files found")
	}

	examples, _ := filepath.Glob("../../examples/*/workflow.yaml")
	files = append(files, flow...)
	files = append(files, examples...)

	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}

			w, diags := DecodeYAML(data)
			if diags.HasErrors() {
				t.Fatalf("decode failed:\n%s", diags.Error())
			}

			if len(w.Steps) == 0 {
				t.Errorf("no steps decoded")
			}
		})
	}
}

func TestDecodeJSONAndYAMLAgree(t *testing.T) {
	yamlDoc := "input: {n: int}\nsteps:\n- {name: a, assign: {x: '{{ input.n * 2 }}', y: 1.5}}\n- {name: b, return: '{{ x }}'}\n"
	jsonDoc := `{"input": {"n": "int"}, "steps": [{"name": "a", "assign": {"x": "{{ input.n * 2 }}", "y": 1.5}}, {"name": "b", "return": "{{ x }}"}]}`

	wy, dy := DecodeYAML([]byte(yamlDoc))
	wj, dj := DecodeJSON([]byte(jsonDoc))

	if dy.HasErrors() || dj.HasErrors() {
		t.Fatalf("decode failed: %s / %s", dy.Error(), dj.Error())
	}

	if len(wy.Variables) != 2 || len(wj.Variables) != 2 {
		t.Fatalf("want 2 variables each, got %d and %d", len(wy.Variables), len(wj.Variables))
	}

	for i := range wy.Variables {
		if wy.Variables[i].Name != wj.Variables[i].Name {
			t.Errorf("variable %d: %s vs %s", i, wy.Variables[i].Name, wj.Variables[i].Name)
		}

		if wy.Variables[i].Type.String() != wj.Variables[i].Type.String() {
			t.Errorf("variable %s: type %s vs %s", wy.Variables[i].Name, wy.Variables[i].Type, wj.Variables[i].Type)
		}
	}
}

func TestDecodeScopeAfterSwitchAndCatch(t *testing.T) {
	doc := `
steps:
  - name: pick
    switch:
      cases:
        - when: "true"
          steps: [{name: one, assign: {route: a}}]
        - when: "false"
          steps: [{name: stop, fail: {error: Stopped}}]
      default: [{name: two, assign: {route: b}}]
  - name: fetch
    call:
      http: {method: GET, url: "https://example.com"}
      result: resp
      catch:
        - errors: [any]
          steps: [{name: give_up, return: "{{ route }}"}]
  - name: done
    return: "{{ route + string(resp.status) }}"
`

	w, diags := DecodeYAML([]byte(doc))
	if diags.HasErrors() {
		t.Fatalf("decode failed:\n%s", diags.Error())
	}

	names := make([]string, len(w.Variables))
	for i, v := range w.Variables {
		names[i] = v.Name
	}

	if got := strings.Join(names, ","); got != "route,resp" {
		t.Errorf("variables = %s, want route,resp", got)
	}
}

func TestDecodeCatchCanSetResult(t *testing.T) {
	doc := `
steps:
  - name: fetch
    call:
      http: {method: GET, url: "https://rates.example.com"}
      result: rates
      catch:
        - errors: [any]
          steps:
            - name: fallback
              assign:
                rates: {status: 0, body: {fallback: true}}
  - name: done
    return: "{{ rates.body }}"
`

	w, diags := DecodeYAML([]byte(doc))
	if diags.HasErrors() {
		t.Fatalf("decode failed:\n%s", diags.Error())
	}

	if len(w.Variables) != 1 || w.Variables[0].Name != "rates" {
		t.Fatalf("variables = %+v, want only rates", w.Variables)
	}

	if got := w.Variables[0].Type.String(); !strings.Contains(got, "headers") {
		t.Errorf("rates has type %s, want the HTTP result type it was first given", got)
	}
}

func TestDecodeTemplateKeepsType(t *testing.T) {
	doc := "input: {n: int}\nsteps:\n- {name: a, assign: {whole: '{{ input.n }}', label: 'n={{ input.n }}'}}\n- {name: b, return: 1}\n"

	w, diags := DecodeYAML([]byte(doc))
	if diags.HasErrors() {
		t.Fatalf("decode failed:\n%s", diags.Error())
	}

	types := map[string]string{}
	for _, v := range w.Variables {
		types[v.Name] = v.Type.String()
	}

	if types["whole"] != "int" {
		t.Errorf("whole has type %s, want int", types["whole"])
	}

	if types["label"] != "string" {
		t.Errorf("label has type %s, want string", types["label"])
	}
}

func FuzzDecodeYAML(f *testing.F) {
	files, _ := filepath.Glob("../translate/testdata/*.yaml")
	flow, _ := filepath.Glob("../translate/testdata/flow/*.yaml")

	for _, file := range append(files, flow...) {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}

	for _, tc := range invalidCases {
		f.Add([]byte(tc.yaml))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		w, diags := DecodeYAML(data)

		if w == nil && !diags.HasErrors() {
			t.Fatalf("no workflow and no error diagnostic")
		}
	})
}

func TestDecodeConflictingKindsReportedOnce(t *testing.T) {
	_, diags := DecodeYAML([]byte(`steps: [{name: a, assign: {x: 1}, return: 1}]`))

	if n := len(diags.Errors()); n != 1 {
		t.Errorf("want 1 error, got %d:\n%s", n, diags.Error())
	}
}

func TestDecodeRetryMarksDefaultInterval(t *testing.T) {
	tests := []struct {
		name        string
		retry       string
		wantDefault bool
		wantSeconds int
	}{
		{"left out", "{max_retries: 2}", true, 1},
		{"null", "{max_retries: 2, initial_interval: null}", true, 1},
		{"written as the default", "{max_retries: 2, initial_interval: 1}", false, 1},
		{"written as a duration", "{max_retries: 2, initial_interval: 5s}", false, 5},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "steps:\n- name: a\n  call: {http: {method: GET, url: 'https://x.example'}, retry: " + tt.retry + "}\n"

			w, diags := DecodeYAML([]byte(doc))
			if diags.HasErrors() {
				t.Fatalf("decode failed:\n%s", diags.Error())
			}

			r := w.Steps[0].Kind.(*Call).Retry

			if r.DefaultInitialInterval != tt.wantDefault {
				t.Errorf("DefaultInitialInterval = %v, want %v", r.DefaultInitialInterval, tt.wantDefault)
			}

			if r.InitialInterval != tt.wantSeconds {
				t.Errorf("InitialInterval = %d, want %d", r.InitialInterval, tt.wantSeconds)
			}
		})
	}
}

// TestDecodeStringDefinitionNamesDecoders covers `definition = file(...)`
// in Terraform, which hands the decoder the file's text instead of the
// object that yamldecode would return.
func TestDecodeStringDefinitionNamesDecoders(t *testing.T) {
	for _, text := range []string{"steps:\n  - name: done\n    return: 1\n", "{}"} {
		w, diags := Decode(text)
		if w != nil {
			t.Fatalf("Decode(%q) returned a workflow", text)
		}

		errs := diags.Errors()
		if len(errs) != 1 {
			t.Fatalf("Decode(%q) returned %d errors, want 1:\n%s", text, len(errs), diags.Error())
		}

		if got := errs[0].Path.String(); got != "definition" {
			t.Errorf("path = %q, want definition", got)
		}

		if !strings.Contains(errs[0].Detail, "must be an object with the attributes input, steps") {
			t.Errorf("detail %q does not say what the definition must be", errs[0].Detail)
		}

		if !strings.Contains(errs[0].Detail, `decode it with yamldecode(file("workflow.yaml")) or jsondecode(file("workflow.json"))`) {
			t.Errorf("detail %q does not name the decode functions", errs[0].Detail)
		}
	}
}
