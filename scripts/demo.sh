#!/usr/bin/env bash
# Apply examples/quickstart with the locally built provider and write the
# generated definitions to build/demo:
#   build/demo/NAME.asl.json        AWS Step Functions (Amazon States Language)
#   build/demo/NAME.gcp.yaml        Google Cloud Workflows
#   build/demo/NAME.logicapp.json   Azure Logic Apps workflow definition
# then check each .asl.json with asl-validator, and the other files with
# internal/tools/checkdefs (Cloud Workflows JSON schema, Logic Apps checks).
# Then deploy examples/deploy to local Step Functions, Cloud Workflows and
# Logic Apps servers with multicloud_workflow (see the second part below).
#
# Terraform runs offline: a CLI config with dev_overrides points it at
# build/bin, so there is no `terraform init` and nothing is downloaded.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The Cloud Workflows checks read SchemaStore's workflows.json, which is not
# part of the repository. Check for it before the long tool install. A
# relative MULTICLOUD_GCP_SCHEMA is taken from the directory the demo was
# started in and exported as an absolute path, because the checks run from
# the repository root.
if [ -n "${MULTICLOUD_GCP_SCHEMA:-}" ]; then
    case "$MULTICLOUD_GCP_SCHEMA" in
        /*) ;;
        *) MULTICLOUD_GCP_SCHEMA="$PWD/$MULTICLOUD_GCP_SCHEMA" ;;
    esac
    export MULTICLOUD_GCP_SCHEMA
    gcp_schema="$MULTICLOUD_GCP_SCHEMA"
else
    gcp_schema="$(dirname "$repo_root")/shared/reference/gcp-workflows.schema.json"
fi
if [ ! -f "$gcp_schema" ]; then
    {
        echo "demo: the Cloud Workflows JSON schema $gcp_schema is missing."
        echo "demo: The demo checks every rendered Cloud Workflows definition against SchemaStore's workflows.json"
        echo "demo: (https://json.schemastore.org/workflows.json). Save a copy of that file at"
        echo "demo: ../shared/reference/gcp-workflows.schema.json, relative to the repository root, or set"
        echo "demo: MULTICLOUD_GCP_SCHEMA to the path of a copy, then run make demo again."
    } >&2
    exit 1
fi

cd "$repo_root"

example_dir="$repo_root/examples/quickstart"
bin_dir="$repo_root/build/bin"
demo_dir="$repo_root/build/demo"
work_dir="$demo_dir/work"
cli_config="$demo_dir/terraformrc"
asl_validator="$repo_root/tools/node/node_modules/.bin/asl-validator"
terraform="$(go env GOPATH | cut -d: -f1)/bin/terraform"

fail() {
    echo "demo: $*" >&2
    exit 1
}

if ! compgen -G "$example_dir/*.tf" >/dev/null; then
    fail "no Terraform configuration in examples/quickstart. The demo applies that example, so add it (a *.tf file with an output named \"definitions\") and run make demo again."
fi
if [ ! -f "$repo_root/main.go" ]; then
    fail "main.go is missing, so there is no provider to build yet."
fi

echo "demo: checking the tools"
"$repo_root/scripts/install-tools.sh"

echo "demo: building the provider into build/bin"
mkdir -p "$bin_dir"
go build -o "$bin_dir/terraform-provider-multicloud" .

# dev_overrides makes Terraform load the provider from build/bin instead of
# installing it from a registry. The "direct {}" block keeps the normal
# installation method for any other provider.
mkdir -p "$demo_dir"
cat >"$cli_config" <<EOF
provider_installation {
  dev_overrides {
    "multicloud-workflows/multicloud" = "$bin_dir"
  }
  direct {}
}

disable_checkpoint = true
EOF

# A fresh copy of the example on every run, so the state from an earlier run
# does not carry over and the example folder never gets a state file.
rm -rf "$work_dir"
mkdir -p "$work_dir"
cp -R "$example_dir/." "$work_dir/"
rm -rf "$work_dir/.terraform" "$work_dir/.terraform.lock.hcl" "$work_dir"/terraform.tfstate*

export TF_CLI_CONFIG_FILE="$cli_config"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1

color_flag=()
if [ ! -t 1 ]; then
    color_flag=(-no-color)
fi

# No `terraform init`: with dev_overrides Terraform skips it, and init would
# try to reach the registry for the overridden provider.
# The plan repeats every definition that is printed below, so Terraform's
# output goes to a log file and is shown only when the apply fails.
run_logged() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        cat "$log"
        fail "'$*' failed; its output is above and in ${log#"$repo_root"/}."
    fi
    grep -E '^(Apply complete|Warning:)' "$log" || true
}

echo "demo: terraform apply in build/demo/work (output in build/demo/quickstart-apply.log)"
run_logged "$demo_dir/quickstart-apply.log" \
    bash -c 'cd "$1" && shift && "$@"' _ "$work_dir" "$terraform" apply -auto-approve -input=false -no-color

definitions_json="$demo_dir/definitions.json"
if ! (cd "$work_dir" && "$terraform" output -json "${color_flag[@]}" definitions) >"$definitions_json"; then
    fail "terraform output failed to read the output \"definitions\" of examples/quickstart. The example must declare it as a map from workflow name to { aws_asl, gcp_yaml, azure_json }."
fi

# Remove files from an earlier run, in case a workflow was renamed or removed.
rm -f "$demo_dir"/*.asl.json "$demo_dir"/*.gcp.yaml "$demo_dir"/*.logicapp.json

# split-definitions.cjs prints the path of each file it writes.
written_list="$demo_dir/files.txt"
if ! node "$repo_root/scripts/split-definitions.cjs" "$definitions_json" "$demo_dir" >"$written_list"; then
    fail "the output \"definitions\" (saved in build/demo/definitions.json) does not have the expected shape."
fi
mapfile -t written <"$written_list"

for file in "${written[@]}"; do
    echo
    echo "==> ${file#"$repo_root"/} <=="
    cat "$file"
done
echo

asl_files=()
for file in "${written[@]}"; do
    case "$file" in
        *.asl.json) asl_files+=("$file") ;;
    esac
done

# One asl-validator process for all files: it exits non-zero when any file
# is invalid. Each file gets its own --json-path flag.
echo "demo: checking ${#asl_files[@]} Step Functions definitions with asl-validator"
asl_args=()
for file in "${asl_files[@]}"; do
    asl_args+=(--json-path "${file#"$repo_root"/}")
done
if ! "$asl_validator" "${asl_args[@]}"; then
    fail "asl-validator rejected a generated Step Functions definition (see the messages above)."
fi

if [ -d "$repo_root/internal/tools/checkdefs" ]; then
    echo "demo: checking all definitions with internal/tools/checkdefs"
    go run ./internal/tools/checkdefs "${written[@]}"
fi

echo
echo "demo: wrote ${#written[@]} files to build/demo:"
printf '  %s\n' "${written[@]#"$repo_root"/}"

# Part two: deploy. The same order workflow goes to each cloud through
# multicloud_workflow, the real cloud SDKs and local servers that speak each
# service's protocol on 127.0.0.1 (internal/tools/localclouds). The deploy
# examples' iam.tf files need real accounts, so locals.tf replaces them.
clouds_dir="$demo_dir/clouds"
deploy_dir="$demo_dir/deploy"
rm -rf "$clouds_dir" "$deploy_dir"
mkdir -p "$clouds_dir"

echo
echo "demo: starting local Step Functions, Cloud Workflows and Logic Apps servers"
go build -o "$bin_dir/localclouds" ./internal/tools/localclouds
"$bin_dir/localclouds" -dir "$clouds_dir" &
clouds_pid=$!
trap 'kill "$clouds_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    [ -f "$clouds_dir/ready" ] && break
    kill -0 "$clouds_pid" 2>/dev/null || fail "the local cloud servers stopped while starting (see the messages above)."
    sleep 0.1
done
[ -f "$clouds_dir/ready" ] || fail "the local cloud servers did not start within 10 seconds."

# shellcheck source=/dev/null
source "$clouds_dir/env.sh"

declare -A deploy_vars=(
    [aws]=""
    [gcp]="-var=project=demo-project"
    [azure]="-var=subscription_id=00000000-0000-4000-8000-000000000de0"
)

for cloud in aws gcp azure; do
    dir="$deploy_dir/$cloud"
    mkdir -p "$dir"
    cp "$repo_root/examples/deploy/workflow.yaml.tftpl" "$deploy_dir/"
    cp "$repo_root/examples/deploy/$cloud/main.tf" "$dir/"
    cp "$clouds_dir/provider_override.tf" "$clouds_dir/locals.tf" "$dir/"

    echo
    echo "demo: terraform apply of examples/deploy/$cloud (target = \"$cloud\", output in build/demo/deploy/$cloud/apply.log)"
    # shellcheck disable=SC2086
    run_logged "$dir/apply.log" \
        bash -c 'cd "$1" && shift && "$@"' _ "$dir" "$terraform" apply -auto-approve -input=false -no-color ${deploy_vars[$cloud]}
    (cd "$dir" && "$terraform" output "${color_flag[@]}")

    echo "demo: planning again: the deployed workflow matches the configuration"
    # shellcheck disable=SC2086
    if ! (cd "$dir" && "$terraform" plan -detailed-exitcode -input=false "${color_flag[@]}" ${deploy_vars[$cloud]} >/dev/null); then
        fail "the plan after applying examples/deploy/$cloud is not empty."
    fi
done

echo
echo "demo: deployed the order workflow to all three local clouds; their state is in build/demo/deploy/*/terraform.tfstate"
