# A rule of the team's own, beside the provider's: a pull request may raise
# max_revocations of the exclusive resource, but never above 10, and says
# so in the plan JSON's before and after.
package genesysauth

deny contains msg if {
	some rc in exclusives
	writes(rc)
	after := rc.change.after.max_revocations
	after > 10
	msg := denial("budget-ceiling", rc.address, "max_revocations", sprintf(
		"raises the provider's revocation budget to %d, above the team's ceiling of 10: revoke in smaller pull requests",
		[after],
	))
}
