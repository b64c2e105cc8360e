// Command docgen writes the generated pages of the language guide: every
// construct example of examples/constructs rendered by the three
// translators, and every CEL function of the portable subset compiled for
// each cloud. `make docs` runs it after tfplugindocs, which clears
// docs/guides and copies the hand-written guides from templates/guides.
// Because the renderings come from the translators at generation time, the
// guide shows what the provider deploys, and `make test` fails when the
// committed pages no longer match.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	examples := flag.String("examples", "examples/constructs", "folder with one subfolder per construct, each holding workflow.yaml and main.tf")
	out := flag.String("out", "docs/guides", "folder to write constructs.md and cel-functions.md into")
	flag.Parse()

	if err := run(*examples, *out); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run(examplesDir, outDir string) error {
	constructs, err := loadConstructs(examplesDir)
	if err != nil {
		return err
	}

	constructsPage, err := constructsMarkdown(constructs)
	if err != nil {
		return err
	}

	functionsPage, err := functionsMarkdown()
	if err != nil {
		return err
	}

	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}

	pages := map[string]string{
		"constructs.md":    constructsPage,
		"cel-functions.md": functionsPage,
	}

	for name, text := range pages {
		if err := os.WriteFile(filepath.Join(outDir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}

	return nil
}
