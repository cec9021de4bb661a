package provider

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The revocation budget of genesysauth_authorized_clients_exclusive: the
// most clients one apply may revoke or decline. A plan over it warns (not
// an error: see notForDestroy) and its apply is refused before any
// revocation, so a mass revocation (client_ids emptied by a bad merge or a
// broken for expression) cannot be applied as one in-place update among
// many; it takes a max_revocations line that the reviewer reads.

// defaultMaxRevocations covers the day-to-day (a pull request that drops a
// client or two, a client or two authorized by hand and revoked by the next
// run) and stops an emptied client_ids in any organization with more than
// three integrations; adopting an organization that revokes dozens takes
// one deliberate line.
const defaultMaxRevocations = 3

// overBudget returns the entries of a plan that apply would revoke or
// decline, when they are more than max_revocations allows (unknown: the
// budget is known only after apply). An entry the prior state already shows
// done (priorDone) is not counted: apply sends nothing for it. entries is nil while the plan cannot know what apply
// revokes; then apply revokes nothing and there is nothing to count.
func overBudget(plan exclusiveModel, entries []entry, prior map[string]entry, undeclined idSet) (counted []entry, budget int64, unknown bool) {
	for _, e := range entries {
		if e.Action != actionRevoke && e.Action != actionDecline {
			continue
		}
		if _, done := priorDone(e, prior, undeclined); done {
			continue
		}
		counted = append(counted, e)
	}
	if len(counted) == 0 {
		return nil, 0, false
	}
	if plan.MaxRevocations.IsUnknown() {
		return counted, 0, true
	}
	budget = plan.MaxRevocations.ValueInt64()
	if plan.MaxRevocations.IsNull() {
		budget = defaultMaxRevocations
	}
	if int64(len(counted)) <= budget {
		return nil, budget, false
	}
	return counted, budget, false
}

// budgetDetail says what is over the budget and the remedy.
// The clients are named in the order of their names, at plan and at apply.
func budgetDetail(counted []entry, budget int64) string {
	counted = slices.Clone(counted)
	slices.SortFunc(counted, func(a, b entry) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ClientID, b.ClientID))
	})
	return fmt.Sprintf("This plan revokes or declines %d clients outside client_ids, more than max_revocations (%d) "+
		"allows: %s.\n\nEach of them loses its authorization for every user of the organization. If client_ids "+
		"lost them by mistake (a bad merge, a changed for expression), put them back. If the revocations are "+
		"intended, set max_revocations = %d on this resource for this change, so that the pull request shows it "+
		"in a line the reviewer reads, and lower it again after the apply.",
		len(counted), budget, strings.Join(describe(counted, actionRevoke, actionDecline), "; "), len(counted))
}

// notForDestroy is why a plan-time check of what apply would revoke is a
// warning and not an error.
const notForDestroy = "\n\nThis is a warning at plan time, and apply refuses the plan before any revocation: terraform " +
	"destroy (and plan -destroy) begins with a normal plan of the whole configuration, which the provider cannot " +
	"tell from this one, and an error here would block the destroy, which revokes nothing with this resource. " +
	"If you are destroying, ignore this warning."

// warnBudget is the plan-time side of the budget: a warning naming the
// clients over it, which apply then refuses (refuseOverBudget). A pipeline
// stops the pull request on it with the policies (rule
// "resource-revocation-budget" of policies/genesysauth.rego reads the
// plan's max_revocations).
func warnBudget(plan exclusiveModel, entries []entry, prior map[string]entry, undeclined idSet, diags *diag.Diagnostics) {
	counted, budget, unknown := overBudget(plan, entries, prior, undeclined)
	switch {
	case unknown:
		diags.AddAttributeWarning(path.Root("max_revocations"), "Revocation budget not known at plan time",
			fmt.Sprintf("This plan revokes or declines %d clients outside client_ids (%s), and max_revocations has a "+
				"value known only after apply, so the plan cannot show that they are within it: apply refuses them "+
				"if they are more than the value it then has. Set max_revocations to a literal number, or apply what "+
				"it depends on first (terraform apply -target).%s",
				len(counted), strings.Join(describe(counted, actionRevoke, actionDecline), "; "), notForDestroy))
	case len(counted) > 0:
		diags.AddAttributeWarning(path.Root("max_revocations"), "Revocation budget exceeded: apply will refuse this plan",
			budgetDetail(counted, budget)+notForDestroy)
	}
}

// refuseOverBudget is the apply side of the budget, before any DELETE: a
// plan over it is refused, and nothing is revoked. It reports whether it
// refused.
func refuseOverBudget(plan exclusiveModel, prior map[string]entry, undeclined idSet, entries []entry, diags *diag.Diagnostics) bool {
	counted, budget, _ := overBudget(plan, entries, prior, undeclined)
	if len(counted) == 0 {
		return false
	}
	diags.AddAttributeError(path.Root("max_revocations"), "Revocation budget exceeded",
		budgetDetail(counted, budget)+"\n\nNothing was revoked or declined.")
	return true
}
