package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// What genesysauth_authorized_clients_exclusive does with each client
// outside client_ids, decided at plan time from the refreshed state and the
// configuration, so that the plan Terraform makes again at apply time (a
// saved plan's included) is the same one.

// refreshEntries is what a refresh records: every record outside client_ids,
// kept as it is. The plan decides the actions.
func refreshEntries(records []record, allowed idSet) []entry {
	var out []entry
	for _, r := range records {
		if !allowed.has(r.ClientID) {
			out = append(out, entry{record: r, Action: actionKeep})
		}
	}
	return out
}

// decide gives each record outside client_ids its action: an authorized
// client is revoked and a pending request declined (with decline_pending)
// unless it is built-in (without revoke_builtin) or a request the
// organization already did not decline.
func decide(records []record, allowed idSet, decline, revokeBuiltin bool, undeclined idSet) []entry {
	out := refreshEntries(records, allowed)
	for i := range out {
		e := &out[i]
		if e.Builtin && !revokeBuiltin {
			continue
		}
		switch {
		case e.State == genesys.StateAuthorized:
			e.Action, e.State = actionRevoke, genesys.StateRevoked
		case e.State == genesys.StateRequested && decline && !undeclined.has(e.ClientID):
			e.Action, e.State = actionDecline, ""
		}
	}
	return out
}

// warnUnknown reports whether client_ids, decline_pending or revoke_builtin
// is unknown, wholly or an element of it, and warns on each: which clients
// are outside, and so what apply revokes, would be computed by the plan
// Terraform makes again at apply time, which nobody reviews. Such a plan
// revokes nothing: it keeps unmanaged as the state has it (a create: every
// client outside the known IDs, kept), a known value, so that if the plan
// made again at apply time would revoke or decline anything, Terraform
// stops the apply before any write ("Provider produced inconsistent final
// plan"). Not an error: terraform destroy begins with a normal plan of the
// configuration, and an error would block it.
func warnUnknown(plan exclusiveModel, diags *diag.Diagnostics) bool {
	_, idsKnown := knownIDs(plan.ClientIDs)
	what := "An element of client_ids has"
	if plan.ClientIDs.IsUnknown() {
		what = "client_ids has"
	}
	unknown := false
	for _, u := range []struct {
		attr, what, literal string
		unknown             bool
	}{
		{"client_ids", what, "write the client ID as a literal", !idsKnown},
		{"decline_pending", "decline_pending has", "write true or false", plan.DeclinePending.IsUnknown()},
		{"revoke_builtin", "revoke_builtin has", "write true or false", plan.RevokeBuiltin.IsUnknown()},
	} {
		if !u.unknown {
			continue
		}
		unknown = true
		diags.AddAttributeWarning(path.Root(u.attr), u.attr+" is known only after apply: this plan revokes nothing",
			u.what+" a value known only after apply. Which clients this resource revokes or declines depends on it, "+
				"so they would be decided at apply time, unreviewed: this plan revokes and declines nothing (unmanaged "+
				"shows no change). If, once the value is known at apply time, this resource would revoke or decline a "+
				"client, Terraform stops the apply before anything is revoked (\"Provider produced inconsistent final "+
				"plan\" on unmanaged). Apply what the value depends on first, for example terraform apply "+
				"-target=<the resource it depends on>, then plan again and review the revocations; or "+u.literal+"."+
				"\n\nThis is a warning, not an error: terraform destroy begins with a normal plan of the whole "+
				"configuration, which the provider cannot tell from this one, and an error here would block it.")
	}
	return unknown
}

// planExclusive decides the plan's unmanaged map; every value it reads is
// known (warnUnknown).
func planExclusive(plan exclusiveModel, records []record, prior map[string]entry, undeclined idSet, diags *diag.Diagnostics) []entry {
	allowed, _ := knownIDs(plan.ClientIDs)
	entries := decide(records, allowed, plan.DeclinePending.ValueBool(), plan.RevokeBuiltin.ValueBool(), undeclined)
	for i, e := range entries {
		entries[i], _ = priorDone(e, prior, undeclined)
	}
	if plan.DeclinePending.ValueBool() {
		var kept []string
		for _, e := range entries {
			if e.State == genesys.StateRequested && undeclined.has(e.ClientID) {
				kept = append(kept, fmt.Sprintf("%s (%s)", e.Name, e.ClientID))
			}
		}
		if len(kept) > 0 {
			diags.AddWarning("Pending requests the organization did not decline",
				"When apply asked, the organization kept these requests pending (DELETE /api/v2/oauth/authorizations/"+
					"{clientId} changed nothing): "+strings.Join(kept, "; ")+". They are kept (action \"keep\") and not "+
					"asked again; decline them in Admin > Integrations > Authorized Applications.")
		}
	}
	return entries
}

// outcomeAfterApply leaves the state of each client a create revokes known
// only after apply, as a decline's already is. A create's plan is shown
// against the object it replaces, if any (-replace, taint, a change that
// requires a new resource), and the provider is not told that object:
// Terraform plans a tainted object's replacement as a plain create. Planned
// as "Revoked", an entry would read the same as the old object's record of
// a revocation its last apply made; with -refresh=false, a client
// authorized again by hand since would then be revoked with its entry
// shown unchanged, hidden by the CLI and "already done" to the policies.
// Unknown, it is a change in the plan's text and JSON whatever the old
// object held.
func outcomeAfterApply(entries []entry) {
	for i := range entries {
		if entries[i].Action == actionRevoke {
			entries[i].State = ""
		}
	}
}

// priorDone reports whether the prior state shows the last apply already
// did what the plan's entry e asks, and returns the entry the plan shows
// for it. The state keeps an entry as apply left it until a refresh reads
// the organization again, so a plan without a refresh (-refresh=false)
// meets what the last apply did: a revoke or decline whose state moved on,
// or a decline the organization refused (undeclined), which stays as apply
// recorded it. The plan then shows the prior entry, no change; the CLI
// hides what does not change, so the budget does not count it and apply
// sends nothing for it. An entry the plan already keeps exactly as the
// prior state has it is done for the same reason, whatever its state (a
// plan that revokes nothing keeps unmanaged as it is: see warnUnknown).
// ModifyPlan, the budget and apply all ask this, so they agree by
// construction: an entry it returns is done again.
func priorDone(e entry, prior map[string]entry, undeclined idSet) (entry, bool) {
	p, ok := prior[e.ClientID]
	switch {
	case !ok || e.Name != p.Name || e.Builtin != p.Builtin:
		return e, false
	case p == e:
		return p, p.Action == actionRevoke || p.Action == actionDecline
	case e.Action == p.Action && (p.Action == actionRevoke || p.Action == actionDecline):
		if p.State != "" && p.State != stateBefore(p.Action) {
			return p, true
		}
	case e.Action == actionKeep && p.Action == actionDecline:
		if undeclined.has(e.ClientID) && p.State == genesys.StateRequested && e.State == genesys.StateRequested {
			return p, true
		}
	}
	return e, false
}

// describe names the entries with one of the actions: "Name (ID, revoke,
// built-in)".
func describe(entries []entry, actions ...string) []string {
	var out []string
	for _, e := range entries {
		if !slices.Contains(actions, e.Action) {
			continue
		}
		s := fmt.Sprintf("%s (%s, %s", e.Name, e.ClientID, e.Action)
		if e.Builtin {
			s += ", built-in"
		}
		out = append(out, s+"), last changed "+e.changedBy())
	}
	return out
}
