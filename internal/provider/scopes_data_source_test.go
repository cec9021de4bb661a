package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func scope(id, description string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id": knownvalue.StringExact(id), "description": knownvalue.StringExact(description),
	})
}

// The scope catalogue with each filter, exact values from the emulator's
// seed.
func TestAccScopesDataSource(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "genesysauth_scopes" "all" {}
data "genesysauth_scopes" "analytics" {
  prefix = "analytics"
}
data "genesysauth_scopes" "routing_readonly" {
  prefix   = "routing"
  readonly = true
}
data "genesysauth_scopes" "presence_write" {
  prefix   = "presence"
  readonly = false
}
data "genesysauth_scopes" "readonly" {
  readonly = true
}
data "genesysauth_scopes" "none" {
  prefix = "nothing-starts-so"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.genesysauth_scopes.analytics", tfjsonpath.New("scopes"), knownvalue.ListExact([]knownvalue.Check{
					scope("analytics", "Manage analytics queries and reporting"), scope("analytics:readonly", "View analytics data"),
				})),
				statecheck.ExpectKnownValue("data.genesysauth_scopes.analytics", tfjsonpath.New("ids"), stringSet("analytics", "analytics:readonly")),
				statecheck.ExpectKnownValue("data.genesysauth_scopes.routing_readonly", tfjsonpath.New("scopes"), knownvalue.ListExact([]knownvalue.Check{
					scope("routing:readonly", "View routing queues and skills"),
				})),
				statecheck.ExpectKnownValue("data.genesysauth_scopes.presence_write", tfjsonpath.New("ids"), stringSet("presence")),
				statecheck.ExpectKnownValue("data.genesysauth_scopes.all", tfjsonpath.New("ids"), knownvalue.SetSizeExact(46)),
				statecheck.ExpectKnownValue("data.genesysauth_scopes.readonly", tfjsonpath.New("ids"), knownvalue.SetSizeExact(21)),
				statecheck.ExpectKnownValue("data.genesysauth_scopes.none", tfjsonpath.New("scopes"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}
