package stepfunctions

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Limits from the Step Functions API reference and quotas page.
const (
	maxNameLength         = 80
	maxDefinitionBytes    = 1 << 20
	maxTags               = 50
	maxTagKeyLength       = 128
	maxTagValueLength     = 256
	maxVersionDescription = 256
	minKMSReusePeriod     = 60
	maxKMSReusePeriod     = 900
)

var (
	roleARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$`)
	logGroupARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w#./-]+:\*$`)
	machineARNPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:/]+$`)

	// qualifiedARNPattern matches the ARN of a version (":3"), an alias
	// (":prod") or a Distributed Map state ("/label") of a state machine.
	qualifiedARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:/]+([:/].+)$`)
)

// checkName applies the state machine name rules: 1 to 80 characters, no
// whitespace, brackets, wildcards, the listed special characters or control
// characters.
func checkName(name string) *apiError {
	if name == "" || len([]rune(name)) > maxNameLength {
		return errorf("InvalidName", "Invalid Name: '%s' (a name has 1 to %d characters)", name, maxNameLength)
	}

	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>{}[]?*\"#%\\^|~$&,;:/`", r) {
			return errorf("InvalidName", "Invalid Name: '%s' (character %q is not allowed)", name, r)
		}
	}

	return nil
}

func checkRoleARN(arn string) *apiError {
	if !roleARNPattern.MatchString(arn) {
		return errorf("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: %s'", arn)
	}

	return nil
}

func checkMachineARN(arn string) *apiError {
	if !machineARNPattern.MatchString(arn) {
		return errorf("InvalidArn", "Invalid Arn: '%s'", arn)
	}

	return nil
}

func checkType(typ string) *apiError {
	if typ != "STANDARD" && typ != "EXPRESS" {
		return errorf("ValidationException", "1 validation error detected: Value '%s' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]", typ)
	}

	return nil
}

func checkLogging(c *loggingConfiguration) *apiError {
	if c == nil {
		return nil
	}

	switch c.Level {
	case "ALL", "ERROR", "FATAL", "OFF":
	default:
		return errorf("ValidationException", "1 validation error detected: Value '%s' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]", c.Level)
	}

	if len(c.Destinations) > 1 {
		return errorf("InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination.")
	}

	if c.Level != "OFF" && len(c.Destinations) == 0 {
		return errorf("InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination when the level is %s.", c.Level)
	}

	for _, d := range c.Destinations {
		if d.CloudWatchLogsLogGroup == nil || !logGroupARNPattern.MatchString(d.CloudWatchLogsLogGroup.LogGroupArn) {
			arn := ""
			if d.CloudWatchLogsLogGroup != nil {
				arn = d.CloudWatchLogsLogGroup.LogGroupArn
			}
			return errorf("InvalidLoggingConfiguration", "Invalid Logging Configuration: The CloudWatch Logs log group ARN '%s' is not valid. It must be a log group ARN ending in ':*'.", arn)
		}
	}

	return nil
}

func checkEncryption(c *encryptionConfiguration) *apiError {
	if c == nil {
		return nil
	}

	switch c.Type {
	case "AWS_OWNED_KEY":
		if c.KmsKeyID != "" {
			return errorf("InvalidEncryptionConfiguration", "Invalid Encryption Configuration: kmsKeyId must not be set when the type is AWS_OWNED_KEY.")
		}
	case "CUSTOMER_MANAGED_KMS_KEY":
		if c.KmsKeyID == "" {
			return errorf("InvalidEncryptionConfiguration", "Invalid Encryption Configuration: kmsKeyId is required when the type is CUSTOMER_MANAGED_KMS_KEY.")
		}
	default:
		return errorf("ValidationException", "1 validation error detected: Value '%s' at 'encryptionConfiguration.type' failed to satisfy constraint: Member must satisfy enum value set: [AWS_OWNED_KEY, CUSTOMER_MANAGED_KMS_KEY]", c.Type)
	}

	if p := c.KmsDataKeyReusePeriodSeconds; p != nil && (*p < minKMSReusePeriod || *p > maxKMSReusePeriod) {
		return errorf("ValidationException", "1 validation error detected: Value '%d' at 'encryptionConfiguration.kmsDataKeyReusePeriodSeconds' failed to satisfy constraint: Member must have value between %d and %d", *p, minKMSReusePeriod, maxKMSReusePeriod)
	}

	return nil
}

func checkTags(tags []tag) *apiError {
	if len(tags) > maxTags {
		return errorf("TooManyTags", "Too many tags: %d (the maximum is %d)", len(tags), maxTags)
	}

	for _, t := range tags {
		if t.Key == "" || len(t.Key) > maxTagKeyLength || len(t.Value) > maxTagValueLength {
			return errorf("ValidationException", "1 validation error detected: tag %q=%q: keys have 1 to %d characters and values at most %d", t.Key, t.Value, maxTagKeyLength, maxTagValueLength)
		}
	}

	return nil
}

func checkVersionDescription(publish bool, description string) *apiError {
	if description != "" && !publish {
		return errorf("ValidationException", "Version description can only be set when publish is true")
	}

	if len(description) > maxVersionDescription {
		return errorf("ValidationException", "1 validation error detected: 'versionDescription' must have length less than or equal to %d", maxVersionDescription)
	}

	return nil
}

// checkDefinition returns InvalidDefinition with the first diagnostic when
// the definition is not valid ASL.
func (s *Server) checkDefinition(definition string) *apiError {
	diagnostics, apiErr := s.diagnose(definition)
	if apiErr != nil {
		return apiErr
	}

	if len(diagnostics) > 0 {
		d := diagnostics[0]
		return errorf("InvalidDefinition", "Invalid State Machine Definition: '%s: %s'", d.Code, d.Message)
	}

	return nil
}

// diagnosticsCache maps a definition text to its diagnostics. All servers
// of a test binary share it, because each asl-validator run starts a
// Node.js process.
var diagnosticsCache sync.Map

// diagnose returns the ERROR diagnostics for a definition: a JSON syntax
// check first (asl-validator 4.0.0 exits 0 on text that is not JSON), then
// asl-validator.
func (s *Server) diagnose(definition string) ([]diagnostic, *apiError) {
	if definition == "" {
		return nil, errorf("ValidationException", "1 validation error detected: 'definition' must have length greater than or equal to 1")
	}

	if len(definition) > maxDefinitionBytes {
		return nil, errorf("ValidationException", "The definition is larger than the 1 MB quota")
	}

	if cached, ok := diagnosticsCache.Load(definition); ok {
		return cached.([]diagnostic), nil
	}

	var parsed any
	if err := json.Unmarshal([]byte(definition), &parsed); err != nil {
		return []diagnostic{{Severity: "ERROR", Code: "INVALID_JSON_DESCRIPTION", Message: err.Error()}}, nil
	}

	diagnostics, err := s.runValidator(definition)
	if err != nil {
		return nil, &apiError{status: 500, code: "InternalFailure", message: err.Error()}
	}

	diagnosticsCache.Store(definition, diagnostics)
	return diagnostics, nil
}

func (s *Server) runValidator(definition string) ([]diagnostic, error) {
	f, err := os.CreateTemp(s.tempDir, "definition-*.asl.json")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())

	if _, err := f.WriteString(definition); err != nil {
		f.Close()
		return nil, err
	}
	f.Close()

	cmd := exec.Command(s.validator, "--json-path", f.Name())
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()

	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return parseValidatorOutput(string(out)), nil
	default:
		return nil, fmt.Errorf("asl-validator failed: %v\n%s", err, out)
	}
}

// parseValidatorOutput turns asl-validator's report lines
// ("CODE: message") into diagnostics. Schema errors start their message
// with the JSON pointer of the offending field, which becomes the location.
func parseValidatorOutput(out string) []diagnostic {
	var diagnostics []diagnostic

	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		code, message, ok := strings.Cut(line, ": ")
		if !ok || strings.ContainsAny(code, " \"") || code != strings.ToUpper(code) {
			continue
		}

		d := diagnostic{Severity: "ERROR", Code: code, Message: message}
		if pointer, _, found := strings.Cut(message, " "); found && strings.HasPrefix(pointer, "/") {
			d.Location = pointer
		}

		diagnostics = append(diagnostics, d)
	}

	if len(diagnostics) == 0 {
		diagnostics = append(diagnostics, diagnostic{Severity: "ERROR", Code: "SCHEMA_VALIDATION_FAILED", Message: strings.TrimSpace(out)})
	}

	return diagnostics
}
