package gcp_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"google.golang.org/grpc/codes"
)

func TestLogsNameRetriesAndNoToken(t *testing.T) {
	srv, d := start(t)

	var out bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &out)

	srv.FailCalls(codes.ResourceExhausted, 1, "CreateWorkflow")
	if _, err := d.Create(ctx, workflow(), func(string) {}); err != nil {
		t.Fatalf("create: %v", err)
	}

	if strings.Contains(out.String(), token) {
		t.Error("the logs contain the access token")
	}

	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}

	messages := map[string]bool{}
	for _, entry := range entries {
		if entry["gcp_workflow"] != fullName {
			t.Errorf("log entry %q has gcp_workflow = %v, want %s", entry["@message"], entry["gcp_workflow"], fullName)
		}

		messages[entry["@message"].(string)] = true
	}

	for _, want := range []string{"Calling Cloud Workflows CreateWorkflow", "Retrying Cloud Workflows call", "Cloud Workflows operation finished"} {
		if !messages[want] {
			t.Errorf("no log entry %q among %v", want, messages)
		}
	}
}
