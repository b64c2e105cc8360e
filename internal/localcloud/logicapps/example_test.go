package logicapps_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/azure"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"
)

const exampleDefinition = `{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "contentVersion": "1.0.0.0",
  "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}},
  "actions": {"reply": {"type": "Response", "inputs": {"statusCode": 200}, "runAfter": {}}}
}`

// This example deploys a workflow with the Logic Apps deployer to a local
// server while reads lag writes. Tests set the variables with t.Setenv.
func ExampleStart() {
	server, err := logicapps.Start(logicapps.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()

	for name, value := range server.CredentialEnv() {
		os.Setenv(name, value)
	}

	deployer, err := azure.New(context.Background(), azure.Config{
		SubscriptionID:    "11111111-2222-4333-8444-555555555555",
		ResourceGroup:     "rg-test",
		Location:          "westeurope",
		Endpoint:          server.URL(),
		AuthorityHost:     server.URL(),
		CACertificateFile: server.CACertFile(),
		PollInterval:      10 * time.Millisecond,
	})
	if err != nil {
		log.Fatal(err)
	}

	server.LagReads(2)
	workflow := cloud.Workflow{Name: "orders", Definition: exampleDefinition, Settings: &azure.Settings{Enabled: true}}
	deployed, err := deployer.Create(context.Background(), workflow, func(string) {})
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println(deployed.ID)
	fmt.Println(len(server.Workflows()), "workflow stored")
	// Output:
	// /subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-test/providers/Microsoft.Logic/workflows/orders
	// 1 workflow stored
}
