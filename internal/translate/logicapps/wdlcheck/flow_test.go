package wdlcheck

import (
	"testing"
)

// flowDefinition returns a definition with the control-flow and call
// actions that the translator emits for loops, try steps, callbacks and
// nested workflows, as a fresh value that a test case can change.
func flowDefinition() map[string]any {
	return decodeMap(`{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {},
  "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}},
  "actions": {
    "workflow__init_out": {"type": "InitializeVariable", "inputs": {"variables": [{"name": "out", "type": "array"}]}, "runAfter": {}},
    "each": {
      "type": "Foreach",
      "foreach": "@createArray(1, 2, 3)",
      "runtimeConfiguration": {"concurrency": {"repetitions": 50}},
      "actions": {
        "each__output": {"type": "AppendToArrayVariable", "inputs": {"name": "out", "value": {"index": "@items('each')"}}, "runAfter": {}}
      },
      "runAfter": {"workflow__init_out": ["Succeeded"]}
    },
    "sorted": {
      "type": "Select",
      "inputs": {"from": "@sort(variables('out'), 'index')", "select": "@item()?['index']"},
      "runAfter": {"each": ["Succeeded"]}
    },
    "poll": {
      "type": "Until",
      "expression": "@greater(iterationIndexes('poll'), 3)",
      "limit": {"count": 5000, "timeout": "P90D"},
      "actions": {"pause": {"type": "Wait", "inputs": {"interval": {"count": 5, "unit": "Second"}}, "runAfter": {}}},
      "runAfter": {"sorted": ["Succeeded"]}
    },
    "guarded": {
      "type": "Scope",
      "actions": {
        "child": {
          "type": "Workflow",
          "inputs": {
            "host": {"workflow": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/child"}, "triggerName": "manual"},
            "body": {"a": 1},
            "retryPolicy": {"type": "none"}
          },
          "runAfter": {}
        },
        "approval": {
          "type": "HttpWebhook",
          "inputs": {
            "subscribe": {"method": "POST", "uri": "https://example.com/subscribe", "body": {"url": "@{listCallbackUrl()}"}},
            "unsubscribe": {"method": "POST", "uri": "https://example.com/unsubscribe"}
          },
          "limit": {"timeout": "PT24H"},
          "runAfter": {"child": ["Succeeded"]}
        }
      },
      "runAfter": {"poll": ["Succeeded"]}
    },
    "guarded__failures": {
      "type": "Query",
      "inputs": {"from": "@result('guarded')", "where": "@equals(item()?['status'], 'Failed')"},
      "runAfter": {"guarded": ["Failed", "TimedOut"]}
    }
  },
  "outputs": {}
}`)
}

func TestCheckValidFlowDefinition(t *testing.T) {
	if err := Check(encode(t, flowDefinition())); err != nil {
		t.Fatalf("Check reported problems for a valid definition:\n%v", err)
	}
}

func TestCheckReportsBrokenFlowActions(t *testing.T) {
	tests := []struct {
		name        string
		mutate      func(def map[string]any)
		wantPointer string
		wantMessage string
	}{
		{
			name: "Foreach concurrency above 50",
			mutate: func(def map[string]any) {
				at(def, "actions", "each", "runtimeConfiguration", "concurrency")["repetitions"] = 51
			},
			wantPointer: "/actions/each/runtimeConfiguration/concurrency/repetitions",
			wantMessage: "from 1 to 50",
		},
		{
			name: "Foreach concurrency zero",
			mutate: func(def map[string]any) {
				at(def, "actions", "each", "runtimeConfiguration", "concurrency")["repetitions"] = 0
			},
			wantPointer: "/actions/each/runtimeConfiguration/concurrency/repetitions",
			wantMessage: "from 1 to 50",
		},
		{
			name:        "Sequential Foreach with concurrency",
			mutate:      func(def map[string]any) { at(def, "actions", "each")["operationOptions"] = "Sequential" },
			wantPointer: "/actions/each/operationOptions",
			wantMessage: "runs one iteration at a time",
		},
		{
			name:        "Sequential on a Scope",
			mutate:      func(def map[string]any) { at(def, "actions", "guarded")["operationOptions"] = "Sequential" },
			wantPointer: "/actions/guarded/operationOptions",
			wantMessage: "applies only to Foreach actions",
		},
		{
			name:        "Foreach items not an expression",
			mutate:      func(def map[string]any) { at(def, "actions", "each")["foreach"] = "items" },
			wantPointer: "/actions/each/foreach",
			wantMessage: "must be an expression",
		},
		{
			name:        "Until count above 5000",
			mutate:      func(def map[string]any) { at(def, "actions", "poll", "limit")["count"] = 5001 },
			wantPointer: "/actions/poll/limit/count",
			wantMessage: "from 1 to 5000",
		},
		{
			name:        "Until timeout not a duration",
			mutate:      func(def map[string]any) { at(def, "actions", "poll", "limit")["timeout"] = "90 days" },
			wantPointer: "/actions/poll/limit/timeout",
			wantMessage: "ISO 8601 duration",
		},
		{
			name:        "Until without condition",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "poll"), "expression") },
			wantPointer: "/actions/poll",
			wantMessage: `missing required property "expression"`,
		},
		{
			name:        "Scope with inputs",
			mutate:      func(def map[string]any) { at(def, "actions", "guarded")["inputs"] = map[string]any{} },
			wantPointer: "/actions/guarded/inputs",
			wantMessage: "has no inputs",
		},
		{
			name: "Workflow without trigger name",
			mutate: func(def map[string]any) {
				delete(at(def, "actions", "guarded", "actions", "child", "inputs", "host"), "triggerName")
			},
			wantPointer: "/actions/guarded/actions/child/inputs/host",
			wantMessage: `missing required property "triggerName"`,
		},
		{
			name: "Workflow without workflow id",
			mutate: func(def map[string]any) {
				at(def, "actions", "guarded", "actions", "child", "inputs", "host")["workflow"] = map[string]any{}
			},
			wantPointer: "/actions/guarded/actions/child/inputs/host/workflow",
			wantMessage: `missing required property "id"`,
		},
		{
			name: "HttpWebhook without subscribe",
			mutate: func(def map[string]any) {
				delete(at(def, "actions", "guarded", "actions", "approval", "inputs"), "subscribe")
			},
			wantPointer: "/actions/guarded/actions/approval/inputs",
			wantMessage: `missing required property "subscribe"`,
		},
		{
			name: "HttpWebhook unsubscribe with unknown method",
			mutate: func(def map[string]any) {
				at(def, "actions", "guarded", "actions", "approval", "inputs", "unsubscribe")["method"] = "FETCH"
			},
			wantPointer: "/actions/guarded/actions/approval/inputs/unsubscribe/method",
			wantMessage: "unknown HTTP method",
		},
		{
			name:        "Query without where",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "guarded__failures", "inputs"), "where") },
			wantPointer: "/actions/guarded__failures/inputs",
			wantMessage: `missing required property "where"`,
		},
		{
			name:        "Select without select",
			mutate:      func(def map[string]any) { delete(at(def, "actions", "sorted", "inputs"), "select") },
			wantPointer: "/actions/sorted/inputs",
			wantMessage: `missing required property "select"`,
		},
		{
			name: "items of an action that is not a Foreach",
			mutate: func(def map[string]any) {
				at(def, "actions", "each", "actions", "each__output", "inputs")["value"] = "@items('sorted')"
			},
			wantPointer: "/actions/each/actions/each__output/inputs/value",
			wantMessage: "items() takes the name of a Foreach action",
		},
		{
			name: "result of an action that is not a container",
			mutate: func(def map[string]any) {
				at(def, "actions", "guarded__failures", "inputs")["from"] = "@result('sorted')"
			},
			wantPointer: "/actions/guarded__failures/inputs/from",
			wantMessage: "result() takes the name of a Foreach or Scope or Until action",
		},
		{
			name: "action timeout not a duration",
			mutate: func(def map[string]any) {
				at(def, "actions", "guarded", "actions", "approval", "limit")["timeout"] = "1 day"
			},
			wantPointer: "/actions/guarded/actions/approval/limit/timeout",
			wantMessage: "ISO 8601 duration",
		},
		{
			name: "Terminate inside an Until",
			mutate: func(def map[string]any) {
				at(def, "actions", "poll", "actions")["stop"] = map[string]any{"type": "Terminate", "inputs": map[string]any{"runStatus": "Succeeded"}}
			},
			wantPointer: "/actions/poll/actions/stop",
			wantMessage: "not allowed inside Foreach or Until loops",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := flowDefinition()
			tt.mutate(def)

			assertProblem(t, Check(encode(t, def)), tt.wantPointer, tt.wantMessage)
		})
	}
}
