package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func TestAccBuiltinClientsDataSource(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser, emulator.RoleEmployee}); err != nil {
		t.Fatal(err)
	}
	const all, android = "data.genesysauth_builtin_clients.all", "data.genesysauth_builtin_clients.android"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { preCheck(t) },
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "genesysauth_builtin_clients" "all" {}
data "genesysauth_builtin_clients" "android" { name = "android collaborate" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The built-in clients the help page names, and no other client of the listing.
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("Android Collaborate")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(1).AtMapKey("name"), knownvalue.StringExact("Architect")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(2).AtMapKey("name"), knownvalue.StringExact("Directory Web Client (Unified App)")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(3).AtMapKey("name"), knownvalue.StringExact("iOS Collaborate")),
				statecheck.ExpectKnownValue(android, tfjsonpath.New("clients"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"client_id":   knownvalue.StringExact(emulator.BuiltinAndroidCollaborate),
						"name":        knownvalue.StringExact("Android Collaborate"),
						"description": knownvalue.StringExact("Genesys Cloud Collaborate on Android phones"),
						"scopes":      stringSet("presence", "users:readonly", "notifications", "conversations", "user-basic-info"),
						"authorized":  knownvalue.Bool(true),
						"roles":       stringSet(emulator.RoleCollaborateUser, emulator.RoleEmployee),
					}),
				})),
				// The Directory web client is enabled by default but has no record: not authorized, no roles.
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"client_id":  knownvalue.StringExact(emulator.BuiltinDirectory),
					"authorized": knownvalue.Bool(false),
					"roles":      knownvalue.SetSizeExact(0),
				})),
			},
		}, {
			Config:      providerBlock(srv) + `data "genesysauth_builtin_clients" "x" { name = "Genesys Cloud for Slack" }`,
			ExpectError: expectError(`(?s)No built-in client is named "Genesys Cloud for Slack".*"Android Collaborate", "Architect", "Directory Web Client \(Unified App\)", "iOS Collaborate"`),
		}},
	})
}

func TestAccRoleDataSource(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	const sup = "data.genesysauth_role.sup"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { preCheck(t) },
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `data "genesysauth_role" "sup" { name = "supervisor" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(sup, tfjsonpath.New("id"), knownvalue.StringExact(emulator.RoleSupervisor)),
				statecheck.ExpectKnownValue(sup, tfjsonpath.New("description"), knownvalue.StringExact("Monitors queues and agents")),
				statecheck.ExpectKnownValue(sup, tfjsonpath.New("default"), knownvalue.Bool(true)),
			},
		}, {
			Config:      providerBlock(srv) + `data "genesysauth_role" "x" { name = "Astronaut" }`,
			ExpectError: expectError(`(?s)Role not found.*No role is named "Astronaut".*"supervisor"`),
		}},
	})
}

func TestAccProviderConfigurationErrors(t *testing.T) {
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
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { preCheck(t) },
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: c.config, ExpectError: expectError("(?s)" + c.want)}},
			})
		})
	}
}

func TestAccProviderFromEnvironment(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			preCheck(t)
			emulatorEnv(t, srv)
		},
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `data "genesysauth_role" "admin" { name = "admin" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.genesysauth_role.admin", tfjsonpath.New("id"), knownvalue.StringExact(emulator.RoleAdmin)),
			},
		}},
	})
}
