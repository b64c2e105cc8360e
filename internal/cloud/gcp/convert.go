package gcp

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"cloud.google.com/go/workflows/apiv1/workflowspb"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// target is a workflow resolved against the provider defaults and checked
// offline: its full resource name and the message to send.
type target struct {
	project  string
	location string
	id       string
	workflow *workflowspb.Workflow
}

func (t target) parent() string {
	return "projects/" + t.project + "/locations/" + t.location
}

func (t target) name() string {
	return t.parent() + "/workflows/" + t.id
}

// resolve fills the project and location from the provider defaults,
// runs every offline check and builds the Workflow message.
func (d *Deployer) resolve(w cloud.Workflow) (target, error) {
	settings, err := settingsOf(w)
	if err != nil {
		return target{}, err
	}

	t := target{
		project:  firstNonEmpty(settings.Project, d.cfg.Project),
		location: firstNonEmpty(settings.Location, d.cfg.Location),
		id:       w.Name,
	}

	if err := checkTarget(t, w, settings); err != nil {
		return target{}, err
	}

	t.workflow = &workflowspb.Workflow{
		Name:                  t.name(),
		Description:           w.Description,
		SourceCode:            &workflowspb.Workflow_SourceContents{SourceContents: w.Definition},
		ServiceAccount:        settings.ServiceAccount,
		CallLogLevel:          workflowspb.Workflow_CallLogLevel(workflowspb.Workflow_CallLogLevel_value[settings.CallLogLevel]),
		ExecutionHistoryLevel: workflowspb.ExecutionHistoryLevel(workflowspb.ExecutionHistoryLevel_value[settings.ExecutionHistoryLevel]),
		UserEnvVars:           settings.UserEnvVars,
		CryptoKeyName:         settings.CryptoKeyName,
		Labels:                settings.Labels,
	}

	return t, nil
}

func settingsOf(w cloud.Workflow) (*Settings, error) {
	switch s := w.Settings.(type) {
	case nil:
		return &Settings{}, nil
	case *Settings:
		if s == nil {
			return &Settings{}, nil
		}

		return s, nil
	}

	return nil, fmt.Errorf("the Cloud Workflows deployer received settings of type %T, want *gcp.Settings; this is a bug in the provider", w.Settings)
}

func checkTarget(t target, w cloud.Workflow, s *Settings) error {
	var errs []error
	if t.project == "" {
		errs = append(errs, errors.New("missing project: set project in the resource's gcp block or in the provider's gcp block"))
	}

	if t.location == "" {
		errs = append(errs, errors.New("missing location: set location in the resource's gcp block or in the provider's gcp block, for example us-central1"))
	}

	errs = append(errs,
		CheckWorkflowID(w.Name),
		CheckDescription(w.Description),
		CheckSource(w.Definition),
		CheckSettings(s),
	)

	return errors.Join(errs...)
}

// CheckSettings runs the offline checks of a resource's gcp block: the
// enum names of the levels, the label and environment variable rules, and
// the forms of the service account and KMS key names.
func CheckSettings(s *Settings) error {
	return errors.Join(
		CheckLevels(s.CallLogLevel, s.ExecutionHistoryLevel),
		CheckLabels(s.Labels),
		CheckUserEnvVars(s.UserEnvVars),
		CheckServiceAccount(s.ServiceAccount),
		CheckCryptoKeyName(s.CryptoKeyName),
	)
}

// toDeployed converts what the service returned. A level the service
// reports as *_UNSPECIFIED becomes "", so that an unset level never shows
// as a diff. DeletionProtection is not part of the API and stays false;
// the provider keeps the configured value.
func toDeployed(wf *workflowspb.Workflow) *cloud.Deployed {
	project, location, id, _ := parseName(wf.GetName())

	settings := &Settings{
		Project:               project,
		Location:              location,
		ServiceAccount:        wf.GetServiceAccount(),
		CallLogLevel:          levelName(wf.GetCallLogLevel().String(), wf.GetCallLogLevel() == 0),
		ExecutionHistoryLevel: levelName(wf.GetExecutionHistoryLevel().String(), wf.GetExecutionHistoryLevel() == 0),
		UserEnvVars:           wf.GetUserEnvVars(),
		CryptoKeyName:         wf.GetCryptoKeyName(),
		Labels:                wf.GetLabels(),
	}

	return &cloud.Deployed{
		ID:          wf.GetName(),
		Name:        id,
		Description: wf.GetDescription(),
		Definition:  wf.GetSourceContents(),
		Settings:    settings,
		Attributes: map[string]string{
			"name":        wf.GetName(),
			"revision_id": wf.GetRevisionId(),
			"state":       wf.GetState().String(),
			"create_time": formatTime(wf.GetCreateTime().AsTime(), wf.GetCreateTime() != nil),
			"update_time": formatTime(wf.GetUpdateTime().AsTime(), wf.GetUpdateTime() != nil),
		},
	}
}

func levelName(name string, unspecified bool) string {
	if unspecified {
		return ""
	}

	return name
}

func formatTime(t time.Time, set bool) string {
	if !set {
		return ""
	}

	return t.UTC().Format(time.RFC3339Nano)
}

// changedPaths returns the update mask paths of the fields where want
// differs from current. The source counts as changed only when it holds a
// different document, and an empty service account in want matches any
// account, because the service fills in the project's default account.
func changedPaths(current, want *workflowspb.Workflow) []string {
	var paths []string
	add := func(path string, changed bool) {
		if changed {
			paths = append(paths, path)
		}
	}

	add("description", current.GetDescription() != want.GetDescription())
	add("source_contents", !cloud.SameDefinition(current.GetSourceContents(), want.GetSourceContents()))
	add("service_account", !SameServiceAccount(want.GetServiceAccount(), current.GetServiceAccount()))
	add("call_log_level", current.GetCallLogLevel() != want.GetCallLogLevel())
	add("execution_history_level", current.GetExecutionHistoryLevel() != want.GetExecutionHistoryLevel())
	add("user_env_vars", !maps.Equal(current.GetUserEnvVars(), want.GetUserEnvVars()))
	add("crypto_key_name", current.GetCryptoKeyName() != want.GetCryptoKeyName())
	add("labels", !maps.Equal(current.GetLabels(), want.GetLabels()))

	return paths
}

// SameServiceAccount reports whether the configured account names the
// account the service reports. The service returns
// projects/PROJECT/serviceAccounts/EMAIL while users usually write the
// email alone, so only the account part is compared. An empty configured
// account matches any reported one, because the service then uses the
// project's default account.
func SameServiceAccount(configured, reported string) bool {
	if configured == "" {
		return true
	}

	return accountPart(configured) == accountPart(reported)
}

func accountPart(account string) string {
	return account[strings.LastIndex(account, "/")+1:]
}

// parseName splits projects/P/locations/L/workflows/N.
func parseName(name string) (project, location, id string, ok bool) {
	parts := strings.Split(name, "/")
	if len(parts) != 6 || parts[0] != "projects" || parts[2] != "locations" || parts[4] != "workflows" {
		return "", "", "", false
	}

	if parts[1] == "" || parts[3] == "" || parts[5] == "" {
		return "", "", "", false
	}

	return parts[1], parts[3], parts[5], true
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}

	return ""
}
