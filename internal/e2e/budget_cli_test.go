package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// The revocation budget counts only what this apply does. After an apply
// that revoked four clients with max_revocations = 4, the resource page
// says to set the budget back; a plan made then with -refresh=false still
// holds the four in its state as apply left them (revoked). They are done,
// so they do not count against the budget set back to the default: the
// plan goes through, and applying it sends no DELETE.
func TestAccCLI_budgetCountsOnlyThisApply(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	for id, scope := range map[string]string{emulator.ClientSlack: "presence", emulator.ClientHubSpot: "external-contacts",
		emulator.ClientServiceNow: "integrations:readonly"} {
		if err := srv.AuthorizeByHand(id, []string{scope}, nil); err != nil {
			t.Fatal(err)
		}
	}
	config := func(extra string) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%q]
  %s
}
`, emulator.ClientAcmeCRM, extra)
	}
	c.write("main.tf", config("max_revocations = 4"))
	srv.ResetCalls()
	c.must(0, "apply", "-auto-approve", "-input=false") // Tableau (the seed's), Slack, HubSpot, ServiceNow
	if n := srv.Calls(emulator.RouteRevoke); n != 4 {
		t.Fatalf("the first apply sent %d DELETEs, want 4", n)
	}

	c.write("main.tf", config("")) // max_revocations back to the default, 3
	srv.ResetCalls()
	out := c.must(0, "plan", "-refresh=false", "-input=false", "-out=back.tfplan")
	if strings.Contains(out, "Revocation budget") {
		t.Errorf("the plan counted the last apply's revocations against the budget:\n%s", out)
	}
	c.must(0, "apply", "-input=false", "back.tfplan")
	if n := srv.Calls(emulator.RouteRevoke) + srv.Calls(emulator.RoutePutAuthorization); n != 0 {
		t.Errorf("applying the plan that set the budget back made %d writes: %v", n, srv.CallCounts())
	}
	for _, id := range []string{emulator.ClientTableau, emulator.ClientSlack, emulator.ClientHubSpot, emulator.ClientServiceNow} {
		if a, _ := srv.Authorization(id); a.State != "Revoked" {
			t.Errorf("%s is %s, want Revoked", id, a.State)
		}
	}
	// The refreshed plan agrees: nothing to do.
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}
