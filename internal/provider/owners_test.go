package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// One owner per client in a configuration: the plans that would make two
// resources fight over one client fail, and nothing reaches the
// organization.

// block is one genesysauth_authorized_client resource.
func block(name, clientID, scope string) string {
	return fmt.Sprintf("\nresource \"genesysauth_authorized_client\" %q {\n  client_id = %q\n  scopes    = [%q]\n}\n", name, clientID, scope)
}

// noWrites checks that no PUT or DELETE reached the emulator since the last
// reset.
func noWrites(srv *emulator.Server) resource.TestCheckFunc {
	return callsAre(srv, map[string]int{}, emulator.RoutePutAuthorization, emulator.RouteRevoke)
}

// Two resources for one client, in the same spelling or another: the plan
// fails naming the client, on a create and when one of them already
// exists; nothing is written.
func TestAccOwners_twoResourcesForOneClient(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := emulator.ClientAcmeCRM
	twice := expectError(`(?s)Two resources for one OAuth client.*OAuth client ` + acme + ` is declared by two genesysauth_authorized_client resources`)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig:   srv.ResetCalls,
				Config:      providerBlock(srv) + block("a", acme, "users:readonly") + block("b", strings.ToUpper(acme), "notifications"),
				ExpectError: twice,
			},
			{
				PreConfig: func() {
					if err := noWrites(srv)(nil); err != nil {
						t.Error(err)
					}
					if _, ok := srv.Authorization(acme); ok {
						t.Error("a refused plan left a record")
					}
				},
				Config: providerBlock(srv) + block("a", acme, "users:readonly"),
			},
			{
				// One exists; a second block for it, with other scopes.
				PreConfig:   srv.ResetCalls,
				Config:      providerBlock(srv) + block("a", acme, "users:readonly") + block("b", acme, "notifications"),
				ExpectError: twice,
			},
			{
				PreConfig: func() {
					if err := noWrites(srv)(nil); err != nil {
						t.Error(err)
					}
				},
				Config:           providerBlock(srv) + block("a", acme, "users:readonly"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            storeHas(srv, acme, "Authorized", []string{"users:readonly"}, nil),
			},
		},
	})
}

// A rename without a moved block, and the same rename with an import block
// (the advice a user finds for "already authorized"): each plan fails with
// the moved block to write and nothing is revoked; with the moved block the
// plan changes nothing and apply makes no call.
func TestAccOwners_renameNeedsMoved(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := emulator.ClientAcmeCRM
	renamed := expectError(`(?s)OAuth client revoked and authorized in one plan.*OAuth client ` + acme +
		`.*moved \{\s+from = genesysauth_authorized_client.old_name\s+to\s+= genesysauth_authorized_client.new_name\s+\}`)
	unchanged := func() {
		if err := noWrites(srv)(nil); err != nil {
			t.Error(err)
		}
		if err := storeHas(srv, acme, "Authorized", []string{"users:readonly"}, nil)(nil); err != nil {
			t.Error(err)
		}
		srv.ResetCalls()
	}
	importBlock := fmt.Sprintf("\nimport {\n  to = genesysauth_authorized_client.acme_crm\n  id = %q\n}\n", acme)
	movedBlock := "\nmoved {\n  from = genesysauth_authorized_client.acme\n  to   = genesysauth_authorized_client.acme_crm\n}\n"
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: providerBlock(srv) + block("acme", acme, "users:readonly")},
			{
				PreConfig:   srv.ResetCalls,
				Config:      providerBlock(srv) + block("acme_crm", acme, "users:readonly"),
				ExpectError: renamed,
			},
			{
				PreConfig:   unchanged,
				Config:      providerBlock(srv) + block("acme_crm", acme, "users:readonly") + importBlock,
				ExpectError: renamed,
			},
			{
				PreConfig: unchanged,
				Config:    providerBlock(srv) + block("acme_crm", acme, "users:readonly") + movedBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genesysauth_authorized_client.acme_crm", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(noWrites(srv),
					storeHas(srv, acme, "Authorized", []string{"users:readonly"}, nil)),
			},
		},
	})
}

// A replacement that frees a client another resource takes in the same
// plan is refused like a rename: apply could revoke it last.
func TestAccOwners_replacementFreesAClientAnotherTakes(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme, slack := emulator.ClientAcmeCRM, emulator.ClientSlack
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: providerBlock(srv) + block("a", acme, "users:readonly")},
			{
				PreConfig:   srv.ResetCalls,
				Config:      providerBlock(srv) + block("a", slack, "presence:readonly") + block("b", acme, "users:readonly"),
				ExpectError: expectError(`(?s)OAuth client revoked and authorized in one plan.*OAuth client ` + acme),
			},
			{
				// A replacement alone is one resource planned twice by
				// Terraform: not a second owner.
				PreConfig: func() {
					if err := noWrites(srv)(nil); err != nil {
						t.Error(err)
					}
					srv.ResetCalls()
				},
				Config: providerBlock(srv) + block("a", slack, "presence:readonly"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("genesysauth_authorized_client.a", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: stateIs(srv, map[string]string{acme: "Revoked", slack: "Authorized"}),
			},
		},
	})
}

// Two exclusive resources in one provider configuration: the plan fails
// and nothing is revoked (without the owner check, the first would revoke
// and the second fail with "inconsistent final plan").
func TestAccOwners_twoExclusiveResources(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := emulator.ClientAcmeCRM
	exclusiveBlock := func(name, extraID string) string {
		return fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" %q {
  client_ids = [genesysauth_authorized_client.acme.client_id, %q]
}
`, name, extraID)
	}
	base := providerBlock(srv) + block("acme", acme, "users:readonly")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					authorizeByHand(t, srv, map[string]string{emulator.ClientHubSpot: "external-contacts"})
					srv.ResetCalls()
				},
				Config:      base + exclusiveBlock("this", acme) + exclusiveBlock("other", emulator.ClientTableau),
				ExpectError: expectError(`(?s)Two genesysauth_authorized_clients_exclusive resources for one organization.*Keep one per organization`),
			},
			{
				// Nothing was revoked; one exclusive resource, listing
				// Tableau, revokes HubSpot alone.
				PreConfig: func() {
					if err := revokes(srv, 0)(nil); err != nil {
						t.Error(err)
					}
					if err := stateIs(srv, map[string]string{emulator.ClientTableau: "Authorized", emulator.ClientHubSpot: "Authorized"})(nil); err != nil {
						t.Error(err)
					}
				},
				Config: base + exclusiveBlock("other", emulator.ClientTableau),
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 1),
					stateIs(srv, map[string]string{emulator.ClientTableau: "Authorized", emulator.ClientHubSpot: "Revoked"})),
			},
		},
	})
}

// A genesysauth_authorized_client beside an exclusive resource whose
// client_ids omits its client: each apply would revoke what the other
// authorizes. The plan fails naming the client and both resource types,
// whichever is planned first (the exclusive resource listed before or
// after, and with more resources than Terraform plans at once), and
// nothing is written; listing the client lets the same configuration
// apply.
func TestAccOwners_managedClientOutsideClientIDs(t *testing.T) {
	t.Parallel()
	acme, slack := emulator.ClientAcmeCRM, emulator.ClientSlack
	exclusiveOf := func(ids ...string) string {
		return fmt.Sprintf("\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = [%s]\n  max_revocations = 10\n}\n",
			`"`+strings.Join(ids, `", "`)+`"`)
	}
	many := ""
	for i := range 12 {
		many += fmt.Sprintf("\ndata \"genesysauth_role\" \"r%d\" { name = \"admin\" }\n", i)
	}
	outside := expectError(`(?s)OAuth client managed outside the exclusive resource's client_ids.*OAuth client ` + slack +
		` is declared by a genesysauth_authorized_client resource.*genesysauth_authorized_clients_exclusive resource of the same ` +
		`configuration does not\s+list it in client_ids`)
	for name, config := range map[string]func(*emulator.Server) string{
		"exclusive first": func(srv *emulator.Server) string {
			return providerBlock(srv) + exclusiveOf(acme) + block("acme", acme, "users:readonly") + block("slack", slack, "presence")
		},
		"exclusive last, among many": func(srv *emulator.Server) string {
			return providerBlock(srv) + many + block("acme", acme, "users:readonly") + block("slack", slack, "presence") + exclusiveOf(acme)
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{
					{PreConfig: srv.ResetCalls, Config: config(srv), ExpectError: outside},
					{
						PreConfig: func() {
							if err := noWrites(srv)(nil); err != nil {
								t.Error(err)
							}
							if err := stateIs(srv, map[string]string{slack: "", acme: "", emulator.ClientTableau: "Authorized"})(nil); err != nil {
								t.Error(err)
							}
						},
						Config: providerBlock(srv) + block("acme", acme, "users:readonly") + block("slack", slack, "presence") +
							exclusiveOf(acme, slack),
						Check: resource.ComposeAggregateTestCheckFunc(
							storeHas(srv, slack, "Authorized", []string{"presence"}, nil),
							stateIs(srv, map[string]string{emulator.ClientTableau: "Revoked"}),
						),
					},
				},
			})
		})
	}
}

// The conflict holds for a genesysauth_authorized_client that does not
// change: Slack's resource stays as applied while a later change takes
// Slack out of client_ids. Its plan is a no-change plan (the early return
// for an unchanged resource), and it must still claim Slack: the plan
// fails, and nothing is revoked.
func TestAccOwners_unchangedClientLeftOutOfClientIDs(t *testing.T) {
	t.Parallel()
	acme, slack := emulator.ClientAcmeCRM, emulator.ClientSlack
	srv := startEmulator(t, emulator.Options{})
	exclusiveOf := func(ids string) string {
		return "\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = [" + ids + "]\n}\n"
	}
	resources := block("acme", acme, "users:readonly") + block("slack", slack, "presence")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: providerBlock(srv) + resources + exclusiveOf(`"`+acme+`", "`+slack+`"`)},
			{
				PreConfig: srv.ResetCalls,
				Config:    providerBlock(srv) + resources + exclusiveOf(`"`+acme+`"`),
				ExpectError: expectError(`(?s)OAuth client managed outside the exclusive resource's client_ids.*OAuth client ` +
					slack + ` is declared by a genesysauth_authorized_client resource`),
			},
			{
				PreConfig: func() {
					if err := noWrites(srv)(nil); err != nil {
						t.Error(err)
					}
				},
				Config: providerBlock(srv) + resources + exclusiveOf(`"`+acme+`", "`+slack+`"`),
				Check:  storeHas(srv, slack, "Authorized", []string{"presence"}, nil),
			},
		},
	})
}
