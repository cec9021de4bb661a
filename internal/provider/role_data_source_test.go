package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func TestAccRoleDataSource(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	const sup = "data.genesysauth_role.sup"
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `data "genesysauth_role" "sup" { name = "supervisor" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(sup, tfjsonpath.New("id"), knownvalue.StringExact(emulator.RoleSupervisor)),
				statecheck.ExpectKnownValue(sup, tfjsonpath.New("description"), knownvalue.StringExact("Monitors queues and agents")),
				statecheck.ExpectKnownValue(sup, tfjsonpath.New("default"), knownvalue.Bool(true)),
			},
		}, {
			Config:      providerBlock(srv) + `data "genesysauth_role" "x" { name = "Astronaut" }`,
			ExpectError: expectError(`(?s)Role not found.*No role is named "Astronaut".*"supervisor"`),
		}},
	})
}
