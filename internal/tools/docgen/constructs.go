package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/translate"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/workflow"
)

// construct is one example folder of examples/constructs, rendered.
type construct struct {
	Folder      string
	Title       string
	Description string // the comment lines at the top of workflow.yaml
	Source      string // workflow.yaml without that comment
	Targets     []translate.Target
	Renderings  []translate.Rendering
}

// constructTitles orders the guide as the language reference does, from
// calls to control flow, and names each folder by the key it shows. A folder
// missing here still appears, after these, under its own name.
var constructTitles = []struct{ folder, title string }{
	{"call_http", "`call.http`: an HTTP request"},
	{"call_function", "`call.function`: a serverless function"},
	{"call_native", "`call.native`: a service integration of one cloud"},
	{"call_workflow", "`call.workflow`: start another workflow and wait for it"},
	{"retry", "`retry`: repeat a failed call with backoff"},
	{"catch", "`catch`: handle the errors of a call"},
	{"assign", "`assign`: set variables"},
	{"switch", "`switch`: the first case that holds"},
	{"wait", "`wait`: pause for a time or until a timestamp"},
	{"fail", "`fail`: raise a named error"},
	{"return", "`return`: end the workflow with an output"},
	{"parallel", "`parallel`: branches at the same time"},
	{"for_each", "`for_each`: run steps once per item"},
	{"loop", "`loop`: repeat while or until a condition holds"},
	{"try", "`try`: catch, retry and finally around a block of steps"},
	{"await_callback", "`await_callback`: pause until something calls back"},
	{"await_callback_http", "`await_callback` with an HTTP notify"},
}

// loadConstructs reads and renders every folder under dir that holds a
// workflow.yaml, in the order of constructTitles.
func loadConstructs(dir string) ([]construct, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "workflow.yaml"))
	if err != nil {
		return nil, err
	}

	if len(files) == 0 {
		return nil, fmt.Errorf("no construct examples found: expected %s/<construct>/workflow.yaml", dir)
	}

	var out []construct

	for _, f := range files {
		c, err := loadConstruct(filepath.Dir(f))
		if err != nil {
			return nil, err
		}

		out = append(out, c)
	}

	slices.SortStableFunc(out, func(a, b construct) int {
		if d := constructRank(a.Folder) - constructRank(b.Folder); d != 0 {
			return d
		}

		return strings.Compare(a.Folder, b.Folder)
	})

	return out, nil
}

func constructRank(folder string) int {
	for i, c := range constructTitles {
		if c.folder == folder {
			return i
		}
	}

	return len(constructTitles)
}

func constructTitle(folder string) string {
	for _, c := range constructTitles {
		if c.folder == folder {
			return c.title
		}
	}

	return "`" + folder + "`"
}

// loadConstruct decodes one example and renders it for every cloud. A cloud
// that the example's main.tf lists in `targets` must render without errors;
// for the other clouds the page shows the rejection instead.
func loadConstruct(dir string) (construct, error) {
	workflowFile := filepath.Join(dir, "workflow.yaml")

	data, err := os.ReadFile(workflowFile)
	if err != nil {
		return construct{}, err
	}

	w, diags := workflow.DecodeYAML(data)
	if w == nil {
		return construct{}, fmt.Errorf("%s is not a valid workflow:\n%s", workflowFile, diags.Error())
	}

	targets, err := claimedTargets(filepath.Join(dir, "main.tf"))
	if err != nil {
		return construct{}, err
	}

	description, source := splitLeadingComment(string(data))
	folder := filepath.Base(dir)

	c := construct{
		Folder:      folder,
		Title:       constructTitle(folder),
		Description: description,
		Source:      source,
		Targets:     targets,
		Renderings:  translate.Render(w, translate.AllTargets, translate.Options{}),
	}

	for _, r := range c.Renderings {
		if slices.Contains(targets, r.Target) && r.Diagnostics.HasErrors() {
			return construct{}, fmt.Errorf("%s does not render for %s, which %s lists in targets:\n%s",
				workflowFile, r.Target, filepath.Join(dir, "main.tf"), r.Diagnostics.Errors().Error())
		}
	}

	return c, nil
}

var (
	targetsLine   = regexp.MustCompile(`(?m)^\s*targets\s*=\s*\[([^\]]*)\]`)
	quotedStrings = regexp.MustCompile(`"([^"]*)"`)
)

// claimedTargets reads the `targets` list of the example's data source. An
// example without main.tf, or without targets, claims every cloud, as the
// data source does.
func claimedTargets(mainTF string) ([]translate.Target, error) {
	data, err := os.ReadFile(mainTF)
	if os.IsNotExist(err) {
		return translate.AllTargets, nil
	}

	if err != nil {
		return nil, err
	}

	m := targetsLine.FindSubmatch(data)
	if m == nil {
		return translate.AllTargets, nil
	}

	var targets []translate.Target

	for _, q := range quotedStrings.FindAllSubmatch(m[1], -1) {
		t, err := translate.ParseTarget(string(q[1]))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", mainTF, err)
		}

		targets = append(targets, t)
	}

	return targets, nil
}

// splitLeadingComment separates the comment block at the top of a YAML file,
// which describes the example, from the workflow itself.
func splitLeadingComment(text string) (description, source string) {
	lines := strings.Split(text, "\n")

	var comment []string

	i := 0
	for ; i < len(lines); i++ {
		trimmed := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(trimmed, "#") {
			break
		}

		comment = append(comment, strings.TrimSpace(strings.TrimPrefix(trimmed, "#")))
	}

	// An empty comment line separates paragraphs; it must not leave a
	// double space in the joined text.
	description = strings.Join(strings.Fields(strings.Join(comment, " ")), " ")
	source = strings.TrimSpace(strings.Join(lines[i:], "\n")) + "\n"

	return description, source
}

// renderingFormats names each target's output and its code-fence language.
var renderingFormats = map[translate.Target]struct{ title, fence string }{
	translate.AWS:   {"AWS Step Functions (Amazon States Language, JSONata)", "json"},
	translate.GCP:   {"Google Cloud Workflows (YAML)", "yaml"},
	translate.Azure: {"Azure Logic Apps (Workflow Definition Language)", "json"},
}

const constructsIntro = `Every construct of the workflow language, each with a small example and the definitions that the
provider renders from it for AWS Step Functions, Google Cloud Workflows and Azure Logic Apps. The renderings are
produced by the provider's translators whenever the documentation is generated, so they are exactly what
` + "`terraform plan`" + ` shows in ` + "`rendered_definition`" + ` and in the data source's ` + "`aws_asl`" + `, ` + "`gcp_yaml`" + ` and ` + "`azure_json`" + `.

Each example is ` + "`examples/constructs/<construct>/workflow.yaml`" + ` in the repository, next to a ` + "`main.tf`" + ` that
renders it with the ` + "`multicloud_workflow_definition`" + ` data source. Warnings are the lowerings that the plan reports;
a cloud that cannot express the construct shows the plan error instead of a definition. The
[portability matrix](../portability.md) lists every lowering and rejection, and the
[language reference](../language.md) every key.
`

// constructsMarkdown builds the constructs page.
func constructsMarkdown(constructs []construct) (string, error) {
	var b strings.Builder

	b.WriteString(frontMatter("Constructs and their renderings", "Every construct of the workflow language with its rendering for each cloud."))
	b.WriteString(generatedNotice("examples/constructs"))
	b.WriteString("# Constructs and their renderings\n\n")
	b.WriteString(constructsIntro)
	b.WriteString("\n")

	for _, c := range constructs {
		fmt.Fprintf(&b, "- [%s](#%s)\n", c.Title, anchor(c.Folder))
	}

	for _, c := range constructs {
		writeConstruct(&b, c)
	}

	return b.String(), nil
}

func writeConstruct(b *strings.Builder, c construct) {
	fmt.Fprintf(b, "\n<a id=\"%s\"></a>\n\n## %s\n\n", anchor(c.Folder), c.Title)

	if c.Description != "" {
		b.WriteString(c.Description + "\n\n")
	}

	fmt.Fprintf(b, "`examples/constructs/%s/workflow.yaml`:\n\n", c.Folder)
	writeFence(b, "yaml", c.Source)

	for _, r := range c.Renderings {
		format := renderingFormats[r.Target]
		fmt.Fprintf(b, "\n### %s\n\n", format.title)

		if r.Diagnostics.HasErrors() {
			b.WriteString("The plan fails for this cloud:\n\n")
			writeDiagnostics(b, r.Diagnostics.Errors(), "Error")

			continue
		}

		writeFence(b, format.fence, r.Definition)

		if warnings := r.Diagnostics.Warnings(); len(warnings) > 0 {
			b.WriteString("\nThe plan warns:\n\n")
			writeDiagnostics(b, warnings, "Warning")
		}
	}
}

func writeDiagnostics(b *strings.Builder, diags workflow.Diagnostics, label string) {
	for _, d := range diags {
		fmt.Fprintf(b, "- **%s** at `%s`: %s\n", label, d.Path.String(), oneLine(d.Detail))
	}
}

func writeFence(b *strings.Builder, language, text string) {
	fmt.Fprintf(b, "```%s\n%s\n```\n", language, strings.TrimRight(text, "\n"))
}

// oneLine keeps a diagnostic inside one Markdown list item.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// anchor returns the HTML id of a construct's section.
func anchor(folder string) string {
	return strings.ReplaceAll(folder, "_", "-")
}

// frontMatter is the YAML header that the Terraform Registry reads from
// every guide.
func frontMatter(title, description string) string {
	return fmt.Sprintf("---\npage_title: %q\nsubcategory: \"Language guide\"\ndescription: |-\n  %s\n---\n\n", title, description)
}

func generatedNotice(source string) string {
	return fmt.Sprintf("<!-- Generated by internal/tools/docgen from %s; run `make docs` after changing either. Do not edit. -->\n\n", source)
}
