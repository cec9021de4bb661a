package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// Destroy is never blocked by the check meant for creates. terraform
// destroy (and plan -destroy) starts with a normal plan of the whole
// configuration, so a plan-time error for a block whose client is
// authorized by hand would stop it. The plan warns instead, apply refuses
// that create before any write, and destroy revokes exactly what the state
// manages.
func TestAccCLI_destroyNotBlockedByAHandMadeAuthorization(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	tableauBefore, _ := srv.Authorization(emulator.ClientTableau) // authorized by hand in the seed
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}

resource "genesysauth_authorized_client" "tableau" {
  client_id = %q
  scopes    = ["analytics:readonly"]
}
`, emulator.ClientAcmeCRM, emulator.ClientTableau))
	tableauUntouched := func(step string) {
		t.Helper()
		a, _ := srv.Authorization(emulator.ClientTableau)
		if a.State != "Authorized" || strings.Join(a.Scope, ",") != strings.Join(tableauBefore.Scope, ",") {
			t.Errorf("%s: Tableau is %s %v, want Authorized %v as authorized by hand", step, a.State, a.Scope, tableauBefore.Scope)
		}
	}

	out := c.must(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "Warning: OAuth client already authorized: apply will refuse to create it") ||
		!strings.Contains(out, `to = genesysauth_authorized_client.this id = "`+emulator.ClientTableau+`"`) {
		t.Errorf("the plan does not warn about Tableau with the import block:\n%s", out)
	}
	srv.ResetCalls()
	out = c.must(1, "apply", "-auto-approve", "-input=false")
	if !expectError(`Error: OAuth client already authorized`).MatchString(out) {
		t.Errorf("apply did not refuse the create of Tableau:\n%s", out)
	}
	if n := srv.Calls(emulator.RoutePutAuthorization); n != 1 {
		t.Errorf("apply made %d PUTs, want 1 (Acme's; none for Tableau)", n)
	}
	tableauUntouched("after apply")

	for _, args := range [][]string{{"plan", "-destroy", "-input=false"}, {"destroy", "-auto-approve", "-input=false"}} {
		srv.ResetCalls()
		out := c.must(0, args...)
		if !strings.Contains(out, "genesysauth_authorized_client.acme will be destroyed") &&
			!strings.Contains(out, "Destroy complete! Resources: 1 destroyed.") {
			t.Errorf("terraform %s:\n%s", strings.Join(args, " "), out)
		}
	}
	if n := srv.Calls(emulator.RouteRevoke); n != 1 {
		t.Errorf("destroy made %d DELETEs, want 1 (Acme's)", n)
	}
	if a, _ := srv.Authorization(emulator.ClientAcmeCRM); a.State != "Revoked" {
		t.Errorf("after destroy Acme is %s, want Revoked", a.State)
	}
	tableauUntouched("after destroy")
}

// A plan made with -refresh=false after the exclusive resource revoked a
// client that an administrator has authorized again since: the plan shows
// no change for that client (the state still says Revoked), so applying
// that plan, which updates the resource for another reason, sends nothing
// for it; the next refreshed plan names it.
func TestAccCLI_exclusivePlanWithoutRefreshRevokesNothingUnseen(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	if err := srv.AuthorizeByHand(emulator.ClientHubSpot, []string{"external-contacts"}, nil); err != nil {
		t.Fatal(err)
	}
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%q]
}
`, emulator.ClientAcmeCRM))
	c.must(0, "apply", "-auto-approve", "-input=false") // revokes Tableau and HubSpot
	if err := srv.AuthorizeByHand(emulator.ClientHubSpot, []string{"external-contacts"}, nil); err != nil {
		t.Fatal(err)
	}
	// The pull request changes something else of the resource (its
	// budget), so apply runs its update.
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids      = [%q]
  max_revocations = 4
}
`, emulator.ClientAcmeCRM))
	srv.ResetCalls()
	c.must(0, "plan", "-refresh=false", "-input=false", "-out=norefresh.tfplan")
	c.must(0, "apply", "-input=false", "norefresh.tfplan")
	if n := srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("applying a plan that showed no change sent %d DELETEs", n)
	}
	if a, _ := srv.Authorization(emulator.ClientHubSpot); a.State != "Authorized" {
		t.Errorf("HubSpot is %s after a plan that did not show it, want Authorized", a.State)
	}
	out := c.must(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, `"`+emulator.ClientHubSpot+`" = {`) || !strings.Contains(out, `action = "keep" -> "revoke"`) {
		t.Errorf("the refreshed plan does not name HubSpot's revocation:\n%s", out)
	}
}
