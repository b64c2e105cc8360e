#!/usr/bin/env bash
# Install the tools that the tests and the demo need:
#   - Terraform 1.5.7 in $(go env GOPATH)/bin, compiled from its Go module,
#   - gotestsum in $(go env GOPATH)/bin, which runs go test for `make test`,
#   - the Node.js tools of tools/node in tools/node/node_modules: the checkers (asl-validator,
#     jsonata), the executor aws-local-stepfunctions and the npm package node@22, whose Node 22
#     binary (tools/node/node_modules/.bin/node) runs the executor, which needs Node 22 or newer.
# Each step is skipped when its tool is already installed at the pinned version,
# so a second run takes about a second.
set -euo pipefail

TERRAFORM_VERSION=1.5.7
GOTESTSUM_VERSION=v1.13.0

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_dir="$repo_root/tools/node"

# GOPATH may list several folders. go install uses the first one.
gopath_first=$(go env GOPATH | cut -d: -f1)
gopath_bin="$gopath_first/bin"

require_command() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "install-tools: '$1' not found on PATH. $2" >&2
        exit 1
    fi
}

require_command go "Install Go 1.25 or newer."
require_command node "Install Node.js 20 or newer."
require_command npm "Install npm, which comes with Node.js."

# Print the version of the terraform binary at $1, or nothing when it does not run.
terraform_version_of() {
    # CHECKPOINT_DISABLE stops the version check that contacts HashiCorp.
    # stderr is dropped because Terraform warns there when TF_CLI_CONFIG_FILE
    # names a missing file.
    CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null | sed -n '1s/^Terraform v//p' || true
}

install_terraform() {
    local terraform_bin="$gopath_bin/terraform"
    local found=""
    if [ -x "$terraform_bin" ]; then
        found=$(terraform_version_of "$terraform_bin")
    fi
    if [ "$found" = "$TERRAFORM_VERSION" ]; then
        echo "install-tools: Terraform $TERRAFORM_VERSION found at $terraform_bin"
        return
    fi

    if [ -n "$found" ]; then
        echo "install-tools: $terraform_bin is Terraform $found; replacing it with $TERRAFORM_VERSION."
    fi
    echo "install-tools: compiling Terraform $TERRAFORM_VERSION from source into $gopath_bin."
    echo "install-tools: this takes several minutes the first time (about 4 to 6 minutes on 2 cores)."
    # Build into a temporary folder, then rename. A run that is cut short leaves
    # no half-written binary, and an older file that is not a Go binary is
    # replaced too, which go install itself rejects.
    local staging
    staging=$(mktemp -d "$gopath_bin/.terraform-install.XXXXXX")
    trap 'rm -rf "$staging"' EXIT
    GOBIN="$staging" go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
    mv -f "$staging/terraform" "$terraform_bin"
    rm -rf "$staging"
    trap - EXIT

    found=$(terraform_version_of "$terraform_bin")
    if [ "$found" != "$TERRAFORM_VERSION" ]; then
        echo "install-tools: $terraform_bin reports version '${found:-none}' after the install, expected $TERRAFORM_VERSION." >&2
        exit 1
    fi
    echo "install-tools: Terraform $TERRAFORM_VERSION installed at $terraform_bin"
}

install_gotestsum() {
    local gotestsum_bin="$gopath_bin/gotestsum"
    local found=""
    if [ -x "$gotestsum_bin" ]; then
        found=$("$gotestsum_bin" --version 2>/dev/null | awk '{print $3}' || true)
    fi
    if [ "$found" = "$GOTESTSUM_VERSION" ]; then
        echo "install-tools: gotestsum $GOTESTSUM_VERSION found at $gotestsum_bin"
        return
    fi

    echo "install-tools: installing gotestsum $GOTESTSUM_VERSION into $gopath_bin"
    GOBIN="$gopath_bin" go install "gotest.tools/gotestsum@$GOTESTSUM_VERSION"
}

# Report whether every Node.js tool that the tests call is installed.
node_tools_present() {
    [ -x "$node_dir/node_modules/.bin/asl-validator" ] &&
        [ -x "$node_dir/node_modules/.bin/local-sfn" ] &&
        [ -x "$node_dir/node_modules/.bin/node" ]
}

install_node_tools() {
    # The stamp records the hash of package.json and package-lock.json that
    # node_modules was installed from, so an edited pin triggers a reinstall.
    local stamp="$node_dir/node_modules/.install-stamp"
    local wanted=""
    if [ -f "$node_dir/package-lock.json" ]; then
        wanted=$(cat "$node_dir/package.json" "$node_dir/package-lock.json" | sha256sum | cut -d' ' -f1)
    fi
    if node_tools_present && [ -n "$wanted" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        echo "install-tools: Node.js tools in tools/node are up to date"
        return
    fi

    if [ -f "$node_dir/package-lock.json" ]; then
        echo "install-tools: running npm ci in tools/node"
        (cd "$node_dir" && npm ci --no-audit --no-fund)
    else
        echo "install-tools: tools/node/package-lock.json is missing; running npm install to create it"
        (cd "$node_dir" && npm install --no-audit --no-fund)
    fi

    if ! node_tools_present; then
        echo "install-tools: npm finished but one of tools/node/node_modules/.bin/{asl-validator,local-sfn,node} is missing." >&2
        echo "install-tools: check that tools/node/package.json lists asl-validator, aws-local-stepfunctions and node." >&2
        exit 1
    fi
    # The node package downloads its binary in an install script, which npm
    # may skip (for example with --ignore-scripts), so check that it runs.
    if ! "$node_dir/node_modules/.bin/node" --version | grep -q '^v22\.'; then
        echo "install-tools: tools/node/node_modules/.bin/node does not run as Node 22; delete tools/node/node_modules and run make tools again." >&2
        exit 1
    fi
    # npm install may have rewritten the lock file, so hash again.
    cat "$node_dir/package.json" "$node_dir/package-lock.json" | sha256sum | cut -d' ' -f1 >"$stamp"
}

mkdir -p "$gopath_bin"

# Two runs at once (for example `make -j test demo`) would both compile
# Terraform into the same file, so the steps run under one lock per GOPATH.
lock_file="${TMPDIR:-/tmp}/terraform-provider-multicloud-tools-$(printf '%s' "$gopath_first" | sha256sum | cut -c1-12).lock"
exec 9>"$lock_file"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi

install_terraform
install_gotestsum
install_node_tools
