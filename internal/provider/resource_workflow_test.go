package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

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
	for _, target := range []string{"aws", "gcp"} {
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
						ResourceName:      testResource,
						ImportState:       true,
						ImportStateVerify: true,
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
			want:   `(?s)target.*"aws" "gcp" "azure"`,
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

			for _, target := range []string{"aws", "gcp"} {
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
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[testResource]
		if !ok {
			return fmt.Errorf("%s is not in state", testResource)
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
// on AWS the description, which Step Functions keeps only on versions.
func importIgnored(target string) []string {
	ignored := []string{"definition", "timeouts"}

	for _, other := range []string{"aws", "gcp", "azure"} {
		if other != target {
			ignored = append(ignored, other+".")
		}
	}

	if target == "aws" {
		ignored = append(ignored, "description")
	}

	return ignored
}
