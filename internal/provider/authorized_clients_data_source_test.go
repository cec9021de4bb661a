package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func entry(id, name, state string, builtin bool, scopes, roles knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"client_id": knownvalue.StringExact(id), "client_name": knownvalue.StringExact(name),
		"state": knownvalue.StringExact(state), "builtin": knownvalue.Bool(builtin),
		"scopes": scopes, "roles": roles,
		"authorized_at": knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d`)),
		"modified_at":   whenever{}, "modified_by": whoever{},
	})
}

func TestAccAuthorizedClientsDataSource(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AuthorizeByHand(emulator.ClientCalabrio, []string{"quality"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := srv.UnauthorizeByHand(emulator.ClientCalabrio); err != nil {
		t.Fatal(err)
	}
	android := entry(emulator.BuiltinAndroidCollaborate, "Android Collaborate", "Authorized", true, stringSet("presence"), stringSet(emulator.RoleCollaborateUser))
	calabrio := entry(emulator.ClientCalabrio, "Calabrio Quality Bridge", "Unauthorized", false, stringSet(), stringSet())
	tableau := entry(emulator.ClientTableau, "Tableau Analytics Export", "Authorized", false, stringSet("analytics:readonly", "routing:readonly"), stringSet())
	zapier := entry(emulator.ClientZapier, "Zapier Workflow Automation", "Requested", false, stringSet("notifications", "conversations:readonly"), stringSet())
	pagerduty := entry(emulator.ClientPagerDuty, "PagerDuty Alerting Relay", "Revoked", false, stringSet(), stringSet())
	ds := func(name string) string { return "data.genesysauth_authorized_clients." + name }
	clients := tfjsonpath.New("clients")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "genesysauth_authorized_clients" "all" {}
data "genesysauth_authorized_clients" "authorized" { state = "Authorized" }
data "genesysauth_authorized_clients" "requested" { state = "Requested" }
data "genesysauth_authorized_clients" "revoked" { state = "Revoked" }
data "genesysauth_authorized_clients" "unauthorized" { state = "Unauthorized" }
data "genesysauth_authorized_clients" "by_name" { name = "TABLEAU" }
data "genesysauth_authorized_clients" "none" {
  state = "Requested"
  name  = "tableau"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds("all"), clients, knownvalue.ListExact([]knownvalue.Check{android, calabrio, pagerduty, tableau, zapier})),
				statecheck.ExpectKnownValue(ds("authorized"), clients, knownvalue.ListExact([]knownvalue.Check{android, tableau})),
				statecheck.ExpectKnownValue(ds("unauthorized"), clients, knownvalue.ListExact([]knownvalue.Check{calabrio})),
				statecheck.ExpectKnownValue(ds("requested"), clients, knownvalue.ListExact([]knownvalue.Check{zapier})),
				statecheck.ExpectKnownValue(ds("revoked"), clients, knownvalue.ListExact([]knownvalue.Check{pagerduty})),
				statecheck.ExpectKnownValue(ds("by_name"), clients, knownvalue.ListExact([]knownvalue.Check{tableau})),
				statecheck.ExpectKnownValue(ds("none"), clients, knownvalue.ListSizeExact(0)),
			},
		}},
	})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv) + `data "genesysauth_authorized_clients" "x" { state = "Pending" }`,
			PlanOnly:    true,
			ExpectError: expectError(`(?s)state.*value must be one of.*"Unauthorized".*"Requested".*"Authorized".*"Revoked"`),
		}},
	})
}

// A pending request is approved by declaring the resource for it: a create,
// whose one PUT turns the Requested record into Authorized.
func TestAccAuthorizedClient_approvesPendingRequest(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetCalls,
			Config:    clientConfig(srv, emulator.ClientZapier, []string{"notifications"}, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attr("state", knownvalue.StringExact("Authorized")),
				attr("scopes", stringSet("notifications")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				storeHas(srv, emulator.ClientZapier, "Authorized", []string{"notifications"}, nil),
				callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
			),
		}},
	})
}
