package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The revocation budget of genesysauth_authorized_clients_exclusive: the
// most clients one apply may revoke or decline. A plan over it fails, so a
// mass revocation (client_ids emptied by a bad merge or a broken for
// expression) cannot pass review as one in-place update among many; it
// takes a max_revocations line that the reviewer reads.

// defaultMaxRevocations covers the day-to-day (a pull request that drops a
// client or two, a client or two authorized by hand and revoked by the next
// run) and stops an emptied client_ids in any organization with more than
// three integrations; adopting an organization that revokes dozens takes
// one deliberate line.
const defaultMaxRevocations = 3

// checkBudget refuses, at plan time, a plan whose entries revoke or decline
// more clients than max_revocations. An entry the prior state already shows
// done (a plan without refresh) is not counted: apply's DELETE of it
// changes nothing. entries is nil while the plan cannot know what apply
// revokes; then apply revokes nothing and there is nothing to count.
func checkBudget(plan exclusiveModel, entries []entry, prior map[string]entry, diags *diagsT) {
	var counted []entry
	for _, e := range entries {
		if e.Action != actionRevoke && e.Action != actionDecline {
			continue
		}
		if p, ok := prior[e.ClientID]; ok && p == e {
			continue
		}
		counted = append(counted, e)
	}
	if len(counted) == 0 {
		return
	}
	names := describe(counted, actionRevoke, actionDecline)
	if plan.MaxRevocations.IsUnknown() {
		diags.AddAttributeError(path.Root("max_revocations"), "Revocation budget not known at plan time",
			fmt.Sprintf("This plan revokes or declines %d clients outside client_ids (%s), and max_revocations has a "+
				"value known only after apply, so the plan cannot show that they are within it. Set max_revocations "+
				"to a literal number, or apply what it depends on first (terraform apply -target).",
				len(counted), strings.Join(names, "; ")))
		return
	}
	budget := plan.MaxRevocations.ValueInt64()
	if plan.MaxRevocations.IsNull() {
		budget = defaultMaxRevocations
	}
	if int64(len(counted)) <= budget {
		return
	}
	diags.AddAttributeError(path.Root("max_revocations"), "Revocation budget exceeded",
		fmt.Sprintf("This plan revokes or declines %d clients outside client_ids, more than max_revocations (%d) "+
			"allows: %s.\n\nEach of them loses its authorization for every user of the organization. If client_ids "+
			"lost them by mistake (a bad merge, a changed for expression), put them back. If the revocations are "+
			"intended, set max_revocations = %d on this resource for this change, so that the pull request shows it "+
			"in a line the reviewer reads, and lower it again after the apply.",
			len(counted), budget, strings.Join(names, "; "), len(counted)))
}
