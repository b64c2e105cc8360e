#!/usr/bin/env bash
# Generate the provider documentation in docs/, offline:
#   1. tfplugindocs (pinned in tools/go.mod) renders docs/index.md,
#      docs/resources/, docs/data-sources/ and docs/guides/ from templates/
#      and examples/, using the provider's schema. It finds Terraform on PATH,
#      so this script puts $(go env GOPATH)/bin first, where `make tools`
#      installs Terraform 1.5.7. Never pass --tf-version: it downloads.
#   2. internal/tools/docgen adds docs/guides/constructs.md and
#      docs/guides/cel-functions.md, rendered by the translators.
# tfplugindocs deletes docs/index.md and the folders it manages before it
# writes them again; docs/language.md and docs/portability.md are not among
# them and stay as they are.
#
# Usage:
#   scripts/docs.sh          regenerate docs/
#   scripts/docs.sh --check  generate into build/docs-check and fail when
#                            docs/ differs from it (`make test` runs this)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

mode=write
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    *)
        echo "docs: unknown argument '$1'; use no argument to regenerate docs/, or --check to compare" >&2
        exit 2
        ;;
esac

gopath_bin="$(go env GOPATH | cut -d: -f1)/bin"
if [ ! -x "$gopath_bin/terraform" ]; then
    echo "docs: $gopath_bin/terraform not found; run 'make tools' to install Terraform 1.5.7." >&2
    exit 1
fi

work_dir="build/docs"
mkdir -p "$work_dir"

# tfplugindocs is built from its own module, so the provider's go.mod does
# not carry its dependencies. The Go build cache makes later builds fast.
tfplugindocs="$repo_root/$work_dir/tfplugindocs"
(cd tools && go build -o "$tfplugindocs" github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs)

# An empty CLI configuration keeps a user's own file, or a global setting
# that names a missing one, from changing what Terraform does, and
# CHECKPOINT_DISABLE stops Terraform's version check over the network.
: >"$work_dir/terraformrc"
export PATH="$gopath_bin:$PATH" CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE="$repo_root/$work_dir/terraformrc"

# The output folder is relative, because tfplugindocs joins it to the
# provider folder.
out_dir=docs
if [ "$mode" = check ]; then
    out_dir="$work_dir/check"
    rm -rf "$out_dir"
fi

"$tfplugindocs" generate \
    --provider-name multicloud \
    --rendered-provider-name Multicloud \
    --rendered-website-dir "$out_dir" \
    --website-temp-dir "$work_dir/tmp-$mode" >"$work_dir/tfplugindocs-$mode.log" 2>&1 || {
    cat "$work_dir/tfplugindocs-$mode.log" >&2
    echo "docs: tfplugindocs failed; the log above is also in $work_dir/tfplugindocs-$mode.log" >&2
    exit 1
}

go run ./internal/tools/docgen -examples examples/constructs -out "$out_dir/guides"

if [ "$mode" = write ]; then
    echo "docs: regenerated docs/"
    exit 0
fi

# Compare only what the two generators write, so that docs/language.md and
# docs/portability.md (checked by their own test) do not count as extra.
status=0
for managed in index.md resources data-sources guides; do
    if ! diff -ru "docs/$managed" "$out_dir/$managed"; then
        status=1
    fi
done

# Check the Registry layout and the front matter of the committed pages,
# and the formatting of the examples that the pages include.
if ! "$tfplugindocs" validate --provider-name multicloud >"$work_dir/validate.log" 2>&1; then
    grep -v '\[DEBUG\]' "$work_dir/validate.log" >&2
    echo "docs: tfplugindocs validate rejected docs/; the full log is in $work_dir/validate.log" >&2
    status=1
fi
if ! terraform fmt -check -recursive examples/provider examples/resources examples/data-sources; then
    echo "docs: the example files listed above are not formatted; run 'terraform fmt -recursive' on examples/provider, examples/resources and examples/data-sources" >&2
    status=1
fi

if [ "$status" -ne 0 ]; then
    echo "docs: docs/ is out of date with templates/, examples/, the provider's schema or the translators, or a check above failed. Run 'make docs' and commit the result." >&2
    exit 1
fi
echo "docs: docs/ is up to date"
