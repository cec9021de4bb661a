package e2e_test

// Several organizations in one configuration: provider aliases (any CLI),
// and one provider instance per organization with for_each on the provider
// block (OpenTofu 1.9 and later). Each provider configuration has its own
// token, listing and limiter; a change in one organization shows only
// there, and a failure names the organization.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

// cliRequiredProviders is the terraform block alone, for configurations
// whose provider blocks are aliases.
const cliRequiredProviders = `terraform {
  required_providers {
    genesysauth = { source = "genesysauth/genesysauth" }
  }
}
`

// organizationsVars writes the examples' organizations variable: each
// organization an emulator, with the admin's credentials unless secrets
// names another secret.
func organizationsVars(t *testing.T, c *cli, orgs map[string]*emulator.Server, secrets map[string]string) {
	t.Helper()
	vars := map[string]any{}
	for name, srv := range orgs {
		secret := emulator.AdminClientSecret
		if s, ok := secrets[name]; ok {
			secret = s
		}
		vars[name] = organizationVar(srv, secret, srv.Organization().ID)
	}
	b, err := json.Marshal(map[string]any{"organizations": vars})
	if err != nil {
		t.Fatal(err)
	}
	c.write("terraform.tfvars.json", string(b))
}

// organizationVar is one organization of the examples' variable: the
// emulator's endpoints, the admin's client with secret, and the
// organization the credentials must belong to.
func organizationVar(srv *emulator.Server, secret, organizationID string) map[string]string {
	return map[string]string{"region": "eu-west-1", "client_id": emulator.AdminClientID, "client_secret": secret,
		"api_url": srv.URL(), "token_url": srv.TokenURL(), "organization_id": organizationID}
}

func TestAccCLI_manyOrganizationsAliases(t *testing.T) {
	t.Parallel()
	dev, prod := startEmulator(t, emulator.Options{}), startEmulator(t, emulator.Options{})
	c := newCLI(t, dev)
	c.write("main.tf", example(t, "many-organizations"))
	orgs := map[string]*emulator.Server{"dev": dev, "prod": prod}
	organizationsVars(t, c, orgs, nil)
	c.must(0, "apply", "-auto-approve", "-input=false")
	for _, check := range []struct {
		srv   *emulator.Server
		id    string
		state string
	}{{dev, emulator.ClientAcmeCRM, "Authorized"}, {dev, emulator.ClientSlack, "Authorized"},
		{prod, emulator.ClientAcmeCRM, "Authorized"}, {prod, emulator.ClientSlack, ""}} {
		if a, _ := check.srv.Authorization(check.id); a.State != check.state {
			t.Errorf("%s in %s is %q, want %q", check.id, check.srv.URL(), a.State, check.state)
		}
	}

	// Drift in production only: the plan changes only production's resource.
	if err := prod.SetScopesByHand(emulator.ClientAcmeCRM, []string{"users:readonly"}); err != nil {
		t.Fatal(err)
	}
	out := c.must(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, `genesysauth_authorized_client.prod["`+emulator.ClientAcmeCRM+`"] will be updated in-place`) ||
		regexp.MustCompile(`genesysauth_authorized_client\.dev\[\S+\] will be`).MatchString(out) ||
		!strings.Contains(out, "Plan: 0 to add, 1 to change, 0 to destroy.") {
		t.Errorf("the plan after drift in production:\n%s", out)
	}
	dev.ResetCalls()
	prod.ResetCalls()
	c.must(0, "apply", "-auto-approve", "-input=false")
	if dev.Calls(emulator.RoutePutAuthorization) != 0 || prod.Calls(emulator.RoutePutAuthorization) != 1 {
		t.Errorf("putting production back: dev %v, prod %v", dev.CallCounts(), prod.CallCounts())
	}
	// Each organization was signed in to with a token of its own.
	if len(dev.IssuedTokens()) == 0 || len(prod.IssuedTokens()) == 0 {
		t.Errorf("tokens issued: dev %d, prod %d", len(dev.IssuedTokens()), len(prod.IssuedTokens()))
	}

	// Promoting Slack to production is one line: the plan adds it there only.
	c.write("main.tf", strings.Replace(example(t, "many-organizations"),
		`promoted = ["9e829b65-c0e3-599f-a9f0-7422a0506daa"]`,
		`promoted = ["9e829b65-c0e3-599f-a9f0-7422a0506daa", "96c21a95-9350-55e0-9f21-92d37913d11f"]`, 1))
	out = c.must(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, `genesysauth_authorized_client.prod["`+emulator.ClientSlack+`"] will be created`) ||
		!strings.Contains(out, "Plan: 1 to add, 0 to change, 0 to destroy.") {
		t.Errorf("the promotion's plan:\n%s", out)
	}

	// Development's and production's credentials swapped by mistake: each
	// block's organization_id refuses the other organization, and nothing
	// is read or written in either.
	b, err := json.Marshal(map[string]any{"organizations": map[string]any{
		"dev":  organizationVar(prod, emulator.AdminClientSecret, dev.Organization().ID),
		"prod": organizationVar(dev, emulator.AdminClientSecret, prod.Organization().ID)}})
	if err != nil {
		t.Fatal(err)
	}
	c.write("terraform.tfvars.json", string(b))
	dev.ResetCalls()
	prod.ResetCalls()
	out = c.must(1, "plan", "-input=false")
	if !strings.Contains(out, "Wrong Genesys Cloud organization: expected "+dev.Organization().ID) ||
		!strings.Contains(out, "Wrong Genesys Cloud organization: expected "+prod.Organization().ID) {
		t.Errorf("swapped credentials were not refused by organization_id:\n%s", out)
	}
	for name, srv := range orgs {
		if n := srv.Calls(emulator.RouteListAuthorizations) + srv.Calls(emulator.RoutePutAuthorization) + srv.Calls(emulator.RouteRevoke); n != 0 {
			t.Errorf("with swapped credentials %s was listed or written %d times", name, n)
		}
	}
	organizationsVars(t, c, orgs, nil)

	// A wrong secret for production: the error names production's API and
	// provider configuration, and nothing of development.
	organizationsVars(t, c, orgs, map[string]string{"prod": "not-the-secret"})
	out = c.must(1, "plan", "-input=false")
	if !strings.Contains(out, "Error signing in to Genesys Cloud (API "+prod.URL()+")") ||
		!strings.Contains(out, `provider["`+testcli.UnderTest(t).ProviderAddress()+`"].prod`) || strings.Contains(out, dev.URL()) {
		t.Errorf("the wrong secret for production:\n%s", out)
	}
}

// openTofu is the OpenTofu the tests run, or the one ../shared/cli keeps
// beside the project (unpacked once into the system's temporary
// directory); the test skips, saying so, where neither is.
func openTofu(t *testing.T) testcli.CLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("TF_ACC and TF_ACC_TERRAFORM_PATH not set")
	}
	if c := testcli.UnderTest(t); c.OpenTofu {
		return c
	}
	install, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "cli", "install"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(install); err != nil {
		t.Skipf("needs OpenTofu 1.9 or later (provider for_each): the CLI under test is %s and ../shared/cli is absent; "+
			"run with TF_ACC_TERRAFORM_PATH set to a tofu binary", testcli.UnderTest(t).Name())
	}
	dir := filepath.Join(os.TempDir(), "genesysauth-shared-cli")
	out, err := exec.CommandContext(t.Context(), install, dir).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", install, dir, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if name, path, ok := strings.Cut(line, " "); ok && strings.HasPrefix(name, "tofu_") {
			c, err := testcli.Describe(path)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("%s named no OpenTofu:\n%s", install, out)
	return testcli.CLI{}
}

// The OpenTofu example: one provider instance per organization with
// for_each, applied through OpenTofu; drift in one organization shows only
// under its key; an organization is added with one entry, and removed in
// the guide's two steps (removing it at once fails the plan).
func TestAccCLI_manyOrganizationsOpenTofuForEach(t *testing.T) {
	t.Parallel()
	tofu := openTofu(t)
	if tofu.Below(1, 9) {
		t.Skipf("OpenTofu %s has no for_each on provider blocks (1.9 and later)", tofu.Version)
	}
	dev, prod := startEmulator(t, emulator.Options{}), startEmulator(t, emulator.Options{})
	c := newCLIFor(t, dev, tofu)
	c.write("main.tf", example(t, "many-organizations-tofu"))
	organizationsVars(t, c, map[string]*emulator.Server{"dev": dev, "prod": prod}, nil)
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply through %s %s:\n%s", tofu.Name(), tofu.Version, out)
	}
	for _, srv := range []*emulator.Server{dev, prod} {
		if a, _ := srv.Authorization(emulator.ClientAcmeCRM); a.State != "Authorized" {
			t.Errorf("Acme in %s is %s", srv.URL(), a.State)
		}
	}
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
	dev.RevokeByHand(emulator.ClientAcmeCRM)
	out = c.must(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, `genesysauth_authorized_client.approved["dev/`+emulator.ClientAcmeCRM+`"] will be created`) ||
		regexp.MustCompile(`approved\["prod/\S+\] will be`).MatchString(out) || !strings.Contains(out, "Plan: 1 to add, 0 to change, 0 to destroy.") {
		t.Errorf("the plan after a revoke by hand in dev:\n%s", out)
	}
	c.must(0, "apply", "-auto-approve", "-input=false")

	// The guide's steps. Adding an organization is one entry and one apply.
	test := startEmulator(t, emulator.Options{})
	organizationsVars(t, c, map[string]*emulator.Server{"dev": dev, "prod": prod, "test": test}, nil)
	out = c.must(0, "apply", "-auto-approve", "-input=false")
	if a, _ := test.Authorization(emulator.ClientAcmeCRM); a.State != "Authorized" || !strings.Contains(out, "Resources: 1 added, 0 changed, 0 destroyed.") {
		t.Errorf("adding the organization test: Acme there is %q:\n%s", a.State, out)
	}
	// Deleting it from organizations at once fails, as the guide says.
	organizationsVars(t, c, map[string]*emulator.Server{"dev": dev, "test": test}, nil)
	if out, code := c.run("plan", "-input=false"); code != 1 || !strings.Contains(flat(out), "Provider instance not present") {
		t.Errorf("removing prod in one step (exit %d):\n%s", code, out)
	}
	// Step 1: retired, applied: its authorizations are revoked.
	organizationsVars(t, c, map[string]*emulator.Server{"dev": dev, "prod": prod, "test": test}, nil)
	c.write("retired.auto.tfvars.json", `{"retired": ["prod"]}`)
	out = c.must(0, "apply", "-auto-approve", "-input=false")
	if a, _ := prod.Authorization(emulator.ClientAcmeCRM); a.State != "Revoked" || !strings.Contains(out, "Resources: 0 added, 0 changed, 1 destroyed.") {
		t.Errorf("retiring prod: Acme there is %q:\n%s", a.State, out)
	}
	// Step 2: gone from organizations and retired; nothing left to do.
	organizationsVars(t, c, map[string]*emulator.Server{"dev": dev, "test": test}, nil)
	c.remove("retired.auto.tfvars.json")
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}
