// Command localclouds runs the local Step Functions, Cloud Workflows and
// Logic Apps servers that the tests use. With them, `make demo` and users
// without a cloud account deploy workflows through the real provider and
// the real cloud SDKs. Every server listens on 127.0.0.1 only.
//
// It writes into -dir:
//
//	provider_override.tf  a provider block pointing each cloud at its server
//	locals.tf             the role, service account and identity values that
//	                      examples/deploy reads from its iam.tf files
//	env.sh                credentials for the AWS SDK and Azure Identity
//	ready                 written last, once every server accepts calls
//
// and serves until it is interrupted.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/stepfunctions"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/workflows"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
)

// gcpToken is the token the local Cloud Workflows server accepts. It is no
// secret: the server contains only demo data and listens on loopback.
const gcpToken = "local-demo-token"

func main() {
	dir := flag.String("dir", "", "folder to write provider_override.tf, locals.tf, env.sh and ready into")
	flag.Parse()

	if *dir == "" {
		fmt.Fprintln(os.Stderr, "localclouds: -dir is required")
		os.Exit(2)
	}

	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "localclouds:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	// Checked before any server starts, because otherwise every deployment
	// to the Cloud Workflows server would fail as an invalid source.
	if err := schemacheck.Ready(); err != nil {
		return fmt.Errorf("cannot start the Cloud Workflows server, which checks every source against Google's "+
			"Cloud Workflows JSON schema: %w. %s belongs in the environment of localclouds, not of Terraform", err, schemacheck.SchemaEnv)
	}

	sfn, err := stepfunctions.New()
	if err != nil {
		return fmt.Errorf("starting the Step Functions server: %w", err)
	}
	defer sfn.Close()

	gcp, err := workflows.Start(workflows.Options{Token: gcpToken, PollsUntilDone: 1})
	if err != nil {
		return fmt.Errorf("starting the Cloud Workflows server: %w", err)
	}
	defer gcp.Close()

	azure, err := logicapps.Start(logicapps.Options{})
	if err != nil {
		return fmt.Errorf("starting the Logic Apps server: %w", err)
	}
	defer azure.Close()

	if err := writeFiles(dir, sfn, gcp, azure); err != nil {
		return err
	}

	fmt.Printf("localclouds: Step Functions at %s, Cloud Workflows at %s, Logic Apps at %s\n", sfn.URL, gcp.Endpoint(), azure.URL())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop

	return nil
}

func writeFiles(dir string, sfn *stepfunctions.Server, gcp *workflows.Server, azure *logicapps.Server) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	files := []struct{ name, text string }{
		{"provider_override.tf", providerOverride(sfn, gcp, azure)},
		{"locals.tf", demoLocals(azure)},
		{"env.sh", envScript(azure)},
		{"ready", "ready\n"},
	}

	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o600); err != nil {
			return err
		}
	}

	return nil
}

func providerOverride(sfn *stepfunctions.Server, gcp *workflows.Server, azure *logicapps.Server) string {
	block := localcloud.ProviderConfig{
		AWSRegion:           stepfunctions.DefaultRegion,
		AWSEndpoint:         sfn.URL,
		GCPProject:          "demo-project",
		GCPLocation:         "europe-west1",
		GCPEndpoint:         gcp.Endpoint(),
		GCPToken:            gcpToken,
		AzureSubscriptionID: "00000000-0000-4000-8000-000000000de0",
		AzureLocation:       "westeurope",
		AzureEndpoint:       azure.URL(),
		AzureCACertificate:  azure.CACertificatePEM(),
		PollInterval:        "100ms",
	}.HCL()

	return `# Written by internal/tools/localclouds: sends every call to the local
# servers. Terraform merges *_override.tf files into the configuration, so
# the example's own provider block keeps its meaning for real clouds.
` + block
}

// demoLocals replaces the examples' iam.tf files, which create these values
// with the official providers.
func demoLocals(azure *logicapps.Server) string {
	return fmt.Sprintf(`# Written by internal/tools/localclouds: what the examples' iam.tf files
# create on a real account.
terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

locals {
  role_arn              = %q
  log_group_arn         = "arn:aws:logs:%s:%s:log-group:/aws/vendedlogs/states/order-lookup:*"
  connection_arn        = "arn:aws:events:%s:%s:connection/orders-api/00000000-0000-4000-8000-000000000001"
  service_account_email = "order-lookup-workflow@demo-project.iam.gserviceaccount.com"
  resource_group_name   = "orders-workflows"
  identity_id           = "/subscriptions/00000000-0000-4000-8000-000000000de0/resourceGroups/orders-workflows/providers/Microsoft.ManagedIdentity/userAssignedIdentities/order-lookup-workflow"
}
`, stepfunctions.RoleARN("order-lookup-workflow"),
		stepfunctions.DefaultRegion, stepfunctions.AccountID,
		stepfunctions.DefaultRegion, stepfunctions.AccountID)
}

// envScript sets the credentials the servers accept and keeps the SDKs
// away from the user's own profiles and from metadata services.
func envScript(azure *logicapps.Server) string {
	env := map[string]string{
		"AWS_ACCESS_KEY_ID":           stepfunctions.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":       stepfunctions.SecretAccessKey,
		"AWS_REGION":                  stepfunctions.DefaultRegion,
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CONFIG_FILE":             "/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
	}

	for k, v := range azure.CredentialEnv() {
		env[k] = v
	}

	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}

	sort.Strings(keys)

	var b strings.Builder
	b.WriteString("# Written by internal/tools/localclouds: credentials of the local servers.\n")

	for _, k := range keys {
		fmt.Fprintf(&b, "export %s=%q\n", k, env[k])
	}

	return b.String()
}
