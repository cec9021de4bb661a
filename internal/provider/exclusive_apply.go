package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// apply carries out the plan's actions, exactly those: one DELETE per
// client whose action is revoke or decline, in client ID order, nothing for
// any other client (one authorized after the plan included). It sets
// plan.Unmanaged to what really happened and returns the requests the
// organization did not decline. A 404 counts as done (the client is gone);
// any other failure stops the revokes, and the state keeps the clients not
// revoked as they were, so the next plan names exactly those.
func (r *exclusiveResource) apply(ctx context.Context, plan *exclusiveModel, diags *diagsT) idSet {
	undeclined := idSet{}
	entries := entriesOf(plan.Unmanaged)
	var failure error
	var failed string
	for i := range entries {
		e := &entries[i]
		if e.Action != actionRevoke && e.Action != actionDecline {
			continue
		}
		if failure != nil {
			e.State = stateBefore(e.Action)
			continue
		}
		err := r.data.client.Revoke(ctx, e.ClientID)
		switch {
		case errors.Is(err, genesys.ErrNotFound):
			// The client is gone: nothing is left to revoke.
			r.data.auths.Forget(e.ClientID)
			e.State = genesys.StateRevoked
		case err != nil:
			failure, failed = err, e.ClientID
			r.data.auths.Forget(e.ClientID)
			e.State = stateBefore(e.Action)
		case e.Action == actionRevoke:
			r.data.auths.Put(genesys.OAuthAuthorization{
				Client: genesys.ClientRef{ID: e.ClientID, Name: e.Name}, Scope: []string{}, Roles: []string{},
				State: genesys.StateRevoked,
			})
			e.State = genesys.StateRevoked
		default:
			// What a decline did is what the organization answers now.
			e.State = r.readBack(ctx, e, undeclined, diags)
		}
	}
	plan.Unmanaged = unmanagedMap(entries)
	if failure != nil {
		var remaining []string
		for _, e := range entries {
			if (e.Action == actionRevoke || e.Action == actionDecline) && e.State == stateBefore(e.Action) {
				remaining = append(remaining, e.ClientID)
			}
		}
		diags.AddError("Error revoking an OAuth client authorized outside client_ids",
			errorDetail(failed, failure)+fmt.Sprintf("\n\nNot revoked, as the state records: %s. The next plan names "+
				"exactly these; run terraform apply again to revoke them.", strings.Join(remaining, ", ")))
	}
	return undeclined
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
func (r *exclusiveResource) readBack(ctx context.Context, e *entry, undeclined idSet, diags *diagsT) string {
	r.data.auths.Forget(e.ClientID)
	a, err := r.data.auths.Get(ctx, e.ClientID)
	switch {
	case errors.Is(err, genesys.ErrNotFound):
		return genesys.StateRevoked
	case err != nil:
		diags.AddError("Error reading a declined request back",
			errorDetail(e.ClientID, err)+"\n\nThe request was declined (the API answered the DELETE), but its record "+
				"could not be read; the next refresh reads it.")
		return genesys.StateRequested
	case a.State == genesys.StateRequested:
		undeclined.put(e.ClientID)
		diags.AddWarning("The organization did not decline a pending request",
			fmt.Sprintf("OAuth client %s (%s): DELETE /api/v2/oauth/authorizations/{clientId} answered, and the "+
				"request is still pending. Decline it in Admin > Integrations > Authorized Applications; until its "+
				"record changes, plans keep it (action \"keep\") instead of asking again.", e.Name, e.ClientID))
	}
	return a.State
}
