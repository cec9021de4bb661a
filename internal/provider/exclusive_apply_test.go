package provider

import (
	"context"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Apply sends a DELETE only for an entry whose revoke the plan shows: an
// entry the prior state shows done (priorDone) is left alone, even when
// the organization authorized the client again since (a plan made with
// -refresh=false), since the CLI showed no change for it.
func TestApply_sendsOnlyWhatThePlanShows(t *testing.T) {
	tableau := func(action, state string) entry {
		return entry{record: record{ClientID: emulator.ClientTableau, Name: "Tableau Analytics Export", State: state},
			Action: action}
	}
	for _, tc := range []struct {
		name           string
		planned, prior entry
		deletes        int
		store          string // Tableau's state in the organization after the apply
	}{
		{"revoked by the last apply, authorized again since", tableau(actionRevoke, genesys.StateRevoked),
			tableau(actionRevoke, genesys.StateRevoked), 0, genesys.StateAuthorized},
		{"a failed revoke kept as the prior state has it", tableau(actionRevoke, genesys.StateAuthorized),
			tableau(actionRevoke, genesys.StateAuthorized), 0, genesys.StateAuthorized},
		{"kept by the last apply, revoked by this plan", tableau(actionRevoke, genesys.StateRevoked),
			tableau(actionKeep, genesys.StateAuthorized), 1, genesys.StateRevoked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, data := snapshotFixture(t)
			r := &exclusiveResource{data: data}
			ctx := context.Background()
			var diags diag.Diagnostics
			plan := exclusiveModel{Unmanaged: unmanagedMap([]entry{tc.planned}, &diags)}
			r.apply(ctx, &plan, map[string]entry{tc.prior.ClientID: tc.prior}, idSet{}, false, &diags)
			if diags.HasError() {
				t.Fatalf("apply: %v", diags)
			}
			if n := srv.Calls(emulator.RouteRevoke); n != tc.deletes {
				t.Errorf("DELETEs: %d, want %d", n, tc.deletes)
			}
			if a, _ := srv.Authorization(emulator.ClientTableau); a.State != tc.store {
				t.Errorf("the organization holds Tableau %s, want %s", a.State, tc.store)
			}
			if got := entriesOf(ctx, plan.Unmanaged, &diags); len(got) != 1 || got[0] != tc.planned {
				t.Errorf("the state records %+v, want the planned %+v", got, tc.planned)
			}
		})
	}
}
