package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
