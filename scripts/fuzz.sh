#!/usr/bin/env bash
# Run every Go fuzz target in the module for a short time.
#
# Fuzz targets are found by searching *_test.go files for `func FuzzXxx(`, so a
# new target is picked up without editing this script. `go test -fuzz` accepts
# one package and one target per run, so each target gets its own run.
#
# Environment:
#   FUZZTIME  how long each target runs, as a go test -fuzztime value (default 10s)
set -euo pipefail

fuzztime="${FUZZTIME:-10s}"

# Before Go 1.27, the fuzzing coordinator can fail a target with "context deadline
# exceeded" at the end of -fuzztime although no input failed (go.dev/issue/75804),
# so older Go runs the targets with the 1.27.3 toolchain. FUZZ_GOTOOLCHAIN overrides.
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ -n "${FUZZ_GOTOOLCHAIN:-}" ]; then
    export GOTOOLCHAIN="$FUZZ_GOTOOLCHAIN"
elif [ "$go_minor" -lt 27 ] 2>/dev/null; then
    export GOTOOLCHAIN=go1.27.3
fi
echo "fuzz: using $(go env GOVERSION)"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

# Lines of the form "./internal/expr/parse_test.go:func FuzzParse(f *testing.F) {".
mapfile -t matches < <(
    grep -rE --include='*_test.go' \
        --exclude-dir=.git --exclude-dir=build --exclude-dir=node_modules --exclude-dir=testdata \
        '^func Fuzz[A-Za-z0-9_]*\(' . | sort || true
)

if [ "${#matches[@]}" -eq 0 ]; then
    echo "fuzz: no fuzz targets found"
    exit 0
fi

failed=()
for match in "${matches[@]}"; do
    file=${match%%:*}
    name=$(printf '%s\n' "${match#*:}" | sed -E 's/^func (Fuzz[A-Za-z0-9_]*)\(.*/\1/')
    package="./$(dirname "${file#./}")"

    echo "fuzz: $name in $package for $fuzztime"
    if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$package"; then
        failed+=("$name ($package)")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: ${#failed[@]} of ${#matches[@]} targets failed:" >&2
    printf '  %s\n' "${failed[@]}" >&2
    echo "fuzz: go test saved each failing input under the package's testdata/fuzz/<target>/." >&2
    echo "fuzz: fix the bug, then commit that file so go test replays it as a regression case." >&2
    exit 1
fi
echo "fuzz: all ${#matches[@]} targets passed"
