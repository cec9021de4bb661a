#!/usr/bin/env bash
# The terraform steps of the GitOps pipelines (github/genesysauth.yml and
# gitlab/.gitlab-ci.yml call them, in this order), so that both pipelines
# run the same commands and a test can run them too.
#
#   genesysauth-ci.sh check   fmt -check, init, validate
#   genesysauth-ci.sh plan    plan -detailed-exitcode -out=tfplan, the plan as text in $SUMMARY_FILE
#   genesysauth-ci.sh policy  the policies of $POLICY_DIR (OPA) on the saved tfplan's JSON;
#                             each denial printed and in $SUMMARY_FILE, exit 1 on any
#   genesysauth-ci.sh apply   apply the saved tfplan
#   genesysauth-ci.sh drift   plan -detailed-exitcode; on drift, a table of the drifted clients
#                             (client, what changed, who, when) in the log and $SUMMARY_FILE
#
# Exit codes are terraform's: 0 no change, 2 changes (drift), 1 an error,
# the gate included (a client authorized outside the configuration).
# TF_DIR is the configuration's directory (default: authorizations).
# TERRAFORM is the CLI (default: terraform); TERRAFORM=tofu runs every step
# through OpenTofu, which reads the same configuration and installs the
# provider from registry.opentofu.org.
# POLICY_DIR is the policies' directory (default: policies, the Rego and the
# team's data of policies/genesysauth/approved/); OPA is the opa binary
# (default: opa). LOCK_TIMEOUT is how long plan and apply wait for the state
# lock another run holds (default: 10m).
set -uo pipefail
dir=${TF_DIR:-authorizations}
summary=${SUMMARY_FILE:-/dev/null}
cli=${TERRAFORM:-terraform}
policies=${POLICY_DIR:-policies}
opa=${OPA:-opa}
tf() { "$cli" -chdir="$dir" "$@"; }
# A plan or apply that starts while another holds the state lock waits for
# it (the pipelines let a pull request's plan run during an apply).
lock=${LOCK_TIMEOUT:-10m}

plan_text() {
  { echo "### $(basename "$cli") plan"; echo; echo '```'; tf show -no-color tfplan; echo '```'; } >> "$summary"
}

# drifted prints "address (client ID): actions" for every resource the
# saved plan changes, and for the exclusive resource each client whose
# entry changes ("address: name (client ID): revoke").
drifted() {
  tf show -json tfplan | jq -r '.resource_changes[]
    | select(.change.actions != ["no-op"] and .change.actions != ["read"])
    | .address as $addr | (.change.actions | join("+")) as $act
    | if .type == "genesysauth_authorized_clients_exclusive" then
        (.change.before.unmanaged // {}) as $b
        | [(.change.after.unmanaged // {}) | to_entries[] | select(.value != $b[.key])] as $changed
        | if ($changed | length) == 0 then "\($addr): \($act)"
          else $changed[] | "\($addr): \(.value.client_name) (\(.key)): \(.value.action)" end
      else "\($addr) (\(.change.before.client_id // .change.after.client_id // "?")): \($act)" end'
}

# drift_rows prints a row for each drifted client of the saved plan, its
# fields separated by the unit separator (0x1f): the client, what changed outside Terraform, who
# changed it last and when, as the refresh found them (modified_by and
# modified_at of the resource, of the exclusive resource's entry, or of
# the data source genesysauth_authorized_clients's entry for a client that
# is no longer authorized). A name the API does not give is never guessed.
drift_rows() {
  tf show -json tfplan | jq -r '
    def who: if . == null or . == "" then "(not named by the API)" else . end;
    def when: if . == null or . == "" then "(not given by the API)" else . end;
    def cell: tostring | explode | map(if . < 32 or . == 127 then 32 else . end) | implode;
    def minus($a; $b): [($a // [])[] | select(. as $x | ($b // []) | index([$x]) | not)];
    def changed($what; $have; $want): [(minus($have; $want) | select(length > 0) | "added \(join(", "))"),
      (minus($want; $have) | select(length > 0) | "removed \(join(", "))")]
      | if length == 0 then empty else "\($what): \(join(", "))" end;
    ([.prior_state.values.root_module? // {} | .. | objects
      | select(.mode? == "data" and .type? == "genesysauth_authorized_clients") | .values.clients[]?]
      | map({key: (.client_id | ascii_downcase), value: .}) | from_entries) as $live
    | .resource_changes[]
    | select(.change.actions != ["no-op"] and .change.actions != ["read"])
    | .change as $c | ($c.actions | join("+")) as $act
    | if .type == "genesysauth_authorized_clients_exclusive" then
        ($c.before.unmanaged // {}) as $b
        | ($c.after.unmanaged // {}) | to_entries[] | select(.value != $b[.key])
        | [ "\(.value.client_name) (\(.key))",
            "\($b[.key].state // "authorized") outside client_ids: apply will \(.value.action) it",
            (.value.modified_by | who), (.value.modified_at | when) ]
      elif .type == "genesysauth_authorized_client" then
        (($c.before.client_id // $c.after.client_id // "?") | ascii_downcase) as $id
        | ($live[$id] // {}) as $rec
        | if $act == "update" then
            [ "\($c.before.client_name // $rec.client_name // "?") (\($id))",
              ([changed("scopes"; $c.before.scopes; $c.after.scopes), changed("roles"; $c.before.roles; $c.after.roles)]
               | if length == 0 then "changed" else join("; ") end) + "; apply will set the configuration'"'"'s again",
              ($c.before.modified_by | who), ($c.before.modified_at | when) ]
          elif $act == "create" then
            [ "\($rec.client_name // "?") (\($id))",
              "\($rec.state // "not authorized") outside Terraform: apply will authorize it again",
              ($rec.modified_by | who), ($rec.modified_at | when) ]
          else
            [ "\($c.before.client_name // "?") (\($id))", "planned: \($act)",
              ($c.before.modified_by | who), ($c.before.modified_at | when) ]
          end
      else [ .address, "planned: \($act)", "", "" ] end
    | map(cell) | join("\u001f")'
}

# drift_table prints drift_rows as a Markdown table: the GitHub job
# summary renders it, and it reads as it is in a job log.
drift_table() {
  echo "| Client | What changed | Who | When |"
  echo "|---|---|---|---|"
  drift_rows | while IFS=$'\x1f' read -r client what who when; do
    printf '| %s | %s | %s | %s |\n' "${client//|/\\|}" "${what//|/\\|}" "${who//|/\\|}" "${when//|/\\|}"
  done
}

case "${1:-}" in
  check)
    tf fmt -check -recursive -diff || { echo "::error::$cli fmt: run $cli fmt -recursive"; exit 1; }
    tf init -input=false -no-color || exit 1
    tf validate -no-color || exit 1
    ;;
  plan)
    tf plan -input=false -no-color -lock-timeout="$lock" -detailed-exitcode -out=tfplan
    rc=$?
    case $rc in
      0) echo "No changes." ;;
      2) plan_text; echo "Changes planned: see the summary." ;;
      *) echo "::error::$cli plan failed (an error, or the gate: a client authorized outside the configuration)"; exit 1 ;;
    esac
    exit $rc
    ;;
  policy)
    [ -f "$dir/tfplan" ] || { echo "::error::no saved plan ($dir/tfplan): run the plan step first"; exit 1; }
    tf show -json tfplan > "$dir/tfplan.json" || { echo "::error::$cli show -json tfplan failed"; exit 1; }
    [ -d "$policies" ] || { echo "::error::no policies folder $policies: copy the provider's policies/ there, or set POLICY_DIR"; exit 1; }
    denials=$("$opa" eval -f raw -d "$policies" -i "$dir/tfplan.json" data.genesysauth.deny) ||
      { echo "::error::opa eval failed (the policies in $policies, or the plan JSON)"; exit 1; }
    # No rule defines data.genesysauth.deny (a folder without the provider's
    # genesysauth.rego): opa prints nothing. That is no policy run, not "no denial".
    [ -n "$denials" ] || { echo "::error::no policy rule ran: $policies defines no data.genesysauth.deny (copy the provider's policies/genesysauth.rego there, or set POLICY_DIR to the folder that has it)"; exit 1; }
    n=$(jq -e 'if type == "array" then length else error("not a list") end' <<< "$denials" 2>/dev/null) ||
      { echo "::error::opa eval printed no list of denials: $denials"; exit 1; }
    if [ "$n" -eq 0 ]; then
      echo "Policies: no denial."
      { echo; echo "Policies ($policies): no denial."; } >> "$summary"
      exit 0
    fi
    echo "Policies: $n denials:"
    jq -r '.[] | "::error::\(.)"' <<< "$denials"
    { echo; echo "### Policy denials ($n)"; echo; jq -r '.[] | "- \(.)"' <<< "$denials"; } >> "$summary"
    exit 1
    ;;
  apply)
    [ -f "$dir/tfplan" ] || { echo "::error::no saved plan ($dir/tfplan): run the plan step first"; exit 1; }
    tf apply -input=false -no-color -lock-timeout="$lock" tfplan
    ;;
  drift)
    log=$(mktemp) || exit 1
    tf plan -input=false -no-color -lock-timeout="$lock" -detailed-exitcode -out=tfplan 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    case $rc in
      0) echo "No drift." ;;
      2)
        table=$(drift_table) || { echo "::error::reading the saved plan's JSON failed"; rm -f "$log"; exit 1; }
        echo "::error::Drift: the organization no longer matches the configuration:"
        drifted | sed 's/^/  /'
        echo
        echo "$table"
        { echo "### Drift ($(basename "$cli"))"; echo; echo "$table"; echo; } >> "$summary"
        plan_text
        ;;
      *)
        echo "::error::$cli plan failed (an error, or the gate: a client authorized outside the configuration)"
        { echo "### Drift check failed ($(basename "$cli"))"; echo; echo '```'; sed -n '/Error:/,$p' "$log"; echo '```'; } >> "$summary"
        rm -f "$log"
        exit 1
        ;;
    esac
    rm -f "$log"
    exit $rc
    ;;
  *)
    echo "usage: $0 check|plan|policy|apply|drift" >&2
    exit 64
    ;;
esac
