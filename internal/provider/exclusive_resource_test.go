package provider_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

const exclusive = "genesysauth_authorized_clients_exclusive.this"

// exclusiveConfig declares clients (id -> scope), one resource each
// (the test harness's state checks cannot read for_each keys), and
// enforces them.
func exclusiveConfig(srv *emulator.Server, clients map[string]string, extra string) string {
	var b strings.Builder
	b.WriteString(providerBlock(srv))
	ids := slices.Sorted(maps.Keys(clients))
	refs := make([]string, len(ids))
	for i, id := range ids {
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_client\" \"c%d\" {\n  client_id = %q\n  scopes    = [%q]\n}\n", i, id, clients[id])
		refs[i] = fmt.Sprintf("genesysauth_authorized_client.c%d.client_id", i)
	}
	fmt.Fprintf(&b, `
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%s]
  %s
}
`, strings.Join(refs, ", "), extra)
	return b.String()
}

func unmanagedEntry(id, name, state string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"client_id": knownvalue.StringExact(id), "client_name": knownvalue.StringExact(name), "state": knownvalue.StringExact(state),
	})
}

func stateIs(srv *emulator.Server, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for id, state := range want {
			if a, _ := srv.Authorization(id); a.State != state {
				return fmt.Errorf("%s is %q, want %s", id, a.State, state)
			}
		}
		return nil
	}
}

func revokes(srv *emulator.Server, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := srv.Calls(emulator.RouteRevoke); got != n {
			return fmt.Errorf("DELETE calls = %d, want %d (%v)", got, n, srv.CallCounts())
		}
		return nil
	}
}

// A client authorized by hand shows in the plan by ID and name, and apply
// revokes it and nothing else; the declared ones and a pending request are
// untouched; destroy revokes nothing.
func TestAccExclusive_revokesWhatIsAuthorizedOutside(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				// Create: Tableau (authorized by hand in the seed) is revoked.
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusive, tfjsonpath.New("id"), knownvalue.StringExact("authorized-clients-exclusive")),
					statecheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged"), knownvalue.SetExact([]knownvalue.Check{
						unmanagedEntry(emulator.ClientTableau, "Tableau Analytics Export", "Revoked"),
						unmanagedEntry(emulator.ClientZapier, "Zapier Workflow Automation", "Requested"),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientAcmeCRM: "Authorized", emulator.ClientTableau: "Revoked", emulator.ClientZapier: "Requested"}),
					revokes(srv, 1),
				),
			},
			{
				// Slack authorized by hand: the plan names it, apply revokes only it.
				PreConfig: func() {
					if err := srv.AuthorizeByHand(emulator.ClientSlack, []string{"presence"}, nil); err != nil {
						t.Fatal(err)
					}
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("genesysauth_authorized_client.c0", plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged"), knownvalue.SetExact([]knownvalue.Check{
						unmanagedEntry(emulator.ClientSlack, "Slack Presence Bridge", "Revoked"),
						unmanagedEntry(emulator.ClientZapier, "Zapier Workflow Automation", "Requested"),
					})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientSlack: "Revoked", emulator.ClientAcmeCRM: "Authorized", emulator.ClientZapier: "Requested"}),
					revokes(srv, 1),
				),
			},
			{
				// Nothing outside any more: an empty plan, and an ID listed
				// that is not authorized causes no diff.
				PreConfig:        srv.ResetCalls,
				Config:           exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            revokes(srv, 0),
			},
			{
				// With decline_pending the pending request is declined.
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged"), knownvalue.SetExact([]knownvalue.Check{
						unmanagedEntry(emulator.ClientZapier, "Zapier Workflow Automation", "Revoked"),
					})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientZapier: "Revoked", emulator.ClientAcmeCRM: "Authorized"}),
					revokes(srv, 1),
				),
			},
			{
				// Removing the exclusive resource revokes nothing.
				PreConfig: func() {
					if err := srv.AuthorizeByHand(emulator.ClientHubSpot, []string{"external-contacts"}, nil); err != nil {
						t.Fatal(err)
					}
					srv.ResetCalls()
				},
				Config: providerBlock(srv) + fmt.Sprintf(`
resource "genesysauth_authorized_client" "c0" {
  client_id = %q
  scopes    = ["users:readonly"]
}
`, emulator.ClientAcmeCRM),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionDestroy),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientHubSpot: "Authorized", emulator.ClientAcmeCRM: "Authorized"}),
					revokes(srv, 0),
				),
			},
		},
	})
}

// The third of five revokes answers 500: the state says which clients are
// still authorized, and the next apply revokes only those.
func TestAccExclusive_halfFailedRevoke(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	outside := []string{emulator.ClientSlack, emulator.ClientServiceNow, emulator.ClientVerint, emulator.ClientHubSpot}
	scopes := map[string]string{emulator.ClientSlack: "presence", emulator.ClientServiceNow: "integrations:readonly",
		emulator.ClientVerint: "recordings:readonly", emulator.ClientHubSpot: "external-contacts"}
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, acme, "")}, // revokes Tableau
			{
				PreConfig: func() {
					for _, id := range outside {
						if err := srv.AuthorizeByHand(id, []string{scopes[id]}, nil); err != nil {
							t.Fatal(err)
						}
					}
					if err := srv.AuthorizeByHand(emulator.ClientTableau, []string{"analytics:readonly"}, nil); err != nil {
						t.Fatal(err)
					}
					srv.ResetCalls()
					srv.InjectFault(emulator.RouteRevoke, emulator.FaultNone, 2)
					srv.InjectFault(emulator.RouteRevoke, emulator.Fault500, 1)
				},
				Config:      exclusiveConfig(srv, acme, ""),
				ExpectError: expectError(`(?s)Error revoking an OAuth client authorized outside client_ids.*500.*Still authorized outside client_ids, as the state records`),
			},
			{
				// Two were revoked; the next apply revokes exactly the three left.
				PreConfig: func() {
					revoked := 0
					for _, id := range append(outside, emulator.ClientTableau) {
						if a, _ := srv.Authorization(id); a.State == genesys.StateRevoked {
							revoked++
						}
					}
					if revoked != 2 {
						t.Errorf("after the failure %d of 5 were revoked, want 2", revoked)
					}
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					revokes(srv, 3),
					stateIs(srv, map[string]string{emulator.ClientSlack: "Revoked", emulator.ClientServiceNow: "Revoked",
						emulator.ClientVerint: "Revoked", emulator.ClientHubSpot: "Revoked", emulator.ClientTableau: "Revoked",
						emulator.ClientAcmeCRM: "Authorized"}),
				),
			},
		},
	})
}

// A configuration that replaces a client and enforces exclusivity in one
// apply revokes only the old client (through its replacement); the new
// one, authorized in the same apply, is kept.
func TestAccExclusive_replaceInTheSameApply(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	srv.RevokeByHand(emulator.ClientTableau)
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, map[string]string{emulator.ClientAcmeCRM: "users:readonly"}, "")},
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, map[string]string{emulator.ClientServiceNow: "integrations:readonly"}, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientAcmeCRM: "Revoked", emulator.ClientServiceNow: "Authorized"}),
					revokes(srv, 1),
					func(*terraform.State) error {
						if n := srv.Calls(emulator.RoutePutAuthorization); n != 1 {
							return fmt.Errorf("PUT calls = %d, want 1", n)
						}
						return nil
					},
				),
			},
			{
				Config:           exclusiveConfig(srv, map[string]string{emulator.ClientServiceNow: "integrations:readonly"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Adopting an organization: importing the exclusive resource by its fixed
// ID plans the revocation of everything the configuration omits.
func TestAccExclusive_importByFixedID(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	cfg := exclusiveConfig(srv, map[string]string{emulator.ClientAcmeCRM: "users:readonly"}, "")
	resource.Test(t, resource.TestCase{
		PreCheck: func() { preCheck(t) }, ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg + "\nimport {\n  to = " + exclusive + "\n  id = \"elsewhere\"\n}\n",
				ExpectError: expectError(`(?s)Invalid import ID.*import it with the ID "authorized-clients-exclusive"`),
			},
			{
				PreConfig: srv.ResetCalls,
				Config:    cfg + "\nimport {\n  to = " + exclusive + "\n  id = \"authorized-clients-exclusive\"\n}\n",
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged"), knownvalue.SetExact([]knownvalue.Check{
						unmanagedEntry(emulator.ClientTableau, "Tableau Analytics Export", "Revoked"),
						unmanagedEntry(emulator.ClientZapier, "Zapier Workflow Automation", "Requested"),
					})),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked", emulator.ClientAcmeCRM: "Authorized", emulator.ClientZapier: "Requested"}),
					revokes(srv, 1),
				),
			},
		},
	})
}

// The plan as a reviewer reads it names each client apply revokes.
func TestAccCLI_exclusivePlanNamesTheClients(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}

resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [genesysauth_authorized_client.acme.client_id]
}
`, emulator.ClientAcmeCRM))
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Apply revokes clients authorized outside client_ids") || !strings.Contains(out, "Tableau Analytics Export ("+emulator.ClientTableau+", Authorized)") {
		t.Errorf("the create's plan did not name Tableau:\n%s", out)
	}
	if err := srv.AuthorizeByHand(emulator.ClientSlack, []string{"presence"}, nil); err != nil {
		t.Fatal(err)
	}
	out = c.must(2, "plan", "-input=false", "-detailed-exitcode")
	for _, want := range []string{`client_id = "` + emulator.ClientSlack + `"`, `client_name = "Slack Presence Bridge"`, `state = "Revoked"`,
		"Plan: 0 to add, 1 to change, 0 to destroy."} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
}
