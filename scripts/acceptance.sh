#!/usr/bin/env bash
# The Go tests with TF_ACC=1 through one CLI, Terraform or OpenTofu, against
# the in-process emulator; then one summary: the CLI and its version, the
# tests passed, failed and skipped (each skip with its reason), and the
# whole output of every failed test.
#
#   TERRAFORM=/path/to/terraform-or-tofu scripts/acceptance.sh [go test flags] PACKAGES
#
# TERRAFORM defaults to the terraform on PATH. Never downloads a CLI.
# Needs jq (the summary reads `go test -json`).
set -uo pipefail
tf=${TERRAFORM:-$(command -v terraform || true)}
[ -n "$tf" ] && [ -x "$(command -v "$tf")" ] || { echo "acceptance: no CLI: set TERRAFORM or put terraform on PATH" >&2; exit 1; }
tf=$(command -v "$tf")
command -v jq >/dev/null || { echo "acceptance: jq is needed for the summary" >&2; exit 1; }
# An empty CLI configuration of its own: OpenTofu warns without one, and a
# developer's ~/.terraformrc must not change what the tests do.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/empty.tfrc"
version_out=$(TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1 "$tf" version 2>/dev/null || true)
label=$(grep -m1 -E '^(Terraform|OpenTofu) v' <<<"$version_out" || true)
[ -n "$label" ] || { echo "acceptance: $tf is neither Terraform nor OpenTofu" >&2; exit 1; }
echo "== acceptance tests through $label ($tf)"

start=$(date +%s)
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tf" TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1 \
  go test -json "$@" > "$work/log.json"
rc=$?
took=$(( $(date +%s) - start ))

# Package lines (ok / FAIL / build errors) as go test prints them.
jq -j 'select((.Test == null and .Action == "output") or .Action == "build-output") | .Output' "$work/log.json" | grep -v '^=== \|^PASS$\|^FAIL$' || true
# Every failed test's output, whole.
jq -r 'select(.Action == "fail" and .Test != null) | "\(.Package) \(.Test)"' "$work/log.json" | sort -u | while read -r pkg name; do
  echo "--- FAIL: $name ($pkg)"
  jq -j --arg p "$pkg" --arg t "$name" 'select(.Package == $p and .Test == $t and .Action == "output") | .Output' "$work/log.json"
done
# Each skip with its reason (the test's last line of output naming a file).
jq -r 'select(.Action == "skip" and .Test != null) | "\(.Package) \(.Test)"' "$work/log.json" | sort -u | while read -r pkg name; do
  why=$(jq -r --arg p "$pkg" --arg t "$name" 'select(.Package == $p and .Test == $t and .Action == "output") | .Output' "$work/log.json" \
    | grep -E '\.go:[0-9]+:' | tail -n 1 | sed -E 's/^ +//')
  echo "skipped: $name: ${why:-no reason given}"
done
count() { jq -s "[.[] | select(.Test != null and (.Test | contains(\"/\") | not) and .Action == \"$1\")] | length" "$work/log.json"; }
passed=$(count pass) failed=$(count fail) skipped=$(count skip)
echo "== $label: $passed passed, $failed failed, $skipped skipped (top-level tests) in ${took}s"
echo "acceptance: $passed passed, $failed failed, $skipped skipped"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "acceptance: go test exited $rc with no failed test (a build error or a panic: see above)"
fi
exit "$rc"
