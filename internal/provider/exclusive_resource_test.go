package provider_test

import (
	"fmt"
	"maps"
	"regexp"
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

// unmanaged checks one entry of the unmanaged map.
func unmanaged(name string, builtin bool, state, action string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"client_name": knownvalue.StringExact(name), "builtin": knownvalue.Bool(builtin),
		"state": knownvalue.StringExact(state), "action": knownvalue.StringExact(action),
		"modified_by": whoever{}, "modified_at": whenever{},
	})
}

// whoever passes a name or null: modified_by, which the tests of who
// changed what (TestAccCLI_driftNamesWhoAndWhen) check exactly.
type whoever struct{}

func (whoever) CheckValue(v any) error {
	if s, ok := v.(string); v != nil && (!ok || s == "") {
		return fmt.Errorf("modified_by: want a name or null, got %#v", v)
	}
	return nil
}

func (whoever) String() string { return "a name or null" }

// whenever passes a time (ISO-8601) or null: modified_at.
type whenever struct{}

var isoTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`)

func (whenever) CheckValue(v any) error {
	if s, ok := v.(string); v != nil && (!ok || !isoTime.MatchString(s)) {
		return fmt.Errorf("modified_at: want an ISO-8601 time or null, got %#v", v)
	}
	return nil
}

func (whenever) String() string { return "an ISO-8601 time or null" }

func unmanagedIs(entries map[string]knownvalue.Check) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged"), knownvalue.MapExact(entries))
}

func unmanagedStateIs(entries map[string]knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged"), knownvalue.MapExact(entries))
}

// revoking checks an entry a create revokes: its outcome (state) is known
// only after apply, so that the plan shows it as a change even against a
// replaced object whose state already records it revoked.
func revoking(name string, builtin bool) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"client_name": knownvalue.StringExact(name), "builtin": knownvalue.Bool(builtin),
		"action": knownvalue.StringExact("revoke"), "modified_by": whoever{}, "modified_at": whenever{},
	})
}

// The entries most tests meet: the seed's pending Zapier request, kept, and
// Tableau (authorized by hand in the seed) and Slack, revoked.
var (
	zapierKept     = unmanaged(nameZapier, false, "Requested", "keep")
	tableauRevoked = unmanaged(nameTableau, false, "Revoked", "revoke")
	slackRevoked   = unmanaged(nameSlack, false, "Revoked", "revoke")
	// tableauRevoking is Tableau as a create's plan shows it.
	tableauRevoking = revoking(nameTableau, false)
)

// Seed names as the plan shows them.
const (
	nameTableau = "Tableau Analytics Export"
	nameZapier  = "Zapier Workflow Automation"
	nameSlack   = "Slack Presence Bridge"
	nameHubSpot = "HubSpot Contact Sync"
)

// A client authorized by hand shows in the plan by ID and name, and apply
// revokes it and nothing else; the declared ones and a pending request are
// untouched; destroy revokes nothing.
func TestAccExclusive_revokesWhatIsAuthorizedOutside(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// Create: the plan names Tableau (authorized by hand in the
				// seed) as revoked, and apply revokes it.
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionCreate),
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoking,
						emulator.ClientZapier:  zapierKept,
					}),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusive, tfjsonpath.New("id"), knownvalue.StringExact("authorized-clients-exclusive")),
					unmanagedStateIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoked,
						emulator.ClientZapier:  zapierKept,
					}),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientAcmeCRM: "Authorized", emulator.ClientTableau: "Revoked", emulator.ClientZapier: "Requested"}),
					revokes(srv, 1),
				),
			},
			{
				// Slack authorized by hand: the plan names it, apply revokes only it.
				PreConfig: func() {
					authorizeByHand(t, srv, map[string]string{emulator.ClientSlack: "presence"})
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("genesysauth_authorized_client.c0", plancheck.ResourceActionNoop),
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientSlack:  slackRevoked,
						emulator.ClientZapier: zapierKept,
					}),
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
				// With decline_pending the pending request is declined; its
				// state is what the organization answers (known after apply).
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(emulator.ClientZapier).AtMapKey("action"),
						knownvalue.StringExact("decline")),
					plancheck.ExpectUnknownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(emulator.ClientZapier).AtMapKey("state")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{unmanagedStateIs(map[string]knownvalue.Check{
					emulator.ClientZapier: unmanaged(nameZapier, false, "Revoked", "decline"),
				})},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientZapier: "Revoked", emulator.ClientAcmeCRM: "Authorized"}),
					revokes(srv, 1),
				),
			},
			{
				PreConfig:        srv.ResetCalls,
				Config:           exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            revokes(srv, 0),
			},
			{
				// Removing the exclusive resource revokes nothing.
				PreConfig: func() {
					authorizeByHand(t, srv, map[string]string{emulator.ClientHubSpot: "external-contacts"})
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

// A pull request that removes an ID from client_ids: that plan names the
// client with action revoke, and that apply revokes it. The nightly plan
// after it is empty.
func TestAccExclusive_removedIDIsRevokedByThatPlan(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	srv.RevokeByHand(emulator.ClientTableau)
	both := map[string]string{emulator.ClientAcmeCRM: "users:readonly", emulator.ClientSlack: "presence"}
	cfg := func(ids string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%s]
}
`, ids)
	}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: func() { authorizeByHand(t, srv, both) },
				Config:    cfg(fmt.Sprintf("%q, %q", emulator.ClientAcmeCRM, emulator.ClientSlack)),
				ConfigStateChecks: []statecheck.StateCheck{unmanagedStateIs(map[string]knownvalue.Check{
					emulator.ClientZapier: zapierKept,
				})},
				Check: revokes(srv, 0),
			},
			{
				PreConfig: srv.ResetCalls,
				Config:    cfg(fmt.Sprintf("%q", emulator.ClientAcmeCRM)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientSlack:  slackRevoked,
						emulator.ClientZapier: zapierKept,
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					revokes(srv, 1),
					stateIs(srv, map[string]string{emulator.ClientSlack: "Revoked", emulator.ClientAcmeCRM: "Authorized"}),
				),
			},
			{
				Config:           cfg(fmt.Sprintf("%q", emulator.ClientAcmeCRM)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A saved plan applied after a change by hand revokes exactly what it
// named: a client authorized between the plan and the apply is left for
// the next plan, which names it.
func TestAccExclusive_savedPlanRevokesOnlyWhatItNamed(t *testing.T) {
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
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientSlack:  slackRevoked,
						emulator.ClientZapier: zapierKept,
					}),
					// Reviewed; before the saved plan is applied, an admin
					// authorizes HubSpot by hand.
					afterPlan(func() {
						authorizeByHand(t, srv, map[string]string{emulator.ClientHubSpot: "external-contacts"})
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					revokes(srv, 1),
					stateIs(srv, map[string]string{emulator.ClientSlack: "Revoked", emulator.ClientHubSpot: "Authorized"}),
				),
				// HubSpot is for the next plan.
				ExpectNonEmptyPlan: true,
			},
			{
				// The next plan names HubSpot.
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientHubSpot: unmanaged(nameHubSpot, false, "Revoked", "revoke"),
						emulator.ClientZapier:  zapierKept,
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 1),
					stateIs(srv, map[string]string{emulator.ClientHubSpot: "Revoked"})),
			},
		},
	})
}

// The saved plan of a create names Tableau; a client authorized by hand
// before it is applied changes what a create would revoke, so the apply
// stops before revoking anything, and a new plan names both.
func TestAccExclusive_savedCreatePlanStopsWhenTheOrganizationChanged(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoking,
						emulator.ClientZapier:  zapierKept,
					}),
					afterPlan(func() {
						authorizeByHand(t, srv, map[string]string{emulator.ClientSlack: "presence"})
					}),
				}},
				ExpectError: expectError(`(?s)Provider produced inconsistent final plan.*unmanaged`),
			},
			{
				PreConfig: func() {
					if n := srv.Calls(emulator.RouteRevoke); n != 0 {
						t.Errorf("the stopped apply made %d DELETE calls", n)
					}
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoking,
						emulator.ClientSlack:   revoking(nameSlack, false),
						emulator.ClientZapier:  zapierKept,
					}),
				}},
				Check: revokes(srv, 2),
			},
		},
	})
}

// unknownRefused is how the apply of a plan made with attr unknown ends
// when, the value known, the resource would revoke or decline a client:
// the plan revoked nothing (it warned, naming attr: an error would block
// terraform destroy), so Terraform refuses the plan the provider makes
// again at apply time, before any write, on unmanaged.
func unknownRefused(string) string {
	return `(?s)Error: Provider produced inconsistent final plan.*genesysauth_authorized_clients_exclusive\.this.*\.unmanaged`
}

// untouched checks that the emulator's store still has clients as they were
// and that no DELETE reached it.
func untouched(t *testing.T, srv *emulator.Server, want map[string]string) {
	t.Helper()
	if err := stateIs(srv, want)(nil); err != nil {
		t.Error(err)
	}
	if n := srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("%d DELETE calls reached the organization: %v", n, srv.CallCounts())
	}
}

// An element of client_ids known only after apply (Slack's ID, passed
// through terraform_data) while Tableau and HubSpot are authorized by hand:
// which of them apply would revoke is decided only at apply time, so the
// plan of the create revokes nothing (it warns, naming client_ids and the
// remedy), its apply is stopped by Terraform, and nothing is revoked. Applying terraform_data first (the remedy) makes the
// next plan name Tableau and HubSpot, and its apply revokes exactly those.
func TestAccExclusive_unknownClientIDOnCreate(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	authorizeByHand(t, srv, map[string]string{emulator.ClientSlack: "presence", emulator.ClientHubSpot: "external-contacts"})
	later := providerBlock(srv) + fmt.Sprintf(`
resource "terraform_data" "later" {
  input = %q
}
`, emulator.ClientSlack)
	cfg := later + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%q, terraform_data.later.output]
}
`, emulator.ClientAcmeCRM)
	before := map[string]string{emulator.ClientTableau: "Authorized", emulator.ClientHubSpot: "Authorized",
		emulator.ClientSlack: "Authorized", emulator.ClientZapier: "Requested"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig:   srv.ResetCalls,
				Config:      cfg,
				ExpectError: expectError(unknownRefused("client_ids")),
			},
			{
				PreConfig: func() {
					untouched(t, srv, before)
					srv.ResetCalls()
				},
				Config: later,
				Check:  revokes(srv, 0),
			},
			{
				PreConfig: srv.ResetCalls,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionCreate),
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoking,
						emulator.ClientHubSpot: revoking(nameHubSpot, false),
						emulator.ClientZapier:  zapierKept,
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 2),
					stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked", emulator.ClientHubSpot: "Revoked",
						emulator.ClientSlack: "Authorized", emulator.ClientZapier: "Requested"})),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// On an update: the resource enforces client_ids = [Acme]; then HubSpot and
// Slack are authorized by hand, and a change adds Slack's ID through
// terraform_data (unknown), or makes decline_pending or revoke_builtin
// unknown while a pending request or a built-in client is outside. Each
// plan revokes nothing and warns on that attribute; its apply is stopped,
// and nothing is revoked or declined.
func TestAccExclusive_unknownValueOnUpdate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ attr, input, value string }{
		{"client_ids", fmt.Sprintf("%q", emulator.ClientSlack), fmt.Sprintf("client_ids = [%q, terraform_data.later.output]", emulator.ClientAcmeCRM)},
		{"decline_pending", "true", fmt.Sprintf("client_ids = [%q]\n  decline_pending = terraform_data.later.output", emulator.ClientAcmeCRM)},
		{"revoke_builtin", "true", fmt.Sprintf("client_ids = [%q]\n  revoke_builtin = terraform_data.later.output", emulator.ClientAcmeCRM)},
	} {
		t.Run(tc.attr, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			if err := srv.AuthorizeByHand(emulator.BuiltinArchitect, []string{"architect"}, []string{emulator.RoleFlowDesigner}); err != nil {
				t.Fatal(err)
			}
			exclusiveWith := func(body string) string {
				return fmt.Sprintf("\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  %s\n}\n", body)
			}
			first := providerBlock(srv) + exclusiveWith(fmt.Sprintf("client_ids = [%q]", emulator.ClientAcmeCRM))
			changed := providerBlock(srv) + fmt.Sprintf("\nresource \"terraform_data\" \"later\" {\n  input = %s\n}\n", tc.input) +
				exclusiveWith(tc.value)
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{
					{Config: first, Check: stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked"})},
					{
						PreConfig: func() {
							authorizeByHand(t, srv, map[string]string{emulator.ClientSlack: "presence", emulator.ClientHubSpot: "external-contacts"})
							srv.ResetCalls()
						},
						Config:      changed,
						ExpectError: expectError(unknownRefused(tc.attr)),
					},
				},
			})
			untouched(t, srv, map[string]string{emulator.ClientHubSpot: "Authorized", emulator.ClientSlack: "Authorized",
				emulator.ClientZapier: "Requested", emulator.BuiltinArchitect: "Authorized"})
		})
	}
}

// A built-in client with a record (an admin gave Architect roles) is kept
// and marked built-in; revoke_builtin = true revokes it.
func TestAccExclusive_builtinKeptUnlessOptedIn(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	srv.RevokeByHand(emulator.ClientTableau)
	if err := srv.AuthorizeByHand(emulator.BuiltinArchitect, []string{"architect"}, []string{emulator.RoleFlowDesigner}); err != nil {
		t.Fatal(err)
	}
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					unmanagedIs(map[string]knownvalue.Check{
						emulator.BuiltinArchitect: unmanaged("Architect", true, "Authorized", "keep"),
						emulator.ClientZapier:     zapierKept,
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 0),
					stateIs(srv, map[string]string{emulator.BuiltinArchitect: "Authorized"})),
			},
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, "revoke_builtin = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					unmanagedIs(map[string]knownvalue.Check{
						emulator.BuiltinArchitect: unmanaged("Architect", true, "Revoked", "revoke"),
						emulator.ClientZapier:     zapierKept,
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 1),
					stateIs(srv, map[string]string{emulator.BuiltinArchitect: "Revoked"})),
			},
		},
	})
}

// An organization that does not decline a pending request on DELETE: the
// state records the request as still pending, with a warning, and the plans
// after it settle instead of asking again.
func TestAccExclusive_declineNotHonoured(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{KeepRequestsOnRevoke: true})
	srv.RevokeByHand(emulator.ClientTableau)
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, acme, "")},
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(emulator.ClientZapier).AtMapKey("action"),
						knownvalue.StringExact("decline")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{unmanagedStateIs(map[string]knownvalue.Check{
					emulator.ClientZapier: unmanaged(nameZapier, false, "Requested", "decline"),
				})},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 1),
					stateIs(srv, map[string]string{emulator.ClientZapier: "Requested"})),
			},
			{
				// Settled: the request is kept, not asked for again.
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientZapier: zapierKept,
					}),
				}},
				ConfigStateChecks: []statecheck.StateCheck{unmanagedStateIs(map[string]knownvalue.Check{
					emulator.ClientZapier: zapierKept,
				})},
				Check: revokes(srv, 0),
			},
			{
				Config:           exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Five clients outside; one of them deleted between the plan and the apply.
// Revoking them (and Tableau, on a create) is over the default budget.
const fiveBudget = "max_revocations = 6"

var fiveOutside = map[string]string{emulator.ClientSlack: "presence", emulator.ClientServiceNow: "integrations:readonly",
	emulator.ClientVerint: "recordings:readonly", emulator.ClientHubSpot: "external-contacts", emulator.ClientTableau: "analytics:readonly"}

// The third of five clients is deleted after the plan: the apply's listing
// shows it gone, so no DELETE is sent for it (it counts as done), and the
// other four are revoked.
func TestAccExclusive_notFoundInTheMiddle(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	ids := slices.Sorted(maps.Keys(fiveOutside))
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{Config: exclusiveConfig(srv, acme, fiveBudget)}, {
			PreConfig: func() {
				authorizeByHand(t, srv, fiveOutside)
				srv.ResetCalls()
			},
			Config: exclusiveConfig(srv, acme, fiveBudget),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				afterPlan(func() { srv.DeleteClientByHand(ids[2]) }),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(ids[4]).AtMapKey("state"), knownvalue.StringExact("Revoked")),
				statecheck.ExpectKnownValue(exclusive, tfjsonpath.New("unmanaged").AtMapKey(ids[2]).AtMapKey("state"), knownvalue.StringExact("Revoked")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 4), func(*terraform.State) error {
				for i, id := range ids {
					a, ok := srv.Authorization(id)
					if i == 2 && ok {
						return fmt.Errorf("the deleted client still has a record: %+v", a)
					}
					if i != 2 && a.State != genesys.StateRevoked {
						return fmt.Errorf("%s is %s", id, a.State)
					}
				}
				return nil
			}),
		}},
	})
}

// The third of five revokes answers 500, on an update and on a create: the
// record is read back once (a 500 leaves the outcome unknown) and is still
// Authorized, so the apply fails; the state says which clients are not
// revoked, and the error what the next plan is. On an update that plan
// updates in place; on a create Terraform has tainted the resource, so it
// is a replacement (destroy first, which revokes nothing). Either way it
// names exactly the three left with action revoke, applying it revokes
// only those, and the plan after it is empty.
func TestAccExclusive_halfFailedRevoke(t *testing.T) {
	t.Parallel()
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	for _, create := range []bool{false, true} {
		t.Run(map[bool]string{false: "update", true: "create"}[create], func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			ids := slices.Sorted(maps.Keys(fiveOutside))
			fail := func() {
				authorizeByHand(t, srv, fiveOutside)
				srv.ResetCalls()
				srv.InjectFault(emulator.RouteRevoke, emulator.FaultNone, 2)
				srv.InjectFault(emulator.RouteRevoke, emulator.Fault500, 1)
			}
			var steps []resource.TestStep
			if !create {
				steps = append(steps, resource.TestStep{Config: exclusiveConfig(srv, acme, fiveBudget)}) // revokes Tableau
			}
			remaining := map[string]knownvalue.Check{emulator.ClientZapier: zapierKept}
			for _, id := range ids[2:] {
				want := map[string]knownvalue.Check{"state": knownvalue.StringExact("Revoked"), "action": knownvalue.StringExact("revoke")}
				if create {
					delete(want, "state") // a create's outcome is known after apply
				}
				remaining[id] = knownvalue.ObjectPartial(want)
			}
			next, action := `The next plan updates this resource in place and names exactly these`, plancheck.ResourceActionUpdate
			if create {
				next = `Terraform marks this resource as tainted.*the next plan replaces it \(must be replaced\): its destroy ` +
					`revokes nothing, and its create names exactly these`
				action = plancheck.ResourceActionDestroyBeforeCreate
			}
			steps = append(steps,
				resource.TestStep{
					PreConfig: fail,
					Config:    exclusiveConfig(srv, acme, fiveBudget),
					ExpectError: expectError(`(?s)Error revoking an OAuth client authorized outside client_ids.*500.*read back, the ` +
						`client is still Authorized.*Not revoked, as the state records: ` + strings.Join(ids[2:], ", ") + `\. ` + next),
				},
				resource.TestStep{
					// Two were revoked; the next plan names exactly the three left.
					PreConfig: func() {
						for i, id := range ids {
							want := map[bool]string{true: "Revoked", false: "Authorized"}[i < 2]
							if a, _ := srv.Authorization(id); a.State != want {
								t.Errorf("after the failure %s is %s, want %s", id, a.State, want)
							}
						}
						if err := callsAre(srv, map[string]int{emulator.RouteRevoke: 3, emulator.RouteGetAuthorization: 1}, emulator.RouteRevoke, emulator.RouteGetAuthorization)(nil); err != nil {
							t.Errorf("the failed apply: %v", err)
						}
						srv.ResetCalls()
					},
					Config: exclusiveConfig(srv, acme, fiveBudget),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(exclusive, action),
						unmanagedIs(remaining),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						revokes(srv, 3),
						stateIs(srv, map[string]string{ids[0]: "Revoked", ids[1]: "Revoked", ids[2]: "Revoked", ids[3]: "Revoked",
							ids[4]: "Revoked", emulator.ClientAcmeCRM: "Authorized"}),
					),
				},
				resource.TestStep{
					Config:           exclusiveConfig(srv, acme, fiveBudget),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			)
			accTest(t, resource.TestCase{Steps: steps})
		})
	}
}

// A DELETE whose answer is lost, every retry too (max_retries = 1, so two
// attempts): the record is read back once. Dropped after the organization
// handled it, Tableau is Revoked: the apply succeeds, the state records
// Revoked, and the next plan is empty. Dropped before it was handled,
// Tableau is still Authorized: the apply fails saying so, and the next plan
// names Tableau again; applying it revokes it.
func TestAccExclusive_lostRevokeAnswer(t *testing.T) {
	t.Parallel()
	cfg := func(srv *emulator.Server, ids ...string) string {
		quoted := make([]string, len(ids))
		for i, id := range ids {
			quoted[i] = fmt.Sprintf("%q", id)
		}
		return credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, "max_retries = 1") + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%s]
}
`, strings.Join(quoted, ", "))
	}
	lose := func(srv *emulator.Server, kind emulator.FaultKind) func() {
		return func() {
			srv.ResetCalls()
			srv.InjectFault(emulator.RouteRevoke, kind, 2)
		}
	}
	revokesTableau := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
		unmanagedIs(map[string]knownvalue.Check{emulator.ClientTableau: tableauRevoked, emulator.ClientZapier: zapierKept}),
	}}
	t.Run("handled, answer lost", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{
				{Config: cfg(srv, emulator.ClientAcmeCRM, emulator.ClientTableau), Check: revokes(srv, 0)},
				{
					PreConfig:        lose(srv, emulator.FaultDropAfterWrite),
					Config:           cfg(srv, emulator.ClientAcmeCRM),
					ConfigPlanChecks: revokesTableau,
					ConfigStateChecks: []statecheck.StateCheck{unmanagedStateIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoked, emulator.ClientZapier: zapierKept,
					})},
					Check: resource.ComposeAggregateTestCheckFunc(
						stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked", emulator.ClientZapier: "Requested"}),
						callsAre(srv, map[string]int{emulator.RouteRevoke: 2, emulator.RouteGetAuthorization: 1}, emulator.RouteRevoke, emulator.RouteGetAuthorization),
					),
				},
				{
					PreConfig:        srv.ResetCalls,
					Config:           cfg(srv, emulator.ClientAcmeCRM),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            revokes(srv, 0),
				},
			},
		})
	})
	t.Run("never handled", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{
				{Config: cfg(srv, emulator.ClientAcmeCRM, emulator.ClientTableau)},
				{
					PreConfig:        lose(srv, emulator.FaultDrop),
					Config:           cfg(srv, emulator.ClientAcmeCRM),
					ConfigPlanChecks: revokesTableau,
					ExpectError: expectError(`(?s)Error revoking an OAuth client authorized outside client_ids.*` +
						emulator.ClientTableau + `.*read back, the client is still Authorized.*Not revoked, as the state records: ` +
						emulator.ClientTableau + `\. The next plan updates this resource in place`),
				},
				{
					PreConfig: func() {
						if err := stateIs(srv, map[string]string{emulator.ClientTableau: "Authorized"})(nil); err != nil {
							t.Error(err)
						}
						if err := callsAre(srv, map[string]int{emulator.RouteRevoke: 2, emulator.RouteGetAuthorization: 1}, emulator.RouteRevoke, emulator.RouteGetAuthorization)(nil); err != nil {
							t.Error(err)
						}
						srv.ResetCalls()
					},
					Config:           cfg(srv, emulator.ClientAcmeCRM),
					ConfigPlanChecks: revokesTableau,
					Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 1),
						stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked"})),
				},
				{
					Config:           cfg(srv, emulator.ClientAcmeCRM),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// A configuration that replaces a client and enforces exclusivity in one
// apply revokes only the old client; the new one, authorized in the same
// apply, is kept. The old client leaves client_ids, so the exclusive
// resource's plan names it too; when its turn comes the replacement has
// revoked it, so it sends nothing more.
func TestAccExclusive_replaceInTheSameApply(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	srv.RevokeByHand(emulator.ClientTableau)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, map[string]string{emulator.ClientAcmeCRM: "users:readonly"}, "")},
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, map[string]string{emulator.ClientServiceNow: "integrations:readonly"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genesysauth_authorized_client.c0", plancheck.ResourceActionReplace),
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientAcmeCRM: unmanaged("Acme CRM Connector", false, "Revoked", "revoke"),
						emulator.ClientZapier:  zapierKept,
					}),
				}},
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
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	cfg := exclusiveConfig(srv, map[string]string{emulator.ClientAcmeCRM: "users:readonly"}, "")
	accTest(t, resource.TestCase{
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
					unmanagedIs(map[string]knownvalue.Check{
						emulator.ClientTableau: tableauRevoked,
						emulator.ClientZapier:  zapierKept,
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked", emulator.ClientAcmeCRM: "Authorized", emulator.ClientZapier: "Requested"}),
					revokes(srv, 1),
				),
			},
		},
	})
}
