package provider

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/aws"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
)

// checkSettings runs the target's offline settings checks at plan time, so
// a log group ARN without ":*" or a malformed label fails the plan rather
// than the apply. It waits while the block holds values known only after
// apply, since an unknown role ARN would otherwise read as missing.
func checkSettings(ctx context.Context, config tfsdk.Config, m *workflowResourceModel, diags *diag.Diagnostics) {
	t := m.target()
	block := string(t)

	if !blockKnown(config, block) {
		return
	}

	var settingDiags diag.Diagnostics

	settings := m.settings(ctx, &settingDiags)
	if settingDiags.HasError() {
		return
	}

	var err error

	switch s := settings.(type) {
	case *aws.Settings:
		err = aws.CheckSettings(s)
	case *gcp.Settings:
		err = gcp.CheckSettings(s)
	}

	for _, e := range flatten(err) {
		p, msg := settingsErrorPath(block, e)
		diags.AddAttributeError(p, "Invalid "+targetLabel(t)+" setting", msg)
	}
}

func blockKnown(config tfsdk.Config, block string) bool {
	v, _, err := tftypes.WalkAttributePath(config.Raw, tftypes.NewAttributePath().WithAttributeName(block))
	if err != nil {
		return false
	}

	value, ok := v.(tftypes.Value)

	return ok && value.IsFullyKnown()
}

// flatten lists the errors that errors.Join combined.
func flatten(err error) []error {
	if err == nil {
		return nil
	}

	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range joined.Unwrap() {
			out = append(out, flatten(e)...)
		}

		return out
	}

	return []error{err}
}

// settingsErrorPath points an error at the attribute it names, or at the
// whole block when it names none.
func settingsErrorPath(block string, err error) (path.Path, string) {
	var awsErr *aws.SettingsError
	if errors.As(err, &awsErr) {
		p := path.Root(block)
		for _, step := range strings.Split(awsErr.Attribute, ".") {
			p = p.AtName(step)
		}

		return p, awsErr.Message
	}

	return path.Root(block), err.Error()
}

// azureSettingsPath turns a problem path such as "identity.type" or
// "access_control.trigger_ip_ranges[1]" into an attribute path.
func azureSettingsPath(problem string) path.Path {
	p := path.Root("azure")

	for _, part := range strings.Split(problem, ".") {
		name, index, _ := strings.Cut(part, "[")
		p = p.AtName(name)

		if key, ok := strings.CutPrefix(index, "\""); ok {
			p = p.AtMapKey(strings.TrimSuffix(key, "\"]"))
		} else if n, err := strconv.Atoi(strings.TrimSuffix(index, "]")); err == nil {
			p = p.AtListIndex(n)
		}
	}

	return p
}
