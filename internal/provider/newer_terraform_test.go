package provider_test

// Acceptance tests for Terraform features newer than the 1.11 on this
// project's machines' PATH: resource identity (1.12) and `terraform query`
// with list resources (1.14). Through an older CLI they skip; .ci/run runs
// the suite through Terraform 1.15.9 too, where none skips, and OpenTofu,
// which has identity but no query. The protocol-level tests in
// protocol_test.go run whatever the CLI.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func TestAccIdentity_importByIdentity(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	cfg := clientConfig(srv, emulator.ClientAcmeCRM, []string{"users:readonly"}, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		PreCheck:                 func() { preCheck(t) },
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(res, map[string]knownvalue.Check{"client_id": knownvalue.StringExact(emulator.ClientAcmeCRM)}),
					statecheck.ExpectIdentityValueMatchesState(res, tfjsonpath.New("client_id")),
				},
			},
			{
				Config:          cfg,
				ResourceName:    res,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:          cfg,
				ResourceName:    res,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

func TestAccQuery_listAuthorizedClients(t *testing.T) {
	skipOnOpenTofu(t, "query command and no list resources")
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.ClientAcmeCRM, []string{"users:readonly"}, nil); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		PreCheck:                 func() { preCheck(t) },
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Query: true,
			Config: providerBlock(srv) + `
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true
}

list "genesysauth_authorized_client" "tableau" {
  provider = genesysauth
  config {
    name = "tableau"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("genesysauth_authorized_client.all", 2),
				querycheck.ExpectIdentity("genesysauth_authorized_client.all", map[string]knownvalue.Check{
					"client_id": knownvalue.StringExact(emulator.ClientAcmeCRM),
				}),
				querycheck.ExpectIdentity("genesysauth_authorized_client.all", map[string]knownvalue.Check{
					"client_id": knownvalue.StringExact(emulator.ClientTableau),
				}),
				querycheck.ExpectLength("genesysauth_authorized_client.tableau", 1),
				querycheck.ExpectTotalLengthForMatching(regexp.MustCompile("genesysauth_authorized_client"), 3),
			},
		}},
	})
}

// What `terraform query -generate-config-out` writes imports and then plans
// no change, for every result: the default listing (authorized clients,
// a built-in one with roles included) leaves out the pending and revoked
// records that could not be imported, and a filter that could only list
// those is refused, pointing at the data source.
func TestAccCLI_queryGeneratesImportableConfig(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinDirectory, []string{"conversations", "presence"}, []string{emulator.RoleEmployee}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	if cli := underTest(t); cli.openTofu || versionBelow(cli.version, 1, 14) {
		t.Skipf("%s %s has no query command (Terraform 1.14 and later)", cli.Name(), cli.version)
	}
	c.write("main.tf", cliProviderHeader)
	c.write("list.tfquery.hcl", `
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true
}
`)
	c.must(0, "init", "-input=false")
	c.must(0, "query", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(c.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{emulator.BuiltinDirectory, emulator.ClientTableau} {
		if !strings.Contains(string(gen), id) {
			t.Errorf("generated.tf lacks %s:\n%s", id, gen)
		}
	}
	for _, id := range []string{emulator.ClientZapier, emulator.ClientPagerDuty} {
		if strings.Contains(string(gen), id) {
			t.Errorf("generated.tf has %s, which cannot be imported:\n%s", id, gen)
		}
	}
	c.remove("list.tfquery.hcl")
	out := c.must(0, "plan", "-input=false")
	if !strings.Contains(out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("the plan of the generated configuration:\n%s", out)
	}
	out = c.must(0, "apply", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Resources: 2 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply of the generated configuration:\n%s", out)
	}
	c.must(0, "plan", "-input=false", "-detailed-exitcode")

	c.write("pending.tfquery.hcl", `
list "genesysauth_authorized_client" "pending" {
  provider = genesysauth
  config {
    state = "Requested"
  }
}
`)
	out, code := c.run("query")
	if code == 0 || !strings.Contains(flat(out), `state = "Requested" lists records that genesysauth_authorized_client cannot import`) ||
		!strings.Contains(flat(out), "genesysauth_authorized_clients data source") {
		t.Errorf("a query for pending requests (exit %d):\n%s", code, out)
	}
}

// versionBelow compares a CLI version "1.15.9" with major.minor.
func versionBelow(version string, major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(version, "%d.%d", &ma, &mi); err != nil {
		return true
	}
	return ma < major || (ma == major && mi < minor)
}
