package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Where each setting of a provider block is read from, as a table: the
// credentials are one group and the endpoints another, each from the
// block when it sets any of its group, else from the environment; the
// organization guard goes with the credentials, whatever the block says of
// its endpoints. The environment holds another organization's everything.
func TestSettingsSources(t *testing.T) {
	const envOrg = "0ther0rg-0000-0000-0000-000000000000"
	env := map[string]string{
		EnvClientID: "env-client", EnvClientSecret: "env-secret", EnvAccessToken: "",
		EnvRegion: "eu-west-1", EnvAPIURL: "https://api.env.example.com", EnvTokenURL: "https://login.env.example.com/oauth/token",
		EnvOrganizationID: envOrg,
	}
	s := types.StringValue
	cases := []struct {
		name                   string
		m                      providerModel
		clientID, token, guard string
		region, api, tokenURL  string
		warnGuard              bool // warns that GENESYSAUTH_ORGANIZATION_ID is not used
	}{
		{name: "nothing in the block: all from the environment", m: providerModel{},
			clientID: "env-client", guard: envOrg, region: "eu-west-1", api: "https://api.env.example.com",
			tokenURL: "https://login.env.example.com/oauth/token"},
		{name: "its own access_token: no client, no guard from the environment",
			m:     providerModel{AccessToken: s("block-token")},
			token: "block-token", region: "eu-west-1", api: "https://api.env.example.com",
			tokenURL: "https://login.env.example.com/oauth/token", warnGuard: true},
		{name: "its own access_token and endpoints",
			m:     providerModel{AccessToken: s("block-token"), APIURL: s("https://api.block.example.com")},
			token: "block-token", api: "https://api.block.example.com", warnGuard: true},
		{name: "its own client: no guard from the environment",
			m:        providerModel{OAuthClientID: s("block-client"), OAuthClientSecret: s("block-secret")},
			clientID: "block-client", region: "eu-west-1", api: "https://api.env.example.com",
			tokenURL: "https://login.env.example.com/oauth/token", warnGuard: true},
		{name: "its own api_url and token_url, the environment's credentials: guarded by the environment's ID",
			m:        providerModel{APIURL: s("https://api.block.example.com"), TokenURL: s("https://login.block.example.com/t")},
			clientID: "env-client", guard: envOrg, api: "https://api.block.example.com", tokenURL: "https://login.block.example.com/t"},
		{name: "its own region, the environment's credentials: guarded by the environment's ID",
			m:        providerModel{Region: s("ap-southeast-2")},
			clientID: "env-client", guard: envOrg, region: "ap-southeast-2"},
		{name: "its own organization_id wins over the environment's",
			m:        providerModel{OrganizationID: s(" block-org ")},
			clientID: "env-client", guard: "block-org", region: "eu-west-1", api: "https://api.env.example.com",
			tokenURL: "https://login.env.example.com/oauth/token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range env {
				t.Setenv(k, v)
			}
			var d diag.Diagnostics
			got := clientConfig(c.m, "test", "1.11.4", &d)
			if d.HasError() {
				t.Fatalf("errors: %v", d.Errors())
			}
			cfg := got.cfg
			if cfg.ClientID != c.clientID || cfg.AccessToken != c.token || got.organizationID != c.guard {
				t.Errorf("client %q token %q guard %q, want %q %q %q", cfg.ClientID, cfg.AccessToken, got.organizationID,
					c.clientID, c.token, c.guard)
			}
			if c.clientID == "" && cfg.ClientSecret != "" {
				t.Errorf("the environment's client secret was read: %q", cfg.ClientSecret)
			}
			if cfg.Region != c.region || cfg.APIURL != c.api || cfg.TokenURL != c.tokenURL {
				t.Errorf("endpoints %q %q %q, want %q %q %q", cfg.Region, cfg.APIURL, cfg.TokenURL, c.region, c.api, c.tokenURL)
			}
			warned := false
			for _, w := range d.Warnings() {
				if strings.Contains(w.Summary(), EnvOrganizationID+" is not used") {
					warned = true
				}
			}
			if warned != c.warnGuard {
				t.Errorf("warned that the guard is not used: %v, want %v (%v)", warned, c.warnGuard, d.Warnings())
			}
		})
	}
}

// Where a setting was read, as the errors name it: the credentials in use,
// the request timeout and the organization guard, from the block and from
// the environment.
func TestSettingsNamed(t *testing.T) {
	s := types.StringValue
	cases := []struct {
		name                   string
		m                      providerModel
		env                    map[string]string
		credentials, timeout   string
		guardPlaced, guardName string
	}{
		{"client from the environment", providerModel{},
			map[string]string{EnvClientID: "c", EnvClientSecret: "s", EnvOrganizationID: "o", EnvRequestTimeout: "1m"},
			EnvClientID + " / " + EnvClientSecret + " from the environment", EnvRequestTimeout + " in the environment",
			EnvOrganizationID + " (from the environment)", EnvOrganizationID},
		{"token from the environment", providerModel{}, map[string]string{EnvAccessToken: "t"},
			EnvAccessToken + " from the environment", "the default of request_timeout",
			EnvOrganizationID + " (from the environment)", EnvOrganizationID},
		{"client in the block", providerModel{OAuthClientID: s("c"), OAuthClientSecret: s("s"),
			OrganizationID: s("o"), RequestTimeout: s("1m")}, nil,
			"oauthclient_id / oauthclient_secret of the provider block", "request_timeout in the provider block",
			"organization_id (in the provider block)", "organization_id"},
		{"token in the block", providerModel{AccessToken: s("t"), OrganizationID: s("o")}, nil,
			"access_token of the provider block", "the default of request_timeout",
			"organization_id (in the provider block)", "organization_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			var d diag.Diagnostics
			got := clientConfig(c.m, "test", "1.11.4", &d)
			if d.HasError() {
				t.Fatalf("errors: %v", d.Errors())
			}
			if got.credentialsNamed() != c.credentials || got.timeoutNamed() != c.timeout ||
				got.guard.placed() != c.guardPlaced || got.guard.name() != c.guardName {
				t.Errorf("named %q, %q, %q, %q; want %q, %q, %q, %q", got.credentialsNamed(), got.timeoutNamed(),
					got.guard.placed(), got.guard.name(), c.credentials, c.timeout, c.guardPlaced, c.guardName)
			}
		})
	}
}
