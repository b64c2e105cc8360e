package portability

import (
	"strings"
)

// Markdown returns the construct x target matrix as a Markdown page. The
// page docs/portability.md is this text; a test keeps the two equal.
func Markdown() string {
	var b strings.Builder

	b.WriteString("# Portability matrix\n\n")
	b.WriteString("<!-- Generated from internal/translate/portability/table.go by\n")
	b.WriteString("     go test ./internal/translate/portability -update. Do not edit. -->\n\n")
	b.WriteString("Every construct of the workflow language on every cloud is one of:\n\n")
	b.WriteString("- **exact**: the definition has the neutral meaning, possibly through generated states or actions.\n")
	b.WriteString("- **emulated**: the definition uses a lowering with a difference a workflow can observe. The plan\n")
	b.WriteString("  warns with the text below (a warning may add details of the step), and `strict = true` turns the\n")
	b.WriteString("  warning into an error.\n")
	b.WriteString("- **rejected**: the plan fails with the text below, which gives a way out.\n\n")
	b.WriteString("The matrix classifies constructs. Numeric limits (branches, concurrency, sizes, expression length) and\n")
	b.WriteString("expressions that a cloud or the JSONPath query language cannot express are checked separately; the per-cloud\n")
	b.WriteString("rules in [language.md](language.md) list them, and their plan errors quote the limit.\n\n")
	b.WriteString("| construct | ")

	titles := make([]string, len(Targets))
	for i, t := range Targets {
		titles[i] = t.Title()
	}

	b.WriteString(strings.Join(titles, " | "))
	b.WriteString(" |\n|---|---|---|---|\n")

	for _, r := range Table {
		b.WriteString("| " + escapeCell(r.Description) + " |")

		for _, t := range Targets {
			b.WriteString(" " + cell(r.entry(t)) + " |")
		}

		b.WriteString("\n")
	}

	return b.String()
}

func cell(e Entry) string {
	if e.Support == Exact {
		return "exact"
	}

	return "**" + e.Support.String() + "**: " + escapeCell(e.Note)
}

// escapeCell keeps a text inside one table cell.
func escapeCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
