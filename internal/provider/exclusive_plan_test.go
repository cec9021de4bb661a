package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// Every state of a record outside client_ids, built-in or not, with and
// without decline_pending and revoke_builtin: the action apply takes and
// the state the plan shows ("" is known after apply).
func TestDecide_everyStateBuiltinAndOption(t *testing.T) {
	const (
		auth = genesys.StateAuthorized
		req  = genesys.StateRequested
		gone = genesys.StateRevoked
	)
	cases := []struct {
		state                          string
		builtin, decline, revokeBuiltn bool
		action, planned                string
	}{
		// A third-party client: revoked when authorized; a request declined only with decline_pending.
		{auth, false, false, false, actionRevoke, gone},
		{auth, false, true, false, actionRevoke, gone},
		{auth, false, false, true, actionRevoke, gone},
		{auth, false, true, true, actionRevoke, gone},
		{req, false, false, false, actionKeep, req},
		{req, false, true, false, actionDecline, ""},
		{req, false, false, true, actionKeep, req},
		{req, false, true, true, actionDecline, ""},
		// A built-in client: kept unless revoke_builtin.
		{auth, true, false, false, actionKeep, auth},
		{auth, true, true, false, actionKeep, auth},
		{auth, true, false, true, actionRevoke, gone},
		{auth, true, true, true, actionRevoke, gone},
		{req, true, false, false, actionKeep, req},
		{req, true, true, false, actionKeep, req},
		{req, true, false, true, actionKeep, req},
		{req, true, true, true, actionDecline, ""},
	}
	const id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
	for _, tc := range cases {
		rec := record{ClientID: id, Name: "Acme", Builtin: tc.builtin, State: tc.state}
		got := decide([]record{rec}, idSet{}, tc.decline, tc.revokeBuiltn, idSet{})
		if len(got) != 1 || got[0].Action != tc.action || got[0].State != tc.planned ||
			got[0].Name != "Acme" || got[0].Builtin != tc.builtin {
			t.Errorf("%s builtin=%v decline_pending=%v revoke_builtin=%v: %+v; want action %s, state %q",
				tc.state, tc.builtin, tc.decline, tc.revokeBuiltn, got, tc.action, tc.planned)
		}
		// A client in client_ids (in any case) has no entry at all.
		if in := decide([]record{rec}, newIDSet(strings.ToUpper(id)), tc.decline, tc.revokeBuiltn, idSet{}); len(in) != 0 {
			t.Errorf("%s builtin=%v: a client in client_ids got %+v", tc.state, tc.builtin, in)
		}
	}
}

// A request the organization did not decline when asked is kept and not
// asked again, with a warning naming it; other requests are still
// declined.
func TestPlanExclusive_refusedDeclineIsKeptWithAWarning(t *testing.T) {
	const zapier, other = "398fee8d-a756-59e8-a09e-3ab77ee73dc2", "63b584ac-59c6-5e48-b20d-4cf02b476e03"
	records := []record{
		{ClientID: zapier, Name: "Zapier", State: genesys.StateRequested},
		{ClientID: other, Name: "HubSpot", State: genesys.StateRequested},
	}
	plan := exclusiveModel{ClientIDs: setOf(nil), DeclinePending: types.BoolValue(true), RevokeBuiltin: types.BoolValue(false)}
	var diags diag.Diagnostics
	entries := planExclusive(plan, records, map[string]entry{}, newIDSet(strings.ToUpper(zapier)), &diags)
	want := map[string]string{zapier: actionKeep, other: actionDecline}
	for _, e := range entries {
		if want[e.ClientID] != e.Action {
			t.Errorf("%s: action %s, want %s", e.Name, e.Action, want[e.ClientID])
		}
	}
	if len(entries) != 2 || entries[0].ClientID != zapier || entries[0].State != genesys.StateRequested {
		t.Fatalf("entries: %+v", entries)
	}
	if diags.WarningsCount() != 1 || diags.HasError() {
		t.Fatalf("diagnostics: %v", diags)
	}
	w := diags.Warnings()[0]
	if w.Summary() != "Pending requests the organization did not decline" ||
		!strings.Contains(w.Detail(), "kept these requests pending (DELETE /api/v2/oauth/authorizations/{clientId} changed nothing): Zapier ("+zapier+")") ||
		strings.Contains(w.Detail(), "HubSpot") {
		t.Errorf("warning: %s: %s", w.Summary(), w.Detail())
	}
	// Without decline_pending nothing is declined and nothing is said.
	plan.DeclinePending = types.BoolValue(false)
	diags = nil
	for _, e := range planExclusive(plan, records, map[string]entry{}, newIDSet(zapier), &diags) {
		if e.Action != actionKeep {
			t.Errorf("without decline_pending %s: %s", e.Name, e.Action)
		}
	}
	if len(diags) != 0 {
		t.Errorf("without decline_pending: %v", diags)
	}
}

// What the prior state shows done is not asked again by a plan without a
// refresh, nor counted by the budget, nor sent by apply; what it shows not
// done (a failed revoke, an unknown decline) is. An entry the plan keeps
// exactly as the prior state has it is done whatever its state: the CLI
// shows no change for it. What priorDone returns is done again, so the
// plan's entry (the prior one) reads the same to the budget and to apply.
func TestPriorDone(t *testing.T) {
	const id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
	mk := func(action, state string) entry {
		return entry{record: record{ClientID: id, Name: "Acme", State: state}, Action: action}
	}
	revoke, decline := mk(actionRevoke, genesys.StateRevoked), mk(actionDecline, "")
	keptRequest := mk(actionKeep, genesys.StateRequested)
	later := revoke
	later.ModifiedBy, later.ModifiedAt = "Jane Doe", "2026-01-02T03:04:05.000Z"
	none := entry{}
	cases := []struct {
		name       string
		e, p       entry // p: the prior state's entry (none: the prior state has none)
		undeclined idSet
		want       bool
	}{
		{"revoked by the last apply", revoke, mk(actionRevoke, genesys.StateRevoked), nil, true},
		{"revoked by the last apply, who and when as the refresh found them", later, revoke, nil, true},
		{"the last apply's revoke failed", revoke, mk(actionRevoke, genesys.StateAuthorized), nil, false},
		{"the last revoke's outcome unknown", revoke, mk(actionRevoke, ""), nil, false},
		{"declined by the last apply", decline, mk(actionDecline, genesys.StateUnauthorized), nil, true},
		{"the last decline not carried out", decline, mk(actionDecline, genesys.StateRequested), nil, false},
		{"a decline the organization refused", keptRequest, mk(actionDecline, genesys.StateRequested), newIDSet(id), true},
		{"a request pending again, never refused", keptRequest, mk(actionDecline, genesys.StateRequested), idSet{}, false},
		{"a refused decline approved since", mk(actionKeep, genesys.StateAuthorized), mk(actionDecline, genesys.StateRequested),
			newIDSet(id), false},
		{"another client under the same ID", revoke, entry{record: record{ClientID: id, Name: "Other", State: genesys.StateRevoked},
			Action: actionRevoke}, nil, false},
		{"built-in since", revoke, entry{record: record{ClientID: id, Name: "Acme", Builtin: true, State: genesys.StateRevoked},
			Action: actionRevoke}, nil, false},
		{"kept by the last apply, revoked by this plan", revoke, mk(actionKeep, genesys.StateAuthorized), nil, false},
		{"not in the prior state", revoke, none, nil, false},
		// Kept exactly as the prior state has it (a plan that revokes
		// nothing keeps unmanaged as it is): no change shown, nothing sent.
		{"a failed revoke kept as it is", mk(actionRevoke, genesys.StateAuthorized), mk(actionRevoke, genesys.StateAuthorized), nil, true},
		{"a decline whose outcome the state does not know, kept as it is", decline, mk(actionDecline, ""), nil, true},
		{"a refused decline kept as it is", mk(actionDecline, genesys.StateRequested), mk(actionDecline, genesys.StateRequested),
			newIDSet(id), true},
		{"a keep kept as it is", keptRequest, keptRequest, nil, false},
	}
	for _, tc := range cases {
		prior := map[string]entry{}
		if tc.p != none {
			prior[id] = tc.p
		}
		got, done := priorDone(tc.e, prior, tc.undeclined)
		want := map[bool]entry{true: tc.p, false: tc.e}[tc.want]
		if done != tc.want || got != want {
			t.Errorf("%s: priorDone = %+v, %v; want %+v, %v", tc.name, got, done, want, tc.want)
		}
		if again, ok := priorDone(got, prior, tc.undeclined); done && (!ok || again != got) {
			t.Errorf("%s: the entry planned for it is not done again: %+v, %v", tc.name, again, ok)
		}
	}
}
