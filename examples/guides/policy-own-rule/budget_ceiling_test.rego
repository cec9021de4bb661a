package genesysauth_own_test

import data.genesysauth

exclusive(max) := {"resource_changes": [{
	"address": "genesysauth_authorized_clients_exclusive.this",
	"mode": "managed",
	"type": "genesysauth_authorized_clients_exclusive",
	"change": {"actions": ["update"], "before": {"max_revocations": 3}, "after": {"max_revocations": max, "unmanaged": {}}, "after_unknown": {}},
}]}

test_ceiling_denies_eleven if {
	d := genesysauth.deny with input as exclusive(11)
	d == {"[budget-ceiling] genesysauth_authorized_clients_exclusive.this: max_revocations: raises the provider's revocation budget to 11, above the team's ceiling of 10: revoke in smaller pull requests"}
}

test_ceiling_allows_ten if {
	count(genesysauth.deny) == 0 with input as exclusive(10)
}
