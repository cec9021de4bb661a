package provider_test

import (
	"slices"
	"testing"
	"time"

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
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	decline := "decline_pending = true"
	accTest(t, resource.TestCase{
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
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := emulator.ClientAcmeCRM
	accTest(t, resource.TestCase{
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

// The plan changes the scopes of an authorized client; before it is
// applied the client becomes a pending request (revoked, then asked for
// again by its vendor's app) or Unauthorized (reset). Apply refuses the
// PUT, as for a client revoked since the plan: the PUT is an upsert, and
// it would approve the request, or authorize the reset client, which no
// reviewer saw. The organization keeps what the administrator left.
func TestAccSavedPlan_updateOfAClientNowPendingOrUnauthorized(t *testing.T) {
	t.Parallel()
	acme := emulator.ClientAcmeCRM
	for _, c := range []struct {
		state  string
		change func(srv *emulator.Server) error
		scopes []string
	}{
		{"Requested", func(srv *emulator.Server) error {
			srv.RevokeByHand(acme)
			return srv.RequestByHand(acme, []string{"notifications"})
		}, []string{"notifications"}},
		{"Unauthorized", func(srv *emulator.Server) error { return srv.UnauthorizeByHand(acme) }, nil},
	} {
		t.Run(c.state, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{
					{Config: acmeConfig(srv, "users:readonly")},
					{
						PreConfig: srv.ResetCalls,
						Config:    acmeConfig(srv, "users:readonly", "notifications"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
							afterPlan(func() {
								if err := c.change(srv); err != nil {
									t.Error(err)
								}
							}),
						}},
						ExpectError: expectError(`(?s)OAuth client no longer authorized since the plan.*` + acme + ` is ` + c.state +
							` in the organization now.*Nothing was sent`),
					},
					{
						PreConfig: func() {
							if err := callsAre(srv, map[string]int{}, emulator.RoutePutAuthorization, emulator.RouteRevoke)(nil); err != nil {
								t.Error(err)
							}
							a, _ := srv.Authorization(acme)
							if a.State != c.state || !slices.Equal(a.Scope, c.scopes) && len(a.Scope)+len(c.scopes) > 0 {
								t.Errorf("Acme is %s %v after the refused apply, want %s %v as the administrator left it",
									a.State, a.Scope, c.state, c.scopes)
							}
						},
						Config:   acmeConfig(srv, "users:readonly", "notifications"),
						PlanOnly: true, ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
						}},
					},
				},
			})
		})
	}
}

// The exclusive resource's plan revokes Slack, authorized by hand; before
// the plan is applied Slack's authorization is revoked by hand and its app
// asks again: a pending request now. Apply sends no DELETE for it (that
// would decline a request the plan did not show), fails naming the client
// and its state, and the state records the request kept.
func TestAccSavedPlan_revokeOfAClientNowPending(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, acme, "")}, // revokes Tableau
			{
				PreConfig: func() {
					authorizeByHand(t, srv, map[string]string{emulator.ClientSlack: "presence"})
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(emulator.ClientSlack).AtMapKey("action"),
						knownvalue.StringExact("revoke")),
					afterPlan(func() {
						srv.RevokeByHand(emulator.ClientSlack)
						if err := srv.RequestByHand(emulator.ClientSlack, []string{"presence"}); err != nil {
							t.Error(err)
						}
					}),
				}},
				ExpectError: expectError(`(?s)A client changed after the plan: not revoked.*` + nameSlack + ` \(` + emulator.ClientSlack +
					`\) is Requested in the organization now; the plan this apply carries out revokes its authorization.*Nothing was sent for it`),
			},
			{
				PreConfig: func() {
					if err := revokes(srv, 0)(nil); err != nil {
						t.Error(err)
					}
					if err := stateIs(srv, map[string]string{emulator.ClientSlack: "Requested"})(nil); err != nil {
						t.Error(err)
					}
				},
				// The state recorded the request as the apply found it.
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(emulator.ClientSlack),
						unmanaged(nameSlack, false, "Requested", "keep")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 0),
					stateIs(srv, map[string]string{emulator.ClientSlack: "Requested"})),
			},
		},
	})
}

// The plan changes the scopes of an authorized client; before it is
// applied an administrator revokes it, its app asks again and the
// administrator approves: Authorized again, but a new authorization (its
// authorized_at and authorized_by are the approval's) that the plan was
// not made for. Apply sends nothing and names the change (the invariant
// checker's seed 3000 of SEED=3000 through OpenTofu, shrunk to 3 steps: the
// PUT was sent, then Terraform stopped on "inconsistent result after
// apply", authorized_at and authorized_by changed). The organization keeps
// the approval; the next plan shows the update against it.
func TestAccSavedPlan_updateOfAClientAuthorizedAgain(t *testing.T) {
	t.Parallel()
	acme := emulator.ClientAcmeCRM
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: acmeConfig(srv, "users:readonly")},
			{
				PreConfig: srv.ResetCalls,
				Config:    acmeConfig(srv, "users:readonly", "notifications"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					afterPlan(func() {
						time.Sleep(2 * time.Millisecond) // a new authorization, a new time
						srv.RevokeByHand(acme)
						if err := srv.RequestByHand(acme, []string{"users:readonly"}); err != nil {
							t.Error(err)
						}
						if err := srv.Apply(emulator.ChangeRequest{Action: "authorize", ClientID: acme,
							Scopes: []string{"users:readonly"}, As: "Jane Doe"}); err != nil {
							t.Error(err)
						}
					}),
				}},
				ExpectError: expectError(`(?s)OAuth client authorized again since the plan.*` + acme +
					`.*Jane Doe.*Nothing was sent.*terraform plan`),
			},
			{
				PreConfig: func() {
					if err := callsAre(srv, map[string]int{}, emulator.RoutePutAuthorization, emulator.RouteRevoke)(nil); err != nil {
						t.Error(err)
					}
					if a, _ := srv.Authorization(acme); a.State != "Authorized" || !slices.Equal(a.Scope, []string{"users:readonly"}) {
						t.Errorf("Acme is %s %v after the refused apply, want Authorized [users:readonly] as the administrator left it", a.State, a.Scope)
					}
				},
				Config:   acmeConfig(srv, "users:readonly", "notifications"),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}
