package e2e_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

type unmanagedJSON struct {
	Unmanaged map[string]map[string]any `json:"unmanaged"`
}

// A replacement planned with -refresh=false (-replace, or taint): the old
// object's state records Tableau revoked by its last apply; Tableau has
// been authorized again by hand since. The new object revokes it. Its
// entry must be a change in the plan's text and in its JSON (before !=
// after), not the old record repeated ("revoke", "Revoked" on both sides),
// which the CLI hides and a policy reads as already done. Terraform tells
// the provider nothing of a tainted object, so a create plans the outcome
// of each revocation as known after apply. The plan applied revokes what
// it showed, once.
func TestAccCLI_replacementWithoutRefreshShowsEachRevocation(t *testing.T) {
	t.Parallel()
	const addr = "genesysauth_authorized_clients_exclusive.this"
	for _, how := range []string{"-replace", "taint"} {
		t.Run(how, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			c := newCLI(t, srv)
			c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%q]
}
`, emulator.ClientAcmeCRM))
			c.must(0, "apply", "-auto-approve", "-input=false") // revokes Tableau
			if err := srv.AuthorizeByHand(emulator.ClientTableau, []string{"analytics:readonly"}, nil); err != nil {
				t.Fatal(err)
			}
			args := []string{"plan", "-refresh=false", "-input=false", "-out=tfplan"}
			if how == "taint" {
				c.must(0, "taint", addr)
			} else {
				args = append(args, "-replace="+addr)
			}
			srv.ResetCalls()
			out := c.must(0, args...)
			if !strings.Contains(out, `"`+emulator.ClientTableau+`" = {`) ||
				!strings.Contains(out, `~ state = "Revoked" -> (known after apply)`) {
				t.Errorf("the plan text does not show Tableau's revocation as a change:\n%s", out)
			}
			var plan struct {
				ResourceChanges []struct {
					Change struct {
						Before       unmanagedJSON `json:"before"`
						After        unmanagedJSON `json:"after"`
						AfterUnknown unmanagedJSON `json:"after_unknown"`
					} `json:"change"`
				} `json:"resource_changes"`
			}
			js := c.must(0, "show", "-json", "tfplan")
			if err := json.Unmarshal([]byte(js), &plan); err != nil || len(plan.ResourceChanges) != 1 {
				t.Fatalf("plan JSON: %v\n%s", err, js)
			}
			ch := plan.ResourceChanges[0].Change
			before, after := ch.Before.Unmanaged[emulator.ClientTableau], ch.After.Unmanaged[emulator.ClientTableau]
			if after["action"] != "revoke" || fmt.Sprint(before) == fmt.Sprint(after) ||
				ch.AfterUnknown.Unmanaged[emulator.ClientTableau]["state"] != true {
				t.Errorf("in the plan JSON, Tableau's entry is %v before and %v after (unknown: %v): want a revoke that differs",
					before, after, ch.AfterUnknown.Unmanaged[emulator.ClientTableau])
			}
			if n := srv.Calls(emulator.RouteRevoke) + srv.Calls(emulator.RoutePutAuthorization); n != 0 {
				t.Errorf("the plan made %d writes", n)
			}
			c.must(0, "apply", "-input=false", "tfplan")
			if n := srv.Calls(emulator.RouteRevoke); n != 1 {
				t.Errorf("applying the plan sent %d DELETEs, want Tableau's, as shown", n)
			}
			if a, _ := srv.Authorization(emulator.ClientTableau); a.State != "Revoked" {
				t.Errorf("Tableau is %s, want Revoked", a.State)
			}
			c.must(0, "plan", "-input=false", "-detailed-exitcode")
		})
	}
}
