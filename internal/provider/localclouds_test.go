package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/stepfunctions"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/workflows"
)

// Values the acceptance tests give the local servers and expect back.
const (
	testGCPToken    = "acceptance-test-token"
	testGCPProject  = "acc-project"
	testGCPLocation = "europe-west1"
	testRoleName    = "acc-workflow-role"
)

// localClouds runs the local Step Functions, Cloud Workflows and Logic
// Apps servers on 127.0.0.1 for one test and says how to reach them.
type localClouds struct {
	sfn *stepfunctions.Server
	gcp *workflows.Server
}

func startLocalClouds(t *testing.T) *localClouds {
	t.Helper()

	c := &localClouds{sfn: stepfunctions.Start(t)}
	c.sfn.SetEnv(t)

	srv, err := workflows.Start(workflows.Options{Token: testGCPToken, PollsUntilDone: 1})
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(srv.Close)
	c.gcp = srv

	return c
}

// providerConfig is the provider block that sends every call to the
// local servers.
func (c *localClouds) providerConfig() string {
	return fmt.Sprintf(`
provider "multicloud" {
  aws {
    region   = %q
    endpoint = %q
  }

  gcp {
    project        = %q
    location       = %q
    endpoint       = %q
    access_token   = %q
    insecure       = true
    poll_interval  = "10ms"
  }
}
`, stepfunctions.DefaultRegion, c.sfn.URL, testGCPProject, testGCPLocation, c.gcp.Endpoint(), testGCPToken)
}

// deployed returns the definitions each cloud holds, keyed by the ID the
// resource reports.
func (c *localClouds) deployed(target string) map[string]string {
	out := map[string]string{}

	switch target {
	case "aws":
		for _, m := range c.sfn.StateMachines() {
			out[m.ARN] = m.Definition
		}
	case "gcp":
		for _, w := range c.gcp.Workflows() {
			out[w.GetName()] = w.GetSourceContents()
		}
	}

	return out
}

// editOutOfBand replaces the deployed definition as a console user would.
func (c *localClouds) editOutOfBand(t *testing.T, target, id, definition string) {
	t.Helper()

	var err error

	switch target {
	case "aws":
		err = c.sfn.SetDefinition(id, definition)
	case "gcp":
		if !c.gcp.SetSource(id, definition) {
			err = fmt.Errorf("no workflow %s", id)
		}
	}

	if err != nil {
		t.Fatalf("editing %s out of band: %v", id, err)
	}
}

func (c *localClouds) deleteOutOfBand(t *testing.T, target, id string) {
	t.Helper()

	var err error

	switch target {
	case "aws":
		err = c.sfn.Remove(id)
	case "gcp":
		if !c.gcp.Remove(id) {
			err = fmt.Errorf("no workflow %s", id)
		}
	}

	if err != nil {
		t.Fatalf("deleting %s out of band: %v", id, err)
	}
}

// outOfBandDefinition is a valid definition for each cloud that differs from
// anything the tests render.
func outOfBandDefinition(target string) string {
	switch target {
	case "gcp":
		return "main:\n  steps:\n    - edited:\n        return: \"edited in the console\"\n"
	}

	return `{"StartAt":"Edited","States":{"Edited":{"Type":"Pass","End":true}}}`
}

// workflowConfig is a two-step workflow whose greeting changes with
// version, deployed to target with settings for every cloud, so that
// changing target is the only edit needed to move it.
func workflowConfig(c *localClouds, target string, version int, extra ...string) string {
	return c.providerConfig() + fmt.Sprintf(`
resource "multicloud_workflow" "test" {
  name        = "acc-orders"
  target      = %q
  description = "acceptance test workflow"

  definition = {
    steps = [
      { name = "greet", assign = { greeting = "hello %d" } },
      { name = "done", return = "{{ greeting }}" },
    ]
  }

  aws {
    role_arn = %q
  }

  gcp {
    labels = { team = "orders" }
  }
%s
}
`, target, version, stepfunctions.RoleARN(testRoleName), strings.Join(extra, "\n"))
}
