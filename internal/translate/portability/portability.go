// Package portability classifies every construct of the neutral workflow
// language on every target cloud as exact, emulated or rejected, in one
// table. Translators build their lowering warnings and their rejections
// from it, and docs/portability.md is generated from it, so the page and
// the behaviour cannot drift apart.
package portability

import (
	"fmt"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// Target is a cloud that a workflow renders for, named as in the data
// source's targets attribute.
type Target string

const (
	AWS   Target = "aws"
	GCP   Target = "gcp"
	Azure Target = "azure"
)

// Targets lists the targets in the order of the matrix columns.
var Targets = []Target{AWS, GCP, Azure}

// Title returns the name of the target's workflow service.
func (t Target) Title() string {
	switch t {
	case AWS:
		return "AWS Step Functions"
	case GCP:
		return "Google Cloud Workflows"
	case Azure:
		return "Azure Logic Apps"
	}

	return string(t)
}

// Support is how faithfully a target renders a construct.
type Support int

const (
	// Exact renders the neutral meaning, possibly through generated states
	// or actions that change nothing a workflow can observe.
	Exact Support = iota

	// Emulated renders a documented lowering whose difference a workflow
	// can observe, and a plan warning names it.
	Emulated

	// Rejected cannot be rendered, and a plan error gives a way out.
	Rejected
)

// String returns the support level as the matrix writes it.
func (s Support) String() string {
	switch s {
	case Emulated:
		return "emulated"
	case Rejected:
		return "rejected"
	}

	return "exact"
}

// Entry is one cell of the table.
type Entry struct {
	Support Support

	// Note is empty for Exact, names the lowering and its consequence for
	// Emulated (the warning text), and gives a way out for Rejected (the
	// error text).
	Note string
}

// Row is one construct with its entry on every target.
type Row struct {
	Construct Construct

	// Description says what the construct is, for the matrix page.
	Description string

	AWS, GCP, Azure Entry
}

// entry returns the row's entry for target t.
func (r Row) entry(t Target) Entry {
	switch t {
	case AWS:
		return r.AWS
	case GCP:
		return r.GCP
	}

	return r.Azure
}

// Lookup returns the entry of construct c on target t. It panics for a
// construct without a row, which TestEveryConstructHasRow rules out.
func Lookup(c Construct, t Target) Entry {
	for _, r := range Table {
		if r.Construct == c {
			return r.entry(t)
		}
	}

	panic(fmt.Sprintf("portability: no row for construct %q", c))
}

// Diagnose returns the diagnostic that construct c needs on target t at
// path: a warning for Emulated, an error for Rejected, and false for
// Exact. Extra detail, such as the error names a lowering uses, follows
// the table's note.
func Diagnose(t Target, c Construct, path workflow.Path, step string, detail ...string) (workflow.Diagnostic, bool) {
	e := Lookup(c, t)

	text := e.Note
	for _, d := range detail {
		text += " " + d
	}

	switch e.Support {
	case Emulated:
		return workflow.Warningf(path, step, WarningSummary(t), "%s", text), true
	case Rejected:
		return workflow.Errorf(path, step, RejectionSummary(t), "%s", text), true
	}

	return workflow.Diagnostic{}, false
}

// WarningSummary is the summary of a lowering warning on target t.
func WarningSummary(t Target) string {
	return "Approximate translation for " + t.Title()
}

// RejectionSummary is the summary of a rejection on target t.
func RejectionSummary(t Target) string {
	return "Unsupported construct for " + t.Title()
}
