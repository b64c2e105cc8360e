package provider

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/logicapps"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/stepfunctions"
	"google.golang.org/grpc/codes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const testResource = "multicloud_workflow.test"

// TestAccWorkflowLifecycle walks one workflow per cloud through what a
// team does over its life: create, a clean re-plan, an in-place update,
// import, an edit made in the console, a delete made in the console, and
// destroy. Every step also checks what the local cloud holds.
func TestAccWorkflowLifecycle(t *testing.T) {
	for _, target := range []string{"aws", "gcp", "azure"} {
		t.Run(target, func(t *testing.T) {
			clouds := startLocalClouds(t)
			var firstID string

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             clouds.checkEmpty(target),
				Steps: []resource.TestStep{
					{
						Config: workflowConfig(clouds, target, 1),
						Check: resource.ComposeAggregateTestCheckFunc(
							clouds.checkDeployed(target, "hello 1"),
							resource.TestCheckResourceAttrSet(testResource, "revision_id"),
							resource.TestCheckResourceAttrWith(testResource, "id", func(id string) error {
								firstID = id
								return nil
							}),
						),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate),
								plancheck.ExpectKnownValue(testResource, tfjsonpath.New("rendered_definition"), knownvalue.StringRegexp(regexp.MustCompile(`hello 1`))),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						Config: workflowConfig(clouds, target, 2),
						Check: resource.ComposeAggregateTestCheckFunc(
							clouds.checkDeployed(target, "hello 2"),
							resource.TestCheckResourceAttrWith(testResource, "id", func(id string) error {
								if id != firstID {
									return fmt.Errorf("the update replaced the workflow: id %s, was %s", id, firstID)
								}
								return nil
							}),
						),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
								plancheck.ExpectUnknownValue(testResource, tfjsonpath.New("revision_id")),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						ResourceName:            testResource,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: importIgnored(target),
					},
					{
						PreConfig: func() {
							clouds.editOutOfBand(t, target, firstID, outOfBandDefinition(target))
						},
						Config: workflowConfig(clouds, target, 2),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: clouds.checkDeployed(target, "hello 2"),
					},
					{
						PreConfig: func() {
							clouds.deleteOutOfBand(t, target, firstID)
						},
						Config: workflowConfig(clouds, target, 2),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate),
							},
						},
						Check: clouds.checkDeployed(target, "hello 2"),
					},
				},
			})
		})
	}
}

// TestAccWorkflowAWSDescriptionOnly changes only the description of an
// unpublished state machine, which Step Functions does not store: the plan
// keeps revision_id and the apply keeps the revision.
func TestAccWorkflowAWSDescriptionOnly(t *testing.T) {
	clouds := startLocalClouds(t)
	config := workflowConfig(clouds, "aws", 1)
	var revision string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.TestCheckResourceAttrWith(testResource, "revision_id", func(v string) error {
					revision = v
					return nil
				}),
			},
			{
				Config: strings.Replace(config, `"acceptance test workflow"`, `"orders, second edition"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testResource, tfjsonpath.New("revision_id"), knownvalue.NotNull()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(testResource, "description", "orders, second edition"),
					resource.TestCheckResourceAttrWith(testResource, "revision_id", func(v string) error {
						if v != revision {
							return fmt.Errorf("revision_id = %s, want %s from before the description change", v, revision)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestAccWorkflowMovesBetweenClouds changes only target and checks that the
// workflow is created on the new cloud and deleted from the old one.
func TestAccWorkflowMovesBetweenClouds(t *testing.T) {
	clouds := startLocalClouds(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             clouds.checkEmpty("gcp"),
		Steps: []resource.TestStep{
			{
				Config: workflowConfig(clouds, "aws", 1),
				Check:  clouds.checkDeployed("aws", "hello 1"),
			},
			{
				Config: workflowConfig(clouds, "gcp", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					clouds.checkDeployed("gcp", "hello 1"),
					clouds.checkEmpty("aws"),
				),
			},
		},
	})
}

// TestAccWorkflowRejectsBadInput checks the plan-time errors a user meets
// before any cloud call.
func TestAccWorkflowRejectsBadInput(t *testing.T) {
	clouds := startLocalClouds(t)

	cases := []struct {
		name   string
		config string
		want   string
	}{
		{
			name:   "missing role",
			config: strings.Replace(workflowConfig(clouds, "aws", 1), "role_arn =", "# role_arn =", 1),
			want:   `(?s)aws.role_arn`,
		},
		{
			name:   "unknown target",
			config: workflowConfig(clouds, "oracle", 1),
			want:   `(?s)Invalid target.*"oracle"\s+is\s+not\s+a\s+valid\s+target.\s+Use\s+one\s+of\s+"aws",\s+"gcp"\s+or\s+"azure".`,
		},
		{
			name: "log group without the :* suffix",
			config: strings.Replace(workflowConfig(clouds, "aws", 1), "role_arn =", `logging {
      level         = "ERROR"
      log_group_arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/acc"
    }
    role_arn =`, 1),
			want: `(?s)Invalid AWS Step Functions setting.*log_group_arn`,
		},
		{
			name:   "label the service refuses",
			config: strings.Replace(workflowConfig(clouds, "gcp", 1), `team = "orders"`, `"Team Name" = "orders"`, 1),
			want:   `(?s)Invalid Google Cloud Workflows setting.*Team Name`,
		},
		{
			name:   "no project anywhere",
			config: withoutAttribute(workflowConfig(clouds, "gcp", 1), "project"),
			want:   `(?s)Missing Google Cloud project.*gcp.project\s+in\s+this\s+resource`,
		},
		{
			name:   "no resource group anywhere",
			config: withoutAttribute(workflowConfig(clouds, "azure", 1), "resource_group"),
			want:   `(?s)Missing Azure resource group.*azure.resource_group\s+in\s+this\s+resource`,
		},
		{
			name:   "bad step",
			config: strings.Replace(workflowConfig(clouds, "gcp", 1), `assign = { greeting = "hello 1" }`, `assign = { greeting = "{{ missing + 1 }}" }`, 1),
			want:   `(?s)greet.*missing`,
		},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)},
				},
			})

			for _, target := range []string{"aws", "gcp", "azure"} {
				if n := len(clouds.deployed(target)); n != 0 {
					t.Errorf("%s holds %d workflows after a rejected plan", target, n)
				}
			}
		})
	}
}

// checkDeployed checks that the cloud holds exactly one workflow, that it
// is the resource's, and that its definition contains want.
func (c *localClouds) checkDeployed(target, want string) resource.TestCheckFunc {
	return c.checkDeployedAt(target, testResource, want)
}

// checkDeployedAt is checkDeployed for the resource at address.
func (c *localClouds) checkDeployedAt(target, address, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}

		deployed := c.deployed(target)
		if len(deployed) != 1 {
			return fmt.Errorf("%s holds %d workflows, want exactly 1", target, len(deployed))
		}

		def, ok := deployed[rs.Primary.ID]
		if !ok {
			return fmt.Errorf("%s holds no workflow with the ID in state, %s", target, rs.Primary.ID)
		}

		if !strings.Contains(def, want) {
			return fmt.Errorf("the deployed definition does not contain %q:\n%s", want, def)
		}

		return nil
	}
}

func (c *localClouds) checkEmpty(target string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(c.deployed(target)); n != 0 {
			return fmt.Errorf("%s still holds %d workflows", target, n)
		}

		return nil
	}
}

var _ = statecheck.ExpectKnownValue

// importIgnored lists what import cannot recover: the neutral definition
// (the configuration supplies it), the settings blocks of other clouds, and
// on AWS the description, which Step Functions keeps only on versions, and
// on Azure the definition's formatting.
func importIgnored(target string) []string {
	ignored := []string{"definition", "timeouts"}

	for _, other := range []string{"aws", "gcp", "azure"} {
		if other != target {
			ignored = append(ignored, other+".")
		}
	}

	switch target {
	case "aws":
		ignored = append(ignored, "description")
	case "azure":
		// Resource Manager returns the definition without indentation and
		// the location in its short form ("westeurope" for "West Europe");
		// the plan compares both by meaning.
		ignored = append(ignored, "rendered_definition", "azure.location")
	}

	return ignored
}

// cloudFault is a failure a local cloud injects before one apply.
type cloudFault struct {
	name   string
	target string

	// beforeUpdate injects before the update instead of the create.
	beforeUpdate bool

	// failsApply marks faults the provider cannot recover from: that apply
	// fails with a matching error and the next one succeeds.
	failsApply string

	inject func(c *localClouds)
}

func cloudFaults() []cloudFault {
	return []cloudFault{
		{name: "throttled create", target: "aws", inject: func(c *localClouds) {
			c.sfn.InjectFault("CreateStateMachine", stepfunctions.Throttling, 2)
		}},
		{name: "server errors on read", target: "aws", inject: func(c *localClouds) {
			c.sfn.InjectFault("DescribeStateMachine", stepfunctions.InternalFailure, 2)
		}},
		{name: "role not yet assumable", target: "aws", inject: func(c *localClouds) {
			c.sfn.DenyRoleAssumption(2)
		}},
		{name: "reads lag the update", target: "aws", beforeUpdate: true, inject: func(c *localClouds) {
			c.sfn.LagReads(2)
		}},
		{name: "create response lost", target: "aws", inject: func(c *localClouds) {
			c.sfn.LoseCreateResponses(stepfunctions.CloseConnection, 1)
		}},
		{name: "update refused", target: "aws", beforeUpdate: true, failsApply: "ServiceQuotaExceeded", inject: func(c *localClouds) {
			c.sfn.InjectFault("UpdateStateMachine", stepfunctions.Fault{StatusCode: 400, Type: "ServiceQuotaExceededException", Message: "ServiceQuotaExceeded: too many updates"}, 1)
		}},
		{name: "validation not permitted", target: "aws", inject: func(c *localClouds) {
			// The plan goes on with a warning when the caller may not call
			// ValidateStateMachineDefinition.
			c.sfn.InjectFault("ValidateStateMachineDefinition", stepfunctions.Fault{StatusCode: 400, Type: "AccessDeniedException", Message: "User is not authorized to perform: states:ValidateStateMachineDefinition"}, 10)
		}},
		{name: "throttled create", target: "gcp", inject: func(c *localClouds) {
			c.gcp.FailCalls(codes.ResourceExhausted, 2)
		}},
		{name: "service unavailable", target: "gcp", beforeUpdate: true, inject: func(c *localClouds) {
			c.gcp.FailCalls(codes.Unavailable, 2)
		}},
		{name: "service account not yet usable", target: "gcp", inject: func(c *localClouds) {
			c.gcp.DenyServiceAccount(2)
		}},
		{name: "reads lag the update", target: "gcp", beforeUpdate: true, inject: func(c *localClouds) {
			c.gcp.LagReads(2)
		}},
		{name: "create response lost", target: "gcp", inject: func(c *localClouds) {
			c.gcp.LoseCreateResponses(1)
		}},
		{name: "throttled with Retry-After", target: "azure", inject: func(c *localClouds) {
			c.azure.Throttle(2, time.Second)
		}},
		{name: "server errors", target: "azure", beforeUpdate: true, inject: func(c *localClouds) {
			c.azure.FailCalls(http.StatusInternalServerError, 2)
		}},
		{name: "identity not yet usable", target: "azure", inject: func(c *localClouds) {
			c.azure.IdentityNotReady(2)
		}},
		{name: "reads lag the update", target: "azure", beforeUpdate: true, inject: func(c *localClouds) {
			c.azure.LagReads(2)
		}},
		{name: "create response lost", target: "azure", inject: func(c *localClouds) {
			c.azure.LosePutResponses(1, logicapps.LossCloseConnection)
		}},
		{name: "update refused", target: "azure", beforeUpdate: true, failsApply: "workflow is locked", inject: func(c *localClouds) {
			c.azure.FailNextOperation(logicapps.OperationPut, http.StatusConflict, "WorkflowLocked", "The workflow is locked by a running operation.")
		}},
		{name: "create operation fails", target: "gcp", failsApply: "quota exhausted in the region", inject: func(c *localClouds) {
			c.gcp.FailNextOperation(codes.Internal, "quota exhausted in the region")
		}},
	}
}

// TestAccWorkflowCloudFaults applies through each injected fault and checks
// that every run ends with exactly one workflow in the cloud, the one in
// state, holding the configured definition.
func TestAccWorkflowCloudFaults(t *testing.T) {
	for _, f := range cloudFaults() {
		t.Run(f.target+"/"+f.name, func(t *testing.T) {
			clouds := startLocalClouds(t)
			inject := func() { f.inject(clouds) }
			// An account and an identity, so the propagation faults apply.
			config := func(version int) string {
				c := workflowConfig(clouds, f.target, version)
				c = strings.Replace(c, `labels = { team = "orders" }`, `service_account = "runner@acc-project.iam.gserviceaccount.com"`, 1)

				return strings.Replace(c, `tags = { team = "orders" }`, `identity {
      type = "SystemAssigned"
    }`, 1)
			}

			create := resource.TestStep{Config: config(1), Check: clouds.checkDeployed(f.target, "hello 1")}
			update := resource.TestStep{
				Config: config(2),
				Check:  clouds.checkDeployed(f.target, "hello 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			}

			var steps []resource.TestStep
			faulty := &create
			if f.beforeUpdate {
				steps = append(steps, create)
				faulty = &update
			}

			faulty.PreConfig = inject
			if f.failsApply != "" {
				failing := *faulty
				failing.Check = nil
				failing.ConfigPlanChecks = resource.ConfigPlanChecks{}
				failing.ExpectError = regexp.MustCompile(f.failsApply)
				steps = append(steps, failing)
				faulty.PreConfig = nil
			}

			steps = append(steps, *faulty)
			if !f.beforeUpdate {
				steps = append(steps, update)
			}

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             clouds.checkEmpty(f.target),
				Steps:                    steps,
			})
		})
	}
}

// TestAccWorkflowExistingName checks that a workflow this configuration did
// not create is never taken over or overwritten, even when its definition
// is the same. The second resource with the same name fails with the import
// command, and the cloud keeps exactly the first workflow.
func TestAccWorkflowExistingName(t *testing.T) {
	for _, c := range []struct {
		target  string
		version int // 1 gives the copy the same definition as the first
	}{{"aws", 1}, {"aws", 2}, {"gcp", 1}, {"gcp", 2}, {"azure", 1}, {"azure", 2}} {
		target := c.target
		t.Run(fmt.Sprintf("%s/version %d", target, c.version), func(t *testing.T) {
			clouds := startLocalClouds(t)
			first := workflowConfig(clouds, target, 1)
			second := strings.Replace(workflowConfig(clouds, target, c.version), `resource "multicloud_workflow" "test"`, `resource "multicloud_workflow" "copy"`, 1)
			second = second[strings.Index(second, `resource "multicloud_workflow"`):]

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             clouds.checkEmpty(target),
				Steps: []resource.TestStep{
					{Config: first, Check: clouds.checkDeployed(target, "hello 1")},
					{
						Config:      first + second,
						ExpectError: regexp.MustCompile(`(?s)Workflow already exists.*import`),
					},
					{Config: first, Check: clouds.checkDeployed(target, "hello 1")},
				},
			})
		})
	}
}

// TestAccWorkflowJSONPath deploys the JSONPath rendering, which tools that
// only run JSONPath-mode ASL need, and switches back to JSONata in place.
func TestAccWorkflowJSONPath(t *testing.T) {
	clouds := startLocalClouds(t)
	jsonPath := strings.Replace(workflowConfig(clouds, "aws", 1), "role_arn =", "query_language = \"JSONPath\"\n    role_arn =", 1)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             clouds.checkEmpty("aws"),
		Steps: []resource.TestStep{
			{
				Config: jsonPath,
				Check: resource.ComposeAggregateTestCheckFunc(
					clouds.checkDeployed("aws", "hello 1"),
					resource.TestCheckResourceAttrWith(testResource, "rendered_definition", func(v string) error {
						if strings.Contains(v, "JSONata") {
							return fmt.Errorf("the JSONPath rendering mentions JSONata:\n%s", v)
						}
						return nil
					}),
				),
			},
			{
				Config: workflowConfig(clouds, "aws", 1),
				Check:  clouds.checkDeployed("aws", `"QueryLanguage": "JSONata"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// TestAccWorkflowEmptyMaps checks that empty tags and labels mean the same
// as leaving them out: no error after apply and no diff afterwards.
func TestAccWorkflowEmptyMaps(t *testing.T) {
	for _, target := range []string{"aws", "gcp", "azure"} {
		t.Run(target, func(t *testing.T) {
			clouds := startLocalClouds(t)
			config := workflowConfig(clouds, target, 1)
			config = strings.Replace(config, `labels = { team = "orders" }`, `labels = {}`, 1)
			config = strings.Replace(config, `tags = { team = "orders" }`, `tags = {}`, 1)
			config = strings.Replace(config, "role_arn =", "tags = {}\n    role_arn =", 1)

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: config,
						Check:  clouds.checkDeployed(target, "hello 1"),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// TestAccWorkflowMissingCredentials plans without AWS credentials: the
// plan warns that the cloud check was skipped, and apply names where
// credentials come from.
func TestAccWorkflowMissingCredentials(t *testing.T) {
	clouds := startLocalClouds(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      workflowConfig(clouds, "aws", 1),
				ExpectError: regexp.MustCompile(`(?s)Creating the workflow on AWS Step Functions failed.*AWS_PROFILE`),
			},
		},
	})

	if n := len(clouds.deployed("aws")); n != 0 {
		t.Errorf("Step Functions holds %d state machines after a failed create", n)
	}
}

// TestAccWorkflowMissingRegion plans an AWS workflow with no region in the
// configuration, the environment or an AWS config file.
func TestAccWorkflowMissingRegion(t *testing.T) {
	clouds := startLocalClouds(t)
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "config"))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      withoutAttribute(workflowConfig(clouds, "aws", 1), "region"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Missing AWS region.*AWS_REGION`),
			},
		},
	})
}

// withoutAttribute comments out every line of config that sets name.
func withoutAttribute(config, name string) string {
	return regexp.MustCompile(`(?m)^(\s*)`+name+`(\s*=)`).ReplaceAllString(config, "${1}# "+name+"${2}")
}

// TestAccWorkflowAzureConnections deploys a native Logic Apps connector
// action with the $connections parameter value it reads.
func TestAccWorkflowAzureConnections(t *testing.T) {
	clouds := startLocalClouds(t)
	config := clouds.providerConfig() + `
resource "multicloud_workflow" "test" {
  name   = "acc-connections"
  target = "azure"

  definition = {
    steps = [
      {
        name = "send"
        call = {
          native = {
            azure = {
              type = "ApiConnection"
              inputs = {
                host   = { connection = { name = "@parameters('$connections')['servicebus']['connectionId']" } }
                method = "post"
                path   = "/orders/messages"
              }
            }
          }
        }
      },
    ]
  }

  azure {
    parameters = {
      "$connections" = jsonencode({
        servicebus = {
          connectionId   = "/subscriptions/00000000-0000-4000-8000-00000000acc1/resourceGroups/acc-workflows/providers/Microsoft.Web/connections/servicebus"
          connectionName = "servicebus"
          id             = "/subscriptions/00000000-0000-4000-8000-00000000acc1/providers/Microsoft.Web/locations/westeurope/managedApis/servicebus"
        }
      })
    }
  }
}
`

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             clouds.checkEmpty("azure"),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  clouds.checkDeployed("azure", "$connections"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
