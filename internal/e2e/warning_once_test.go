package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// One `apply -auto-approve` of a new exclusive resource that revokes a
// client prints the warning "Applying this plan later" once: Terraform
// plans the resource again at apply time, and that second plan must not
// repeat it (neither as a second copy nor as "one more similar warning").
// A plan of its own prints it too (once), since it is what a reviewer of a
// saved plan reads.
func TestAccCLI_planLaterWarningOnce(t *testing.T) {
	srv := startEmulator(t, emulator.Options{}) // Tableau is authorized by hand in the seed
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
	once := func(step, out string) {
		t.Helper()
		if n := strings.Count(out, "Warning: Applying this plan later"); n != 1 || strings.Contains(out, "similar warning") {
			t.Errorf("%s: the warning is printed %d times (want 1, with no \"similar warning\"):\n%s", step, n, out)
		}
	}
	out := c.must(0, "plan", "-input=false")
	once("plan", out)
	out = c.must(0, "apply", "-auto-approve", "-input=false")
	once("apply -auto-approve", out)
	if a, _ := srv.Authorization(emulator.ClientTableau); a.State != "Revoked" {
		t.Errorf("the apply left Tableau %s, want Revoked", a.State)
	}
}
