package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// manyConfig manages every client of ids with one counted resource (the test harness cannot read for_each state).
func manyConfig(srv *emulator.Server, ids []string) string {
	return credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, "requests_per_minute = 0") + fmt.Sprintf(`
locals {
  ids = ["%s"]
}

resource "genesysauth_authorized_client" "many" {
  count     = length(local.ids)
  client_id = local.ids[count.index]
  scopes    = ["users:readonly"]
}
`, strings.Join(ids, `", "`))
}

func TestAccScale_refreshUsesOnlyTheList(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{RateLimit: -1})
	ids, err := srv.AddClients("Scale client", 250, []string{"users:readonly"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := manyConfig(srv, ids)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := srv.Calls(emulator.RoutePutAuthorization); n != 250 {
						return fmt.Errorf("PUT calls = %d, want 250", n)
					}
					return nil
				},
			},
			{
				// Plans over 250 managed clients: refresh reads only the paged list.
				PreConfig:        srv.ResetCalls,
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					calls := srv.CallCounts()
					if calls[emulator.RouteGetAuthorization] != 0 {
						return fmt.Errorf("refresh made %d GETs of single authorizations: %v", calls[emulator.RouteGetAuthorization], calls)
					}
					// One listing per terraform command of the step (plan, apply's
					// plan, refresh, the plans after it): never one per resource.
					if n := calls[emulator.RouteListAuthorizations]; n == 0 || n > 6 {
						return fmt.Errorf("refresh of 250 clients made %d list calls: %v", n, calls)
					}
					// Nothing changes, so nothing is checked against the
					// catalogue, and the state keeps each client's built-in
					// mark: not one catalogue page, however large the
					// organization's catalogue.
					for _, route := range []string{emulator.RoutePutAuthorization, emulator.RouteRevoke, emulator.RouteGetClient,
						emulator.RouteListClients} {
						if calls[route] != 0 {
							return fmt.Errorf("an empty plan called %s: %v", route, calls)
						}
					}
					return nil
				},
			},
		},
	})
}
