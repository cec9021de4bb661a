package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// untouchedThenReset is untouched in the PreConfig of the step after a
// refused plan, with the counters reset for that step.
func untouchedThenReset(t *testing.T, srv *emulator.Server, want map[string]string) {
	t.Helper()
	untouched(t, srv, want)
	srv.ResetCalls()
}

// The budget on a create, both sides of the boundary: four clients
// authorized outside client_ids (Tableau from the seed and three by hand)
// are one more than the default of 3, so apply is refused before any
// DELETE, naming the count, the budget, every client and the line that
// allows it (the plan warns: see TestAccCLI_destroyNeverBlocked); with one of them gone the create revokes the three.
func TestAccExclusive_budgetOnCreate(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	four := map[string]string{emulator.ClientTableau: "Authorized", emulator.ClientSlack: "Authorized",
		emulator.ClientServiceNow: "Authorized", emulator.ClientVerint: "Authorized"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					authorizeByHand(t, srv, map[string]string{emulator.ClientSlack: "presence",
						emulator.ClientServiceNow: "integrations:readonly", emulator.ClientVerint: "recordings:readonly"})
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, ""),
				ExpectError: expectError(`(?s)Revocation budget exceeded.*with ` + exclusive + `.*This plan revokes or declines 4 ` +
					`clients outside client_ids, more than max_revocations \(3\) allows: .*` + emulator.ClientServiceNow + `, revoke\).*` +
					nameSlack + ` \(` + emulator.ClientSlack + `, revoke\).*` + nameTableau + ` \(` + emulator.ClientTableau +
					`, revoke\).*` + emulator.ClientVerint + `, revoke\).*set max_revocations = 4 on this resource`),
			},
			{
				// At the budget: three outside, the default lets the create revoke them.
				PreConfig: func() {
					untouchedThenReset(t, srv, four)
					srv.RevokeByHand(emulator.ClientVerint)
				},
				Config: exclusiveConfig(srv, acme, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("max_revocations"), knownvalue.Int64Exact(3)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 3), stateIs(srv, map[string]string{
					emulator.ClientTableau: "Revoked", emulator.ClientSlack: "Revoked", emulator.ClientServiceNow: "Revoked",
					emulator.ClientAcmeCRM: "Authorized", emulator.ClientZapier: "Requested",
				})),
			},
		},
	})
}

// The budget on an update, both sides of the boundary, declines counted
// with revocations: three clients authorized by hand and the pending Zapier
// request with decline_pending are four, so apply is refused and nothing is
// revoked; max_revocations = 4 lets that apply revoke and decline them;
// back at the default, three revocations pass.
func TestAccExclusive_budgetOnUpdate(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	srv.RevokeByHand(emulator.ClientTableau)
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	three := map[string]string{emulator.ClientSlack: "presence", emulator.ClientServiceNow: "integrations:readonly",
		emulator.ClientVerint: "recordings:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(srv, acme, "")},
			{
				PreConfig: func() {
					authorizeByHand(t, srv, three)
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, "decline_pending = true"),
				ExpectError: expectError(`(?s)Revocation budget exceeded.*declines 4 clients outside client_ids, more than ` +
					`max_revocations \(3\) allows: .*` + nameZapier + ` \(` + emulator.ClientZapier + `, decline\).*set max_revocations = 4`),
			},
			{
				PreConfig: func() {
					untouchedThenReset(t, srv, map[string]string{emulator.ClientSlack: "Authorized", emulator.ClientServiceNow: "Authorized",
						emulator.ClientVerint: "Authorized", emulator.ClientZapier: "Requested"})
				},
				Config: exclusiveConfig(srv, acme, "decline_pending = true\n  max_revocations = 4"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclusive, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 4), stateIs(srv, map[string]string{
					emulator.ClientSlack: "Revoked", emulator.ClientServiceNow: "Revoked", emulator.ClientVerint: "Revoked",
					emulator.ClientZapier: "Revoked", emulator.ClientAcmeCRM: "Authorized",
				})),
			},
			{
				// At the budget: the line removed, three revocations pass.
				PreConfig: func() {
					authorizeByHand(t, srv, three)
					srv.ResetCalls()
				},
				Config: exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(exclusive, tfjsonpath.New("max_revocations"), knownvalue.Int64Exact(3)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(revokes(srv, 3), stateIs(srv, map[string]string{
					emulator.ClientSlack: "Revoked", emulator.ClientServiceNow: "Revoked", emulator.ClientVerint: "Revoked",
				})),
			},
			{
				Config:           exclusiveConfig(srv, acme, "decline_pending = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// max_revocations = 0 refuses any revocation; a budget known only after
// apply cannot show at plan time that the plan is within it (a warning), so
// apply checks it once known: 0, and nothing is revoked.
func TestAccExclusive_budgetZeroAndUnknown(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := map[string]string{emulator.ClientAcmeCRM: "users:readonly"}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetCalls,
				Config:    exclusiveConfig(srv, acme, "max_revocations = 0"),
				ExpectError: expectError(`(?s)Revocation budget exceeded.*revokes or declines 1 clients outside client_ids, ` +
					`more than max_revocations \(0\) allows: ` + nameTableau + ` \(` + emulator.ClientTableau + `, revoke\)`),
			},
			{
				PreConfig:   func() { untouchedThenReset(t, srv, map[string]string{emulator.ClientTableau: "Authorized"}) },
				Config:      exclusiveConfig(srv, acme, "max_revocations = -1"),
				ExpectError: expectError(`(?s)Invalid Attribute Value.*max_revocations.*must be at least 0`),
			},
			{
				PreConfig: func() { untouchedThenReset(t, srv, map[string]string{emulator.ClientTableau: "Authorized"}) },
				Config: exclusiveConfig(srv, acme, "max_revocations = terraform_data.budget.output") + `
resource "terraform_data" "budget" {
  input = 0
}
`,
				ExpectError: expectError(`(?s)Revocation budget exceeded.*revokes or declines 1 clients outside client_ids, ` +
					`more than max_revocations \(0\) allows: ` + nameTableau + `.*Nothing was revoked or declined`),
			},
			{
				// The refused apply created terraform_data and Acme's
				// resource, not the exclusive one: their destroy leaves
				// Tableau authorized.
				PreConfig: func() { untouchedThenReset(t, srv, map[string]string{emulator.ClientTableau: "Authorized"}) },
				Config:    providerBlock(srv),
				Check:     stateIs(srv, map[string]string{emulator.ClientTableau: "Authorized", emulator.ClientAcmeCRM: "Revoked"}),
			},
		},
	})
}
