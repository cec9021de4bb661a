package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func TestAccBuiltinClientsDataSource(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser, emulator.RoleEmployee}); err != nil {
		t.Fatal(err)
	}
	const all, android = "data.genesysauth_builtin_clients.all", "data.genesysauth_builtin_clients.android"
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "genesysauth_builtin_clients" "all" {}
data "genesysauth_builtin_clients" "android" { name = "android collaborate" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The built-in clients the help page names, and no other client of the listing.
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("Android Collaborate")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(1).AtMapKey("name"), knownvalue.StringExact("Architect")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(2).AtMapKey("name"), knownvalue.StringExact("Directory Web Client (Unified App)")),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(3).AtMapKey("name"), knownvalue.StringExact("iOS Collaborate")),
				statecheck.ExpectKnownValue(android, tfjsonpath.New("clients"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"client_id":   knownvalue.StringExact(emulator.BuiltinAndroidCollaborate),
						"name":        knownvalue.StringExact("Android Collaborate"),
						"description": knownvalue.StringExact("Genesys Cloud Collaborate on Android phones"),
						"scopes":      stringSet("presence", "users:readonly", "notifications", "conversations", "user-basic-info"),
						"authorized":  knownvalue.Bool(true),
						"roles":       stringSet(emulator.RoleCollaborateUser, emulator.RoleEmployee),
					}),
				})),
				// The Directory web client is enabled by default but has no record: not authorized, no roles.
				statecheck.ExpectKnownValue(all, tfjsonpath.New("clients").AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"client_id":  knownvalue.StringExact(emulator.BuiltinDirectory),
					"authorized": knownvalue.Bool(false),
					"roles":      knownvalue.SetSizeExact(0),
				})),
			},
		}, {
			Config:      providerBlock(srv) + `data "genesysauth_builtin_clients" "x" { name = "Genesys Cloud for Slack" }`,
			ExpectError: expectError(`(?s)No built-in client is named "Genesys Cloud for Slack".*"Android Collaborate", "Architect", "Directory Web Client \(Unified App\)", "iOS Collaborate"`),
		}},
	})
}
