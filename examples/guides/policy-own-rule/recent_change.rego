# A rule of the team's own, beside the provider's: the exclusive resource
# may not revoke (or decline) a client that someone authorized or changed
# less than a day before the plan, even with its revocation approved,
# unless the approval acknowledges that very change: its
# "acknowledged_change" is the client's modified_at, which the plan shows
# in unmanaged with modified_by. An approval written before someone
# authorized the client again does not cover the new authorization.
package genesysauth

recent_ns := ((24 * 60) * 60) * 1000000000

# The plan's own time (Terraform and OpenTofu write it in the plan JSON),
# so that a plan evaluated later is judged as of when it was made.
plan_time_ns := time.parse_rfc3339_ns(input.timestamp)

plan_time_ns := time.now_ns() if not input.timestamp

deny contains msg if {
	some rc in exclusives
	writes(rc)
	some id, e in revoking(rc)
	e.modified_at != null
	plan_time_ns - time.parse_rfc3339_ns(e.modified_at) < recent_ns
	not acknowledged(id, e.modified_at)
	msg := denial("recent-change", rc.address, label(e.client_name, id), sprintf(
		"apply %ss a client %s changed at %s, less than a day before this plan: ask them first, then approve the revocation with \"acknowledged_change\": %q (data.genesysauth.approved.revocations)",
		[e.action, changed_by(e), e.modified_at, e.modified_at],
	))
}

acknowledged(id, at) if {
	some approved_id, approval in approved_revocations
	lower(approved_id) == lower(id)
	approval.acknowledged_change == at
}

changed_by(e) := e.modified_by if e.modified_by != null

changed_by(e) := "someone the API does not name" if e.modified_by == null
