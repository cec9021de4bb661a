package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// A client ID that no OAuth client has: the plan cannot know it (the
// organization's client catalogue does not list other organizations'
// vendor clients), so it plans a create; the apply's PUT answers 404, and
// the error is on client_id, says no client has that ID and what to do,
// and nothing is written.
func TestAccAuthorizedClient_clientThatDoesNotExist(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	const missing = "0badc0de-0000-4000-8000-000000000404"
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetCalls,
			Config:    clientConfig(srv, missing, []string{"users:readonly"}, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("genesysauth_authorized_client.this", plancheck.ResourceActionCreate)},
			},
			ExpectError: expectError(`(?s)Error authorizing OAuth client.*with genesysauth_authorized_client.this,.*client_id = "` + missing +
				`".*OAuth client ` + missing + `: .*404.*Fix client_id: no OAuth client has this ID \(the API answered 404 Not Found\), so ` +
				`there is nothing to authorize\. Check the ID against the vendor's instructions.*Nothing was written\.`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if a, ok := srv.Authorization(missing); ok {
				return fmt.Errorf("the store holds an authorization for the missing client: %+v", a)
			}
			if n := srv.Calls(emulator.RoutePutAuthorization); n != 1 {
				return fmt.Errorf("PUT calls = %d, want 1 (a 404 is not retried): %v", n, srv.CallCounts())
			}
			return nil
		},
	})
}
