package stepfunctions_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/stepfunctions"
)

const (
	passDefinition = `{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`
	waitDefinition = `{"StartAt":"Pause","States":{"Pause":{"Type":"Wait","Seconds":1,"End":true}}}`
)

var role = stepfunctions.RoleARN("workflow")

// newClient starts a server and returns an SDK client configured through
// the default credential chain, as the provider builds it.
func newClient(t *testing.T) (*sfn.Client, *stepfunctions.Server) {
	t.Helper()

	srv := stepfunctions.Start(t)
	srv.SetEnv(t)

	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}

	client := sfn.NewFromConfig(cfg, func(o *sfn.Options) {
		o.BaseEndpoint = awssdk.String(srv.URL)
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.MaxBackoff = 0 })
	})

	return client, srv
}

func create(t *testing.T, client *sfn.Client, name, definition string) string {
	t.Helper()

	out, err := client.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{
		Name:       awssdk.String(name),
		Definition: awssdk.String(definition),
		RoleArn:    awssdk.String(role),
	})
	if err != nil {
		t.Fatalf("CreateStateMachine: %v", err)
	}

	return awssdk.ToString(out.StateMachineArn)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()

	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}

	if apiErr.ErrorCode() != code {
		t.Fatalf("error code = %s (%s), want %s", apiErr.ErrorCode(), apiErr.ErrorMessage(), code)
	}
}

func TestCreateAndDescribe(t *testing.T) {
	client, srv := newClient(t)

	arn := create(t, client, "orders", passDefinition)
	if want := stepfunctions.ARN(stepfunctions.DefaultRegion, "orders"); arn != want {
		t.Errorf("ARN = %s, want %s", arn, want)
	}

	out, err := client.DescribeStateMachine(context.Background(), &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
	if err != nil {
		t.Fatalf("DescribeStateMachine: %v", err)
	}

	if awssdk.ToString(out.Definition) != passDefinition {
		t.Errorf("definition = %s", awssdk.ToString(out.Definition))
	}
	if out.Type != types.StateMachineTypeStandard {
		t.Errorf("type = %s, want STANDARD", out.Type)
	}
	if out.Status != types.StateMachineStatusActive {
		t.Errorf("status = %s, want ACTIVE", out.Status)
	}
	if out.LoggingConfiguration == nil || out.LoggingConfiguration.Level != types.LogLevelOff {
		t.Errorf("logging = %+v, want level OFF", out.LoggingConfiguration)
	}
	if out.CreationDate == nil || out.CreationDate.IsZero() {
		t.Error("creation date is missing")
	}
	if awssdk.ToString(out.RevisionId) == "" {
		t.Error("revision ID is missing")
	}
	if n := len(srv.StateMachines()); n != 1 {
		t.Errorf("server holds %d state machines, want 1", n)
	}
}

func TestCreateIdempotence(t *testing.T) {
	client, srv := newClient(t)
	arn := create(t, client, "orders", passDefinition)

	// Same configuration with another role: the existing state machine.
	out, err := client.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{
		Name:       awssdk.String("orders"),
		Definition: awssdk.String(passDefinition),
		RoleArn:    awssdk.String(stepfunctions.RoleARN("other")),
	})
	if err != nil {
		t.Fatalf("repeated CreateStateMachine: %v", err)
	}
	if got := awssdk.ToString(out.StateMachineArn); got != arn {
		t.Errorf("repeated create ARN = %s, want %s", got, arn)
	}

	_, err = client.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{
		Name:       awssdk.String("orders"),
		Definition: awssdk.String(waitDefinition),
		RoleArn:    awssdk.String(role),
	})
	wantCode(t, err, "StateMachineAlreadyExists")
	if !strings.Contains(err.Error(), arn) {
		t.Errorf("StateMachineAlreadyExists message %q does not name %s", err, arn)
	}

	machines := srv.StateMachines()
	if len(machines) != 1 {
		t.Fatalf("server holds %d state machines, want 1", len(machines))
	}
	if machines[0].RoleARN != role {
		t.Errorf("role = %s, want the first create's %s", machines[0].RoleARN, role)
	}
}

func TestCreateRejectsInvalidInput(t *testing.T) {
	tests := []struct {
		name  string
		input sfn.CreateStateMachineInput
		code  string
	}{
		{
			name:  "invalid ASL",
			input: sfn.CreateStateMachineInput{Name: awssdk.String("a"), Definition: awssdk.String(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}`), RoleArn: &role},
			code:  "InvalidDefinition",
		},
		{
			name:  "not JSON",
			input: sfn.CreateStateMachineInput{Name: awssdk.String("a"), Definition: awssdk.String(`StartAt: A`), RoleArn: &role},
			code:  "InvalidDefinition",
		},
		{
			name:  "name with a space",
			input: sfn.CreateStateMachineInput{Name: awssdk.String("a b"), Definition: awssdk.String(passDefinition), RoleArn: &role},
			code:  "InvalidName",
		},
		{
			name:  "role ARN of a user",
			input: sfn.CreateStateMachineInput{Name: awssdk.String("a"), Definition: awssdk.String(passDefinition), RoleArn: awssdk.String("arn:aws:iam::123456789012:user/bob")},
			code:  "InvalidArn",
		},
		{
			name: "log group ARN without :*",
			input: sfn.CreateStateMachineInput{
				Name: awssdk.String("a"), Definition: awssdk.String(passDefinition), RoleArn: &role,
				LoggingConfiguration: &types.LoggingConfiguration{
					Level: types.LogLevelAll,
					Destinations: []types.LogDestination{{CloudWatchLogsLogGroup: &types.CloudWatchLogsLogGroup{
						LogGroupArn: awssdk.String("arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/a"),
					}}},
				},
			},
			code: "InvalidLoggingConfiguration",
		},
		{
			name: "logging without a destination",
			input: sfn.CreateStateMachineInput{
				Name: awssdk.String("a"), Definition: awssdk.String(passDefinition), RoleArn: &role,
				LoggingConfiguration: &types.LoggingConfiguration{Level: types.LogLevelError},
			},
			code: "InvalidLoggingConfiguration",
		},
		{
			name: "KMS reuse period too short",
			input: sfn.CreateStateMachineInput{
				Name: awssdk.String("a"), Definition: awssdk.String(passDefinition), RoleArn: &role,
				EncryptionConfiguration: &types.EncryptionConfiguration{
					Type: types.EncryptionTypeCustomerManagedKmsKey, KmsKeyId: awssdk.String("alias/workflows"),
					KmsDataKeyReusePeriodSeconds: awssdk.Int32(30),
				},
			},
			code: "ValidationException",
		},
		{
			name:  "version description without publish",
			input: sfn.CreateStateMachineInput{Name: awssdk.String("a"), Definition: awssdk.String(passDefinition), RoleArn: &role, VersionDescription: awssdk.String("v1")},
			code:  "ValidationException",
		},
	}

	client, srv := newClient(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.CreateStateMachine(context.Background(), &tt.input)
			wantCode(t, err, tt.code)
		})
	}

	if n := len(srv.StateMachines()); n != 0 {
		t.Errorf("server holds %d state machines after rejected creates, want 0", n)
	}
}

func TestUpdateChangesRevision(t *testing.T) {
	client, srv := newClient(t)
	arn := create(t, client, "orders", passDefinition)
	before, _ := srv.StateMachine(arn)

	out, err := client.UpdateStateMachine(context.Background(), &sfn.UpdateStateMachineInput{
		StateMachineArn: &arn,
		Definition:      awssdk.String(waitDefinition),
		Publish:         true,
	})
	if err != nil {
		t.Fatalf("UpdateStateMachine: %v", err)
	}

	after, _ := srv.StateMachine(arn)
	if after.Definition != waitDefinition {
		t.Errorf("definition = %s, want the update's", after.Definition)
	}
	if after.RevisionID == before.RevisionID {
		t.Error("revision ID did not change")
	}
	if got := awssdk.ToString(out.RevisionId); got != after.RevisionID {
		t.Errorf("returned revision %s, stored %s", got, after.RevisionID)
	}
	if got := awssdk.ToString(out.StateMachineVersionArn); got != arn+":1" {
		t.Errorf("version ARN = %s, want %s:1", got, arn)
	}

	_, err = client.UpdateStateMachine(context.Background(), &sfn.UpdateStateMachineInput{StateMachineArn: &arn})
	wantCode(t, err, "MissingRequiredParameter")
}

func TestVersionsNewestFirst(t *testing.T) {
	client, _ := newClient(t)
	arn := create(t, client, "orders", passDefinition)

	for _, definition := range []string{waitDefinition, passDefinition} {
		if _, err := client.UpdateStateMachine(context.Background(), &sfn.UpdateStateMachineInput{
			StateMachineArn: &arn, Definition: awssdk.String(definition), Publish: true,
		}); err != nil {
			t.Fatalf("UpdateStateMachine: %v", err)
		}
	}

	out, err := client.ListStateMachineVersions(context.Background(), &sfn.ListStateMachineVersionsInput{StateMachineArn: &arn, MaxResults: 1})
	if err != nil {
		t.Fatalf("ListStateMachineVersions: %v", err)
	}

	if len(out.StateMachineVersions) != 1 {
		t.Fatalf("got %d versions, want 1 page item", len(out.StateMachineVersions))
	}
	if got := awssdk.ToString(out.StateMachineVersions[0].StateMachineVersionArn); got != arn+":2" {
		t.Errorf("newest version = %s, want %s:2", got, arn)
	}
	if out.NextToken == nil {
		t.Error("no next token although a second version exists")
	}
}

func TestDeleteGoesThroughDeleting(t *testing.T) {
	client, srv := newClient(t)
	srv.SetDeleteReads(2)
	arn := create(t, client, "orders", passDefinition)

	if _, err := client.DeleteStateMachine(context.Background(), &sfn.DeleteStateMachineInput{StateMachineArn: &arn}); err != nil {
		t.Fatalf("DeleteStateMachine: %v", err)
	}

	for i := range 2 {
		out, err := client.DescribeStateMachine(context.Background(), &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
		if err != nil {
			t.Fatalf("read %d after delete: %v", i+1, err)
		}
		if out.Status != types.StateMachineStatusDeleting {
			t.Errorf("read %d status = %s, want DELETING", i+1, out.Status)
		}
	}

	_, err := client.DescribeStateMachine(context.Background(), &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
	wantCode(t, err, "StateMachineDoesNotExist")

	if n := len(srv.StateMachines()); n != 0 {
		t.Errorf("server holds %d state machines, want 0", n)
	}
}

func TestCreateWhileDeleting(t *testing.T) {
	client, _ := newClient(t)
	arn := create(t, client, "orders", passDefinition)
	if _, err := client.DeleteStateMachine(context.Background(), &sfn.DeleteStateMachineInput{StateMachineArn: &arn}); err != nil {
		t.Fatalf("DeleteStateMachine: %v", err)
	}

	_, err := client.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{
		Name: awssdk.String("orders"), Definition: awssdk.String(passDefinition), RoleArn: &role,
	})
	wantCode(t, err, "StateMachineDeleting")
}

func TestValidateDefinitionDiagnostics(t *testing.T) {
	client, _ := newClient(t)

	out, err := client.ValidateStateMachineDefinition(context.Background(), &sfn.ValidateStateMachineDefinitionInput{
		Definition: awssdk.String(`{"StartAt":"A","States":{"A":{"Type":"Choice"}}}`),
	})
	if err != nil {
		t.Fatalf("ValidateStateMachineDefinition: %v", err)
	}

	if out.Result != types.ValidateStateMachineDefinitionResultCodeFail {
		t.Fatalf("result = %s, want FAIL", out.Result)
	}
	if len(out.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	d := out.Diagnostics[0]
	if d.Severity != types.ValidateStateMachineDefinitionSeverityError {
		t.Errorf("severity = %s, want ERROR", d.Severity)
	}
	if !strings.HasPrefix(awssdk.ToString(d.Location), "/States/A") {
		t.Errorf("location = %q, want a pointer into /States/A", awssdk.ToString(d.Location))
	}

	out, err = client.ValidateStateMachineDefinition(context.Background(), &sfn.ValidateStateMachineDefinitionInput{
		Definition: awssdk.String(passDefinition),
	})
	if err != nil {
		t.Fatalf("ValidateStateMachineDefinition: %v", err)
	}
	if out.Result != types.ValidateStateMachineDefinitionResultCodeOk || len(out.Diagnostics) != 0 {
		t.Errorf("valid definition: result %s with %d diagnostics, want OK with none", out.Result, len(out.Diagnostics))
	}
}

func TestTags(t *testing.T) {
	client, _ := newClient(t)
	arn := create(t, client, "orders", passDefinition)

	if _, err := client.TagResource(context.Background(), &sfn.TagResourceInput{
		ResourceArn: &arn,
		Tags:        []types.Tag{{Key: awssdk.String("team"), Value: awssdk.String("a")}, {Key: awssdk.String("env"), Value: awssdk.String("test")}},
	}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}

	if _, err := client.UntagResource(context.Background(), &sfn.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"env"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}

	out, err := client.ListTagsForResource(context.Background(), &sfn.ListTagsForResourceInput{ResourceArn: &arn})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}

	if len(out.Tags) != 1 || awssdk.ToString(out.Tags[0].Key) != "team" {
		t.Errorf("tags = %+v, want only team", out.Tags)
	}
}

func TestThrottlingIsRetriedBySDK(t *testing.T) {
	client, srv := newClient(t)
	srv.InjectFault("ListStateMachines", stepfunctions.Throttling, 2)

	if _, err := client.ListStateMachines(context.Background(), &sfn.ListStateMachinesInput{}); err != nil {
		t.Fatalf("ListStateMachines: %v", err)
	}

	if got := srv.Calls("ListStateMachines"); got != 3 {
		t.Errorf("calls = %d, want 3 (two throttled, one served)", got)
	}
}

func TestLostCreateResponse(t *testing.T) {
	for _, mode := range []stepfunctions.LostResponse{stepfunctions.CloseConnection, stepfunctions.RespondInternalFailure} {
		client, srv := newClient(t)
		srv.LoseCreateResponses(mode, 1)

		arn := create(t, client, "orders", passDefinition)

		if got := srv.Calls("CreateStateMachine"); got != 2 {
			t.Errorf("mode %d: calls = %d, want 2 (the SDK retries the lost response)", mode, got)
		}
		if machines := srv.StateMachines(); len(machines) != 1 || machines[0].ARN != arn {
			t.Errorf("mode %d: server holds %+v, want only %s", mode, machines, arn)
		}
	}
}

func TestRoleDenial(t *testing.T) {
	client, srv := newClient(t)
	srv.DenyRoleAssumption(1)

	_, err := client.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{
		Name: awssdk.String("orders"), Definition: awssdk.String(passDefinition), RoleArn: &role,
	})
	wantCode(t, err, "AccessDeniedException")
	if !strings.Contains(err.Error(), "assume the provided role") {
		t.Errorf("message %q does not mention the role", err)
	}

	if n := len(srv.StateMachines()); n != 0 {
		t.Errorf("denied create stored %d state machines", n)
	}

	create(t, client, "orders", passDefinition)
}

func TestLagReadsAfterUpdate(t *testing.T) {
	client, srv := newClient(t)
	arn := create(t, client, "orders", passDefinition)
	srv.LagReads(1)

	if _, err := client.UpdateStateMachine(context.Background(), &sfn.UpdateStateMachineInput{StateMachineArn: &arn, Definition: awssdk.String(waitDefinition)}); err != nil {
		t.Fatalf("UpdateStateMachine: %v", err)
	}

	for i, want := range []string{passDefinition, waitDefinition} {
		out, err := client.DescribeStateMachine(context.Background(), &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
		if err != nil {
			t.Fatalf("read %d: %v", i+1, err)
		}
		if got := awssdk.ToString(out.Definition); got != want {
			t.Errorf("read %d definition = %s, want %s", i+1, got, want)
		}
	}
}

func TestAuthentication(t *testing.T) {
	client, srv := newClient(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAOTHERKEY00000000")

	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	stranger := sfn.NewFromConfig(cfg, func(o *sfn.Options) { o.BaseEndpoint = awssdk.String(srv.URL) })

	_, err = stranger.ListStateMachines(context.Background(), &sfn.ListStateMachinesInput{})
	wantCode(t, err, "UnrecognizedClientException")

	t.Setenv("AWS_ACCESS_KEY_ID", stepfunctions.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
	cfg, err = config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	forger := sfn.NewFromConfig(cfg, func(o *sfn.Options) { o.BaseEndpoint = awssdk.String(srv.URL) })

	_, err = forger.ListStateMachines(context.Background(), &sfn.ListStateMachinesInput{})
	wantCode(t, err, "InvalidSignatureException")

	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("unsigned request: %v", err)
	}
	resp.Body.Close()

	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned request: %d %s, want 400 MissingAuthenticationTokenException", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}

	if _, err := client.ListStateMachines(context.Background(), &sfn.ListStateMachinesInput{}); err != nil {
		t.Errorf("signed request with the server's key: %v", err)
	}
}

func TestOutOfBandHelpers(t *testing.T) {
	client, srv := newClient(t)
	arn := create(t, client, "orders", passDefinition)

	if err := srv.SetDefinition(arn, waitDefinition); err != nil {
		t.Fatalf("SetDefinition: %v", err)
	}
	out, err := client.DescribeStateMachine(context.Background(), &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
	if err != nil {
		t.Fatalf("DescribeStateMachine: %v", err)
	}
	if awssdk.ToString(out.Definition) != waitDefinition {
		t.Errorf("definition after SetDefinition = %s", awssdk.ToString(out.Definition))
	}

	if err := srv.Remove(arn); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	_, err = client.DescribeStateMachine(context.Background(), &sfn.DescribeStateMachineInput{StateMachineArn: &arn})
	wantCode(t, err, "StateMachineDoesNotExist")

	if err := srv.Remove(arn); err == nil {
		t.Error("removing a missing state machine returned no error")
	}
}

func TestDeleteQualifiedARN(t *testing.T) {
	client, srv := newClient(t)
	arn := create(t, client, "orders", passDefinition)

	for _, qualified := range []string{arn + ":1", arn + "/mapLabel"} {
		_, err := client.DeleteStateMachine(context.Background(), &sfn.DeleteStateMachineInput{StateMachineArn: awssdk.String(qualified)})
		wantCode(t, err, "ValidationException")
	}

	if machines := srv.StateMachines(); len(machines) != 1 || machines[0].Status != "ACTIVE" {
		t.Errorf("server holds %+v, want the state machine still ACTIVE", machines)
	}
}
