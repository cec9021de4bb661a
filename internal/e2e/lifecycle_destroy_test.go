package e2e_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

// TestAccCLI_lifecycleDestroyFalse: `lifecycle { destroy = false }` in a
// resource block (Terraform 1.16, OpenTofu) leaves the authorization in
// place where the CLI forgets the object instead of destroying it, and the
// CLIs differ in where they do: Terraform 1.16 forgets on `terraform
// destroy` only, and still destroys (revokes) when the block is removed or
// the resource is replaced; OpenTofu forgets in all three, and ends a
// destroy that forgets with exit 1 unless given -suppress-forget-errors.
// Both forget a key removed from a for_each; a -replace is "delete, then
// create" on Terraform 1.16 and "create, then forget" on OpenTofu, whose
// create is refused ("already authorized") with nothing written. The
// adoption guide says so (helper-21 found the for_each and -replace rows
// missing from it). Each case holds the saved plan's actions to what the organization
// saw: a "delete" in the plan is one DELETE and a revoked client, a
// "forget" none and the client still authorized; the plan policies deny
// the removed block's revocation and pass its forget.
func TestAccCLI_lifecycleDestroyFalse(t *testing.T) {
	t.Parallel()
	acme := func(clientID string) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]

  lifecycle {
    destroy = false
  }
}
`, clientID)
	}
	start := func(t *testing.T) (*emulator.Server, *cli, testcli.CLI) {
		t.Helper()
		srv := startEmulator(t, emulator.Options{})
		c := newCLI(t, srv)
		tf := testcli.UnderTest(t)
		c.write("main.tf", acme(emulator.ClientAcmeCRM))
		// No init: the provider comes from dev_overrides.
		if out, code := c.run("validate"); code != 0 {
			if strings.Contains(out, "Unsupported argument") && strings.Contains(out, "destroy") {
				t.Skipf("%s %s has no lifecycle destroy argument in a resource block (Terraform 1.16+, OpenTofu)", tf.Name(), tf.Version)
			}
			t.Fatalf("terraform validate exited %d:\n%s", code, out)
		}
		c.must(0, "apply", "-auto-approve", "-input=false")
		if a, ok := srv.Authorization(emulator.ClientAcmeCRM); !ok || a.State != "Authorized" {
			t.Fatalf("after the create Acme is %+v", a)
		}
		srv.ResetCalls()
		return srv, c, tf
	}
	// actionsOf is the saved plan's actions for one address, as show -json
	// gives them.
	const acmeAddress = "genesysauth_authorized_client.acme"
	actionsOf := func(t *testing.T, c *cli, address string, flags ...string) []string {
		t.Helper()
		c.must(0, append([]string{"plan", "-input=false", "-out=tfplan"}, flags...)...)
		var doc struct {
			Changes []struct {
				Address string `json:"address"`
				Change  struct {
					Actions []string `json:"actions"`
				} `json:"change"`
			} `json:"resource_changes"`
		}
		if err := json.Unmarshal(c.showJSON("tfplan"), &doc); err != nil {
			t.Fatal(err)
		}
		for _, rc := range doc.Changes {
			if rc.Address == address {
				return rc.Change.Actions
			}
		}
		t.Fatalf("the plan has no change of %s", address)
		return nil
	}
	actions := func(t *testing.T, c *cli, flags ...string) []string {
		t.Helper()
		return actionsOf(t, c, acmeAddress, flags...)
	}
	// applied applies the saved plan and holds the organization to it: a
	// delete shown is one DELETE and Acme revoked, none shown is no DELETE
	// and Acme still authorized.
	applied := func(t *testing.T, srv *emulator.Server, c *cli, shown []string) {
		t.Helper()
		c.must(0, "apply", "-input=false", "tfplan")
		a, _ := srv.Authorization(emulator.ClientAcmeCRM)
		if slices.Contains(shown, "delete") {
			if n := srv.Calls(emulator.RouteRevoke); n != 1 || a.State == "Authorized" {
				t.Errorf("the plan shows %v, the apply sent %d DELETE and Acme is %s", shown, n, a.State)
			}
			return
		}
		if n := srv.Calls(emulator.RouteRevoke); n != 0 || a.State != "Authorized" {
			t.Errorf("the plan shows %v (no delete), the apply sent %d DELETE and Acme is %s", shown, n, a.State)
		}
	}

	t.Run("terraform destroy forgets", func(t *testing.T) {
		t.Parallel()
		srv, c, tf := start(t)
		shown := actions(t, c, "-destroy")
		if !slices.Equal(shown, []string{"forget"}) {
			t.Errorf("plan -destroy shows %v, want [forget]", shown)
		}
		var suppress []string
		if tf.OpenTofu {
			// OpenTofu ends a destroy that forgets with exit 1 unless told
			// that is what was meant; the adoption guide says so.
			out := c.must(1, "apply", "-input=false", "tfplan")
			if !strings.Contains(out, "left behind forgotten instances") || !strings.Contains(out, "-suppress-forget-errors") {
				t.Errorf("OpenTofu's forgetting destroy does not end as the guide says:\n%s", out)
			}
			suppress = []string{"-suppress-forget-errors"}
		} else {
			c.must(0, "apply", "-input=false", "tfplan")
		}
		if a, _ := srv.Authorization(emulator.ClientAcmeCRM); writes(srv) != 0 || a.State != "Authorized" {
			t.Errorf("the plan shows %v, the destroy wrote %v and Acme is %s", shown, srv.CallCounts(), a.State)
		}
		c.must(0, append([]string{"destroy", "-auto-approve", "-input=false"}, suppress...)...)
		if out := c.must(0, "state", "list"); strings.TrimSpace(out) != "" {
			t.Errorf("state still lists: %q", out)
		}
	})

	t.Run("the block removed", func(t *testing.T) {
		t.Parallel()
		srv, c, tf := start(t)
		c.write("main.tf", cliProviderHeader)
		shown := actions(t, c)
		want := []string{"delete"} // Terraform: the lifecycle went with the block
		if tf.OpenTofu {
			want = []string{"forget"} // OpenTofu keeps destroy = false in the state
		}
		if !slices.Equal(shown, want) {
			t.Errorf("%s %s: the plan of the removed block shows %v, want %v", tf.Name(), tf.Version, shown, want)
		}
		// The policies read the same plan: the revocation is denied
		// unless approved, the forget passes.
		got := denials(t, c.showJSON("tfplan"), approvedData)
		if tf.OpenTofu {
			denialsAre(t, got)
		} else {
			denialsAre(t, got, "[revocation] genesysauth_authorized_client.acme: Acme CRM Connector ("+emulator.ClientAcmeCRM+"): a destroy of "+
				"genesysauth_authorized_client revokes the client for every user of the organization: keep the resource, or "+
				"approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change")
		}
		applied(t, srv, c, shown)
	})

	t.Run("a replacement", func(t *testing.T) {
		t.Parallel()
		srv, c, tf := start(t)
		c.write("main.tf", acme(emulator.ClientSlack))
		shown := actions(t, c)
		want := []string{"delete", "create"}
		if tf.OpenTofu {
			want = []string{"forget", "create"}
		}
		if !slices.Equal(shown, want) {
			t.Errorf("%s %s: the replacement's plan shows %v, want %v", tf.Name(), tf.Version, shown, want)
		}
		applied(t, srv, c, shown)
		if s, _ := srv.Authorization(emulator.ClientSlack); s.State != "Authorized" {
			t.Errorf("the replacement's client is %s", s.State)
		}
	})

	t.Run("a for_each key removed", func(t *testing.T) {
		t.Parallel()
		srv, c, _ := start(t)
		each := func(ids ...string) string {
			m := ""
			for _, id := range ids {
				m += fmt.Sprintf("    %q = %q\n", id, id)
			}
			return cliProviderHeader + `
resource "genesysauth_authorized_client" "each" {
  for_each  = {
` + m + `  }
  client_id = each.value
  scopes    = ["users:readonly"]

  lifecycle {
    destroy = false
  }
}
`
		}
		c.must(0, "state", "rm", "genesysauth_authorized_client.acme")
		c.write("main.tf", each(emulator.ClientAcmeCRM, emulator.ClientSlack))
		c.write("import.tf", fmt.Sprintf("import {\n  to = genesysauth_authorized_client.each[%q]\n  id = %q\n}\n", emulator.ClientAcmeCRM, emulator.ClientAcmeCRM))
		c.must(0, "apply", "-auto-approve", "-input=false")
		c.remove("import.tf")
		srv.ResetCalls()
		c.write("main.tf", each(emulator.ClientSlack))
		shown := actionsOf(t, c, fmt.Sprintf("genesysauth_authorized_client.each[%q]", emulator.ClientAcmeCRM))
		if !slices.Equal(shown, []string{"forget"}) {
			t.Errorf("the plan of the removed key shows %v, want [forget] (the guide's table)", shown)
		}
		applied(t, srv, c, shown)
	})

	t.Run("-replace", func(t *testing.T) {
		t.Parallel()
		srv, c, tf := start(t)
		shown := actions(t, c, "-replace="+acmeAddress)
		if !tf.OpenTofu {
			// Terraform 1.16: the same client revoked, then authorized again.
			if !slices.Equal(shown, []string{"delete", "create"}) {
				t.Fatalf("%s %s: -replace plans %v, want [delete create] (the guide)", tf.Name(), tf.Version, shown)
			}
			c.must(0, "apply", "-input=false", "tfplan")
			if a, _ := srv.Authorization(emulator.ClientAcmeCRM); srv.Calls(emulator.RouteRevoke) != 1 ||
				srv.Calls(emulator.RoutePutAuthorization) != 1 || a.State != "Authorized" {
				t.Errorf("the plan shows %v, the apply sent %v and Acme is %s", shown, srv.CallCounts(), a.State)
			}
			return
		}
		// OpenTofu: "create, then forget" (it lists forget first). The
		// create meets the client's own authorization and is refused
		// before any write, and the object is forgotten: the guide says
		// so and how to import it back.
		if slices.Sort(shown); !slices.Equal(shown, []string{"create", "forget"}) {
			t.Fatalf("%s %s: -replace plans %v, want forget and create (the guide)", tf.Name(), tf.Version, shown)
		}
		out, code := c.run("apply", "-input=false", "tfplan")
		if code == 0 || !strings.Contains(flat(out), "already authorized") {
			t.Errorf("%s %s: the create-then-forget apply exited %d:\n%s", tf.Name(), tf.Version, code, out)
		}
		if a, _ := srv.Authorization(emulator.ClientAcmeCRM); writes(srv) != 0 || a.State != "Authorized" {
			t.Errorf("the refused replacement wrote %v and Acme is %s", srv.CallCounts(), a.State)
		}
		if out := c.must(0, "state", "list"); strings.TrimSpace(out) != "" {
			t.Errorf("after the refused replacement the state still lists %q; the guide says the client is left out of it", out)
		}
	})
}
