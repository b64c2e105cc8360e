package logicapps

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

const tryWithFinally = `
steps:
  - name: book
    try:
      steps:
        - name: reserve
          call:
            http: {method: POST, url: "https://seats.example.com/reserve"}
      catch:
        - errors: [OutOfSeats]
          steps:
            - name: waitlist
              call:
                http: {method: POST, url: "https://seats.example.com/waitlist"}
      finally:
        - name: release
          call:
            http: {method: POST, url: "https://seats.example.com/release"}
  - name: done
    return: ok
`

func TestTrySucceededRunsFinally(t *testing.T) {
	sim := &runSimulator{}

	if status := sim.run(t, translateYAML(t, tryWithFinally)); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	sim.expectRan(t, "reserve", "release", "done")

	if sim.ran["waitlist"] {
		t.Errorf("the catch ran after success; ran %v", ranActions(sim))
	}
}

func TestTryCaughtErrorRunsCatchAndFinally(t *testing.T) {
	sim := &runSimulator{
		outcomes:   map[string]string{"reserve": "Failed"},
		conditions: map[string]bool{"book__catch0": true},
	}

	if status := sim.run(t, translateYAML(t, tryWithFinally)); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	sim.expectRan(t, "waitlist", "release", "done")

	if sim.ran["book__rethrow"] {
		t.Errorf("the caught error was marked for raising again; ran %v", ranActions(sim))
	}
}

func TestTryUnmatchedErrorRaisedAfterFinally(t *testing.T) {
	sim := &runSimulator{
		outcomes:   map[string]string{"reserve": "Failed"},
		conditions: map[string]bool{"book__end": true},
	}

	if status := sim.run(t, translateYAML(t, tryWithFinally)); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	sim.expectRan(t, "book__rethrow", "release", "book__unhandled_raise")

	if sim.ran["waitlist"] || sim.ran["done"] {
		t.Errorf("the catch or the next step ran for an unmatched error; ran %v", ranActions(sim))
	}
}

func TestTryErrorInCatchSkipsFinally(t *testing.T) {
	sim := &runSimulator{
		outcomes:   map[string]string{"reserve": "Failed", "waitlist": "Failed"},
		conditions: map[string]bool{"book__catch0": true},
	}

	if status := sim.run(t, translateYAML(t, tryWithFinally)); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	if sim.ran["release"] || sim.ran["done"] {
		t.Errorf("finally or the next step ran after the catch failed; ran %v", ranActions(sim))
	}
}

func TestTryRestoresAssignmentsOnFailure(t *testing.T) {
	text := translateYAML(t, `
steps:
  - name: start
    assign: {attempts: 0}
  - name: book
    try:
      steps:
        - name: count
          assign: {attempts: "{{ attempts + 1 }}"}
        - name: reserve
          call:
            http: {method: POST, url: "https://seats.example.com/reserve"}
      catch:
        - errors: [any]
          steps: []
  - name: done
    return: "{{ attempts }}"
`)

	failed := &runSimulator{outcomes: map[string]string{"reserve": "Failed"}}
	if status := failed.run(t, text); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(failed))
	}

	if !failed.ran["book__restore_attempts"] || !failed.ran["done"] {
		t.Errorf("the assignment was not undone before the next step; ran %v", ranActions(failed))
	}

	succeeded := &runSimulator{}
	succeeded.run(t, text)

	if succeeded.ran["book__restore_attempts"] {
		t.Errorf("the assignment was undone after success; ran %v", ranActions(succeeded))
	}
}

func TestParallelBranchFailureFailsStep(t *testing.T) {
	text := translateYAML(t, `
steps:
  - name: quotes
    parallel:
      branches:
        - name: left
          steps:
            - name: ask_left
              call:
                http: {method: GET, url: "https://left.example.com/"}
        - name: right
          steps:
            - name: ask_right
              call:
                http: {method: GET, url: "https://right.example.com/"}
      result: offers
  - name: done
    return: "{{ offers }}"
`)

	sim := &runSimulator{outcomes: map[string]string{"ask_left": "Failed"}}

	if status := sim.run(t, text); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	if !sim.ran["ask_right"] {
		t.Errorf("the other branch did not run; ran %v", ranActions(sim))
	}

	if sim.ran["quotes"] || sim.ran["done"] {
		t.Errorf("the join or the next step ran after a branch failed; ran %v", ranActions(sim))
	}

	ok := &runSimulator{}
	if status := ok.run(t, text); status != "Succeeded" || !ok.ran["quotes"] {
		t.Errorf("run status = %s and join ran = %v, want Succeeded and true", status, ok.ran["quotes"])
	}
}

const pollLoop = `
steps:
  - name: poll
    loop:
      until: "job.body.state == 'DONE'"
      max_iterations: 3
      steps:
        - name: check
          call:
            http: {method: GET, url: "https://jobs.example.com/1"}
            result: job
  - name: done
    return: "{{ job.body }}"
`

func TestLoopBodyFailureEndsRun(t *testing.T) {
	sim := &runSimulator{outcomes: map[string]string{"check": "Failed"}}

	if status := sim.run(t, translateYAML(t, pollLoop)); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	sim.expectRan(t, "poll__stop", "poll__throw", "poll__failed")

	if sim.ran["poll__limit"] || sim.ran["done"] {
		t.Errorf("the limit check or the next step ran after a failed iteration; ran %v", ranActions(sim))
	}
}

func TestLoopLimitRaisesError(t *testing.T) {
	sim := &runSimulator{conditions: map[string]bool{"poll__limit": true}}

	if status := sim.run(t, translateYAML(t, pollLoop)); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	if !sim.ran["poll__limit_raise"] || sim.ran["done"] {
		t.Errorf("the loop limit was not raised before the next step; ran %v", ranActions(sim))
	}

	finished := &runSimulator{}
	if status := finished.run(t, translateYAML(t, pollLoop)); status != "Succeeded" || !finished.ran["done"] {
		t.Errorf("run status = %s and next step ran = %v, want Succeeded and true", status, finished.ran["done"])
	}
}

func TestReturnInsideLoopEndsRun(t *testing.T) {
	text := translateYAML(t, `
steps:
  - name: start
    assign: {n: 0}
  - name: search
    loop:
      while: "n < 10"
      max_iterations: 10
      steps:
        - name: step_up
          assign: {n: "{{ n + 1 }}"}
        - name: found
          switch:
            cases:
              - when: "n == 4"
                steps:
                  - name: answer
                    return: "{{ n }}"
  - name: not_found
    return: -1
`)

	sim := &runSimulator{conditions: map[string]bool{"search": true, "found": true, "search__failed": true}}

	if status := sim.run(t, text); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	if !sim.ran["search__return"] || sim.ran["not_found"] || sim.ran["search__unhandled"] {
		t.Errorf("the return did not end the run with its value; ran %v", ranActions(sim))
	}
}

func TestReturnInsideTryRunsFinally(t *testing.T) {
	text := translateYAML(t, `
steps:
  - name: guarded
    try:
      steps:
        - name: hit
          switch:
            cases:
              - when: "1 == 1"
                steps:
                  - name: early
                    return: 1
      finally:
        - name: close
          call:
            http: {method: POST, url: "https://cache.example.com/close"}
  - name: fallback
    return: 2
`)

	sim := &runSimulator{conditions: map[string]bool{"hit": true, "guarded__returning": true, "guarded__end": true}}

	if status := sim.run(t, text); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	sim.expectRan(t, "close", "guarded__return")

	if sim.ran["fallback"] {
		t.Errorf("the step after the try ran after a return; ran %v", ranActions(sim))
	}
}

func TestForEachIterationFailureEndsRun(t *testing.T) {
	text := translateYAML(t, `
input:
  orders: list
steps:
  - name: charge_each
    for_each:
      items: input.orders
      as: order
      steps:
        - name: charge
          call:
            http: {method: POST, url: "https://pay.example.com/charge", body: "{{ order }}"}
      result: receipts
  - name: done
    return: "{{ receipts }}"
`)

	sim := &runSimulator{outcomes: map[string]string{"charge": "Failed"}, conditions: map[string]bool{"charge_each__body": true}}

	if status := sim.run(t, text); status != "Failed" {
		t.Errorf("run status = %s, want Failed; ran %v", status, ranActions(sim))
	}

	if !sim.ran["charge_each__stop"] || !sim.ran["charge_each__failed"] || sim.ran["done"] {
		t.Errorf("the failed iteration did not stop the loop and the run; ran %v", ranActions(sim))
	}
}

func TestConcurrentForEachReadsCallOutputs(t *testing.T) {
	text := translateYAML(t, `
input:
  orders: list
steps:
  - name: charge_each
    for_each:
      items: input.orders
      as: order
      max_concurrency: 8
      steps:
        - name: charge
          call:
            http: {method: POST, url: "https://pay.example.com/charge", body: "{{ order }}"}
            result: receipt
      output: "{{ receipt.body }}"
      result: receipts
  - name: done
    return: "{{ receipts }}"
`)

	var def struct {
		Actions map[string]map[string]any `json:"actions"`
	}

	if err := json.Unmarshal([]byte(text), &def); err != nil {
		t.Fatal(err)
	}

	loop := def.Actions["charge_each"]

	if got := loop["runtimeConfiguration"]; !reflect.DeepEqual(got, map[string]any{"concurrency": map[string]any{"repetitions": float64(8)}}) {
		t.Errorf("runtimeConfiguration = %v, want repetitions 8", got)
	}

	if _, declared := def.Actions["workflow__init_receipt"]; declared {
		t.Error("the call's result variable is declared, so concurrent iterations would share it")
	}

	if strings.Contains(text, "variables('receipt')") {
		t.Error("the output reads the result variable instead of the call's outputs")
	}

	if !strings.Contains(text, "body('charge')") {
		t.Error("the output does not read body('charge')")
	}
}

const retriedTry = `
steps:
  - name: booking
    try:
      steps:
        - name: reserve
          call:
            http: {method: POST, url: "https://seats.example.com/reserve"}
      retry: {max_retries: 2, initial_interval: 1s, errors: [http]}
      catch:
        - errors: [any]
          steps:
            - name: waitlist
              call:
                http: {method: POST, url: "https://seats.example.com/waitlist"}
  - name: done
    return: ok
`

func TestRetriedTryWaitsBeforeNextAttempt(t *testing.T) {
	sim := &runSimulator{
		outcomes:   map[string]string{"reserve": "Failed"},
		conditions: map[string]bool{"booking__check": true},
	}

	if status := sim.run(t, translateYAML(t, retriedTry)); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	sim.expectRan(t, "booking__record", "booking__backoff", "booking__attempt", "booking__again", "done")
}

func TestRetriedTryHandlesLastFailure(t *testing.T) {
	sim := &runSimulator{
		outcomes:   map[string]string{"reserve": "Failed"},
		conditions: map[string]bool{"booking__catch": true},
	}

	if status := sim.run(t, translateYAML(t, retriedTry)); status != "Succeeded" {
		t.Errorf("run status = %s, want Succeeded; ran %v", status, ranActions(sim))
	}

	if sim.ran["booking__backoff"] {
		t.Errorf("the try waited for another attempt after the last one; ran %v", ranActions(sim))
	}

	if !sim.ran["waitlist"] || !sim.ran["done"] {
		t.Errorf("the catch or the next step did not run; ran %v", ranActions(sim))
	}
}

func TestRetrySchedule(t *testing.T) {
	tests := []struct {
		name  string
		retry workflow.Retry
		want  []int
	}{
		{"fixed", workflow.Retry{MaxRetries: 5, InitialInterval: 3, BackoffRate: 1}, []int{3}},
		{"doubling to the cap", workflow.Retry{MaxRetries: 9, InitialInterval: 2, BackoffRate: 2, MaxInterval: 10}, []int{2, 4, 8, 10}},
		{"fewer retries than steps", workflow.Retry{MaxRetries: 2, InitialInterval: 1, BackoffRate: 3}, []int{1, 3}},
		{"slow growth rounds", workflow.Retry{MaxRetries: 4, InitialInterval: 1, BackoffRate: 1.2}, []int{1, 1, 1, 2}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, complete := retrySchedule(&tt.retry)
			if !complete {
				t.Errorf("schedule reported incomplete")
			}

			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("retrySchedule = %v, want %v", got, tt.want)
			}
		})
	}
}
