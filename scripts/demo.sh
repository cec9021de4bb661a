#!/usr/bin/env bash
# make demo: the provider end to end against the emulator, on this machine.
# Builds the provider and the emulator, starts the emulator in the
# background, points the CLI ($TERRAFORM: Terraform or OpenTofu, default the
# terraform on PATH) at both through a CLI config of its own
# (a filesystem mirror; the user's ~/.terraformrc is never read or written),
# applies examples/demo, changes an authorization by hand, shows the drift,
# applies it back, destroys, stops the emulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/.demo"
rm -rf "$work" && mkdir -p "$work"

cli=${TERRAFORM:-terraform}
command -v "$cli" >/dev/null || { echo "demo: no CLI: put terraform on PATH or set TERRAFORM" >&2; exit 1; }
cli=$(command -v "$cli")
: > "$work/terraformrc"
# Terraform or OpenTofu: they install providers from different registry
# addresses, so the mirror is laid out under the one this CLI uses.
# The whole output first, then the first line: grep -m1 in a pipe stops
# reading after one line, and under pipefail the CLI's SIGPIPE on its second
# line would fail the demo at random (seen in CI through 1.16.0-rc2).
version_out=$(TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 "$cli" version 2>&1) ||
  { echo "demo: $cli version failed: $version_out" >&2; exit 1; }
label=$(grep -m1 -E '^(Terraform|OpenTofu) v' <<<"$version_out") ||
  { echo "demo: $cli is neither Terraform nor OpenTofu: $version_out" >&2; exit 1; }
case "$label" in
  OpenTofu*) host=registry.opentofu.org ;;
  *) host=registry.terraform.io ;;
esac
echo "== running $label ($cli)"
go build -o bin/emulator ./internal/emulator/cmd/emulator

# The provider is installed as terraform init installs a released one: from
# a filesystem mirror (the unpacked layout of `terraform providers mirror`),
# no dev_overrides. The demo's build is version 0.1.0 there.
platform="$(go env GOOS)_$(go env GOARCH)"
mirror="$work/mirror/$host/genesysauth/genesysauth/0.1.0/$platform"
mkdir -p "$mirror"
go build -trimpath -ldflags "-X main.version=0.1.0" -o "$mirror/terraform-provider-genesysauth_v0.1.0" .

cat > "$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["$host/genesysauth/*"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1


bin/emulator -addr 127.0.0.1:0 -env-file "$work/emulator.env" > "$work/emulator.log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/emulator.env" ] && break; sleep 0.1; done
[ -s "$work/emulator.env" ] || { echo "demo: the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
set -a; . "$work/emulator.env"; set +a
echo "== emulator at $GENESYSAUTH_API_URL (admin client $GENESYSCLOUD_OAUTHCLIENT_ID)"

# The example is copied so that its state stays in .demo/, never in examples/.
cp examples/demo/main.tf "$work/main.tf"
tf() { "$cli" -chdir="$work" "$@" -no-color; }

echo; echo "== 0. init ($label) installs the provider from the mirror"
tf init -input=false

echo; echo "== 1. apply: authorize two third-party clients and the built-in Architect client with two roles;"
echo "      the exclusive resource revokes Tableau Analytics Export, authorized by hand before"
tf apply -auto-approve -input=false

echo; echo "== 2. an admin changes Acme CRM's scopes by hand, revokes Slack Presence Bridge and authorizes HubSpot"
bin/emulator change -url "$GENESYSAUTH_API_URL" -as "Jane Doe" -action set-scopes \
  -client 9e829b65-c0e3-599f-a9f0-7422a0506daa -scopes users:readonly,external-contacts
bin/emulator change -url "$GENESYSAUTH_API_URL" -as "Jane Doe" -action revoke -client 96c21a95-9350-55e0-9f21-92d37913d11f
bin/emulator change -url "$GENESYSAUTH_API_URL" -as "Jane Doe" -action authorize \
  -client 63b584ac-59c6-5e48-b20d-4cf02b476e03 -scopes external-contacts

echo; echo "== 3. plan shows the drift (exit code 2 = changes), HubSpot by name under the exclusive resource;"
echo "      the warnings and modified_by say who changed each client (Jane Doe) and when"
set +e; tf plan -detailed-exitcode -input=false; rc=$?; set -e
[ "$rc" -eq 2 ] || { echo "demo: expected the plan to show drift (exit 2), got $rc" >&2; exit 1; }

echo; echo "== 4. apply puts it back"
tf apply -auto-approve -input=false

echo; echo "== 5. plan is empty again (exit code 0)"
tf plan -detailed-exitcode -input=false

echo; echo "== 6. destroy revokes every authorization it made (the exclusive resource revokes nothing)"
tf destroy -auto-approve -input=false

echo; echo "== API calls the emulator served"
curl -fsS "$GENESYSAUTH_API_URL/_emulator/calls" 2>/dev/null || true
echo; echo "demo: done"
