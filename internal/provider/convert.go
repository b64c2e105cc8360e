package provider

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// toGeneric converts a Terraform value into the plain Go data that
// workflow.Decode reads. Numbers stay *big.Float so integers keep their
// exact value, and values unknown until apply become workflow.Unknown.
func toGeneric(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return workflow.Unknown{}, nil
	}

	if v.IsNull() {
		return nil, nil
	}

	typ := v.Type()

	switch {
	case typ.Is(tftypes.String):
		var s string
		err := v.As(&s)

		return s, err
	case typ.Is(tftypes.Bool):
		var b bool
		err := v.As(&b)

		return b, err
	case typ.Is(tftypes.Number):
		return numberOf(v)
	case typ.Is(tftypes.Object{}), typ.Is(tftypes.Map{}):
		return mapOf(v)
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Tuple{}), typ.Is(tftypes.Set{}):
		return listOf(v)
	}

	return nil, fmt.Errorf("unsupported value type %s", typ)
}

func numberOf(v tftypes.Value) (any, error) {
	var f big.Float
	if err := v.As(&f); err != nil {
		return nil, err
	}

	return &f, nil
}

func mapOf(v tftypes.Value) (any, error) {
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		return nil, err
	}

	out := make(map[string]any, len(m))

	for k, item := range m {
		g, err := toGeneric(item)
		if err != nil {
			return nil, err
		}

		out[k] = g
	}

	return out, nil
}

func listOf(v tftypes.Value) (any, error) {
	var l []tftypes.Value
	if err := v.As(&l); err != nil {
		return nil, err
	}

	out := make([]any, len(l))

	for i, item := range l {
		g, err := toGeneric(item)
		if err != nil {
			return nil, err
		}

		out[i] = g
	}

	return out, nil
}

// addDiagnostics reports workflow diagnostics on the `definition` attribute.
// The detail repeats the path inside the definition, because Terraform
// prints paths into dynamic values only down to the attribute.
func addDiagnostics(out *diag.Diagnostics, ds workflow.Diagnostics, prefix string) {
	seen := map[string]int{}

	for _, d := range ds {
		detail := d.Detail
		if len(d.Path) > 0 {
			detail = fmt.Sprintf("%s\n\nAt %s.", strings.TrimSpace(detail), d.Path)
		}

		summary := d.Summary
		if prefix != "" && !strings.Contains(summary, prefix) {
			summary = prefix + ": " + summary
		}

		if d.Severity == workflow.SeverityWarning {
			out.AddAttributeWarning(path.Root("definition"), distinctSummary(summary, d, seen), detail)
		} else {
			out.AddAttributeError(path.Root("definition"), summary, detail)
		}
	}
}

// distinctSummary names the step in a warning's summary, and numbers
// repeats, because Terraform shows only the first of several warnings with
// the same summary and hides the others behind "and N more similar
// warnings".
func distinctSummary(summary string, d workflow.Diagnostic, seen map[string]int) string {
	if d.Step != "" {
		summary = fmt.Sprintf("%s in step %q", summary, d.Step)
	}

	seen[summary]++
	if n := seen[summary]; n > 1 {
		summary = fmt.Sprintf("%s (%d)", summary, n)
	}

	return summary
}
