package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// The token endpoint's rate limiting (400 invalid_request, not 429) is
// retried with backoff, and the apply goes through.
func TestAccTokenRateLimitIsRetried(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.ResetCalls()
				srv.InjectFault(emulator.RouteToken, emulator.FaultTokenRateLimit, 2)
			},
			Config: credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, "") + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly"]
}`, emulator.ClientAcmeCRM),
			Check: resource.ComposeAggregateTestCheckFunc(
				storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
				func(*terraform.State) error {
					// The first provider process met the two refusals and
					// asked a third time; later processes once each.
					calls := srv.CallCounts()
					if calls[emulator.RouteToken] < 3 {
						return fmt.Errorf("token calls = %d, want the two rate-limited ones retried", calls[emulator.RouteToken])
					}
					return nil
				},
			),
		}},
	})
}
