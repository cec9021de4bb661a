package provider_test

// The provider's own tests: its configuration, from the block and from the
// environment. The tests' helpers are in helpers_test.go.

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func TestAccProviderConfigurationErrors(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	res := `
resource "genesysauth_authorized_client" "this" {
  client_id = "` + emulator.ClientAcmeCRM + `"
  scopes    = ["users:readonly"]
}`
	cases := []struct{ name, config, want string }{
		{"missing credentials", `provider "genesysauth" { api_url = "` + srv.URL() + `" }` + res,
			`Missing OAuth client ID.*GENESYSCLOUD_OAUTHCLIENT_ID`},
		{"wrong secret", credentialsBlock(srv, emulator.AdminClientID, "not-the-secret", "") + res,
			`Error signing in to Genesys Cloud.*token_url.*invalid_client.*check the OAuth client ID and secret`},
		{"http to a remote host", `provider "genesysauth" {
  api_url = "http://api.example.com"
  token_url = "https://login.example.com/oauth/token"
  access_token = "x"
}` + res, `Invalid api_url.*not loopback; use https://`},
		{"unknown region", `provider "genesysauth" {
  region = "moon-1"
  access_token = "x"
}` + res, `Unknown region.*unknown region "moon-1": use one of`},
		{"bad timeout", credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, `request_timeout = "soon"`) + res,
			`Invalid request_timeout.*"soon" is not a positive duration`},
		{"negative retries", credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, `max_retries = -1`) + res,
			`max_retries must be 0 or more`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{{Config: c.config, ExpectError: expectError("(?s)" + c.want)}},
			})
		})
	}
}

func TestAccProviderFromEnvironment(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		PreCheck: func() {
			preCheck(t)
			emulatorEnv(t, srv)
		},
		Steps: []resource.TestStep{{
			Config: `data "genesysauth_role" "admin" { name = "admin" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.genesysauth_role.admin", tfjsonpath.New("id"), knownvalue.StringExact(emulator.RoleAdmin)),
			},
		}},
	})
}
