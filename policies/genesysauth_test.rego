# Unit tests of genesysauth.rego: opa test policies/ (make policy-test).
# Each builds the part of a plan JSON a rule reads, with the team's data
# given here (never the data files, which the team edits).
package genesysauth_test

import data.genesysauth

acme := "9e829b65-c0e3-599f-a9f0-7422a0506daa"

slack := "96c21a95-9350-55e0-9f21-92d37913d11f"

architect := "92ab1e71-d113-56c6-bb54-d2e956ed4b67"

approved := {
	"scopes": ["users:readonly", "presence"],
	"clients": {acme: {"name": "Acme CRM Connector", "reason": "CRM"}},
	"max_revocations": 2,
	"revocations": {},
}

plan(changes) := {"format_version": "1.2", "resource_changes": changes}

change(type, name, actions, before, after, after_unknown) := {
	"address": sprintf("%s.%s", [type, name]),
	"mode": "managed",
	"type": type,
	"name": name,
	"change": {"actions": actions, "before": before, "after": after, "after_unknown": after_unknown},
}

authorization(name, id, scopes) := {"client_id": id, "client_name": name, "builtin": false, "scopes": scopes}

entry(name, action, builtin) := {"client_name": name, "action": action, "builtin": builtin, "state": "Revoked"}

# n revocations by the exclusive resource, clients 0000...01 and on.
exclusive_revoking(n) := change(
	"genesysauth_authorized_clients_exclusive", "this", ["update"],
	{"unmanaged": {}},
	{"unmanaged": {sprintf("00000000-0000-4000-8000-%012d", [i]): entry(sprintf("Client %d", [i]), "revoke", false) |
		some i in numbers.range(1, n)
	}},
	{},
)

deny(p) := d if {
	d := genesysauth.deny with input as p with data.genesysauth.approved as approved
}

# The team's data with the revocations of the budget tests' clients
# (0000...01 to 09, a, b, c) approved, so that only the budget denies.
revocations_approved := object.union(approved, {"revocations": {id: {"reason": "test"} |
	some id in array.concat([sprintf("00000000-0000-4000-8000-%012d", [i]) | some i in numbers.range(1, 9)], ["a", "b", "c"])
}})

deny_budget(p) := d if {
	d := genesysauth.deny with input as p with data.genesysauth.approved as revocations_approved
}

rules(denials) := {regex.find_n(`^\[[a-z-]+\]`, d, 1)[0] | some d in denials}

test_budget_at_the_limit_allowed if {
	count(deny_budget(plan([exclusive_revoking(2)]))) == 0
}

test_budget_over_the_limit_names_each_client if {
	d := deny_budget(plan([exclusive_revoking(3)]))
	count(d) == 3
	"[revocation-budget] genesysauth_authorized_clients_exclusive.this: Client 2 (00000000-0000-4000-8000-000000000002): apply revokes it, one of 3 revocations in this plan, more than the budget of 2 (data.genesysauth.approved.max_revocations): put the clients client_ids lost back, or raise the budget in its own reviewed change" in d
}

# Two exclusive resources (two provider blocks for one organization), each
# within the budget alone: the plan's three revocations are over it.
test_budget_counts_every_exclusive_resource_of_the_plan if {
	other := change(
		"genesysauth_authorized_clients_exclusive", "again", ["update"],
		{"unmanaged": {}},
		{"unmanaged": {"00000000-0000-4000-8000-000000000009": entry("Client 9", "revoke", false)}},
		{},
	)
	d := deny_budget(plan([exclusive_revoking(2), other]))
	count(d) == 3
	"[revocation-budget] genesysauth_authorized_clients_exclusive.again: Client 9 (00000000-0000-4000-8000-000000000009): apply revokes it, one of 3 revocations in this plan, more than the budget of 2 (data.genesysauth.approved.max_revocations): put the clients client_ids lost back, or raise the budget in its own reviewed change" in d
}

test_budget_default_is_three_without_data if {
	only_revocations := {"revocations": revocations_approved.revocations}
	d3 := genesysauth.deny with input as plan([exclusive_revoking(3)]) with data.genesysauth.approved as only_revocations
	count(d3) == 0
	d4 := genesysauth.deny with input as plan([exclusive_revoking(4)]) with data.genesysauth.approved as only_revocations
	rules(d4) == {"[revocation-budget]"}
}

test_declines_count if {
	p := plan([change(
		"genesysauth_authorized_clients_exclusive", "this", ["update"], null,
		{"unmanaged": {
			"a": entry("A", "revoke", false), "b": {"client_name": "B", "action": "decline", "builtin": false},
			"c": {"client_name": "C", "action": "decline", "builtin": false},
		}},
		{"unmanaged": {"b": {"state": true}, "c": {"state": true}}},
	)])
	"[revocation-budget] genesysauth_authorized_clients_exclusive.this: B (b): apply declines it, one of 3 revocations in this plan, more than the budget of 2 (data.genesysauth.approved.max_revocations): put the clients client_ids lost back, or raise the budget in its own reviewed change" in deny_budget(p)
}

# A plan without refresh keeps entries the last apply revoked: they are not
# revoked again, so they do not count.
test_entries_already_done_do_not_count if {
	rc := exclusive_revoking(3)
	done := json.patch(rc, [{"op": "replace", "path": "/change/before", "value": rc.change.after}])
	count(deny(plan([done]))) == 0
}

test_keep_does_not_count if {
	p := plan([change(
		"genesysauth_authorized_clients_exclusive", "this", ["create"], null,
		{"unmanaged": {"a": entry("A", "keep", false), "b": entry("B", "keep", true), "c": entry("C", "keep", false)}},
		{},
	)])
	count(deny(p)) == 0
}

test_unknown_unmanaged_is_denied if {
	p := plan([change("genesysauth_authorized_clients_exclusive", "this", ["update"], {"unmanaged": {}}, {}, {"unmanaged": true})])
	d := deny(p)
	count(d) == 1
	some msg in d
	startswith(msg, "[revocation-budget] genesysauth_authorized_clients_exclusive.this: clients unknown at plan time: ")
}

test_builtin_revoked_by_exclusive_is_denied if {
	p := plan([change(
		"genesysauth_authorized_clients_exclusive", "this", ["update"], null,
		{"unmanaged": {architect: entry("Architect", "revoke", true)}}, {},
	)])
	deny(p) == {
		"[builtin-revocation] genesysauth_authorized_clients_exclusive.this: Architect (92ab1e71-d113-56c6-bb54-d2e956ed4b67): apply revokes a built-in Genesys Cloud client, which cuts it off for every user of the organization: add it to client_ids, or set revoke_builtin = false",
		"[revocation] genesysauth_authorized_clients_exclusive.this: Architect (92ab1e71-d113-56c6-bb54-d2e956ed4b67): apply revokes it (the exclusive resource revokes every authorized client outside client_ids), for every user of the organization: add it to client_ids, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change",
	}

	# Approving the revocation does not approve a built-in client's.
	d := genesysauth.deny with input as p with data.genesysauth.approved as object.union(approved, {"revocations": {architect: {"reason": "test"}}})
	rules(d) == {"[builtin-revocation]"}
}

# A client the exclusive resource revokes is a revocation, as a destroy of
# its genesysauth_authorized_client is: within the budget, still denied
# unless the team's data approves it (IDs compared without case).
test_exclusive_revocation_is_a_revocation if {
	p := plan([exclusive_revoking(1)])
	deny(p) == {"[revocation] genesysauth_authorized_clients_exclusive.this: Client 1 (00000000-0000-4000-8000-000000000001): apply revokes it (the exclusive resource revokes every authorized client outside client_ids), for every user of the organization: add it to client_ids, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change"}
	d := genesysauth.deny with input as p with data.genesysauth.approved as object.union(approved, {"revocations": {"00000000-0000-4000-8000-000000000001": {"reason": "contract ended"}}})
	count(d) == 0
	upper_id := genesysauth.deny with input as plan([change(
		"genesysauth_authorized_clients_exclusive", "this", ["update"], null,
		{"unmanaged": {upper(acme): entry("Acme CRM Connector", "revoke", false)}}, {},
	)])
		with data.genesysauth.approved as object.union(approved, {"revocations": {acme: {"reason": "contract ended"}}})
	count(upper_id) == 0
}

# After a removed block with destroy = false while client_ids is a for over
# the resources: the forget is not a revocation, the exclusive resource's
# revoke of the same client is.
test_forget_then_exclusive_revoke_is_denied if {
	p := plan([
		change("genesysauth_authorized_client", "slack", ["forget"], authorization("Slack Presence Bridge", slack, ["presence"]), null, {}),
		change(
			"genesysauth_authorized_clients_exclusive", "this", ["update"], {"unmanaged": {}},
			{"unmanaged": {slack: entry("Slack Presence Bridge", "revoke", false)}}, {},
		),
	])
	deny(p) == {"[revocation] genesysauth_authorized_clients_exclusive.this: Slack Presence Bridge (96c21a95-9350-55e0-9f21-92d37913d11f): apply revokes it (the exclusive resource revokes every authorized client outside client_ids), for every user of the organization: add it to client_ids, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change"}
}

test_exclusive_decline_is_a_revocation if {
	p := plan([change(
		"genesysauth_authorized_clients_exclusive", "this", ["update"], null,
		{"unmanaged": {"b": {"client_name": "B", "action": "decline", "builtin": false}}},
		{"unmanaged": {"b": {"state": true}}},
	)])
	deny(p) == {"[revocation] genesysauth_authorized_clients_exclusive.this: B (b): apply declines its pending request (the exclusive resource declines the requests of clients outside client_ids), for every user of the organization: add it to client_ids, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change"}
	count(deny_budget(p)) == 0
}

# Each unapproved revocation is denied, and over the budget each is denied
# by the budget too.
test_exclusive_revocations_over_the_budget_are_denied_by_both_rules if {
	d := deny(plan([exclusive_revoking(3)]))
	count(d) == 6
	rules(d) == {"[revocation]", "[revocation-budget]"}
}

test_builtin_kept_by_exclusive_is_allowed if {
	p := plan([change(
		"genesysauth_authorized_clients_exclusive", "this", ["update"], null,
		{"unmanaged": {architect: entry("Architect", "keep", true)}}, {},
	)])
	count(deny(p)) == 0
}

test_approved_authorization_is_allowed if {
	p := plan([change("genesysauth_authorized_client", "acme", ["create"], null, authorization("Acme CRM Connector", acme, ["users:readonly"]), {})])
	count(deny(p)) == 0
}

test_client_ids_compared_without_case if {
	p := plan([change("genesysauth_authorized_client", "acme", ["create"], null, authorization("Acme CRM Connector", upper(acme), ["presence"]), {})])
	count(deny(p)) == 0
}

test_unapproved_scope_is_denied if {
	p := plan([change(
		"genesysauth_authorized_client", "acme", ["update"], authorization("Acme CRM Connector", acme, ["users:readonly"]),
		authorization("Acme CRM Connector", acme, ["users:readonly", "routing"]), {},
	)])
	deny(p) == {`[unapproved-scope] genesysauth_authorized_client.acme: Acme CRM Connector (9e829b65-c0e3-599f-a9f0-7422a0506daa): asks for the scope "routing", which is not in the approved scopes (data.genesysauth.approved.scopes): remove it, or approve it in its own reviewed change`}
}

# Unknown as a whole (scopes from a value known after apply) and element by
# element: the same denial, once.
test_unknown_scopes_are_denied if {
	whole := change("genesysauth_authorized_client", "acme", ["create"], null, object.remove(authorization("Acme CRM Connector", acme, []), ["scopes"]), {"scopes": true})
	element := change("genesysauth_authorized_client", "acme", ["create"], null, authorization("Acme CRM Connector", acme, ["users:readonly", null]), {"scopes": [false, true]})
	every p in [plan([whole]), plan([element])] {
		deny(p) == {"[unapproved-scope] genesysauth_authorized_client.acme: Acme CRM Connector (9e829b65-c0e3-599f-a9f0-7422a0506daa): scopes has a value known only after apply, so the policy cannot check it against the approved scopes: use literal scopes, or apply what they depend on first"}
	}
}

test_unchanged_authorization_is_not_checked if {
	a := authorization("Old Vendor", slack, ["routing"])
	count(deny(plan([change("genesysauth_authorized_client", "old", ["no-op"], a, a, {})]))) == 0
}

test_unapproved_client_is_denied if {
	p := plan([change("genesysauth_authorized_client", "slack", ["create"], null, authorization("Slack Presence Bridge", slack, ["presence"]), {})])
	deny(p) == {"[unapproved-client] genesysauth_authorized_client.slack: Slack Presence Bridge (96c21a95-9350-55e0-9f21-92d37913d11f): the client is not in the approved vendor list (data.genesysauth.approved.clients): add it there, with a reason, in its own reviewed change"}
}

test_unknown_client_is_denied if {
	p := plan([change(
		"genesysauth_authorized_client", "later", ["create"], null, {"scopes": ["presence"]},
		{"client_id": true, "client_name": true, "builtin": true},
	)])
	deny(p) == {"[unapproved-client] genesysauth_authorized_client.later: client unknown at plan time: client_id is known only after apply, so the policy cannot check it against the approved vendor list: set it to a literal ID, or apply what it depends on first"}
}

test_destroy_is_a_revocation if {
	p := plan([change("genesysauth_authorized_client", "acme", ["delete"], authorization("Acme CRM Connector", acme, ["presence"]), null, {})])
	deny(p) == {"[revocation] genesysauth_authorized_client.acme: Acme CRM Connector (9e829b65-c0e3-599f-a9f0-7422a0506daa): a destroy of genesysauth_authorized_client revokes the client for every user of the organization: keep the resource, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change"}
}

test_replacement_is_a_revocation if {
	p := plan([change(
		"genesysauth_authorized_client", "acme", ["delete", "create"], authorization("Acme CRM Connector", acme, ["presence"]),
		authorization("Acme CRM Connector", acme, ["presence"]), {},
	)])
	deny(p) == {"[revocation] genesysauth_authorized_client.acme: Acme CRM Connector (9e829b65-c0e3-599f-a9f0-7422a0506daa): a replacement (delete, then create) revokes the client's authorization before authorizing again: change the attribute in place if it can be, or approve the revocation (data.genesysauth.approved.revocations)"}
}

test_approved_revocation_is_allowed if {
	p := plan([change("genesysauth_authorized_client", "acme", ["delete"], authorization("Acme CRM Connector", acme, ["presence"]), null, {})])
	d := genesysauth.deny with input as p
		with data.genesysauth.approved as object.union(approved, {"revocations": {acme: {"reason": "contract ended"}}})
	count(d) == 0
}

test_forget_is_not_a_revocation if {
	p := plan([change("genesysauth_authorized_client", "acme", ["forget"], authorization("Acme CRM Connector", acme, ["presence"]), null, {})])
	count(deny(p)) == 0
}

test_builtin_destroyed_is_denied_twice if {
	a := object.union(authorization("Architect", architect, ["architect"]), {"builtin": true})
	d := deny(plan([change("genesysauth_authorized_client", "architect", ["delete"], a, null, {})]))
	rules(d) == {"[revocation]", "[builtin-revocation]"}
}

test_other_resources_are_ignored if {
	p := plan([change("terraform_data", "x", ["delete"], {"client_id": acme}, null, {})])
	count(deny(p)) == 0
}

test_nothing_approved_without_data if {
	p := plan([change("genesysauth_authorized_client", "acme", ["create"], null, authorization("Acme CRM Connector", acme, ["users:readonly"]), {})])
	d := genesysauth.deny with input as p with data.genesysauth.approved as {}
	rules(d) == {"[unapproved-client]", "[unapproved-scope]"}
}
