package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// Validate checks the name and settings offline, then has the service
// check the definition with ValidateStateMachineDefinition, which needs
// the states:ValidateStateMachineDefinition permission but no role and
// creates nothing. Diagnostics of severity ERROR, and a ValidationException
// for the request, make a *cloud.DefinitionError. WARNING diagnostics
// become warnings. When the credentials may not call the API, the server
// check is skipped with a warning. Any other failed call returns a plain
// error, because it is no finding about the definition.
func (d *Deployer) Validate(ctx context.Context, w cloud.Workflow) ([]string, error) {
	s, err := checkedSettings(w)
	if err != nil {
		return nil, err
	}

	ctx = tflog.SetField(ctx, "state_machine_name", w.Name)

	client, err := d.client(s.Region)
	if err != nil {
		return nil, err
	}

	logCall(ctx, "ValidateStateMachineDefinition")
	out, err := client.ValidateStateMachineDefinition(ctx, &sfn.ValidateStateMachineDefinitionInput{
		Definition: awssdk.String(w.Definition),
		Type:       types.StateMachineType(stateMachineType(s)),
		Severity:   types.ValidateStateMachineDefinitionSeverityWarning,
		MaxResults: 100,
	})

	if isPermissionError(err) {
		tflog.Warn(ctx, "Skipped the server check of the definition", map[string]any{"error": err.Error()})
		return []string{fmt.Sprintf(
			"Step Functions did not check the definition before apply because the credentials may not call "+
				"states:ValidateStateMachineDefinition (%s: %s). Grant that permission to find definition errors at plan time.",
			errorCode(err), errorMessage(err))}, nil
	}

	if err != nil {
		logFailure(ctx, "ValidateStateMachineDefinition", err)
	}

	// ValidationException is the service rejecting the request's input,
	// for example a definition over the size limit.
	if errorCode(err) == "ValidationException" {
		return nil, &cloud.DefinitionError{Problems: []string{"ValidationException: " + errorMessage(err)}}
	}

	if err != nil {
		return nil, fmt.Errorf("validating the definition of %s: %w", w.Name, err)
	}

	return definitionFindings(out)
}

// checkedSettings returns the Step Functions settings of w after the
// offline checks of checkWorkflow, which Validate, Create and Update run
// before any call to the service.
func checkedSettings(w cloud.Workflow) (*Settings, error) {
	s, err := settingsOf(w)
	if err != nil {
		return nil, err
	}

	if err := checkWorkflow(w, s); err != nil {
		return nil, err
	}

	return s, nil
}

// checkWorkflow runs the offline checks that Validate, Create and Update
// share.
func checkWorkflow(w cloud.Workflow, s *Settings) error {
	var errs []error
	if w.Name != "" {
		errs = append(errs, CheckName(w.Name))
	}

	if strings.TrimSpace(w.Definition) == "" {
		errs = append(errs, errors.New("the rendered Step Functions definition is empty"))
	}

	errs = append(errs, CheckSettings(s))
	return errors.Join(errs...)
}

// definitionFindings splits the diagnostics into a *cloud.DefinitionError
// (ERROR) and warnings (WARNING). Each line names the code, the location
// inside the definition and the service's message.
func definitionFindings(out *sfn.ValidateStateMachineDefinitionOutput) ([]string, error) {
	var warnings, errs []string
	for _, diagnostic := range out.Diagnostics {
		line := awssdk.ToString(diagnostic.Code)
		if location := awssdk.ToString(diagnostic.Location); location != "" {
			line += " at " + location
		}
		line += ": " + awssdk.ToString(diagnostic.Message)

		if diagnostic.Severity == types.ValidateStateMachineDefinitionSeverityError {
			errs = append(errs, line)
		} else {
			warnings = append(warnings, "Step Functions: "+line)
		}
	}

	if awssdk.ToBool(out.Truncated) {
		warnings = append(warnings, "Step Functions returned only the first 100 findings for the definition.")
	}

	if len(errs) == 0 && out.Result == types.ValidateStateMachineDefinitionResultCodeFail {
		errs = append(errs, "the service reported FAIL without a diagnostic")
	}

	if len(errs) > 0 {
		return warnings, &cloud.DefinitionError{Problems: errs}
	}

	return warnings, nil
}
