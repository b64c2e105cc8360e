package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/stepfunctions"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/workflows"
)

// Values the acceptance tests give the local servers and expect back.
const (
	testGCPToken    = "acceptance-test-token"
	testGCPProject  = "acc-project"
	testGCPLocation = "europe-west1"
	testRoleName    = "acc-workflow-role"

	testAzureSubscription  = "00000000-0000-4000-8000-00000000acc1"
	testAzureResourceGroup = "acc-workflows"
)

// localClouds holds the local Step Functions, Cloud Workflows and Logic
// Apps servers that one test runs on 127.0.0.1.
type localClouds struct {
	sfn   *stepfunctions.Server
	gcp   *workflows.Server
	azure *logicapps.Server
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

	azureSrv, err := logicapps.Start(logicapps.Options{})
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(azureSrv.Close)
	c.azure = azureSrv

	for k, v := range azureSrv.CredentialEnv() {
		t.Setenv(k, v)
	}

	return c
}

// providerConfig is the provider block that sends every call to the
// local servers. The Azure location is spelled as users write it, so the
// tests cover the short form that Resource Manager reports back.
func (c *localClouds) providerConfig() string {
	return "\n" + localcloud.ProviderConfig{
		AWSRegion:           stepfunctions.DefaultRegion,
		AWSEndpoint:         c.sfn.URL,
		GCPProject:          testGCPProject,
		GCPLocation:         testGCPLocation,
		GCPEndpoint:         c.gcp.Endpoint(),
		GCPToken:            testGCPToken,
		AzureSubscriptionID: testAzureSubscription,
		AzureResourceGroup:  testAzureResourceGroup,
		AzureLocation:       "West Europe",
		AzureEndpoint:       c.azure.URL(),
		AzureCACertificate:  c.azure.CACertificatePEM(),
		PollInterval:        "10ms",
	}.HCL()
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
	case "azure":
		for _, w := range c.azure.Workflows() {
			out[w.ID] = string(w.Definition)
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
	case "azure":
		err = c.azure.EditDefinition(id, definition)
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
	case "azure":
		err = c.azure.DeleteWorkflow(id)
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
	case "azure":
		return `{"$schema":"https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#","contentVersion":"1.0.0.0","triggers":{},"actions":{}}`
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

  azure {
    tags = { team = "orders" }
  }
%s
}
`, target, version, stepfunctions.RoleARN(testRoleName), strings.Join(extra, "\n"))
}
