package gcpworkflows

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// translateCase translates one of this package's flow cases.
func translateCase(t *testing.T, name string) string {
	t.Helper()

	data, err := os.ReadFile(filepath.Join("testdata", "cases", name))
	if err != nil {
		t.Fatal(err)
	}

	return translateText(t, string(data))
}

// countingHandler returns a response for each HTTP call and counts the
// calls by URL.
type countingHandler struct {
	answers func(url string, n int) (int, any)
	counts  map[string]int
}

func (h *countingHandler) serve(_ string, args map[string]any) (int, any) {
	url, _ := args["url"].(string)
	h.counts[url]++

	return h.answers(url, h.counts[url])
}

func newHandler(answers func(url string, n int) (int, any)) *countingHandler {
	return &countingHandler{answers: answers, counts: map[string]int{}}
}

func assertOutput(t *testing.T, got any, err error, want any) {
	t.Helper()

	if err != nil {
		t.Fatalf("workflow failed: %v", err)
	}

	if !reflect.DeepEqual(got, want) {
		t.Errorf("output = %#v, want %#v", got, want)
	}
}

func TestRunLoops(t *testing.T) {
	text := translateCase(t, "flow_loop.yaml")

	t.Run("until done", func(t *testing.T) {
		h := newHandler(func(url string, n int) (int, any) {
			if n < 3 {
				return 200, map[string]any{"state": "RUNNING"}
			}

			return 200, map[string]any{"state": "DONE"}
		})

		out, err, _ := runWorkflow(t, text, map[string]any{"job": "j1"}, h.serve)
		assertOutput(t, out, err, map[string]any{"count": int64(-1), "state": "DONE"})

		if got := h.counts["https://jobs.example.com/j1"]; got != 3 {
			t.Errorf("polled %d times, want 3", got)
		}
	})

	t.Run("return inside loop", func(t *testing.T) {
		h := newHandler(func(string, int) (int, any) { return 200, map[string]any{"state": "FAILED"} })

		out, err, _ := runWorkflow(t, text, map[string]any{"job": "j1"}, h.serve)
		assertOutput(t, out, err, map[string]any{"failed": true})
	})

	t.Run("until limit", func(t *testing.T) {
		h := newHandler(func(string, int) (int, any) { return 200, map[string]any{"state": "RUNNING"} })

		_, err, _ := runWorkflow(t, text, map[string]any{"job": "j1"}, h.serve)

		raised, ok := err.(*gcwError)
		if !ok {
			t.Fatalf("err = %v, want a raised error", err)
		}

		if got := raised.value.(map[string]any)["error"]; got != "LoopLimitExceeded" {
			t.Errorf("error = %v, want LoopLimitExceeded", got)
		}

		if got := h.counts["https://jobs.example.com/j1"]; got != 20 {
			t.Errorf("polled %d times, want max_iterations 20", got)
		}
	})
}

func TestRunWhileLoopBounds(t *testing.T) {
	definition := `input:
  n: int
steps:
  - name: init
    assign:
      i: 0
  - name: count
    loop:
      while: "i < input.n"
      max_iterations: 3
      steps:
        - name: bump
          assign:
            i: "{{ i + 1 }}"
  - name: done
    return: "{{ i }}"
`
	text := translateText(t, definition)

	for n, want := range map[int64]any{0: int64(0), 2: int64(2), 3: int64(3)} {
		out, err, _ := runWorkflow(t, text, map[string]any{"n": n}, nil)
		assertOutput(t, out, err, want)
	}

	_, err, _ := runWorkflow(t, text, map[string]any{"n": int64(4)}, nil)
	if raised, ok := err.(*gcwError); !ok || raised.value.(map[string]any)["error"] != "LoopLimitExceeded" {
		t.Errorf("n = 4: err = %v, want LoopLimitExceeded after 3 iterations", err)
	}
}

func TestRunTry(t *testing.T) {
	text := translateCase(t, "flow_try.yaml")
	reserve := "https://booking.example.com/reserve"

	cases := []struct {
		name    string
		reserve func(n int) (int, any)
		lookup  int
		want    any
		calls   int
		fails   bool
	}{
		{
			name: "retry until seats",
			reserve: func(n int) (int, any) {
				return 200, map[string]any{"full": n < 3}
			},
			lookup: 200,
			want:   map[string]any{"status": "reserved", "attempts": int64(1)},
			calls:  3,
		},
		{
			name:    "out of seats after retries",
			reserve: func(int) (int, any) { return 200, map[string]any{"full": true} },
			lookup:  201,
			want:    map[string]any{"status": "unknown", "attempts": int64(0)},
			calls:   3,
		},
		{
			name:    "permission denied",
			reserve: func(int) (int, any) { return 403, nil },
			lookup:  201,
			want:    map[string]any{"status": "unknown", "attempts": int64(0)},
			calls:   1,
		},
		{
			name:    "lookup fails after finally",
			reserve: func(int) (int, any) { return 200, map[string]any{"full": false} },
			lookup:  404,
			calls:   1,
			fails:   true,
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logged []any

			h := newHandler(func(url string, n int) (int, any) {
				switch {
				case url == reserve:
					return tc.reserve(n)
				case url == "https://audit.example.com/log":
					return 200, nil
				case url == "https://audit.example.com/close":
					return 200, nil
				case strings.HasPrefix(url, "https://booking.example.com/"):
					return tc.lookup, map[string]any{}
				}

				return 500, nil
			})

			handler := func(function string, args map[string]any) (int, any) {
				if args["url"] == "https://audit.example.com/log" {
					logged = append(logged, args["body"])
				}

				return h.serve(function, args)
			}

			out, err, _ := runWorkflow(t, text, map[string]any{"id": "b1"}, handler)

			if tc.fails {
				raised, ok := err.(*gcwError)
				if !ok || raised.value.(map[string]any)["code"] != int64(404) {
					t.Errorf("err = %v, want the HTTP 404 error raised again", err)
				}
			} else {
				assertOutput(t, out, err, tc.want)
			}

			if got := h.counts[reserve]; got != tc.calls {
				t.Errorf("reserve called %d times, want %d", got, tc.calls)
			}

			if len(logged) != 1 {
				t.Errorf("finally logged %d times, want once", len(logged))
			}

			if got := h.counts["https://audit.example.com/close"]; got != 1 {
				t.Errorf("the second finally ran %d times, want once", got)
			}
		})
	}
}

func TestRunParallelOrder(t *testing.T) {
	text := translateCase(t, "flow_parallel.yaml")

	h := newHandler(func(url string, _ int) (int, any) {
		switch {
		case strings.HasPrefix(url, "https://acme"):
			return 200, "acme offer"
		case strings.HasPrefix(url, "https://eu.globex"):
			return 200, "eu offer"
		}

		return 200, nil
	})

	out, err, _ := runWorkflow(t, text, map[string]any{"sku": "s1"}, h.serve)
	assertOutput(t, out, err, map[string]any{
		"offers": []any{"acme offer", map[string]any{"regions": []any{"eu offer", nil}}, nil},
		"single": []any{true},
	})
}

func TestRunParallelFailure(t *testing.T) {
	text := translateCase(t, "flow_parallel.yaml")

	h := newHandler(func(url string, _ int) (int, any) {
		if strings.HasPrefix(url, "https://eu.globex") {
			return 503, nil
		}

		return 200, "ok"
	})

	_, err, _ := runWorkflow(t, text, map[string]any{"sku": "s1"}, h.serve)

	raised, ok := err.(*gcwError)
	if !ok || raised.value.(map[string]any)["code"] != int64(503) {
		t.Fatalf("err = %v, want the branch's HTTP 503 error unchanged", err)
	}

	if got := h.counts["https://audit.example.com/log"]; got != 1 {
		t.Errorf("the other branches ran %d times, want once (continueAll)", got)
	}
}

func TestRunForEach(t *testing.T) {
	text := translateCase(t, "flow_for_each.yaml")

	h := newHandler(func(url string, n int) (int, any) {
		if url == "https://pay.example.com/charge" && n == 2 {
			return 402, nil
		}

		return 200, "paid"
	})

	orders := []any{"a", "b", "c"}
	out, err, _ := runWorkflow(t, text, map[string]any{"orders": orders}, h.serve)
	assertOutput(t, out, err, map[string]any{
		"labels": []any{
			map[string]any{"label": "order 0", "order": "a"},
			map[string]any{"label": "order 1", "order": "b"},
			map[string]any{"label": "order 2", "order": "c"},
		},
		"receipts": []any{"paid", "declined", "paid"},
	})

	if got := h.counts["https://notify.example.com/ping"]; got != 3 {
		t.Errorf("pinged %d times, want 3", got)
	}
}

func TestRunCallback(t *testing.T) {
	text := translateCase(t, "flow_callback.yaml")

	var notified []any

	h := func(_ string, args map[string]any) (int, any) {
		notified = append(notified, args["body"])
		return 200, nil
	}

	out, err, m := func() (any, error, *gcwMachine) {
		return runWorkflowWith(t, text, map[string]any{"order_id": "o1"}, h, func(function string, args map[string]any) (any, error) {
			switch {
			case function == "events.await_callback":
				return map[string]any{"http_request": map[string]any{"body": map[string]any{"approved": true}}}, nil
			case strings.HasSuffix(function, ".executions.run"):
				return map[string]any{"shipped": args["argument"]}, nil
			}

			return nil, systemError("SystemError", "unexpected "+function)
		})
	}()

	assertOutput(t, out, err, map[string]any{"shipped": map[string]any{"order_id": "o1", "decision": map[string]any{"approved": true}}})

	want := []any{
		map[string]any{"order": "o1", "resume": "https://workflowexecutions.example/callback/1"},
		map[string]any{"token": nil, "url": "https://workflowexecutions.example/callback/1"},
	}
	if !reflect.DeepEqual(notified, want) {
		t.Errorf("notify bodies = %#v, want %#v", notified, want)
	}

	if len(m.calls) == 0 {
		t.Error("no calls recorded")
	}
}

// TestRunRetryRestoresVariables checks that each attempt of a try's retry
// starts from the values before the try, also without catch or finally.
func TestRunRetryRestoresVariables(t *testing.T) {
	text := translateText(t, `steps:
  - name: init
    assign:
      tries: 0
  - name: flaky
    try:
      steps:
        - name: count
          assign:
            tries: "{{ tries + 1 }}"
        - name: get
          call:
            http:
              method: GET
              url: https://flaky.example.com
      retry:
        max_retries: 3
  - name: done
    return: "{{ tries }}"
`)

	h := newHandler(func(_ string, n int) (int, any) {
		if n < 3 {
			return 503, nil
		}

		return 200, nil
	})

	out, err, _ := runWorkflow(t, text, nil, h.serve)
	assertOutput(t, out, err, int64(1))

	if got := h.counts["https://flaky.example.com"]; got != 3 {
		t.Errorf("called %d times, want 3", got)
	}
}

// catchFallback is a call step whose catch assigns a fallback to the
// result variable VAR.
const catchFallback = `
- name: VAR_call
  call:
    http:
      method: GET
      url: https://price.example.com
    result: VAR
    catch:
      - errors: [http]
        steps:
          - name: VAR_fallback
            assign:
              VAR:
                status: 0
                headers: {}
                body: fallback
`

// indented returns the call step for variable name, indented by n spaces.
func indented(name string, n int) string {
	lines := strings.Split(strings.TrimPrefix(strings.ReplaceAll(catchFallback, "VAR", name), "\n"), "\n")
	for i, line := range lines {
		if line != "" {
			lines[i] = strings.Repeat(" ", n) + line
		}
	}

	return strings.Join(lines, "\n")
}

// TestRunCatchFallbackInBodies checks that a catch's fallback for a call
// result survives the except block inside a single branch, a sequential
// for_each body and a parallel branch.
func TestRunCatchFallbackInBodies(t *testing.T) {
	text := translateText(t, `steps:
  - name: single
    parallel:
      branches:
        - name: only
          steps:
`+indented("single_price", 12)+`          output: "{{ single_price.body }}"
      result: single_out
  - name: each
    for_each:
      items: "[1]"
      as: item
      steps:
`+indented("each_price", 8)+`      output: "{{ each_price.body }}"
      result: each_out
  - name: both
    parallel:
      branches:
        - name: left
          steps:
`+indented("left_price", 12)+`          output: "{{ left_price.body }}"
        - name: right
          steps: []
      result: both_out
  - name: done
    return: ["{{ single_out[0] }}", "{{ each_out[0] }}", "{{ both_out[0] }}"]
`)

	h := newHandler(func(string, int) (int, any) { return 500, nil })

	out, err, _ := runWorkflow(t, text, nil, h.serve)
	assertOutput(t, out, err, []any{"fallback", "fallback", "fallback"})
}

// TestRunFinallyPaths checks finally after a return inside a loop, and that
// an error raised by a catch's steps skips finally.
func TestRunFinallyPaths(t *testing.T) {
	text := translateText(t, `input:
  fail_in_catch: bool
steps:
  - name: guarded
    try:
      steps:
        - name: spin
          loop:
            while: "true"
            max_iterations: 5
            steps:
              - name: probe
                call:
                  http:
                    method: GET
                    url: https://probe.example.com
                  result: probe_result
              - name: leave
                switch:
                  cases:
                    - when: "probe_result.body == 'stop'"
                      steps:
                        - name: early
                          return: stopped
      catch:
        - errors: [http]
          steps:
            - name: maybe_fail
              switch:
                cases:
                  - when: "input.fail_in_catch == true"
                    steps:
                      - name: catch_failed
                        fail:
                          error: CatchFailed
      finally:
        - name: cleanup
          call:
            http:
              method: POST
              url: https://cleanup.example.com
  - name: done
    return: finished
`)

	t.Run("return in loop", func(t *testing.T) {
		h := newHandler(func(url string, n int) (int, any) {
			if url == "https://probe.example.com" && n == 2 {
				return 200, "stop"
			}

			return 200, "go"
		})

		out, err, _ := runWorkflow(t, text, map[string]any{"fail_in_catch": false}, h.serve)
		assertOutput(t, out, err, "stopped")

		if got := h.counts["https://cleanup.example.com"]; got != 1 {
			t.Errorf("finally ran %d times, want once", got)
		}
	})

	t.Run("caught error", func(t *testing.T) {
		h := newHandler(func(url string, _ int) (int, any) {
			if url == "https://probe.example.com" {
				return 500, nil
			}

			return 200, nil
		})

		out, err, _ := runWorkflow(t, text, map[string]any{"fail_in_catch": false}, h.serve)
		assertOutput(t, out, err, "finished")

		if got := h.counts["https://cleanup.example.com"]; got != 1 {
			t.Errorf("finally ran %d times, want once", got)
		}
	})

	t.Run("error in catch", func(t *testing.T) {
		h := newHandler(func(url string, _ int) (int, any) {
			if url == "https://probe.example.com" {
				return 500, nil
			}

			return 200, nil
		})

		_, err, _ := runWorkflow(t, text, map[string]any{"fail_in_catch": true}, h.serve)

		raised, ok := err.(*gcwError)
		if !ok || raised.value.(map[string]any)["error"] != "CatchFailed" {
			t.Errorf("err = %v, want CatchFailed", err)
		}

		if got := h.counts["https://cleanup.example.com"]; got != 0 {
			t.Errorf("finally ran %d times after the catch failed, want never", got)
		}
	})
}
