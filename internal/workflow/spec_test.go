package workflow

import (
	"fmt"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// everyObject is a valid workflow that holds every object of the key tables
// at least once, with most optional keys set.
const everyObject = `
input:
  id: string
  items: list(string)
  customer: {email: string}
steps:
  - name: fetch
    call:
      http:
        method: POST
        url: "https://api.example.com/items/{{ input.id }}"
        headers: {x-trace: "{{ input.id }}"}
        query: {full: "true"}
        body: {id: "{{ input.id }}"}
        timeout: 30s
        auth:
          aws_connection_arn: arn:aws:events:us-east-1:123456789012:connection/api/1
          gcp: oidc
          gcp_audience: https://api.example.com
          azure: managed_identity
          azure_audience: https://api.example.com
      result: item
      retry:
        max_retries: 3
        initial_interval: 5s
        backoff_rate: 2
        max_interval: 1m
        jitter: full
        errors: [timeout, "http:503"]
      catch:
        - errors: [any]
          as: err
          steps:
            - name: report
              fail: {error: FetchFailed, message: "{{ err.message }}"}
  - name: invoke
    call:
      function:
        aws: arn:aws:lambda:us-east-1:123456789012:function:f
        gcp: https://f-abc-uc.a.run.app
        azure: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/f
        payload: {id: "{{ input.id }}"}
        timeout: 10s
      result: fn
  - name: child
    call:
      workflow:
        aws: arn:aws:states:us-east-1:123456789012:stateMachine:child
        gcp: projects/p/locations/us-central1/workflows/child
        azure: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/child
        input: {id: "{{ input.id }}"}
      result: child_out
  - name: publish
    call:
      native:
        aws: {resource: "arn:aws:states:::sns:publish", arguments: {Message: hi}}
        gcp: {call: googleapis.pubsub.v1.projects.topics.publish, args: {topic: t}}
        azure: {type: ApiConnection, inputs: {path: /x}}
  - name: pick
    switch:
      cases:
        - when: "fn.status == 200"
          steps: [{name: mark, assign: {tier: gold}}]
      default: [{name: mark_default, assign: {tier: basic}}]
  - name: pause
    wait: {seconds: 5}
  - name: fan_out
    parallel:
      branches:
        - name: left
          steps: [{name: left_wait, wait: {until: "2030-01-01T00:00:00Z"}}]
          output: 1
      on_failure: fail_fast
      result: both
  - name: each
    for_each:
      items: input.items
      as: entry
      index: i
      max_concurrency: 2
      steps: [{name: each_wait, wait: {seconds: 1}}]
      output: "{{ entry }}"
      result: entries
  - name: poll
    loop:
      until: "true"
      max_iterations: 3
      steps: [{name: poll_wait, wait: {seconds: 1}}]
  - name: guarded
    try:
      steps: [{name: guarded_wait, wait: {seconds: 1}}]
      retry: {max_retries: 1}
      catch: [{errors: [timeout], steps: []}]
      finally: [{name: cleanup, assign: {done: true}}]
  - name: approval
    await_callback:
      notify:
        http: {method: POST, url: "https://approve.example.com", body: {url: "{{ callback.url }}"}}
      timeout: 1h
      result: decision
  - name: finish
    return: {tier: "{{ tier }}", decision: "{{ decision }}"}
`

func parseEveryObject(t *testing.T) map[string]any {
	t.Helper()

	var v any
	if err := yaml.Unmarshal([]byte(everyObject), &v); err != nil {
		t.Fatal(err)
	}

	return v.(map[string]any)
}

// visit calls fn on every object of a raw definition that has a key table,
// with its table and path, following the attribute types of the tables.
func visit(raw map[string]any, spec *ObjectSpec, path Path, fn func(map[string]any, *ObjectSpec, Path)) {
	fn(raw, spec, path)

	for _, a := range spec.Attributes {
		v, ok := raw[a.Name]
		if !ok {
			continue
		}

		p := path.Key(a.Name)

		switch a.Type {
		case AttrObject:
			if m, ok := v.(map[string]any); ok {
				visit(m, SpecByName(a.Object), p, fn)
			}
		case AttrObjectList:
			for i, item := range asList(v) {
				if m, ok := item.(map[string]any); ok {
					visit(m, SpecByName(a.Object), p.Index(i), fn)
				}
			}
		case AttrSteps:
			for i, item := range asList(v) {
				if m, ok := item.(map[string]any); ok {
					visit(m, SpecByName("step"), p.Index(i), fn)
				}
			}
		}
	}
}

func TestStepTableListsEveryKind(t *testing.T) {
	got := SpecByName("step").Keys()
	want := append([]string{"name"}, stepKinds...)

	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("step table keys = %v, want name and the step kinds %v", got, want)
	}

	if strings.Join(SpecByName("step").ExactlyOne, ",") != strings.Join(stepKinds, ",") {
		t.Errorf("step table ExactlyOne = %v, want %v", SpecByName("step").ExactlyOne, stepKinds)
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestEveryObjectDecodes(t *testing.T) {
	decodeValid(t, everyObject)

	seen := map[string]bool{}
	visit(parseEveryObject(t), SpecByName("workflow"), nil, func(_ map[string]any, s *ObjectSpec, _ Path) {
		seen[s.Name] = true
	})

	for _, s := range Spec() {
		if !seen[s.Name] {
			t.Errorf("the test workflow has no %s object", s.Name)
		}
	}
}

// TestDecoderReadsEveryTableKey checks the direction that the decoder cannot
// check itself: every key that a table lists, and so the JSON Schema
// accepts, is read by the decoder instead of being rejected as unknown.
func TestDecoderReadsEveryTableKey(t *testing.T) {
	read := map[string]bool{}
	keyReadHook = func(s *ObjectSpec, key string) { read[s.Name+"."+key] = true }

	defer func() { keyReadHook = nil }()

	decodeValid(t, everyObject)

	for _, s := range Spec() {
		for _, a := range s.Attributes {
			// The step kinds are read by kindKey, without get.
			if s.Name == "step" && a.Name != "name" {
				continue
			}

			if !read[s.Name+"."+a.Name] {
				t.Errorf("the decoder never reads %s.%s, which the key table lists", s.Name, a.Name)
			}
		}
	}
}

// TestRequiredKeysFromTable removes each key that a table marks required
// and checks that the decoder reports it missing at its path.
func TestRequiredKeysFromTable(t *testing.T) {
	var targets []string

	visit(parseEveryObject(t), SpecByName("workflow"), nil, func(m map[string]any, s *ObjectSpec, p Path) {
		for _, a := range s.Attributes {
			if _, present := m[a.Name]; a.Required && present {
				targets = append(targets, p.Key(a.Name).String())
			}
		}
	})

	if len(targets) < 20 {
		t.Fatalf("found %d required keys, expected one per required attribute in the test workflow", len(targets))
	}

	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			doc := parseEveryObject(t)

			visit(doc, SpecByName("workflow"), nil, func(m map[string]any, s *ObjectSpec, p Path) {
				for _, a := range s.Attributes {
					if p.Key(a.Name).String() == target {
						delete(m, a.Name)
					}
				}
			})

			_, diags := Decode(doc)
			if !hasErrorAt(diags, target) {
				t.Errorf("no error at %s after removing it:\n%s", target, diags.Error())
			}
		})
	}
}

// TestUnknownKeySuggestedAtEveryLevel adds a misspelt copy of one key to
// every object of the test workflow and checks the suggestion.
func TestUnknownKeySuggestedAtEveryLevel(t *testing.T) {
	type typo struct{ path, wrong, right string }

	var typos []typo

	visit(parseEveryObject(t), SpecByName("workflow"), nil, func(m map[string]any, s *ObjectSpec, p Path) {
		a := s.Attributes[len(s.Attributes)-1]
		wrong := a.Name[:len(a.Name)-1] + "x"

		if len(a.Name) <= 3 {
			wrong = a.Name + "x"
		}

		typos = append(typos, typo{path: p.Key(wrong).String(), wrong: wrong, right: a.Name})
	})

	for _, tc := range typos {
		t.Run(tc.path, func(t *testing.T) {
			doc := parseEveryObject(t)

			visit(doc, SpecByName("workflow"), nil, func(m map[string]any, s *ObjectSpec, p Path) {
				if p.Key(tc.wrong).String() == tc.path {
					m[tc.wrong] = true
				}
			})

			_, diags := Decode(doc)
			want := fmt.Sprintf("Did you mean %q?", tc.right)

			for _, d := range diags.Errors() {
				if d.Path.String() == tc.path && strings.Contains(d.Detail, want) {
					return
				}
			}

			t.Errorf("no error at %s with %s:\n%s", tc.path, want, diags.Error())
		})
	}
}

func hasErrorAt(diags Diagnostics, path string) bool {
	for _, d := range diags.Errors() {
		if d.Path.String() == path {
			return true
		}
	}

	return false
}

// TestTemplateBracesPatternMatchesRejection checks that the pattern that
// the JSON Schema uses for bare expressions rejects exactly the values that
// the decoder reports as template braces.
func TestTemplateBracesPatternMatchesRejection(t *testing.T) {
	tests := []struct {
		when    string
		rejects bool
	}{
		{"{{ input.total >= 1000 }}", true},
		{"  {{ true }}", true},
		{"{{true}} == true", true},
		{"input.total >= 1000", false},
		{"{'a': 1}.a == 1", false},
		{"'{{' == '{{'", false},
	}

	for _, tt := range tests {
		doc := "input: {total: int}\nsteps: [{name: a, switch: {cases: [{when: \"" + tt.when + "\", steps: []}]}}]"
		_, diags := DecodeYAML([]byte(doc))

		braces := strings.Contains(diags.Error(), "Template braces in a bare expression")
		if braces != tt.rejects {
			t.Errorf("when %q: decoder reports template braces = %v, want %v:\n%s", tt.when, braces, tt.rejects, diags.Error())
		}

		if got := TemplateBracesPattern.MatchString(tt.when); got != tt.rejects {
			t.Errorf("when %q: TemplateBracesPattern matches = %v, want %v", tt.when, got, tt.rejects)
		}
	}
}
