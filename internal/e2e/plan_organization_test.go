package e2e_test

// A plan is bound to the organization it was made against: a saved plan
// made with organization A's credentials in the environment and applied
// with organization B's fails before any write, in both organizations.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// useOrganization points the CLI's environment at srv, as a pipeline's
// environment-scoped variables do: the same configuration, another
// organization's endpoints (the emulators share the seed's credentials).
func (c *cli) useOrganization(srv *emulator.Server) {
	c.withoutEnv("GENESYSAUTH_API_URL", "GENESYSAUTH_TOKEN_URL")
	c.env = append(c.env, "GENESYSAUTH_API_URL="+srv.URL(), "GENESYSAUTH_TOKEN_URL="+srv.TokenURL())
}

// writes is the number of PUT and DELETE calls srv received.
func writes(srv *emulator.Server) int {
	return srv.Calls(emulator.RoutePutAuthorization) + srv.Calls(emulator.RouteRevoke)
}

// TestAccCLI_savedPlanBoundToItsOrganization: for each kind of plan that
// writes (an update and a create of each resource, and a destroy), the plan
// is saved with development's environment and applied with production's:
// the apply exits non-zero naming both organizations, and neither
// organization receives a PUT or a DELETE. Applied with development's
// environment, the same change is then made in development.
func TestAccCLI_savedPlanBoundToItsOrganization(t *testing.T) {
	t.Parallel()
	exclusive := func(ids ...string) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%s]
}
`, strings.Join(ids, ", "))
	}
	acme := func(scopes string) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = [%s]
}
`, emulator.ClientAcmeCRM, scopes)
	}
	tableau := fmt.Sprintf("%q", emulator.ClientTableau)
	cases := []struct {
		name string
		// before is applied in development first ("" for none); plan is the
		// configuration of the saved plan, args the plan's extra arguments.
		before, plan string
		args         []string
		// ours: the provider's own error (an update or a destroy, whose
		// state names the plan's organization); else Terraform's check of
		// the planned organization_id (a create).
		ours bool
		// done checks development after the plan is applied there.
		done func(dev *emulator.Server) error
	}{
		{"exclusive resource update revokes Tableau", exclusive(tableau), exclusive(), nil, true, stateIs(emulator.ClientTableau, "Revoked")},
		{"exclusive resource create revokes Tableau", "", exclusive(), nil, false, stateIs(emulator.ClientTableau, "Revoked")},
		{"authorized client create", "", acme(`"users:readonly"`), nil, false, stateIs(emulator.ClientAcmeCRM, "Authorized")},
		{"authorized client update", acme(`"users:readonly"`), acme(`"users:readonly", "notifications"`), nil, true,
			func(dev *emulator.Server) error {
				if a, _ := dev.Authorization(emulator.ClientAcmeCRM); len(a.Scope) != 2 {
					return fmt.Errorf("Acme's scopes are %v, want two", a.Scope)
				}
				return nil
			}},
		{"destroy plan", acme(`"users:readonly"`), acme(`"users:readonly"`), []string{"-destroy"}, true,
			stateIs(emulator.ClientAcmeCRM, "Revoked")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dev := startEmulator(t, emulator.Options{OrganizationName: "Dev Corp"})
			prod := startEmulator(t, emulator.Options{OrganizationName: "Prod Corp"})
			devOrg, prodOrg := dev.Organization(), prod.Organization()
			c := newCLI(t, dev)
			if tc.before != "" {
				c.write("main.tf", tc.before)
				c.must(0, "apply", "-auto-approve", "-input=false")
			}
			c.write("main.tf", tc.plan)
			c.must(0, append([]string{"plan", "-input=false", "-out=dev.tfplan"}, tc.args...)...)
			before := map[*emulator.Server][]string{dev: nil, prod: nil}
			for srv := range before {
				for _, a := range srv.Authorizations() {
					before[srv] = append(before[srv], a.Client.ID+"="+a.State+fmt.Sprint(a.Scope))
				}
				srv.ResetCalls()
			}

			c.useOrganization(prod)
			out, code := c.run("apply", "-input=false", "dev.tfplan")
			if code == 0 {
				t.Fatalf("applying development's plan with production's credentials exited 0:\n%s", out)
			}
			want := `Error: Wrong Genesys Cloud organization for this plan: made against ` + devOrg.ID +
				`, the credentials belong to ` + prodOrg.ID + ` \(Prod Corp\).*Nothing was written in either organization.*` +
				`Apply it with organization ` + devOrg.ID + `'s credentials`
			if !tc.ours {
				// A create has no state: Terraform itself refuses the plan
				// made again at apply time, naming both organizations.
				want = `Error: Provider produced inconsistent final plan.*organization_id: was cty.StringVal\("` + devOrg.ID +
					`"\), but now cty.StringVal\("` + prodOrg.ID + `"\)`
			}
			if !expectError(want).MatchString(flat(out)) {
				t.Errorf("the refused apply's output does not match %q:\n%s", want, out)
			}
			for srv, was := range before {
				if n := writes(srv); n != 0 {
					t.Errorf("%s received %d PUT/DELETE calls: %v", srv.Organization().Name, n, srv.CallCounts())
				}
				var now []string
				for _, a := range srv.Authorizations() {
					now = append(now, a.Client.ID+"="+a.State+fmt.Sprint(a.Scope))
				}
				if strings.Join(now, " ") != strings.Join(was, " ") {
					t.Errorf("%s changed:\n was %v\n now %v", srv.Organization().Name, was, now)
				}
			}

			// Planned and applied in development, the change is made there.
			// (The refused apply saved the state again, so Terraform calls
			// the saved plan stale: plan again.)
			c.useOrganization(dev)
			c.must(0, append([]string{"apply", "-input=false", "-auto-approve"}, tc.args...)...)
			if err := tc.done(dev); err != nil {
				t.Error(err)
			}
			if n := writes(prod); n != 0 {
				t.Errorf("production received %d PUT/DELETE calls", n)
			}
		})
	}
}

// stateIs checks the state of a client's authorization.
func stateIs(clientID, state string) func(*emulator.Server) error {
	return func(srv *emulator.Server) error {
		if a, _ := srv.Authorization(clientID); a.State != state {
			return fmt.Errorf("%s is %s in %s, want %s", clientID, a.State, srv.Organization().Name, state)
		}
		return nil
	}
}
