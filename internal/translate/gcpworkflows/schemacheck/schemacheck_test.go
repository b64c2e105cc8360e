package schemacheck

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateAcceptsMinimalSource(t *testing.T) {
	source := `main:
  params: [input]
  steps:
    - done:
        return: '${input}'
`

	if err := Validate([]byte(source)); err != nil {
		t.Errorf("valid source rejected: %v", err)
	}
}

func TestValidateRejectsArgsWithoutCall(t *testing.T) {
	source := `main:
  steps:
    - broken:
        args:
          url: https://example.com
`

	err := Validate([]byte(source))
	if err == nil {
		t.Fatal("source with args but no call accepted")
	}

	if !strings.Contains(err.Error(), "/main/steps/0/broken") {
		t.Errorf("error does not point at the step: %v", err)
	}
}

func TestValidateRejectsInvalidYAML(t *testing.T) {
	if err := Validate([]byte("main: [unclosed")); err == nil {
		t.Error("invalid YAML accepted")
	}
}

// TestValidateAllowsKnownFalsePositives covers each value that the schema
// rejects although Cloud Workflows accepts it.
func TestValidateAllowsKnownFalsePositives(t *testing.T) {
	cases := map[string]string{
		"fractional multiplier": `main:
  steps:
    - fetch:
        try:
          call: http.get
          args:
            url: https://example.com
        retry:
          predicate: '${http.default_retry_predicate}'
          max_retries: 3
          backoff:
            initial_delay: 0.5
            max_delay: 10
            multiplier: 1.5
`,
		"expression in numeric fields": `main:
  params: [input]
  steps:
    - fetch:
        try:
          call: http.get
          args:
            url: https://example.com
            timeout: '${input.timeout}'
        retry:
          predicate: '${http.default_retry_predicate}'
          max_retries: '${input.retries}'
          backoff:
            initial_delay: 1
            max_delay: 10
            multiplier: 2
    - stop:
        raise:
          code: '${input.code}'
          message: stopped
`,
		"list body": `main:
  steps:
    - send:
        call: http.post
        args:
          url: https://example.com
          body: [1, 2, 3]
`,
		"number body in a nested step": `main:
  params: [input]
  steps:
    - pick:
        switch:
          - condition: true
            steps:
              - nested:
                  call: http.post
                  args:
                    url: https://example.com
                    body: 42
`,
	}

	for name, source := range cases {
		t.Run(name, func(t *testing.T) {
			if err := Validate([]byte(source)); err != nil {
				t.Errorf("rejected: %v", err)
			}
		})
	}
}

func TestSchemaPathIsAbsolute(t *testing.T) {
	t.Setenv(SchemaEnv, "")

	path, err := SchemaPath()
	if err != nil {
		t.Fatal(err)
	}

	if !strings.HasSuffix(path, "gcp-workflows.schema.json") {
		t.Errorf("path = %s, want a path ending in gcp-workflows.schema.json", path)
	}
}

func TestSchemaPathFromEnvironment(t *testing.T) {
	want := filepath.Join(t.TempDir(), "workflows.json")
	t.Setenv(SchemaEnv, want)

	path, err := SchemaPath()
	if err != nil {
		t.Fatal(err)
	}

	if path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
}
