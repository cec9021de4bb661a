# METADATA
# title: genesysauth plan policies
# description: |
#   Rules for the JSON of a saved plan (terraform show -json tfplan) of a
#   configuration that uses the genesysauth provider. Each rule adds
#   strings to deny, each naming the rule, the resource address and the
#   client (name and ID). They read only what the plan JSON holds: a value
#   unknown at plan time is a denial, never an allowance.
#
#   The team's data is data.genesysauth.approved (policies/genesysauth/approved/):
#     scopes           the OAuth scopes an authorization may ask for
#     clients          client ID => {"name": ..., "reason": ...}: the approved vendors
#     max_revocations  the most clients one plan of the exclusive resource may revoke or decline
#     revocations      client ID => {"name": ..., "reason": ...}: revocations the team has
#                      approved (a destroy or replacement of genesysauth_authorized_client, or a
#                      client the exclusive resource revokes or declines)
#
#   Run: opa eval -d policies -i tfplan.json data.genesysauth.deny
package genesysauth

# The team's lists. Missing ones approve nothing, and the budget falls back
# to the provider's own default.
default approved_scopes := []

approved_scopes := data.genesysauth.approved.scopes

default approved_clients := {}

approved_clients := data.genesysauth.approved.clients

default max_revocations := 3

max_revocations := data.genesysauth.approved.max_revocations

default approved_revocations := {}

approved_revocations := data.genesysauth.approved.revocations

approved_client_ids := {lower(id) | some id, _ in approved_clients}

approved_revocation_ids := {lower(id) | some id, _ in approved_revocations}

# The resources of the plan, by type.
authorizations contains rc if {
	some rc in input.resource_changes
	rc.mode == "managed"
	rc.type == "genesysauth_authorized_client"
}

exclusives contains rc if {
	some rc in input.resource_changes
	rc.mode == "managed"
	rc.type == "genesysauth_authorized_clients_exclusive"
}

# writes: the change creates or updates (a replacement creates too).
writes(rc) if {
	some action in rc.change.actions
	action in {"create", "update"}
}

label(name, id) := sprintf("%s (%s)", [name, id])

denial(rule, address, client, what) := sprintf("[%s] %s: %s: %s", [rule, address, client, what])

# ---------------------------------------------------------------------------
# Revocations by genesysauth_authorized_clients_exclusive. A revocation is an
# in-place update of that one resource: the plan shows it in the unmanaged
# map, keyed by client ID, with action "revoke" (or "decline" for a pending
# request). An entry the prior state already shows the same (a plan without
# refresh) is not a new revocation.

revoking(rc) := {id: e |
	some id, e in object.get(rc.change.after, "unmanaged", {})
	e.action in {"revoke", "decline"}
	not already_done(rc, id, e)
}

already_done(rc, id, e) if {
	rc.change.before.unmanaged[id] == e
}

# The budget holds for the whole plan: every exclusive resource counts (two
# provider blocks for one organization, each with its own, included).
plan_revocations contains r if {
	some rc in exclusives
	writes(rc)
	some id, e in revoking(rc)
	r := {"address": rc.address, "id": id, "name": e.client_name, "action": e.action}
}

deny contains msg if {
	count(plan_revocations) > max_revocations
	some r in plan_revocations
	msg := denial("revocation-budget", r.address, label(r.name, r.id), sprintf(
		"apply %ss it, one of %d revocations in this plan, more than the budget of %d (data.genesysauth.approved.max_revocations): put the clients client_ids lost back, or raise the budget in its own reviewed change",
		[r.action, count(plan_revocations), max_revocations],
	))
}

# Each client the exclusive resource revokes or declines is a revocation,
# as a destroy of its genesysauth_authorized_client is: denied unless the
# team's data approves it, whatever the budget allows.
deny contains msg if {
	some r in plan_revocations
	not lower(r.id) in approved_revocation_ids
	msg := denial("revocation", r.address, label(r.name, r.id), sprintf(
		"%s, for every user of the organization: add it to client_ids, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change",
		[exclusive_revocation_what[r.action]],
	))
}

exclusive_revocation_what := {
	"revoke": "apply revokes it (the exclusive resource revokes every authorized client outside client_ids)",
	"decline": "apply declines its pending request (the exclusive resource declines the requests of clients outside client_ids)",
}

deny contains msg if {
	some rc in exclusives
	writes(rc)
	rc.change.after_unknown.unmanaged == true
	msg := denial("revocation-budget", rc.address, "clients unknown at plan time", "which clients apply revokes is known only after apply (client_ids has a value unknown at plan time), so the plan cannot show them: apply what client_ids depends on first")
}

deny contains msg if {
	some rc in exclusives
	writes(rc)
	some id, e in revoking(rc)
	e.action == "revoke"
	e.builtin == true
	msg := denial("builtin-revocation", rc.address, label(e.client_name, id), "apply revokes a built-in Genesys Cloud client, which cuts it off for every user of the organization: add it to client_ids, or set revoke_builtin = false")
}

# ---------------------------------------------------------------------------
# Authorizations by genesysauth_authorized_client: what a create or update
# asks for.

client_of(rc) := label(object.get(rc.change.after, "client_name", "name unknown at plan time"), rc.change.after.client_id) if {
	not rc.change.after_unknown.client_id
}

client_of(rc) := "client unknown at plan time" if {
	rc.change.after_unknown.client_id == true
}

deny contains msg if {
	some rc in authorizations
	writes(rc)
	not rc.change.after_unknown.client_id
	not lower(rc.change.after.client_id) in approved_client_ids
	msg := denial("unapproved-client", rc.address, client_of(rc), "the client is not in the approved vendor list (data.genesysauth.approved.clients): add it there, with a reason, in its own reviewed change")
}

deny contains msg if {
	some rc in authorizations
	writes(rc)
	rc.change.after_unknown.client_id == true
	msg := denial("unapproved-client", rc.address, client_of(rc), "client_id is known only after apply, so the policy cannot check it against the approved vendor list: set it to a literal ID, or apply what it depends on first")
}

deny contains msg if {
	some rc in authorizations
	writes(rc)
	some i, scope in rc.change.after.scopes
	not unknown_scope(rc, i)
	not scope in approved_scopes
	msg := denial("unapproved-scope", rc.address, client_of(rc), sprintf(
		"asks for the scope %q, which is not in the approved scopes (data.genesysauth.approved.scopes): remove it, or approve it in its own reviewed change",
		[scope],
	))
}

deny contains msg if {
	some rc in authorizations
	writes(rc)
	scopes_unknown(rc)
	msg := denial("unapproved-scope", rc.address, client_of(rc), "scopes has a value known only after apply, so the policy cannot check it against the approved scopes: use literal scopes, or apply what they depend on first")
}

unknown_scope(rc, i) if rc.change.after_unknown.scopes[i] == true

scopes_unknown(rc) if rc.change.after_unknown.scopes == true

scopes_unknown(rc) if {
	some i, _ in rc.change.after.scopes
	unknown_scope(rc, i)
}

# ---------------------------------------------------------------------------
# Revocations by genesysauth_authorized_client: a destroy, or a replacement
# (delete and create), revokes the client's authorization.

deny contains msg if {
	some rc in authorizations
	"delete" in rc.change.actions
	id := rc.change.before.client_id
	not lower(id) in approved_revocation_ids
	msg := denial("revocation", rc.address, label(rc.change.before.client_name, id), revocation_what(rc))
}

revocation_what(rc) := "a destroy of genesysauth_authorized_client revokes the client for every user of the organization: keep the resource, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change" if {
	not writes(rc)
}

revocation_what(rc) := sprintf("a replacement (%s) revokes the client's authorization before authorizing again: change the attribute in place if it can be, or approve the revocation (data.genesysauth.approved.revocations)", [concat(", then ", rc.change.actions)]) if {
	writes(rc)
}

deny contains msg if {
	some rc in authorizations
	"delete" in rc.change.actions
	rc.change.before.builtin == true
	msg := denial("builtin-revocation", rc.address, label(rc.change.before.client_name, rc.change.before.client_id), "apply revokes a built-in Genesys Cloud client, which cuts it off for every user of the organization: keep the resource")
}
