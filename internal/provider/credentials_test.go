package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// failFastConfig has three data sources and one new resource: before the
// fail-fast sign-in, a wrong secret made 7 token requests and printed the
// token error 4 times, and a plan of the resource alone exited 0.
const failFastConfig = cliProviderHeader + `
data "genesysauth_builtin_clients" "all" {}
data "genesysauth_authorized_clients" "all" {}
data "genesysauth_role" "supervisor" { name = "supervisor" }

resource "genesysauth_authorized_client" "acme" {
  client_id = "` + emulator.ClientAcmeCRM + `"
  scopes    = ["users:readonly"]
}
`

const newResourceOnly = cliProviderHeader + `
resource "genesysauth_authorized_client" "acme" {
  client_id = "` + emulator.ClientAcmeCRM + `"
  scopes    = ["users:readonly"]
}
`

// Credentials that cannot work fail the plan (exit 1) with one error that
// says what to fix, after at most one token request, whatever the
// configuration and the state hold.
func TestAccCLI_credentialsFailFast(t *testing.T) {
	cases := []struct {
		name   string
		env    []string
		config string
		want   string
		tokens int
	}{
		{"wrong secret, data sources and a new resource", []string{"GENESYSCLOUD_OAUTHCLIENT_SECRET=not-the-secret"}, failFastConfig,
			`Error: Error signing in to Genesys Cloud .* token_url .* failed \(401\): invalid_client: .* check the OAuth client ID and secret`, 1},
		{"wrong secret, only a new resource and an empty state", []string{"GENESYSCLOUD_OAUTHCLIENT_SECRET=not-the-secret"}, newResourceOnly,
			`Error: Error signing in to Genesys Cloud .* invalid_client`, 1},
		{"token without oauth:client:authorize", []string{"GENESYSCLOUD_OAUTHCLIENT_ID=" + emulator.ViewerClientID,
			"GENESYSCLOUD_OAUTHCLIENT_SECRET=" + emulator.ViewerClientSecret}, newResourceOnly,
			`Error: Error reading the organization's authorizations .* missing the following permission\(s\): \[oauth:client:authorize\].*administrator holding OAuth > Client > Authorize`, 1},
		{"unreachable login host (wrong region or token_url)", []string{"GENESYSAUTH_TOKEN_URL=http://127.0.0.1:1/oauth/token"}, failFastConfig,
			`Error: Error signing in to Genesys Cloud .* token_url http://127.0.0.1:1/oauth/token failed: .* check region \(or token_url\)`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			c := newCLI(t, srv)
			c.env = append(c.env, tc.env...)
			c.write("main.tf", tc.config)
			srv.ResetCalls()
			out := c.must(1, "plan", "-input=false")
			if n := strings.Count(out, "Error:"); n != 1 {
				t.Errorf("want one error, got %d:\n%s", n, out)
			}
			if !expectError(tc.want).MatchString(out) {
				t.Errorf("the error does not say what to fix:\n%s", out)
			}
			if n := srv.Calls(emulator.RouteToken); n != tc.tokens {
				t.Errorf("token requests = %d, want %d", n, tc.tokens)
			}
			if n := srv.Calls(emulator.RoutePutAuthorization); n != 0 {
				t.Errorf("a failed sign-in wrote: %d PUTs", n)
			}
		})
	}
}

// The token endpoint's rate limiting (400 invalid_request, not 429) is
// retried with backoff, and the apply goes through.
func TestAccTokenRateLimitIsRetried(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.ResetCalls()
				srv.InjectFault(emulator.RouteToken, emulator.FaultTokenRateLimit, 2)
			},
			Config: credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, "") + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly"]
}`, emulator.ClientAcmeCRM),
			Check: resource.ComposeAggregateTestCheckFunc(
				storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
				func(*terraform.State) error {
					// The first provider process met the two refusals and
					// asked a third time; later processes once each.
					calls := srv.CallCounts()
					if calls[emulator.RouteToken] < 3 {
						return fmt.Errorf("token calls = %d, want the two rate-limited ones retried", calls[emulator.RouteToken])
					}
					return nil
				},
			),
		}},
	})
}
