package aws

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Limits and values from the Step Functions API reference.
const (
	maxNameLength               = 80
	maxTags                     = 50
	maxTagKeyLength             = 128
	maxTagValueLength           = 256
	maxVersionDescriptionLength = 256
	minKMSReusePeriodSeconds    = 60
	maxKMSReusePeriodSeconds    = 900
)

var (
	regionPattern      = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	roleARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$`)
	logGroupARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w#./-]+$`)

	// Tags "may only contain Unicode letters, digits, white space, or these
	// symbols: _ . : / = + - @" (Step Functions API reference, Tag).
	tagPattern = regexp.MustCompile(`^[\p{L}\p{N}\p{Z}_.:/=+\-@]*$`)
)

// SettingsError is an invalid value in a resource's aws settings.
type SettingsError struct {
	// Attribute is the path of the value inside the aws settings block,
	// for example "logging.log_group_arn".
	Attribute string
	Message   string
}

func (e *SettingsError) Error() string {
	return fmt.Sprintf("aws.%s: %s", e.Attribute, e.Message)
}

func invalid(attribute, format string, args ...any) error {
	return &SettingsError{Attribute: attribute, Message: fmt.Sprintf(format, args...)}
}

// CheckName checks a state machine name against the service's rules:
// 1 to 80 characters without whitespace, brackets, wildcards, control
// characters or any of " # % \ ^ | ~ $ & , ; : / and the backtick. It makes
// no call.
func CheckName(name string) error {
	if name == "" || len([]rune(name)) > maxNameLength {
		return fmt.Errorf("invalid state machine name %q: a name has 1 to %d characters", name, maxNameLength)
	}

	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>{}[]?*\"#%\\^|~$&,;:/`", r) {
			return fmt.Errorf("invalid state machine name %q: the character %q is not allowed, so use letters, digits, - and _", name, r)
		}
	}

	return nil
}

// CheckSettings checks the settings without calling AWS. It returns every
// problem it finds, each as a *SettingsError joined with errors.Join.
func CheckSettings(s *Settings) error {
	if s == nil {
		s = &Settings{}
	}

	errs := []error{
		checkRegion(s.Region),
		checkRoleARN(s.RoleARN),
		checkType(s.Type),
		checkLogging(s.Logging),
		checkEncryption(s.Encryption),
		checkVersionDescription(s.Publish, s.VersionDescription),
		checkTags(s.Tags),
	}

	return errors.Join(errs...)
}

func checkRegion(region string) error {
	if region != "" && !regionPattern.MatchString(region) {
		return invalid("region", "%q is not an AWS region name such as us-east-1", region)
	}

	return nil
}

func checkRoleARN(arn string) error {
	if arn == "" {
		return invalid("role_arn", "a value is required: set it to the ARN of an IAM role that states.amazonaws.com may assume")
	}

	if !roleARNPattern.MatchString(arn) {
		return invalid("role_arn", "%q is not an IAM role ARN, expected arn:aws:iam::<account-id>:role/<name>", arn)
	}

	return nil
}

func checkType(typ string) error {
	switch typ {
	case "", "STANDARD", "EXPRESS":
		return nil
	}

	return invalid("type", "%q is not a state machine type, expected STANDARD or EXPRESS", typ)
}

func checkLogging(l *Logging) error {
	if l == nil {
		return nil
	}

	switch l.Level {
	case "", "ALL", "ERROR", "FATAL", "OFF":
	default:
		return invalid("logging.level", "%q is not a log level, expected ALL, ERROR, FATAL or OFF", l.Level)
	}

	if l.LogGroupARN == "" {
		if level := logLevel(l); level != "OFF" {
			return invalid("logging.log_group_arn", "a CloudWatch Logs log group ARN is required when the level is %s", level)
		}
		return nil
	}

	return checkLogGroupARN(l.LogGroupARN)
}

// checkLogGroupARN requires the ":*" suffix: Step Functions takes the ARN
// of the log group's streams, and the log group's own ARN as the CloudWatch
// console shows it is rejected with InvalidLoggingConfiguration.
func checkLogGroupARN(arn string) error {
	base, hasSuffix := strings.CutSuffix(arn, ":*")
	if !logGroupARNPattern.MatchString(base) {
		return invalid("logging.log_group_arn", "%q is not a CloudWatch Logs log group ARN, expected arn:aws:logs:<region>:<account-id>:log-group:<name>:*", arn)
	}

	if !hasSuffix {
		return invalid("logging.log_group_arn", "%q must end in \":*\", so use %q", arn, arn+":*")
	}

	return nil
}

func checkEncryption(e *Encryption) error {
	if e == nil {
		return nil
	}

	switch e.Type {
	case "", "AWS_OWNED_KEY":
		if e.KMSKeyID != "" {
			return invalid("encryption.kms_key_id", "a KMS key is only used when the type is CUSTOMER_MANAGED_KMS_KEY")
		}
	case "CUSTOMER_MANAGED_KMS_KEY":
		if e.KMSKeyID == "" {
			return invalid("encryption.kms_key_id", "a KMS key ID, key ARN or alias ARN is required when the type is CUSTOMER_MANAGED_KMS_KEY")
		}
	default:
		return invalid("encryption.type", "%q is not an encryption type, expected AWS_OWNED_KEY or CUSTOMER_MANAGED_KMS_KEY", e.Type)
	}

	if p := e.KMSDataKeyReusePeriodSeconds; p != 0 && (p < minKMSReusePeriodSeconds || p > maxKMSReusePeriodSeconds) {
		return invalid("encryption.kms_data_key_reuse_period_seconds", "%d is out of range, expected %d to %d seconds", p, minKMSReusePeriodSeconds, maxKMSReusePeriodSeconds)
	}

	return nil
}

func checkVersionDescription(publish bool, description string) error {
	if description != "" && !publish {
		return invalid("version_description", "a version description is only used when publish is true")
	}

	if len(description) > maxVersionDescriptionLength {
		return invalid("version_description", "has %d characters, but the maximum is %d", len(description), maxVersionDescriptionLength)
	}

	return nil
}

func checkTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return invalid("tags", "has %d tags, but a state machine has at most %d", len(tags), maxTags)
	}

	var errs []error
	for key, value := range tags {
		switch {
		case key == "" || len([]rune(key)) > maxTagKeyLength:
			errs = append(errs, invalid("tags", "key %q must have 1 to %d characters", key, maxTagKeyLength))
		case strings.HasPrefix(strings.ToLower(key), "aws:"):
			errs = append(errs, invalid("tags", "key %q uses the prefix aws:, which AWS reserves", key))
		case len([]rune(value)) > maxTagValueLength:
			errs = append(errs, invalid("tags", "the value of %q has more than %d characters", key, maxTagValueLength))
		case !tagPattern.MatchString(key) || !tagPattern.MatchString(value):
			errs = append(errs, invalid("tags", "%q = %q may only contain letters, digits, spaces and _ . : / = + - @", key, value))
		}
	}

	return errors.Join(errs...)
}

// stateMachineARN is a parsed state machine ARN:
// arn:<partition>:states:<region>:<account-id>:stateMachine:<name>.
type stateMachineARN struct {
	partition string
	region    string
	account   string
	name      string
}

var accountPattern = regexp.MustCompile(`^\d{12}$`)

const arnForm = "arn:aws:states:<region>:<account-id>:stateMachine:<name>"

// parseStateMachineARN accepts only the ARN of a state machine itself, not
// of one of its versions or aliases.
func parseStateMachineARN(s string) (stateMachineARN, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 7 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") || parts[2] != "states" {
		return stateMachineARN{}, fmt.Errorf("%q is not a Step Functions state machine ARN, expected %s", s, arnForm)
	}

	a := stateMachineARN{partition: parts[1], region: parts[3], account: parts[4], name: parts[6]}

	switch {
	case parts[5] != "stateMachine":
		return stateMachineARN{}, fmt.Errorf("%q is a Step Functions %s ARN, not a state machine ARN, expected %s", s, parts[5], arnForm)
	case len(parts) > 7:
		return stateMachineARN{}, fmt.Errorf("%q names a version or alias of state machine %s, so use the state machine ARN without the \":%s\" suffix", s, a.name, strings.Join(parts[7:], ":"))
	case !regionPattern.MatchString(a.region):
		return stateMachineARN{}, fmt.Errorf("%q has no valid region, expected %s", s, arnForm)
	case !accountPattern.MatchString(a.account):
		return stateMachineARN{}, fmt.Errorf("%q has no 12-digit account ID, expected %s", s, arnForm)
	}

	if err := CheckName(a.name); err != nil {
		return stateMachineARN{}, fmt.Errorf("%q: %w", s, err)
	}

	return a, nil
}

// ImportID checks that id is a state machine ARN, the ID Read accepts.
func (d *Deployer) ImportID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if _, err := parseStateMachineARN(id); err != nil {
		return "", fmt.Errorf("invalid import ID: %w", err)
	}

	return id, nil
}

// logLevel returns the level with the service's default, OFF.
func logLevel(l *Logging) string {
	if l == nil || l.Level == "" {
		return "OFF"
	}

	return l.Level
}

// stateMachineType returns the type with the service's default, STANDARD.
func stateMachineType(s *Settings) string {
	if s.Type == "" {
		return "STANDARD"
	}

	return s.Type
}
