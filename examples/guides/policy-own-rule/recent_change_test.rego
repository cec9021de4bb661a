package genesysauth_recent_test

import data.genesysauth

tableau := "b2abfab4-2360-5587-a6af-99094c67a56f"

plan(modified_by, modified_at) := {
	"timestamp": "2026-11-27T09:00:00Z",
	"resource_changes": [{
		"address": "genesysauth_authorized_clients_exclusive.this",
		"mode": "managed",
		"type": "genesysauth_authorized_clients_exclusive",
		"change": {
			"actions": ["update"],
			"before": {"unmanaged": {}},
			"after": {"max_revocations": 3, "unmanaged": {tableau: {
				"client_name": "Tableau Analytics Export", "builtin": false, "state": "Revoked", "action": "revoke",
				"modified_by": modified_by, "modified_at": modified_at,
			}}},
			"after_unknown": {},
		},
	}],
}

approval(extra) := {"max_revocations": 3, "revocations": {tableau: object.union({"reason": "unused"}, extra)}}

recent_denials(input_plan, approved) := {d | some d in genesysauth.deny with input as input_plan with data.genesysauth.approved as approved; startswith(d, "[recent-change]")}

test_recent_change_denied_even_when_approved if {
	recent_denials(plan("Jane Doe", "2026-11-26T13:08:44Z"), approval({})) == {concat("", [
		"[recent-change] genesysauth_authorized_clients_exclusive.this: Tableau Analytics Export (", tableau, "): ",
		"apply revokes a client Jane Doe changed at 2026-11-26T13:08:44Z, less than a day before this plan: ask them first, ",
		"then approve the revocation with \"acknowledged_change\": \"2026-11-26T13:08:44Z\" (data.genesysauth.approved.revocations)",
	])}
}

test_acknowledged_change_allowed if {
	count(recent_denials(plan("Jane Doe", "2026-11-26T13:08:44Z"), approval({"acknowledged_change": "2026-11-26T13:08:44Z"}))) == 0
}

test_an_older_acknowledgement_does_not_cover_a_new_change if {
	count(recent_denials(plan("Jane Doe", "2026-11-26T13:08:44Z"), approval({"acknowledged_change": "2026-10-01T00:00:00Z"}))) == 1
}

test_older_change_not_this_rules if {
	count(recent_denials(plan("Jane Doe", "2026-11-26T08:59:59Z"), approval({}))) == 0
}

test_unnamed_changer_said_so if {
	some d in recent_denials(plan(null, "2026-11-27T08:00:00Z"), approval({}))
	contains(d, "a client someone the API does not name changed at 2026-11-27T08:00:00Z")
}

test_no_time_no_denial if {
	count(recent_denials(plan(null, null), approval({}))) == 0
}
