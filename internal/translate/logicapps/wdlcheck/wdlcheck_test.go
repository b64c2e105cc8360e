package wdlcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// validDefinition returns a small definition that uses every action type the
// translator emits, as a fresh value that a test case can change.
func validDefinition() map[string]any {
	return decodeMap(`{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {},
  "triggers": {
    "manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {"type": "object"}}}
  },
  "actions": {
    "workflow__init_count": {
      "type": "InitializeVariable",
      "inputs": {"variables": [{"name": "count", "type": "integer", "value": 0}]},
      "runAfter": {}
    },
    "fetch": {
      "type": "Http",
      "inputs": {
        "method": "GET",
        "uri": "https://example.com/items/@{triggerBody()?['id']}",
        "authentication": {"type": "ManagedServiceIdentity", "audience": "api://example"},
        "retryPolicy": {"type": "exponential", "count": 3, "interval": "PT5S", "minimumInterval": "PT5S", "maximumInterval": "PT1M"}
      },
      "runAfter": {"workflow__init_count": ["Succeeded"]}
    },
    "score": {
      "type": "Function",
      "inputs": {"function": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/score"}, "body": "@body('fetch')", "retryPolicy": {"type": "none"}},
      "runAfter": {"fetch": ["Succeeded"]}
    },
    "score__handler": {
      "type": "Scope",
      "actions": {
        "score__catch0": {
          "type": "If",
          "expression": "@equals(actions('score')?['status'], 'TimedOut')",
          "actions": {},
          "else": {"actions": {
            "score__unhandled": {"type": "Terminate", "inputs": {"runStatus": "Failed", "runError": {"code": "@{actions('score')?['error']?['code']}", "message": "failed"}}, "runAfter": {}}
          }},
          "runAfter": {}
        }
      },
      "runAfter": {"score": ["Failed", "TimedOut"]}
    },
    "count__old_count": {
      "type": "Compose",
      "inputs": "@variables('count')",
      "runAfter": {"score": ["Succeeded", "Failed", "TimedOut"], "score__handler": ["Succeeded", "Skipped"]}
    },
    "count": {
      "type": "SetVariable",
      "inputs": {"name": "count", "value": "@add(outputs('count__old_count'), 1)"},
      "runAfter": {"count__old_count": ["Succeeded"]}
    },
    "pause": {"type": "Wait", "inputs": {"interval": {"count": 5, "unit": "Second"}}, "runAfter": {"count": ["Succeeded"]}},
    "until": {"type": "Wait", "inputs": {"until": {"timestamp": "2030-01-01T00:00:00Z"}}, "runAfter": {"pause": ["Succeeded"]}},
    "reply": {"type": "Response", "inputs": {"statusCode": 200, "body": {"count": "@variables('count')", "note": "@@literal"}}, "runAfter": {"until": ["Succeeded"]}}
  },
  "outputs": {}
}`)
}

func decodeMap(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err)
	}

	return m
}

func encode(t *testing.T, v any) []byte {
	t.Helper()

	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}

	return data
}

// at walks a definition by keys and returns the object found there.
func at(def map[string]any, keys ...string) map[string]any {
	cur := def
	for _, k := range keys {
		cur = cur[k].(map[string]any)
	}

	return cur
}

func TestCheckValidDefinition(t *testing.T) {
	if err := Check(encode(t, validDefinition())); err != nil {
		t.Fatalf("Check reported problems for a valid definition:\n%v", err)
	}
}

func TestCheckReportsBrokenDefinitions(t *testing.T) {
	tests := []struct {
		name        string
		mutate      func(def map[string]any)
		wantPointer string
		wantMessage string
	}{
		{
			name:        "missing schema",
			mutate:      func(def map[string]any) { delete(def, "$schema") },
			wantPointer: "/$schema",
			wantMessage: "missing $schema",
		},
		{
			name:        "wrong schema",
			mutate:      func(def map[string]any) { def["$schema"] = "https://example.com/schema.json" },
			wantPointer: "/$schema",
			wantMessage: "$schema must be",
		},
		{
			name:        "unknown definition property",
			mutate:      func(def map[string]any) { def["steps"] = []any{} },
			wantPointer: "/steps",
			wantMessage: "unknown definition property",
		},
		{
			name:        "missing triggers",
			mutate:      func(def map[string]any) { delete(def, "triggers") },
			wantPointer: "/triggers",
			wantMessage: "missing triggers",
		},
		{
			name: "missing manual trigger",
			mutate: func(def map[string]any) {
				def["triggers"] = map[string]any{"other": map[string]any{"type": "Request", "kind": "Http"}}
			},
			wantPointer: "/triggers",
			wantMessage: "missing the Request trigger \"manual\"",
		},
		{
			name:        "manual trigger of another type",
			mutate:      func(def map[string]any) { at(def, "triggers", "manual")["type"] = "Recurrence" },
			wantPointer: "/triggers/manual/type",
			wantMessage: "must have type \"Request\"",
		},
		{
			name: "runAfter names a missing action",
			mutate: func(def map[string]any) {
				at(def, "actions", "pause")["runAfter"] = map[string]any{"nothing": []any{"Succeeded"}}
			},
			wantPointer: "/actions/pause/runAfter/nothing",
			wantMessage: "not an action in the same scope",
		},
		{
			name: "runAfter names an action in another scope",
			mutate: func(def map[string]any) {
				at(def, "actions", "score__handler", "actions", "score__catch0")["runAfter"] = map[string]any{"fetch": []any{"Succeeded"}}
			},
			wantPointer: "/actions/score__handler/actions/score__catch0/runAfter/fetch",
			wantMessage: "not an action in the same scope",
		},
		{
			name: "action runs after itself",
			mutate: func(def map[string]any) {
				at(def, "actions", "pause")["runAfter"] = map[string]any{"pause": []any{"Succeeded"}}
			},
			wantPointer: "/actions/pause/runAfter/pause",
			wantMessage: "runs after itself",
		},
		{
			name: "runAfter cycle",
			mutate: func(def map[string]any) {
				at(def, "actions", "fetch")["runAfter"] = map[string]any{"reply": []any{"Succeeded"}}
			},
			wantPointer: "/actions",
			wantMessage: "runAfter cycle: ",
		},
		{
			name: "unknown run-after status",
			mutate: func(def map[string]any) {
				at(def, "actions", "pause")["runAfter"] = map[string]any{"count": []any{"Completed"}}
			},
			wantPointer: "/actions/pause/runAfter/count",
			wantMessage: "run-after status must be one of",
		},
		{
			name:        "empty run-after statuses",
			mutate:      func(def map[string]any) { at(def, "actions", "pause")["runAfter"] = map[string]any{"count": []any{}} },
			wantPointer: "/actions/pause/runAfter/count",
			wantMessage: "non-empty array",
		},
		{
			name:        "unknown action type",
			mutate:      func(def map[string]any) { at(def, "actions", "pause")["type"] = "Sleep" },
			wantPointer: "/actions/pause/type",
			wantMessage: "unknown action type",
		},
		{
			name:        "missing action type",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "pause"), "type") },
			wantPointer: "/actions/pause",
			wantMessage: "missing action type",
		},
		{
			name:        "unknown action property",
			mutate:      func(def map[string]any) { at(def, "actions", "pause")["runafter"] = map[string]any{} },
			wantPointer: "/actions/pause/runafter",
			wantMessage: "unknown property \"runafter\"",
		},
		{
			name:        "Http without uri",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "fetch", "inputs"), "uri") },
			wantPointer: "/actions/fetch/inputs",
			wantMessage: "missing required property \"uri\"",
		},
		{
			name:        "Http without method",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "fetch", "inputs"), "method") },
			wantPointer: "/actions/fetch/inputs",
			wantMessage: "missing required property \"method\"",
		},
		{
			name:        "Http with unknown authentication",
			mutate:      func(def map[string]any) { at(def, "actions", "fetch", "inputs", "authentication")["type"] = "OIDC" },
			wantPointer: "/actions/fetch/inputs/authentication/type",
			wantMessage: "authentication type must be one of",
		},
		{
			name:        "Function without id",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["function"] = map[string]any{} },
			wantPointer: "/actions/score/inputs/function",
			wantMessage: "missing required property \"id\"",
		},
		{
			name: "InitializeVariable without type",
			mutate: func(def map[string]any) {
				at(def, "actions", "workflow__init_count", "inputs")["variables"] = []any{map[string]any{"name": "count"}}
			},
			wantPointer: "/actions/workflow__init_count/inputs/variables/0",
			wantMessage: "missing required property \"type\"",
		},
		{
			name: "InitializeVariable with unknown type",
			mutate: func(def map[string]any) {
				at(def, "actions", "workflow__init_count", "inputs")["variables"] = []any{map[string]any{"name": "count", "type": "int"}}
			},
			wantPointer: "/actions/workflow__init_count/inputs/variables/0/type",
			wantMessage: "variable type must be one of",
		},
		{
			name: "InitializeVariable inside a scope",
			mutate: func(def map[string]any) {
				at(def, "actions", "score__handler", "actions")["nested_init"] = map[string]any{
					"type":   "InitializeVariable",
					"inputs": map[string]any{"variables": []any{map[string]any{"name": "other", "type": "string"}}},
				}
			},
			wantPointer: "/actions/score__handler/actions/nested_init",
			wantMessage: "must be at the top level",
		},
		{
			name:        "SetVariable without value",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "count", "inputs"), "value") },
			wantPointer: "/actions/count/inputs",
			wantMessage: "missing required property \"value\"",
		},
		{
			name:        "SetVariable of an undeclared variable",
			mutate:      func(def map[string]any) { at(def, "actions", "count", "inputs")["name"] = "total" },
			wantPointer: "/actions/count/inputs/name",
			wantMessage: "which no InitializeVariable action declares",
		},
		{
			name: "SetVariable reads its own variable",
			mutate: func(def map[string]any) {
				at(def, "actions", "count", "inputs")["value"] = "@add(variables('count'), 1)"
			},
			wantPointer: "/actions/count/inputs/value",
			wantMessage: "rejects self references",
		},
		{
			name: "If without expression",
			mutate: func(def map[string]any) {
				delete(at(def, "actions", "score__handler", "actions", "score__catch0"), "expression")
			},
			wantPointer: "/actions/score__handler/actions/score__catch0",
			wantMessage: "missing required property \"expression\"",
		},
		{
			name: "If without actions",
			mutate: func(def map[string]any) {
				delete(at(def, "actions", "score__handler", "actions", "score__catch0"), "actions")
			},
			wantPointer: "/actions/score__handler/actions/score__catch0",
			wantMessage: "missing required property \"actions\"",
		},
		{
			name: "If with a literal condition",
			mutate: func(def map[string]any) {
				at(def, "actions", "score__handler", "actions", "score__catch0")["expression"] = "true"
			},
			wantPointer: "/actions/score__handler/actions/score__catch0/expression",
			wantMessage: "must be an expression starting with \"@\"",
		},
		{
			name:        "Scope without actions",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "score__handler"), "actions") },
			wantPointer: "/actions/score__handler",
			wantMessage: "missing required property \"actions\"",
		},
		{
			name:        "Wait without interval or until",
			mutate:      func(def map[string]any) { at(def, "actions", "pause")["inputs"] = map[string]any{} },
			wantPointer: "/actions/pause/inputs",
			wantMessage: "exactly one of \"interval\" and \"until\"",
		},
		{
			name: "Wait with interval and until",
			mutate: func(def map[string]any) {
				at(def, "actions", "pause", "inputs")["until"] = map[string]any{"timestamp": "2030-01-01T00:00:00Z"}
			},
			wantPointer: "/actions/pause/inputs",
			wantMessage: "exactly one of \"interval\" and \"until\"",
		},
		{
			name:        "Wait with an unknown unit",
			mutate:      func(def map[string]any) { at(def, "actions", "pause", "inputs", "interval")["unit"] = "Seconds" },
			wantPointer: "/actions/pause/inputs/interval/unit",
			wantMessage: "unit must be one of",
		},
		{
			name: "Terminate without runStatus",
			mutate: func(def map[string]any) {
				delete(at(def, "actions", "score__handler", "actions", "score__catch0", "else", "actions", "score__unhandled", "inputs"), "runStatus")
			},
			wantPointer: "/actions/score__handler/actions/score__catch0/else/actions/score__unhandled/inputs",
			wantMessage: "missing required property \"runStatus\"",
		},
		{
			name: "Terminate with runError and Succeeded",
			mutate: func(def map[string]any) {
				at(def, "actions", "score__handler", "actions", "score__catch0", "else", "actions", "score__unhandled", "inputs")["runStatus"] = "Succeeded"
			},
			wantPointer: "/actions/score__handler/actions/score__catch0/else/actions/score__unhandled/inputs/runError",
			wantMessage: "only with runStatus \"Failed\"",
		},
		{
			name:        "Response without statusCode",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "reply", "inputs"), "statusCode") },
			wantPointer: "/actions/reply/inputs",
			wantMessage: "missing required property \"statusCode\"",
		},
		{
			name:        "Compose without inputs",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "count__old_count"), "inputs") },
			wantPointer: "/actions/count__old_count",
			wantMessage: "missing required property \"inputs\"",
		},
		{
			name:        "unclosed parenthesis",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@body('fetch'" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "unclosed '(' opened at offset 4",
		},
		{
			name:        "unexpected closing parenthesis",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@body('fetch'))" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "unexpected ')' at offset 13",
		},
		{
			name:        "unterminated string literal",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@body('fetch)" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "unterminated string literal at offset 5",
		},
		{
			name:        "mismatched bracket",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@body('fetch')['id')" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "')' at offset 18 closes '[' opened at offset 13",
		},
		{
			name: "unterminated interpolation",
			mutate: func(def map[string]any) {
				at(def, "actions", "fetch", "inputs")["uri"] = "https://example.com/@{triggerBody()"
			},
			wantPointer: "/actions/fetch/inputs/uri",
			wantMessage: "unterminated \"@{\"",
		},
		{
			name: "unbalanced interpolation",
			mutate: func(def map[string]any) {
				at(def, "actions", "fetch", "inputs")["uri"] = "https://example.com/@{triggerBody()?['id'}"
			},
			wantPointer: "/actions/fetch/inputs/uri",
			wantMessage: "unclosed '['",
		},
		{
			name:        "missing comma",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@concat('a' 'b')" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "expected \",\" or ')'",
		},
		{
			name:        "unknown function",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@frobnicate(1)" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "unknown function \"frobnicate\"",
		},
		{
			name:        "bare identifier",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@count" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "is not a function call or a constant",
		},
		{
			name:        "empty expression",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "x @{} y" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "empty expression",
		},
		{
			name:        "reference to a missing action",
			mutate:      func(def map[string]any) { at(def, "actions", "score", "inputs")["body"] = "@body('nothing')" },
			wantPointer: "/actions/score/inputs/body",
			wantMessage: "body('nothing') names an action that the definition does not contain",
		},
		{
			name:        "reference to an undeclared variable",
			mutate:      func(def map[string]any) { at(def, "actions", "reply", "inputs")["body"] = "@variables('total')" },
			wantPointer: "/actions/reply/inputs/body",
			wantMessage: "names variable \"total\"",
		},
		{
			name: "reference to an undeclared parameter",
			mutate: func(def map[string]any) {
				at(def, "actions", "reply", "inputs")["body"] = "@parameters('$connections')"
			},
			wantPointer: "/actions/reply/inputs/body",
			wantMessage: "parameters('$connections') names a parameter that the definition does not declare",
		},
		{
			name: "expression over the length limit",
			mutate: func(def map[string]any) {
				at(def, "actions", "reply", "inputs")["body"] = "@concat('" + strings.Repeat("a", MaxExpressionLength) + "')"
			},
			wantPointer: "/actions/reply/inputs/body",
			wantMessage: "at most 8192 characters per expression",
		},
		{
			name:        "duplicate action name in another scope",
			mutate:      func(def map[string]any) { at(def, "actions", "score__handler", "actions")["fetch"] = composeAction() },
			wantPointer: "/actions/score__handler/actions/fetch",
			wantMessage: "action name \"fetch\" is already used at /actions/fetch",
		},
		{
			name:        "action name over 80 characters",
			mutate:      func(def map[string]any) { at(def, "actions")[strings.Repeat("n", 81)] = composeAction() },
			wantPointer: "/actions/" + strings.Repeat("n", 81),
			wantMessage: "the name has 81 characters",
		},
		{
			name:        "nesting deeper than 8",
			mutate:      func(def map[string]any) { at(def, "actions")["deep"] = nestedScopes(MaxNestingDepth + 1) },
			wantPointer: "/actions/deep" + nestedPointer(MaxNestingDepth+1),
			wantMessage: "nested 9 levels deep",
		},
		{
			name: "more than 500 actions",
			mutate: func(def map[string]any) {
				for i := range MaxActions {
					at(def, "actions")[fmt.Sprintf("extra%d", i)] = composeAction()
				}
			},
			wantPointer: "/actions",
			wantMessage: "at most 500 actions per workflow",
		},
		{
			name: "more than 250 variables",
			mutate: func(def map[string]any) {
				var vars []any
				for i := range MaxVariables {
					vars = append(vars, map[string]any{"name": fmt.Sprintf("v%d", i), "type": "string"})
				}

				at(def, "actions")["more_vars"] = map[string]any{"type": "InitializeVariable", "inputs": map[string]any{"variables": vars}}
			},
			wantPointer: "/actions",
			wantMessage: "at most 250 variables per workflow",
		},
		{
			name:        "retry count over 90",
			mutate:      func(def map[string]any) { at(def, "actions", "fetch", "inputs", "retryPolicy")["count"] = 91 },
			wantPointer: "/actions/fetch/inputs/retryPolicy/count",
			wantMessage: "integer from 1 to 90",
		},
		{
			name:        "retry interval under 5 seconds",
			mutate:      func(def map[string]any) { at(def, "actions", "fetch", "inputs", "retryPolicy")["interval"] = "PT1S" },
			wantPointer: "/actions/fetch/inputs/retryPolicy/interval",
			wantMessage: "outside the allowed range PT5S to P1D",
		},
		{
			name: "retry interval over a day",
			mutate: func(def map[string]any) {
				at(def, "actions", "fetch", "inputs", "retryPolicy")["maximumInterval"] = "P2D"
			},
			wantPointer: "/actions/fetch/inputs/retryPolicy/maximumInterval",
			wantMessage: "outside the allowed range PT5S to P1D",
		},
		{
			name:        "retry interval not a duration",
			mutate:      func(def map[string]any) { at(def, "actions", "fetch", "inputs", "retryPolicy")["interval"] = "5s" },
			wantPointer: "/actions/fetch/inputs/retryPolicy/interval",
			wantMessage: "ISO 8601 duration",
		},
		{
			name: "retry minimum above maximum",
			mutate: func(def map[string]any) {
				at(def, "actions", "fetch", "inputs", "retryPolicy")["minimumInterval"] = "PT2M"
			},
			wantPointer: "/actions/fetch/inputs/retryPolicy/minimumInterval",
			wantMessage: "longer than maximumInterval",
		},
		{
			name:        "unknown retry type",
			mutate:      func(def map[string]any) { at(def, "actions", "fetch", "inputs", "retryPolicy")["type"] = "linear" },
			wantPointer: "/actions/fetch/inputs/retryPolicy/type",
			wantMessage: "retry policy type must be one of",
		},
		{
			name:        "fixed retry with a maximum",
			mutate:      func(def map[string]any) { at(def, "actions", "fetch", "inputs", "retryPolicy")["type"] = "fixed" },
			wantPointer: "/actions/fetch/inputs/retryPolicy/minimumInterval",
			wantMessage: "not allowed in a \"fixed\" retry policy",
		},
		{
			name: "Switch with more than 25 cases",
			mutate: func(def map[string]any) {
				cases := map[string]any{}
				for i := range MaxSwitchCases + 1 {
					cases[fmt.Sprintf("Case_%d", i)] = map[string]any{"case": i, "actions": map[string]any{}}
				}

				at(def, "actions")["route"] = map[string]any{"type": "Switch", "expression": "@variables('count')", "cases": cases}
			},
			wantPointer: "/actions/route/cases",
			wantMessage: "at most 25",
		},
		{
			name: "Switch with duplicate case values",
			mutate: func(def map[string]any) {
				cases := map[string]any{
					"a": map[string]any{"case": 1, "actions": map[string]any{}},
					"b": map[string]any{"case": 1, "actions": map[string]any{}},
				}

				at(def, "actions")["route"] = map[string]any{"type": "Switch", "expression": "@variables('count')", "cases": cases}
			},
			wantPointer: "/actions/route/cases/b/case",
			wantMessage: "case values must be unique",
		},
		{
			name: "Response inside a loop",
			mutate: func(def map[string]any) {
				at(def, "actions")["loop"] = map[string]any{
					"type":    "Foreach",
					"foreach": "@createArray(1, 2)",
					"actions": map[string]any{"loop_reply": map[string]any{"type": "Response", "inputs": map[string]any{"statusCode": 200}}},
				}
			},
			wantPointer: "/actions/loop/actions/loop_reply",
			wantMessage: "not allowed inside Foreach or Until loops",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := validDefinition()
			tt.mutate(def)

			assertProblem(t, Check(encode(t, def)), tt.wantPointer, tt.wantMessage)
		})
	}
}

func TestCheckReportsBrokenJSON(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		wantPointer string
		wantMessage string
	}{
		{name: "not JSON", text: `{"actions": `, wantPointer: "", wantMessage: "invalid JSON"},
		{name: "trailing data", text: `{} {}`, wantPointer: "", wantMessage: "unexpected data after the top-level value"},
		{name: "array document", text: `[]`, wantPointer: "", wantMessage: "must be a JSON object"},
		{
			name:        "duplicate action key",
			text:        `{"actions": {"a": {"type": "Compose", "inputs": 1}, "a": {"type": "Compose", "inputs": 2}}}`,
			wantPointer: "/actions/a",
			wantMessage: "duplicate key \"a\"",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblem(t, Check([]byte(tt.text)), tt.wantPointer, tt.wantMessage)
		})
	}
}

func TestCheckListsEveryProblem(t *testing.T) {
	def := validDefinition()
	delete(at(def, "actions", "fetch", "inputs"), "uri")
	at(def, "actions", "pause", "inputs", "interval")["unit"] = "Seconds"
	at(def, "actions", "reply", "inputs")["body"] = "@frobnicate()"

	var problems Problems
	if !errors.As(Check(encode(t, def)), &problems) {
		t.Fatal("Check returned no Problems")
	}

	if len(problems) != 3 {
		t.Errorf("got %d problems, want 3:\n%v", len(problems), problems)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		text string
		want float64
	}{
		{"PT5S", 5},
		{"PT1M30S", 90},
		{"PT2H", 7200},
		{"P1D", 86400},
		{"P1DT1S", 86401},
		{"PT0.5S", 0.5},
	}

	for _, tt := range tests {
		got, err := parseDuration(tt.text)
		if err != nil {
			t.Errorf("parseDuration(%q) failed: %v", tt.text, err)
			continue
		}

		if got != tt.want {
			t.Errorf("parseDuration(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}

	for _, bad := range []string{"", "P", "PT", "5S", "PT5", "P1DT"} {
		if _, err := parseDuration(bad); err == nil {
			t.Errorf("parseDuration(%q) succeeded, want an error", bad)
		}
	}
}

func composeAction() map[string]any {
	return map[string]any{"type": "Compose", "inputs": 1}
}

// nestedScopes returns a Scope whose innermost action, named level<depth>,
// sits depth levels below it.
func nestedScopes(depth int) map[string]any {
	inner := composeAction()
	for i := depth; i >= 1; i-- {
		inner = map[string]any{"type": "Scope", "actions": map[string]any{fmt.Sprintf("level%d", i): inner}}
	}

	return inner
}

// nestedPointer is the JSON Pointer of the innermost action of
// nestedScopes(depth), relative to the outer Scope.
func nestedPointer(depth int) string {
	var b strings.Builder
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "/actions/level%d", i)
	}

	return b.String()
}

func assertProblem(t *testing.T, err error, wantPointer, wantMessage string) {
	t.Helper()

	var problems Problems
	if !errors.As(err, &problems) {
		t.Fatalf("Check returned %v, want Problems", err)
	}

	for _, p := range problems {
		if p.Pointer == wantPointer && strings.Contains(p.Message, wantMessage) {
			return
		}
	}

	t.Errorf("no problem at %q containing %q; got:\n%v", wantPointer, wantMessage, problems)
}

func TestCheckAcceptsLimits(t *testing.T) {
	def := validDefinition()
	at(def, "actions")["deep"] = nestedScopes(MaxNestingDepth)

	// The valid definition has 11 actions, and the nested Scopes add 9.
	for i := range MaxActions - 11 - (MaxNestingDepth + 1) {
		at(def, "actions")[fmt.Sprintf("extra%d", i)] = composeAction()
	}

	if err := Check(encode(t, def)); err != nil {
		t.Fatalf("Check reported problems for a definition at the limits:\n%v", err)
	}
}
