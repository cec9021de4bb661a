package provider_test

// Acceptance tests for Terraform features newer than the 1.11 on this
// project's machines' PATH: resource identity (1.12) here, `terraform query`
// with list resources (1.14) in authorized_client_list_test.go. Through an
// older CLI they skip; .ci/run runs
// the suite through Terraform 1.15.9 too, where none skips, and OpenTofu,
// which has identity but no query. The protocol-level tests in
// protocol_test.go run whatever the CLI.

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func TestAccIdentity_importByIdentity(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	cfg := clientConfig(srv, emulator.ClientAcmeCRM, []string{"users:readonly"}, "")
	accTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
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
