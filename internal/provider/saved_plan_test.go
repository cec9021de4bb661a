package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// Saved plans applied after an administrator changed the organization by
// hand: apply never does what the reviewed plan did not show.

// The plan declines Zapier's pending request; before it is applied an
// administrator approves Zapier. Apply sends nothing for it (a DELETE now
// would revoke an authorization in use), records it Authorized with a
// warning, and the next plan names it as a revocation, for review.
func TestAccSavedPlan_declinedRequestApprovedMeanwhile(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	decline := "decline_pending = true"
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, acme, "")}, // revokes Tableau, keeps Zapier pending
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, decline),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(emulator.ClientZapier).AtMapKey("action"), knownvalue.StringExact("decline")),
					afterPlan(func() {
						if err := srv.AuthorizeByHand(emulator.ClientZapier, []string{"notifications"}, nil); err != nil {
							t.Error(err)
						}
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 0),
					storeHas(srv, emulator.ClientZapier, "Authorized", []string{"notifications"}, nil)),
				ConfigStateChecks: []statecheck.StateCheck{unmanagedStateIs(map[string]knownvalue.Check{
					emulator.ClientZapier: unmanaged(nameZapier, false, "Authorized", "decline"),
				})},
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, decline),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{unmanagedIs(map[string]knownvalue.Check{
					emulator.ClientZapier: unmanaged(nameZapier, false, "Revoked", "revoke"),
				})}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 1), stateIs(srv, map[string]string{emulator.ClientZapier: "Revoked"})),
			},
		},
	})
}

// The plan changes the scopes of an authorized client; before it is
// applied an administrator revokes the client. Apply refuses the PUT (an
// upsert, it would authorize the client again) and the next plan, after
// its refresh, shows a create.
func TestAccSavedPlan_updateOfAClientRevokedMeanwhile(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	acme := emulator.ClientAcmeCRM
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: acmeConfig(srv, "users:readonly")},
			{
				PreConfig: srv.ResetCalls,
				Config:    acmeConfig(srv, "users:readonly", "notifications"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					afterPlan(func() { srv.RevokeByHand(acme) }),
				}},
				ExpectError: expectError(`(?s)OAuth client no longer authorized since the plan.*` + acme + ` is Revoked in the organization now.*Nothing was sent`),
			},
			{
				PreConfig: func() {
					if err := callsAre(srv, map[string]int{}, emulator.RoutePutAuthorization, emulator.RouteRevoke)(nil); err != nil {
						t.Error(err)
					}
					if err := stateIs(srv, map[string]string{acme: "Revoked"})(nil); err != nil {
						t.Error(err)
					}
				},
				Config: acmeConfig(srv, "users:readonly", "notifications"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
				}},
				Check: storeHas(srv, acme, "Authorized", []string{"users:readonly", "notifications"}, nil),
			},
		},
	})
}
