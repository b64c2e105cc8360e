package workflow

import (
	"fmt"
	"strings"
)

// Severity is the level of a diagnostic: errors stop rendering, warnings do not.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
)

// Diagnostic is one problem found in a workflow, with the attribute path and
// the step it belongs to, so the provider can point Terraform at the exact value.
type Diagnostic struct {
	Severity Severity
	Path     Path
	Step     string
	Summary  string
	Detail   string

	// typeDependent marks errors that rest on inferred types, which a value
	// unknown during plan can change.
	typeDependent bool
}

// Error formats the diagnostic on one line, mainly for tests and logs.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Path.String())
	b.WriteString(": ")
	b.WriteString(d.Summary)

	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}

	return b.String()
}

// Diagnostics is an ordered list of problems.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}

	return false
}

// Errors returns only the error diagnostics.
func (ds Diagnostics) Errors() Diagnostics {
	return ds.withSeverity(SeverityError)
}

// Warnings returns only the warning diagnostics.
func (ds Diagnostics) Warnings() Diagnostics {
	return ds.withSeverity(SeverityWarning)
}

func (ds Diagnostics) withSeverity(s Severity) Diagnostics {
	var out Diagnostics

	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}

	return out
}

// Error joins all diagnostics, one per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}

	return strings.Join(lines, "\n")
}

// Errorf builds an error diagnostic.
func Errorf(path Path, step, summary, format string, args ...any) Diagnostic {
	return Diagnostic{
		Severity: SeverityError,
		Path:     path,
		Step:     step,
		Summary:  summary,
		Detail:   withStep(step, fmt.Sprintf(format, args...)),
	}
}

// Warningf builds a warning diagnostic.
func Warningf(path Path, step, summary, format string, args ...any) Diagnostic {
	return Diagnostic{
		Severity: SeverityWarning,
		Path:     path,
		Step:     step,
		Summary:  summary,
		Detail:   withStep(step, fmt.Sprintf(format, args...)),
	}
}

func withStep(step, detail string) string {
	if step == "" {
		return detail
	}

	return fmt.Sprintf("Step %q: %s", step, detail)
}
