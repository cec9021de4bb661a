package provider_test

// Each provider block is one organization: where its settings come from
// (its own credentials and endpoints, never mixed with the environment's)
// and the organization_id guard.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

// devAndProd are two organizations, each an emulator.
func devAndProd(t *testing.T) (dev, prod *emulator.Server) {
	t.Helper()
	return startEmulator(t, emulator.Options{OrganizationName: "Dev Corp"}),
		startEmulator(t, emulator.Options{OrganizationName: "Prod Corp"})
}

func issueToken(t *testing.T, srv *emulator.Server) string {
	t.Helper()
	tok, err := srv.IssueToken(emulator.AdminClientID)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// acmeResource authorizes Acme CRM with one scope.
func acmeResource(scope string) string {
	return fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = [%q]
}
`, emulator.ClientAcmeCRM, scope)
}

// A block that sets an endpoint takes none from the environment: neither
// GENESYSCLOUD_REGION nor another organization's GENESYSAUTH_API_URL and
// GENESYSAUTH_TOKEN_URL.
func TestAccProviderBlockEndpointsTakeNothingFromTheEnvironment(t *testing.T) {
	dev, prod := devAndProd(t)
	env := func(vars ...string) func() {
		return func() {
			clearEnv(t)
			for i := 0; i < len(vars); i += 2 {
				t.Setenv(vars[i], vars[i+1])
			}
		}
	}
	t.Run("api_url with an access token: the region of the environment is not read", func(t *testing.T) {
		accTest(t, resource.TestCase{
			PreCheck: env(provider.EnvRegion, "moon-1", provider.EnvAPIURL, dev.URL()),
			Steps: []resource.TestStep{{
				Config: `provider "genesysauth" {
  api_url      = "` + prod.URL() + `"
  access_token = "` + issueToken(t, prod) + `"
}
data "genesysauth_role" "admin" { name = "admin" }`,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.genesysauth_role.admin",
					tfjsonpath.New("id"), knownvalue.StringExact(emulator.RoleAdmin))},
				Check: func(*terraform.State) error {
					if c := dev.CallCounts(); len(c) > 0 || prod.Calls(emulator.RouteListAuthorizations) == 0 {
						return fmt.Errorf("calls: dev %v (want none), prod %v", c, prod.CallCounts())
					}
					return nil
				},
			}},
		})
	})
	t.Run("api_url with client credentials: the token URL of the environment is not read", func(t *testing.T) {
		accTest(t, resource.TestCase{
			PreCheck: env(provider.EnvRegion, "eu-west-1", provider.EnvTokenURL, dev.TokenURL()),
			Steps: []resource.TestStep{{
				Config: `provider "genesysauth" {
  api_url            = "` + prod.URL() + `"
  oauthclient_id     = "` + emulator.AdminClientID + `"
  oauthclient_secret = "` + emulator.AdminClientSecret + `"
}
data "genesysauth_role" "admin" { name = "admin" }`,
				ExpectError: expectError(`(?s)Missing token_url.*api_url is set in the provider block but neither token_url nor ` +
					`region .*reads none from the environment.*Set token_url \(or region\) in the provider block too`),
			}},
		})
		if c := dev.CallCounts(); len(c) > 0 {
			t.Errorf("dev was called: %v", c)
		}
	})
}

// A token and client credentials given together are an error naming both,
// in the block or in the environment; a block's credentials given in part
// are not completed from the environment. Nothing is called.
func TestAccProviderCredentialsAreOneGroup(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	res := acmeResource("users:readonly")
	cases := []struct {
		name, config string
		env          map[string]string
		want         string
	}{
		{"token and client in the block", credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret,
			`access_token = "x"`) + res, nil,
			`Conflicting credentials in the provider block.*both access_token and oauthclient_id / oauthclient_secret.*` +
				`remove access_token, or remove oauthclient_id and oauthclient_secret`},
		{"token and client in the environment", `provider "genesysauth" {}` + res, map[string]string{
			provider.EnvAccessToken: "x", provider.EnvClientID: emulator.AdminClientID, provider.EnvClientSecret: emulator.AdminClientSecret,
			provider.EnvAPIURL: srv.URL(), provider.EnvTokenURL: srv.TokenURL()},
			`Conflicting credentials in the environment.*Both GENESYSCLOUD_ACCESS_TOKEN and GENESYSCLOUD_OAUTHCLIENT_ID / ` +
				`GENESYSCLOUD_OAUTHCLIENT_SECRET are set.*unset GENESYSCLOUD_ACCESS_TOKEN or unset GENESYSCLOUD_OAUTHCLIENT_ID and`},
		{"the block's client ID, the environment's secret", `provider "genesysauth" {
  api_url        = "` + srv.URL() + `"
  token_url      = "` + srv.TokenURL() + `"
  oauthclient_id = "` + emulator.AdminClientID + `"
}` + res, map[string]string{provider.EnvClientSecret: emulator.AdminClientSecret},
			`Missing OAuth client secret.*sets a credential, so it takes its credentials from the block alone and ` +
				`GENESYSCLOUD_OAUTHCLIENT_SECRET is not read`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv.ResetCalls()
			accTest(t, resource.TestCase{
				PreCheck: func() {
					preCheck(t)
					for k, v := range c.env {
						t.Setenv(k, v)
					}
				},
				Steps: []resource.TestStep{{Config: c.config, ExpectError: expectError("(?s)" + c.want)}},
			})
			if calls := srv.CallCounts(); len(calls) > 0 {
				t.Errorf("a refused configuration made calls: %v", calls)
			}
		})
	}
}

// orgCallsPerRun checks that every provider process that configured itself
// (one listing each) read the organization exactly once, or never.
func orgCallsPerRun(srv *emulator.Server, once bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		orgs, lists := srv.Calls(emulator.RouteGetOrganization), srv.Calls(emulator.RouteListAuthorizations)
		if lists == 0 || (once && orgs != lists) || (!once && orgs != 0) {
			return fmt.Errorf("%d organization calls for %d provider processes (want one each: %v): %v", orgs, lists, once,
				srv.CallCounts())
		}
		return nil
	}
}

// organization_id matching the credentials' organization: the apply goes
// through, with one GET /api/v2/organizations/me per provider process (the
// data source shares it); without the guard the same, since every plan is
// bound to its organization (organization_binding.go).
func TestAccOrganizationGuardMatches(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{OrganizationName: "Prod Corp"})
	org := srv.Organization()
	const ds = "data.genesysauth_organization.this"
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetCalls,
			Config:    providerBlock(srv) + acmeResource("users:readonly"),
			Check:     orgCallsPerRun(srv, true),
		}, {
			// IDs compare without case.
			PreConfig: srv.ResetCalls,
			Config: credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret,
				fmt.Sprintf("organization_id = %q", strings.ToUpper(org.ID))) + acmeResource("notifications") +
				`data "genesysauth_organization" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(org.ID)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("Prod Corp")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("short_name"), knownvalue.StringExact(org.ThirdPartyOrgName)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("state"), knownvalue.StringExact("active")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("default_language"), knownvalue.StringExact("en-us")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("default_country_code"), knownvalue.StringExact("US")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("domain"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("api_url"), knownvalue.StringExact(srv.URL())),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"notifications"}, nil),
				orgCallsPerRun(srv, true),
			),
		}},
	})
}

// organization_id naming another organization fails the plan, naming both
// organizations and the remedy; nothing but the sign-in and that one read
// reached the organization, so its record is as it was.
func TestAccOrganizationGuardRefusesAnotherOrganization(t *testing.T) {
	dev, prod := devAndProd(t)
	devOrg, prodOrg := dev.Organization(), prod.Organization()
	wrong := func(where string) string {
		return `(?s)Wrong Genesys Cloud organization: expected ` + prodOrg.ID + `, the credentials belong to ` + devOrg.ID +
			` \(Dev Corp\).*` + where + ` expects organization ` + prodOrg.ID + `, but the credentials \(.*\) belong to ` +
			`organization ` + devOrg.ID + ` \("Dev Corp", short name "` + devOrg.ThirdPartyOrgName + `"; API ` + dev.URL() +
			`\)\. Nothing was read or written.*Give this provider block the credentials of organization ` + prodOrg.ID
	}
	// unchanged checks that a refused plan made no listing and no write, and
	// that dev's record of Acme CRM is what it was before.
	unchanged := func(t *testing.T, before genesys.OAuthAuthorization) {
		t.Helper()
		if n := dev.Calls(emulator.RoutePutAuthorization) + dev.Calls(emulator.RouteRevoke) + dev.Calls(emulator.RouteListAuthorizations); n != 0 {
			t.Errorf("the refused plan made %d listing and write calls: %v", n, dev.CallCounts())
		}
		if a, _ := dev.Authorization(emulator.ClientAcmeCRM); a.State != before.State || !slices.Equal(a.Scope, before.Scope) ||
			a.DateModified != before.DateModified {
			t.Errorf("dev's record changed: %s %v, was %s %v", a.State, a.Scope, before.State, before.Scope)
		}
	}
	var before genesys.OAuthAuthorization
	t.Run("in the block", func(t *testing.T) {
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config: providerBlock(dev) + acmeResource("users:readonly"),
			}, {
				PreConfig: func() {
					dev.ResetCalls()
					before, _ = dev.Authorization(emulator.ClientAcmeCRM)
				},
				Config: credentialsBlock(dev, emulator.AdminClientID, emulator.AdminClientSecret,
					fmt.Sprintf("organization_id = %q", prodOrg.ID)) + acmeResource("notifications"),
				ExpectError: expectError(wrong(`organization_id \(in the provider block\)`) + `.*set organization_id to ` + devOrg.ID),
			}, {
				PreConfig: func() { unchanged(t, before) },
				Config:    providerBlock(dev) + acmeResource("users:readonly"),
			}},
		})
	})
	t.Run("from the environment, with the environment's credentials", func(t *testing.T) {
		dev.ResetCalls()
		before, _ = dev.Authorization(emulator.ClientAcmeCRM)
		accTest(t, resource.TestCase{
			PreCheck: func() {
				preCheck(t)
				emulatorEnv(t, dev)
				t.Setenv(provider.EnvOrganizationID, prodOrg.ID)
			},
			Steps: []resource.TestStep{{
				Config:      acmeResource("notifications"),
				ExpectError: expectError(wrong(`GENESYSAUTH_ORGANIZATION_ID \(from the environment\)`) + `.*set GENESYSAUTH_ORGANIZATION_ID to ` + devOrg.ID),
			}},
		})
		unchanged(t, before)
		if n := dev.Calls(emulator.RouteGetOrganization); n != 1 {
			t.Errorf("the refused plan read the organization %d times, want 1", n)
		}
	})
	t.Run("a block with its own credentials does not read GENESYSAUTH_ORGANIZATION_ID", func(t *testing.T) {
		dev.ResetCalls()
		accTest(t, resource.TestCase{
			PreCheck: func() {
				preCheck(t)
				t.Setenv(provider.EnvOrganizationID, prodOrg.ID)
			},
			Steps: []resource.TestStep{{
				Config: providerBlock(dev) + `data "genesysauth_role" "admin" { name = "admin" }`,
				Check:  orgCallsPerRun(dev, false),
			}},
		})
	})
}

// A block with its own access_token signs in with that token alone: the
// client credentials and GENESYSAUTH_ORGANIZATION_ID of the environment,
// another organization's exported for another block, are not read. Had
// they been, the plan would fail as "conflicting credentials" or the
// guard would refuse prod for dev's ID; the write lands in prod alone, on
// the block's token (no token request; the organization the plan is bound
// to is read with it), and dev is never called.
func TestAccAccessTokenBlockReadsNoCredentialFromTheEnvironment(t *testing.T) {
	dev, prod := devAndProd(t)
	token := issueToken(t, prod)
	dev.ResetCalls()
	prod.ResetCalls()
	accTest(t, resource.TestCase{
		PreCheck: func() {
			preCheck(t)
			emulatorEnv(t, dev)
			t.Setenv(provider.EnvOrganizationID, dev.Organization().ID)
		},
		Steps: []resource.TestStep{{
			Config: `provider "genesysauth" {
  api_url      = "` + prod.URL() + `"
  access_token = "` + token + `"
}` + acmeResource("users:readonly"),
			Check: resource.ComposeAggregateTestCheckFunc(
				storeHas(prod, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
				func(*terraform.State) error {
					if c := dev.CallCounts(); len(c) > 0 {
						return fmt.Errorf("dev (the environment's organization) was called: %v", c)
					}
					// No token request (the block's token); the organization
					// is read with it, to bind the plan (organization_binding.go).
					if n := prod.Calls(emulator.RouteToken); n != 0 {
						return fmt.Errorf("prod got %d token calls, want none (the block's token): %v", n, prod.CallCounts())
					}
					if prod.Calls(emulator.RoutePutAuthorization) != 1 {
						return fmt.Errorf("prod writes: %v, want one authorize", prod.CallCounts())
					}
					return nil
				},
			),
		}},
	})
	if a, ok := dev.Authorization(emulator.ClientAcmeCRM); ok && a.State == "Authorized" {
		t.Errorf("dev's Acme CRM is %s %v: the write went to the environment's organization", a.State, a.Scope)
	}
}

// A block that sets its own endpoints but takes its credentials from the
// environment is guarded by the environment's GENESYSAUTH_ORGANIZATION_ID:
// the guard goes with the credentials. Naming another organization, the
// plan fails before any listing or write; naming this one, the apply goes
// through with one organization look-up per provider process.
func TestAccEnvironmentGuardHoldsForABlockWithItsOwnEndpoints(t *testing.T) {
	dev, prod := devAndProd(t)
	endpoints := `provider "genesysauth" {
  api_url   = "` + dev.URL() + `"
  token_url = "` + dev.TokenURL() + `"
}`
	env := func(orgID string) func() {
		return func() {
			clearEnv(t)
			t.Setenv(provider.EnvClientID, emulator.AdminClientID)
			t.Setenv(provider.EnvClientSecret, emulator.AdminClientSecret)
			t.Setenv(provider.EnvAPIURL, prod.URL()) // another organization's endpoints, not read for this block
			t.Setenv(provider.EnvTokenURL, prod.TokenURL())
			t.Setenv(provider.EnvOrganizationID, orgID)
		}
	}
	t.Run("another organization's ID refuses before any write", func(t *testing.T) {
		dev.ResetCalls()
		accTest(t, resource.TestCase{
			PreCheck: env(prod.Organization().ID),
			Steps: []resource.TestStep{{
				Config: endpoints + acmeResource("users:readonly"),
				ExpectError: expectError(`(?s)Wrong Genesys Cloud organization: expected ` + prod.Organization().ID +
					`.*GENESYSAUTH_ORGANIZATION_ID \(from the environment\) expects organization`),
			}},
		})
		if n := dev.Calls(emulator.RoutePutAuthorization) + dev.Calls(emulator.RouteRevoke) + dev.Calls(emulator.RouteListAuthorizations); n != 0 {
			t.Errorf("the refused plan made %d listing and write calls: %v", n, dev.CallCounts())
		}
		if a, ok := dev.Authorization(emulator.ClientAcmeCRM); ok && a.State == "Authorized" {
			t.Errorf("Acme CRM was authorized in dev: %v", a.Scope)
		}
	})
	t.Run("its own organization's ID lets the apply through", func(t *testing.T) {
		dev.ResetCalls()
		accTest(t, resource.TestCase{
			PreCheck: env(dev.Organization().ID),
			Steps: []resource.TestStep{{
				Config: endpoints + acmeResource("users:readonly"),
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(dev, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
					orgCallsPerRun(dev, true),
				),
			}},
		})
	})
	if c := prod.CallCounts(); len(c) > 0 {
		t.Errorf("prod (the environment's endpoints) was called: %v", c)
	}
}
