// Package testutil holds helpers shared by the tests and the definition
// checkers: finding the repository root and running asl-validator.
package testutil

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RepoRoot walks up from the working directory to the folder with go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}

	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}

		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}

		dir = parent
	}
}

// ASLValidatorPath returns the asl-validator that `make tools` installs.
func ASLValidatorPath() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}

	p := filepath.Join(root, "tools", "node", "node_modules", ".bin", "asl-validator")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("asl-validator is not installed at %s: run make tools", p)
	}

	return p, nil
}

// ValidateASLFiles runs asl-validator once over the given files. It returns
// the validator's output when any file is invalid. Each file gets its own
// --json-path, because with several --json-definition flags asl-validator
// 4.0.0 exits with the status of the last one only.
func ValidateASLFiles(files ...string) error {
	bin, err := ASLValidatorPath()
	if err != nil {
		return err
	}

	args := make([]string, 0, 2*len(files))
	for _, f := range files {
		args = append(args, "--json-path", f)
	}

	// asl-validator reads nothing from standard input, but give it an empty
	// one so it behaves the same under go test and CI.
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader("")

	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("asl-validator rejected the definitions: %v\n%s", err, out)
	}

	return nil
}

// ValidateASL writes one definition to a temporary file and validates it.
func ValidateASL(dir, name, definition string) error {
	f := filepath.Join(dir, name+".asl.json")
	if err := os.WriteFile(f, []byte(definition), 0o600); err != nil {
		return err
	}

	return ValidateASLFiles(f)
}
