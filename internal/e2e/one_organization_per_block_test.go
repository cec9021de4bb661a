package e2e_test

// Each provider block is one organization, through the real CLI, where each
// provider configuration is a process of its own with the environment of
// the terraform process.

import (
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// withoutEnv drops the variables named from a CLI's environment.
func (c *cli) withoutEnv(names ...string) {
	kept := c.env[:0]
	for _, kv := range c.env {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || n == name
		}
		if !drop {
			kept = append(kept, kv)
		}
	}
	c.env = kept
}

// Development's access token is exported, as a developer's shell has it,
// and the default provider block uses it; the aliased production block has
// its own client credentials and endpoints. Production never receives
// development's token, development never hears from the production block,
// and each organization gets its own authorization.
func TestAccCLI_aliasUsesOnlyItsOwnCredentials(t *testing.T) {
	t.Parallel()
	dev := startEmulator(t, emulator.Options{OrganizationName: "Dev Corp"})
	prod := startEmulator(t, emulator.Options{OrganizationName: "Prod Corp"})
	devToken, err := dev.IssueToken(emulator.AdminClientID)
	if err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, dev) // dev's GENESYSAUTH_API_URL and GENESYSAUTH_TOKEN_URL
	c.withoutEnv("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET")
	c.env = append(c.env, "GENESYSCLOUD_ACCESS_TOKEN="+devToken)
	c.write("main.tf", cliRequiredProviders+`
provider "genesysauth" {}

provider "genesysauth" {
  alias              = "prod"
  api_url            = "`+prod.URL()+`"
  token_url          = "`+prod.TokenURL()+`"
  oauthclient_id     = "`+emulator.AdminClientID+`"
  oauthclient_secret = "`+emulator.AdminClientSecret+`"
  organization_id    = "`+prod.Organization().ID+`"
}

resource "genesysauth_authorized_client" "dev" {
  client_id = "`+emulator.ClientAcmeCRM+`"
  scopes    = ["users:readonly"]
}

resource "genesysauth_authorized_client" "prod" {
  provider  = genesysauth.prod
  client_id = "`+emulator.ClientAcmeCRM+`"
  scopes    = ["notifications"]
}
`)
	out, code := c.run("apply", "-auto-approve", "-input=false")
	// The tokens first: a leaked token is the failure whatever the exit.
	if u := prod.UnknownTokens(); len(u) > 0 {
		t.Errorf("production was presented %d token(s) it never issued (development's: %v)", len(u), u[0] == devToken)
	}
	if u, n := dev.UnknownTokens(), dev.Calls(emulator.RouteToken); len(u) > 0 || n > 0 {
		t.Errorf("development heard from the production block: %d foreign tokens, %d token requests", len(u), n)
	}
	if code != 0 {
		t.Fatalf("apply exited %d:\n%s", code, out)
	}
	for _, check := range []struct {
		srv   *emulator.Server
		scope string
	}{{dev, "users:readonly"}, {prod, "notifications"}} {
		if a, _ := check.srv.Authorization(emulator.ClientAcmeCRM); a.State != "Authorized" || len(a.Scope) != 1 || a.Scope[0] != check.scope {
			t.Errorf("Acme in %s: %s %v, want Authorized [%s]", check.srv.Organization().Name, a.State, a.Scope, check.scope)
		}
	}
	// Every plan that writes is bound to its organization, guarded or not:
	// one look-up per provider process (the plan's and the apply's), as
	// one listing.
	if n, lists := dev.Calls(emulator.RouteGetOrganization), dev.Calls(emulator.RouteListAuthorizations); n != lists {
		t.Errorf("the development block read its organization %d times in %d provider processes, want one each", n, lists)
	}

	// One plan is one provider process per block: each block reads its
	// organization once (the guarded block for the guard and the binding).
	dev.ResetCalls()
	prod.ResetCalls()
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
	if p, d := prod.Calls(emulator.RouteGetOrganization), dev.Calls(emulator.RouteGetOrganization); p != 1 || d != 1 {
		t.Errorf("one plan read the organization %d times in production and %d in development (want 1 each)", p, d)
	}
}
