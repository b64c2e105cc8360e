package gcp

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the Cloud Workflows API, from the field comments of
// google.cloud.workflows.v1.Workflow and CreateWorkflowRequest in
// cloud.google.com/go/workflows v1.22.1, and from the Workflows quotas page
// for the source size.
const (
	maxDescriptionChars = 1000
	maxSourceBytes      = 128 * 1024
	maxLabels           = 64
	maxLabelChars       = 63
	maxUserEnvVars      = 20
	maxUserEnvVarBytes  = 4 * 1024
)

// workflowIDPattern is the workflow ID rule: letters, digits, underscores
// and hyphens, starting with a letter and ending with a letter or digit, at
// most 64 characters.
var workflowIDPattern = regexp.MustCompile(`^[A-Za-z]([A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$`)

// CallLogLevels lists the accepted call_log_level values. An empty value
// means the same as CALL_LOG_LEVEL_UNSPECIFIED.
var CallLogLevels = []string{"CALL_LOG_LEVEL_UNSPECIFIED", "LOG_ALL_CALLS", "LOG_ERRORS_ONLY", "LOG_NONE"}

// ExecutionHistoryLevels lists the accepted execution_history_level
// values. An empty value means the same as
// EXECUTION_HISTORY_LEVEL_UNSPECIFIED.
var ExecutionHistoryLevels = []string{"EXECUTION_HISTORY_LEVEL_UNSPECIFIED", "EXECUTION_HISTORY_BASIC", "EXECUTION_HISTORY_DETAILED"}

// CheckWorkflowID checks a workflow ID against the Cloud Workflows rule.
func CheckWorkflowID(id string) error {
	if !workflowIDPattern.MatchString(id) {
		return fmt.Errorf("invalid workflow name %q: a Cloud Workflows ID has 1 to 64 letters, digits, underscores or hyphens, starts with a letter and ends with a letter or digit", id)
	}

	return nil
}

// CheckDescription checks the description length, counted in Unicode
// characters.
func CheckDescription(description string) error {
	if n := utf8.RuneCountInString(description); n > maxDescriptionChars {
		return fmt.Errorf("invalid description: it has %d characters and Cloud Workflows accepts at most %d", n, maxDescriptionChars)
	}

	return nil
}

// CheckSource checks the size of a workflow source.
func CheckSource(source string) error {
	if source == "" {
		return fmt.Errorf("invalid definition: the Cloud Workflows source is empty")
	}

	if len(source) > maxSourceBytes {
		return fmt.Errorf("invalid definition: the rendered Cloud Workflows source has %d bytes and the limit is %d (128 KB); split the workflow or shorten literals", len(source), maxSourceBytes)
	}

	return nil
}

// CheckLabels checks labels against the Cloud Workflows rules: at most 64
// labels, keys and values of at most 63 characters made of lowercase
// letters, digits, underscores and hyphens, and keys that start with a
// letter. Letters without case (for example CJK) count as lowercase,
// because the API allows international characters.
func CheckLabels(labels map[string]string) error {
	if len(labels) > maxLabels {
		return fmt.Errorf("invalid labels: %d labels are set and Cloud Workflows accepts at most %d", len(labels), maxLabels)
	}

	for _, key := range sortedKeys(labels) {
		if err := checkLabelText(key, true); err != nil {
			return fmt.Errorf("invalid label key %q: %w", key, err)
		}

		if err := checkLabelText(labels[key], false); err != nil {
			return fmt.Errorf("invalid value %q of label %q: %w", labels[key], key, err)
		}
	}

	return nil
}

func checkLabelText(text string, isKey bool) error {
	if isKey && text == "" {
		return fmt.Errorf("a key must not be empty")
	}

	if n := utf8.RuneCountInString(text); n > maxLabelChars {
		return fmt.Errorf("it has %d characters and the limit is %d", n, maxLabelChars)
	}

	for i, r := range text {
		if isKey && i == 0 && !isLowerLetter(r) {
			return fmt.Errorf("a key must start with a lowercase letter")
		}

		if !isLowerLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
			return fmt.Errorf("character %q is not allowed; use lowercase letters, digits, underscores and hyphens", r)
		}
	}

	return nil
}

func isLowerLetter(r rune) bool {
	return unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r)
}

// CheckUserEnvVars checks user environment variables: at most 20, keys
// not empty and not starting with GOOGLE or WORKFLOWS, and each key and
// value at most 4 KiB.
//
// NOTE: the 4 KiB limit is the one the v1.22.1 proto comment states. Older
// SDK comments gave 40 KiB, so the service may accept more than this check.
func CheckUserEnvVars(vars map[string]string) error {
	if len(vars) > maxUserEnvVars {
		return fmt.Errorf("invalid user_env_vars: %d variables are set and Cloud Workflows accepts at most %d", len(vars), maxUserEnvVars)
	}

	for _, key := range sortedKeys(vars) {
		if key == "" {
			return fmt.Errorf("invalid user_env_vars: a variable name must not be empty")
		}

		if strings.HasPrefix(key, "GOOGLE") || strings.HasPrefix(key, "WORKFLOWS") {
			return fmt.Errorf("invalid user_env_vars key %q: names starting with GOOGLE or WORKFLOWS are reserved", key)
		}

		if len(key) > maxUserEnvVarBytes {
			return fmt.Errorf("invalid user_env_vars key %q: it has %d bytes and the limit is %d", key[:32], len(key), maxUserEnvVarBytes)
		}

		if n := len(vars[key]); n > maxUserEnvVarBytes {
			return fmt.Errorf("invalid value of user_env_vars %q: it has %d bytes and the limit is %d", key, n, maxUserEnvVarBytes)
		}
	}

	return nil
}

// CheckLevels checks that the call log level and the execution history
// level are enum names the API accepts.
func CheckLevels(callLogLevel, executionHistoryLevel string) error {
	if callLogLevel != "" && !slices.Contains(CallLogLevels, callLogLevel) {
		return fmt.Errorf("invalid call_log_level %q: use one of %s", callLogLevel, strings.Join(CallLogLevels, ", "))
	}

	if executionHistoryLevel != "" && !slices.Contains(ExecutionHistoryLevels, executionHistoryLevel) {
		return fmt.Errorf("invalid execution_history_level %q: use one of %s", executionHistoryLevel, strings.Join(ExecutionHistoryLevels, ", "))
	}

	return nil
}

// CheckCryptoKeyName checks the KMS key name form
// projects/P/locations/L/keyRings/R/cryptoKeys/K, where P may be "-".
func CheckCryptoKeyName(name string) error {
	if name == "" {
		return nil
	}

	parts := strings.Split(name, "/")
	if len(parts) != 8 || parts[0] != "projects" || parts[2] != "locations" || parts[4] != "keyRings" || parts[6] != "cryptoKeys" || slices.Contains(parts, "") {
		return fmt.Errorf("invalid crypto_key_name %q: use projects/PROJECT/locations/LOCATION/keyRings/KEY_RING/cryptoKeys/KEY", name)
	}

	return nil
}

// CheckServiceAccount checks the service account form: an email, a unique
// ID, or projects/P/serviceAccounts/ACCOUNT where P may be "-".
func CheckServiceAccount(account string) error {
	if account == "" || !strings.Contains(account, "/") {
		return nil
	}

	parts := strings.Split(account, "/")
	if len(parts) != 4 || parts[0] != "projects" || parts[2] != "serviceAccounts" || parts[1] == "" || parts[3] == "" {
		return fmt.Errorf("invalid service_account %q: use an email address, a unique ID or projects/PROJECT/serviceAccounts/ACCOUNT", account)
	}

	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}

	slices.Sort(keys)

	return keys
}
