package provider_test

// What a plan of genesysauth_authorized_client learns from the
// organization's catalogues, and what it says when one cannot be read,
// through the protocol (terraform-plugin-testing does not see warnings).

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

const (
	warning = tfprotov6.DiagnosticSeverityWarning
	failure = tfprotov6.DiagnosticSeverityError
)

// A catalogue that cannot be read leaves its check to the API with a
// warning; one the credentials may not read fails the plan.
func TestProtocol_catalogueFaultsAtPlanTime(t *testing.T) {
	t.Parallel()
	acme := map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, emulator.ClientAcmeCRM), "scopes": strs("users:readonly")}
	directory := map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, emulator.BuiltinDirectory),
		"scopes": strs("presence"), "roles": strs(emulator.RoleEmployee)}
	cases := []struct {
		name, route string
		kind        emulator.FaultKind
		config      map[string]tftypes.Value
		severity    tfprotov6.DiagnosticSeverity
		summary     string
		detail      []string
	}{
		{"scopes 500", emulator.RouteListScopes, emulator.Fault500, acme, warning, "Could not check the scopes at plan time",
			[]string{"OAuth client " + emulator.ClientAcmeCRM + ": GET /api/v2/oauth/scopes: 500 internal.server.error",
				"The check is left to the API at apply."}},
		{"scopes 403", emulator.RouteListScopes, emulator.Fault403, acme, failure, "Error reading the organization at plan time",
			[]string{"GET /api/v2/oauth/scopes: 403 missing.permissions"}},
		{"scopes malformed", emulator.RouteListScopes, emulator.FaultEmptyObject, acme, warning, "Could not check the scopes at plan time",
			[]string{"GET /api/v2/oauth/scopes: the answer is not a listing: it has no entities"}},
		{"roles 500", emulator.RouteListRoles, emulator.Fault500, directory, warning, "Could not check the roles at plan time",
			[]string{"GET /api/v2/authorization/roles: 500 internal.server.error", "The check is left to the API at apply."}},
		{"roles 403", emulator.RouteListRoles, emulator.Fault403, directory, failure, "Error reading the organization at plan time",
			[]string{"GET /api/v2/authorization/roles: 403 missing.permissions"}},
		{"roles malformed", emulator.RouteListRoles, emulator.FaultEmptyObject, directory, warning, "Could not check the roles at plan time",
			[]string{"GET /api/v2/authorization/roles: the answer is not a listing: it has no entities"}},
		// The built-in mark is never guessed: roles need it, and a client
		// catalogue that cannot be read fails the plan.
		{"clients 500", emulator.RouteListClients, emulator.Fault500, directory, failure, "Error reading the client catalogue",
			[]string{"GET /api/v2/oauth/clients", "500 internal.server.error", "tells built-in clients apart"}},
		{"clients malformed", emulator.RouteListClients, emulator.FaultEmptyObject, directory, failure, "Error reading the client catalogue",
			[]string{"the answer is not a listing: it has no entities"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emu := startEmulator(t, emulator.Options{})
			p := newProtoServer(t, emu)
			emu.InjectFault(tc.route, tc.kind, 1)
			plan := p.planCreate(tc.config)
			diagIs(t, tc.name, plan.Diagnostics, tc.severity, tc.summary, tc.detail...)
			if n := emu.Calls(tc.route); n != 1 {
				t.Errorf("%s called %d times, want 1 (a catalogue is read once, a fault is not retried)", tc.route, n)
			}
		})
	}
}

// The plan names the client from the catalogue it reads anyway; when the
// catalogue cannot be read the name and the mark stay unknown, never
// guessed.
func TestProtocol_planNamesTheClientFromTheCatalogue(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	acme := map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, emulator.ClientAcmeCRM), "scopes": strs("users:readonly")}
	p := newProtoServer(t, emu)
	plan := p.planCreate(acme)
	if len(plan.Diagnostics) != 0 {
		t.Fatalf("plan: %s", diagText(plan.Diagnostics))
	}
	got := p.attrs(plan.PlannedState, p.resourceType())
	if str(t, got["client_name"]) != "Acme CRM Connector" || !got["builtin"].Equal(tftypes.NewValue(tftypes.Bool, false)) {
		t.Errorf("planned client_name %v builtin %v, want the catalogue's name, not built-in", got["client_name"], got["builtin"])
	}

	p = newProtoServer(t, emu)
	emu.InjectFault(emulator.RouteListClients, emulator.Fault500, 1)
	plan = p.planCreate(acme)
	if hasError(plan.Diagnostics) {
		t.Fatalf("plan: %s", diagText(plan.Diagnostics))
	}
	got = p.attrs(plan.PlannedState, p.resourceType())
	if got["client_name"].IsKnown() || got["builtin"].IsKnown() {
		t.Errorf("catalogue unreadable: planned client_name %v builtin %v, want both unknown", got["client_name"], got["builtin"])
	}
}

// The exclusive resource's warnings, by text: the create's "Applying this
// plan later", a decline the organization did not carry out, and the next
// plan keeping that request instead of asking again.
func TestProtocol_exclusiveWarnings(t *testing.T) {
	t.Parallel()
	const exclusive = "genesysauth_authorized_clients_exclusive"
	emu := startEmulator(t, emulator.Options{KeepRequestsOnRevoke: true})
	p := newProtoServer(t, emu)
	ctx := context.Background()
	typ := p.schemas.ResourceSchemas[exclusive].ValueType()
	cfg := p.dynamic(p.object(typ, map[string]tftypes.Value{"client_ids": strs(emulator.ClientAcmeCRM),
		"decline_pending": tftypes.NewValue(tftypes.Bool, true)}))
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: exclusive,
		PriorState: p.dynamic(tftypes.NewValue(typ, nil)), ProposedNewState: cfg, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	tableau, _ := emu.Authorization(emulator.ClientTableau)
	zapierNow, _ := emu.Authorization(emulator.ClientZapier)
	diagIs(t, "plan", plan.Diagnostics, warning, "Applying this plan later (API "+emu.URL()+")",
		"This create revokes, as the organization stands now: Tableau Analytics Export ("+emulator.ClientTableau+", revoke), "+
			"last changed by Jane Doe at "+tableau.DateModified+"; Zapier Workflow Automation ("+emulator.ClientZapier+
			", decline), last changed at "+zapierNow.DateModified+", by someone the API does not name.",
		`Terraform stops the apply with "Provider produced inconsistent final plan" before anything is revoked`)
	applied, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: exclusive,
		PriorState: p.dynamic(tftypes.NewValue(typ, nil)), PlannedState: plan.PlannedState, Config: cfg, PlannedPrivate: plan.PlannedPrivate})
	if err != nil {
		t.Fatal(err)
	}
	diagIs(t, "apply", applied.Diagnostics, warning, "The organization did not decline a pending request",
		"OAuth client Zapier Workflow Automation ("+emulator.ClientZapier+"): DELETE /api/v2/oauth/authorizations/{clientId} answered, "+
			"and the request is still pending.", `plans keep it (action "keep") instead of asking again`)
	for id, want := range map[string]string{emulator.ClientTableau: "Revoked", emulator.ClientZapier: "Requested"} {
		if a, _ := emu.Authorization(id); a.State != want {
			t.Errorf("%s is %s in the emulator, want %s", id, a.State, want)
		}
	}
	// The next terraform plan: a refresh, then the plan.
	p.walk()
	read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: exclusive, CurrentState: applied.NewState,
		Private: applied.Private})
	if err != nil || len(read.Diagnostics) != 0 {
		t.Fatalf("refresh: %v %s", err, diagText(read.Diagnostics))
	}
	next, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: exclusive,
		PriorState: read.NewState, ProposedNewState: cfg, Config: cfg, PriorPrivate: read.Private})
	if err != nil {
		t.Fatal(err)
	}
	diagIs(t, "next plan", next.Diagnostics, warning, "Pending requests the organization did not decline",
		"They are kept (action \"keep\") and not asked again", "Zapier Workflow Automation ("+emulator.ClientZapier+")")
	unmanaged := p.attrs(next.PlannedState, typ)["unmanaged"]
	var entries map[string]tftypes.Value
	if err := unmanaged.As(&entries); err != nil {
		t.Fatal(err)
	}
	var zapier map[string]tftypes.Value
	if err := entries[emulator.ClientZapier].As(&zapier); err != nil {
		t.Fatal(err)
	}
	if str(t, zapier["action"]) != "keep" || str(t, zapier["state"]) != "Requested" {
		t.Errorf("the next plan's Zapier entry: %v", zapier)
	}
}
