package provider

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/testutil"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/gcpworkflows/schemacheck"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate/logicapps/wdlcheck"
)

var update = flag.Bool("update", false, "rewrite the golden files of the examples")

// TestAccExamples applies every example with the real Terraform CLI and runs
// the third-party checkers on what it renders.
func TestAccExamples(t *testing.T) {
	// The scenarios sit directly under examples/, and the one-construct
	// examples under examples/constructs/.
	scenarios, err := filepath.Glob("../../examples/*/main.tf")
	if err != nil || len(scenarios) < 4 {
		t.Fatalf("expected at least 4 examples, found %d (%v)", len(scenarios), err)
	}

	constructs, err := filepath.Glob("../../examples/constructs/*/main.tf")
	if err != nil || len(constructs) == 0 {
		t.Fatalf("expected examples under examples/constructs, found %d (%v)", len(constructs), err)
	}

	dirs := append(scenarios, constructs...)

	// The examples name the provider by its registry address.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "multicloud-workflows")

	for _, mainTF := range dirs {
		dir, err := filepath.Abs(filepath.Dir(mainTF))
		if err != nil {
			t.Fatal(err)
		}

		// "quickstart" or "constructs/retry": the subtest name and the
		// folder of the golden files.
		rel, err := filepath.Rel(filepath.Join("..", "..", "examples"), filepath.Dir(mainTF))
		if err != nil {
			t.Fatal(err)
		}

		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						ConfigDirectory: config.StaticDirectory(dir),
						Check:           checkDefinitions(t.TempDir(), filepath.Join("testdata", "golden", rel)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// checkDefinitions validates every definition in the `definitions` output:
// ASL with asl-validator, Cloud Workflows YAML with Google's JSON schema and
// Logic Apps JSON with our structural checker.
// Each rendering must also equal its golden file under goldenDir.
func checkDefinitions(tmp, goldenDir string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		raw, ok := outputValue(s, "definitions")
		if !ok {
			return fmt.Errorf("the example has no \"definitions\" output")
		}

		workflows, ok := raw.(map[string]any)
		if !ok || len(workflows) == 0 {
			return fmt.Errorf("\"definitions\" is not a non-empty map: %T", raw)
		}

		for name, v := range workflows {
			defs, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("definitions[%q] is not an object", name)
			}

			if err := checkOne(tmp, name, defs); err != nil {
				return err
			}

			if err := compareGolden(goldenDir, name, defs); err != nil {
				return err
			}
		}

		return nil
	}
}

// checkOne validates the renderings that the workflow has. A cloud left out
// of the data source's targets has a null rendering and is skipped. A listed
// target that cannot render already fails the apply in the data source.
func checkOne(tmp, name string, defs map[string]any) error {
	aslText, _ := defs["aws_asl"].(string)
	gcpText, _ := defs["gcp_yaml"].(string)
	azureText, _ := defs["azure_json"].(string)

	if aslText == "" && gcpText == "" && azureText == "" {
		return fmt.Errorf("workflow %q has no rendering for any cloud", name)
	}

	if aslText != "" {
		if err := testutil.ValidateASL(tmp, name, aslText); err != nil {
			return fmt.Errorf("workflow %q: %w", name, err)
		}
	}

	if gcpText != "" {
		if err := schemacheck.Validate([]byte(gcpText)); err != nil {
			return fmt.Errorf("workflow %q: Cloud Workflows schema: %w", name, err)
		}
	}

	if azureText != "" {
		if err := wdlcheck.Check([]byte(azureText)); err != nil {
			return fmt.Errorf("workflow %q: Logic Apps checks: %w", name, err)
		}
	}

	return nil
}

// compareGolden compares each rendering with its golden file, or rewrites
// the files when the test runs with -update. A cloud without a rendering
// must have no golden file, so dropping a target shows up as a failure.
func compareGolden(dir, name string, defs map[string]any) error {
	files := map[string]string{
		"aws_asl":    name + ".asl.json",
		"gcp_yaml":   name + ".gcp.yaml",
		"azure_json": name + ".logicapp.json",
	}

	for key, file := range files {
		got, _ := defs[key].(string)
		path := filepath.Join(dir, file)

		if got == "" {
			if err := checkNoGolden(path); err != nil {
				return err
			}

			continue
		}

		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}

			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				return err
			}

			continue
		}

		want, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("missing golden file %s (run go test ./internal/provider -update): %w", path, err)
		}

		if !bytes.Equal(want, []byte(got)) {
			return fmt.Errorf("%s differs from the rendering; review the change and run go test ./internal/provider -update", path)
		}
	}

	return nil
}

// checkNoGolden fails when a golden file exists for a cloud that the example
// does not render for, or removes it when the test runs with -update.
func checkNoGolden(path string) error {
	if *update {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}

		return nil
	}

	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists, but the example no longer renders for that cloud; review its targets and run go test ./internal/provider -update", path)
	}

	return nil
}
