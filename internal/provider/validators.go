package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// durationValidator accepts a positive Go duration such as "500ms" or "2s".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 500ms or 2s"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}

	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d > 0 {
		return
	}

	resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
		fmt.Sprintf("%q is not a positive duration. Write a number with a unit, such as 500ms, 2s or 1m.", req.ConfigValue.ValueString()))
}

// choiceValidator accepts one of a fixed list of names and suggests the
// closest one for a typo.
type choiceValidator struct {
	attribute string
	values    []string
}

func oneOf(attribute string, values ...string) choiceValidator {
	return choiceValidator{attribute: attribute, values: values}
}

func (v choiceValidator) Description(context.Context) string {
	return "must be one of " + quotedList(v.values)
}

func (v choiceValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v choiceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}

	got := req.ConfigValue.ValueString()
	if slices.Contains(v.values, got) {
		return
	}

	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.attribute,
		fmt.Sprintf("%q is not a valid %s. Use one of %s.%s", got, v.attribute, quotedList(v.values), workflow.Suggest(got, v.values)))
}

// quotedList writes values as "a", "b" or "c".
func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}

	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}

	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
