package e2e_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// The warning "Applying this plan later" of an exclusive resource's create
// is never hidden. Two provider aliases, two organizations, whose exclusive
// resources revoke the same vendor client (client IDs are global, so the
// two warnings' texts are the same but for the organization): each plan
// names each organization; so does a second plan, and `apply
// -auto-approve` (which may print it twice, once per plan of the command).
// The provider keeps no marker file: nothing of one run or one provider
// process silences another's warning.
func TestAccCLI_planLaterWarningNeverHidden(t *testing.T) {
	t.Parallel()
	dev, prod := startEmulator(t, emulator.Options{}), startEmulator(t, emulator.Options{}) // Tableau is authorized by hand in each seed
	c := newCLI(t, dev)
	alias := func(name string, srv *emulator.Server) string {
		return fmt.Sprintf(`
provider "genesysauth" {
  alias              = %[1]q
  api_url            = %[2]q
  token_url          = %[3]q
  oauthclient_id     = %[4]q
  oauthclient_secret = %[5]q
}

resource "genesysauth_authorized_clients_exclusive" %[1]q {
  provider   = genesysauth.%[1]s
  client_ids = [%[6]q]
}
`, name, srv.URL(), srv.TokenURL(), emulator.AdminClientID, emulator.AdminClientSecret, emulator.ClientAcmeCRM)
	}
	c.write("main.tf", cliRequiredProviders+alias("dev", dev)+alias("prod", prod))
	warned := func(step, out string) {
		t.Helper()
		for _, srv := range []*emulator.Server{dev, prod} {
			re := regexp.MustCompile(`Warning: Applying this plan later \(API ` + regexp.QuoteMeta(srv.URL()) + `[^)]*\) with genesysauth_authorized_clients_exclusive\.`)
			if !re.MatchString(out) {
				t.Errorf("%s: no warning \"Applying this plan later\" names the organization at %s:\n%s", step, srv.URL(), out)
			}
		}
		if n := strings.Count(out, "This create revokes, as the organization stands now: Tableau Analytics Export ("+emulator.ClientTableau+", revoke)"); n < 2 {
			t.Errorf("%s: the warnings name Tableau %d times, want one per organization at least:\n%s", step, n, out)
		}
	}
	warned("plan", c.must(0, "plan", "-input=false"))
	warned("second plan", c.must(0, "plan", "-input=false"))
	dev.ResetCalls()
	prod.ResetCalls()
	warned("apply -auto-approve", c.must(0, "apply", "-auto-approve", "-input=false"))
	for _, srv := range []*emulator.Server{dev, prod} {
		if a, _ := srv.Authorization(emulator.ClientTableau); a.State != "Revoked" || srv.Calls(emulator.RouteRevoke) != 1 {
			t.Errorf("the apply left Tableau %s at %s after %d DELETE calls, want Revoked after 1", a.State, srv.URL(), srv.Calls(emulator.RouteRevoke))
		}
	}
}
