package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// apply carries out the plan's actions, exactly those: one DELETE per
// client whose action is revoke or decline, in client ID order, nothing for
// any other client (one authorized after the plan included). It sets
// plan.Unmanaged to what really happened and returns the requests the
// organization did not decline. A 404 counts as done (the client is gone).
// A DELETE whose outcome is unknown (its answer lost) is settled by reading
// the record back once. Any other failure stops the revokes, and the state
// keeps the clients not revoked as the organization holds them, so the next
// plan names exactly those; creating says whether that plan replaces the
// resource (a failed create leaves it tainted) or updates it in place.
//
// An entry the prior state shows done (priorDone: a plan made with
// -refresh=false, after the last apply revoked the client) shows no change,
// so apply sends nothing for it: the client may have been authorized again
// since, and that is for the next refreshed plan to name.
func (r *exclusiveResource) apply(ctx context.Context, plan *exclusiveModel, prior map[string]entry, undeclined idSet, creating bool, diags *diag.Diagnostics) idSet {
	refused := idSet{}
	var read diag.Diagnostics
	entries := entriesOf(ctx, plan.Unmanaged, &read)
	if diags.Append(read...); read.HasError() {
		return refused
	}
	var failure error
	var failed string
	var remaining []string
	for i := range entries {
		e := &entries[i]
		if e.Action != actionRevoke && e.Action != actionDecline {
			continue
		}
		if _, done := priorDone(*e, prior, undeclined); done {
			continue // done by an earlier apply: the plan shows no change
		}
		if failure != nil {
			e.State = stateBefore(e.Action)
			remaining = append(remaining, e.ClientID)
			continue
		}
		if now, changed := r.changedSincePlan(ctx, e, diags); changed {
			// Not what the plan reviewed: left for the next plan.
			e.State = now
			continue
		}
		err := r.data.auths.Revoke(ctx, e.ClientID)
		var confirmed string // the state read back after a DELETE whose outcome is unknown
		var lost *lostAnswer
		if errors.As(err, &lost) {
			confirmed, err = confirm(e, lost)
		}
		switch {
		case errors.Is(err, genesys.ErrNotFound):
			// The client is gone: nothing is left to revoke.
			e.State = genesys.StateRevoked
		case err != nil:
			failure, failed = err, e.ClientID
			remaining = append(remaining, e.ClientID)
			e.State = confirmed
			if confirmed == "" {
				e.State = stateBefore(e.Action)
			}
		case confirmed != "":
			// Done, though its answer was lost.
			e.State = confirmed
		case e.Action == actionRevoke:
			e.State = genesys.StateRevoked
		default:
			// What a decline did is what the organization answers now.
			e.State = r.readBack(ctx, e, refused, diags)
		}
	}
	plan.Unmanaged = unmanagedMap(entries, diags)
	if failure != nil {
		next := "The next plan updates this resource in place and names exactly these with their action (and any " +
			"client authorized outside client_ids since); apply it to finish."
		if creating {
			next = "Terraform marks this resource as tainted, since its create returned an error, so the next plan " +
				"replaces it (must be replaced): its destroy revokes nothing, and its create names exactly these with " +
				"their action (and any client authorized outside client_ids since); apply it to finish."
		}
		diags.AddError("Error revoking an OAuth client authorized outside client_ids",
			errorDetail(failed, failure)+fmt.Sprintf("\n\nNot revoked, as the state records: %s. %s",
				strings.Join(remaining, ", "), next))
	}
	return refused
}

// changedSincePlan looks the client up as this apply's provider process
// found the organization (its listing, or one GET when the listing lacks
// it) and reports whether the planned action no longer applies: a request
// the plan declines that an administrator approved since, or an
// authorization the plan revokes that is now a pending request, is left
// alone, since a DELETE would then do what the reviewed plan did not show;
// a client already revoked or gone needs no DELETE. It returns the state
// to record.
func (r *exclusiveResource) changedSincePlan(ctx context.Context, e *entry, diags *diag.Diagnostics) (string, bool) {
	a, err := r.data.auths.Get(ctx, e.ClientID)
	switch {
	case errors.Is(err, genesys.ErrNotFound):
		return genesys.StateRevoked, true
	case err != nil:
		return "", false // the DELETE meets the same failure and says so
	case a.State == stateBefore(e.Action):
		return "", false
	case a.State == genesys.StateRevoked || a.State == genesys.StateUnauthorized:
		return genesys.StateRevoked, true // nothing left to revoke or decline
	}
	what := map[string]string{actionDecline: "declines its pending request", actionRevoke: "revokes its authorization"}[e.Action]
	msg := fmt.Sprintf("OAuth client %s (%s) is %s in the organization now; the plan this apply carries out %s, made "+
		"when it was %s. Nothing was sent for it: run terraform plan, which names what to do with it now.",
		e.Name, e.ClientID, a.State, what, stateBefore(e.Action))
	if e.Action == actionDecline {
		// The plan left the outcome of a decline unknown: recording the
		// authorization is consistent with it.
		diags.AddWarning("A pending request was approved after the plan: not declined", msg)
	} else {
		diags.AddError("A client changed after the plan: not revoked", msg)
	}
	return a.State, true
}

// confirm says what the record read back after a DELETE whose outcome is
// unknown (a connection cut after the request was sent, a timeout, a 5xx,
// an unreadable answer) means: gone, Revoked or Unauthorized, the revoke or
// decline is done (nil error, and the state to record); still Authorized or
// Requested, or unreadable, the DELETE failed, and the error says so with
// the state the organization holds.
func confirm(e *entry, lost *lostAnswer) (string, error) {
	a := lost.back
	switch {
	case lost.readErr != nil:
		return stateBefore(e.Action), fmt.Errorf("%w; reading the record back to learn whether it was done "+
			"failed too: %w", lost.err, lost.readErr)
	case a == nil:
		return genesys.StateRevoked, nil
	case a.State == genesys.StateAuthorized || a.State == genesys.StateRequested:
		return a.State, fmt.Errorf("%w; read back, the client is still %s", lost.err, a.State)
	case e.Action == actionRevoke:
		return genesys.StateRevoked, nil // Unauthorized grants no access either
	}
	return a.State, nil
}

// stateBefore is the state of a client that an action was not carried out on.
func stateBefore(action string) string {
	if action == actionDecline {
		return genesys.StateRequested
	}
	return genesys.StateAuthorized
}

// readBack reads a declined request's record: a request the organization
// kept pending is a warning, and joins undeclined so the plan stops asking.
func (r *exclusiveResource) readBack(ctx context.Context, e *entry, undeclined idSet, diags *diag.Diagnostics) string {
	a, err := r.data.auths.Reread(ctx, e.ClientID)
	switch {
	case err != nil:
		diags.AddError("Error reading a declined request back",
			errorDetail(e.ClientID, err)+"\n\nThe request was declined (the API answered the DELETE), but its record "+
				"could not be read; the next refresh reads it.")
		return genesys.StateRequested
	case a == nil:
		return genesys.StateRevoked
	case a.State == genesys.StateRequested:
		undeclined.put(e.ClientID)
		diags.AddWarning("The organization did not decline a pending request",
			fmt.Sprintf("OAuth client %s (%s): DELETE /api/v2/oauth/authorizations/{clientId} answered, and the "+
				"request is still pending. Decline it in Admin > Integrations > Authorized Applications; until its "+
				"record changes, plans keep it (action \"keep\") instead of asking again.", e.Name, e.ClientID))
	}
	return a.State
}
