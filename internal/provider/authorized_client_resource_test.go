package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

const res = "genesysauth_authorized_client.this"

func clientConfig(srv *emulator.Server, clientID string, scopes []string, roles string) string {
	quoted := make([]string, len(scopes))
	for i, s := range scopes {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	rolesLine := ""
	if roles != "" {
		rolesLine = "roles = " + roles
	}
	return providerBlock(srv) + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = [%s]
  %s
}
`, clientID, strings.Join(quoted, ", "), rolesLine)
}

func attr(name string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(res, tfjsonpath.New(name), check)
}

func TestAccAuthorizedClient_lifecycle(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	acme := emulator.ClientAcmeCRM
	accTest(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			for _, id := range []string{acme, emulator.ClientServiceNow} {
				if a, ok := srv.Authorization(id); ok && a.State != "Revoked" {
					return fmt.Errorf("%s is still %s after destroy", id, a.State)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetCalls,
				Config:    clientConfig(srv, acme, []string{"users:readonly", "notifications"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
					// A reviewer reads the client's name, not "(known after apply)".
					plancheck.ExpectKnownValue(res, tfjsonpath.New("client_name"), knownvalue.StringExact("Acme CRM Connector")),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("builtin"), knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("id", knownvalue.StringExact(acme)),
					attr("client_id", knownvalue.StringExact(acme)),
					attr("scopes", stringSet("notifications", "users:readonly")),
					attr("roles", knownvalue.Null()),
					attr("client_name", knownvalue.StringExact("Acme CRM Connector")),
					attr("builtin", knownvalue.Bool(false)),
					attr("state", knownvalue.StringExact("Authorized")),
					attr("authorized_by", knownvalue.StringExact(emulator.AdminClientID)),
					attr("authorized_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, acme, "Authorized", []string{"users:readonly", "notifications"}, nil),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				ResourceName:      res,
				ImportState:       true,
				ImportStateId:     acme,
				ImportStateVerify: true,
			},
			{
				// One scope added, one removed: one PUT, nothing else.
				PreConfig: srv.ResetCalls,
				Config:    clientConfig(srv, acme, []string{"users:readonly", "external-contacts"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("scopes"), stringSet("external-contacts", "users:readonly")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{attr("scopes", stringSet("external-contacts", "users:readonly"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, acme, "Authorized", []string{"users:readonly", "external-contacts"}, nil),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// A second apply of the same configuration plans nothing and writes nothing.
				PreConfig: srv.ResetCalls,
				Config:    clientConfig(srv, acme, []string{"users:readonly", "external-contacts"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: callsAre(srv, map[string]int{}),
			},
			{
				// Scopes changed by hand: the plan shows an in-place update back.
				PreConfig: func() {
					if err := srv.SetScopesByHand(acme, []string{"users:readonly", "conversations:readonly", "notifications"}); err != nil {
						t.Fatal(err)
					}
					srv.ResetCalls()
				},
				Config: clientConfig(srv, acme, []string{"users:readonly", "external-contacts"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{attr("scopes", stringSet("external-contacts", "users:readonly"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, acme, "Authorized", []string{"users:readonly", "external-contacts"}, nil),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// Revoked by hand: the plan shows a create.
				PreConfig: func() { srv.RevokeByHand(acme); srv.ResetCalls() },
				Config:    clientConfig(srv, acme, []string{"users:readonly", "external-contacts"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{attr("state", knownvalue.StringExact("Authorized"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, acme, "Authorized", []string{"users:readonly", "external-contacts"}, nil),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// A new client_id replaces: revoke the old, authorize the new.
				PreConfig: srv.ResetCalls,
				Config:    clientConfig(srv, emulator.ClientServiceNow, []string{"integrations:readonly"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("client_id", knownvalue.StringExact(emulator.ClientServiceNow)),
					attr("client_name", knownvalue.StringExact("ServiceNow Incident Sync")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, acme, "Revoked", nil, nil),
					storeHas(srv, emulator.ClientServiceNow, "Authorized", []string{"integrations:readonly"}, nil),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1, emulator.RouteRevoke: 1}),
				),
			},
		},
	})
}

func TestAccAuthorizedClient_builtinRoles(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	sf := emulator.BuiltinDirectory
	config := func(roles string) string {
		return clientConfig(srv, sf, []string{"conversations", "presence"}, roles) + `
data "genesysauth_role" "employee" { name = "employee" }
data "genesysauth_role" "supervisor" { name = "Supervisor" }
data "genesysauth_role" "agent" { name = "Flow Designer" }
`
	}
	accTest(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if a, _ := srv.Authorization(sf); a.State != "Revoked" || len(a.Roles) != 0 {
				return fmt.Errorf("after destroy: %s roles %v", a.State, a.Roles)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetCalls,
				Config:    config("[data.genesysauth_role.employee.id, data.genesysauth_role.supervisor.id]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(res, tfjsonpath.New("client_name"), knownvalue.StringExact("Directory Web Client (Unified App)")),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("builtin"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("roles", stringSet(emulator.RoleEmployee, emulator.RoleSupervisor)),
					attr("builtin", knownvalue.Bool(true)),
					attr("client_name", knownvalue.StringExact("Directory Web Client (Unified App)")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, sf, "Authorized", []string{"conversations", "presence"}, []string{emulator.RoleEmployee, emulator.RoleSupervisor}),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				ResourceName:      res,
				ImportState:       true,
				ImportStateId:     sf,
				ImportStateVerify: true,
			},
			{
				// employee out, Flow Designer in (remove-role and add-role): one PUT.
				PreConfig: srv.ResetCalls,
				Config:    config("[data.genesysauth_role.supervisor.id, data.genesysauth_role.agent.id]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{attr("roles", stringSet(emulator.RoleSupervisor, emulator.RoleFlowDesigner))},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, sf, "Authorized", []string{"conversations", "presence"}, []string{emulator.RoleSupervisor, emulator.RoleFlowDesigner}),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// A role added by hand shows as drift and is removed again.
				PreConfig: func() {
					if err := srv.AddRoleByHand(sf, emulator.RoleAdmin); err != nil {
						t.Fatal(err)
					}
					srv.ResetCalls()
				},
				Config: config("[data.genesysauth_role.supervisor.id, data.genesysauth_role.agent.id]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, sf, "Authorized", []string{"conversations", "presence"}, []string{emulator.RoleSupervisor, emulator.RoleFlowDesigner}),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// Scopes and roles changed together: still one PUT.
				PreConfig: srv.ResetCalls,
				Config: clientConfig(srv, sf, []string{"conversations", "presence", "groups"}, "[data.genesysauth_role.employee.id]") + `
data "genesysauth_role" "employee" { name = "employee" }
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("roles", stringSet(emulator.RoleEmployee)),
					attr("scopes", stringSet("conversations", "groups", "presence")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, sf, "Authorized", []string{"conversations", "presence", "groups"}, []string{emulator.RoleEmployee}),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// No roles at all: one PUT with an empty role set.
				PreConfig:         srv.ResetCalls,
				Config:            config(""),
				ConfigStateChecks: []statecheck.StateCheck{attr("roles", knownvalue.Null())},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, sf, "Authorized", []string{"conversations", "presence"}, nil),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
		},
	})
}

func TestAccAuthorizedClient_alreadyAuthorizedOutsideTerraform(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	tableau := emulator.ClientTableau // authorized by hand in the seed
	cfg := clientConfig(srv, tableau, []string{"analytics:readonly", "routing:readonly"}, "")
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// The plan warns (an error would also stop terraform
				// destroy); apply refuses before any write.
				PreConfig: srv.ResetCalls,
				Config:    cfg,
				ExpectError: expectError(`(?s)already authorized.*import \{\s+to = genesysauth_authorized_client\.this\s+id = "` +
					tableau + `"\s+\}`),
			},
			{
				// The import block the error shows adopts it; the plan is otherwise empty.
				PreConfig: func() {
					if err := callsAre(srv, map[string]int{}, emulator.RoutePutAuthorization, emulator.RouteRevoke)(nil); err != nil {
						t.Error(err)
					}
				},
				Config: cfg + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", res, tableau),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("scopes", stringSet("analytics:readonly", "routing:readonly")),
					attr("client_name", knownvalue.StringExact("Tableau Analytics Export")),
				},
			},
		},
	})
}

func TestAccAuthorizedClient_badInput(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	notFound := "11111111-2222-4333-8444-555555555555"
	steps := []struct {
		name   string
		config string
		want   string
	}{
		{"malformed client ID", clientConfig(srv, "acme-crm", []string{"users:readonly"}, ""), `(?s)client_id.*must be an OAuth client ID, a UUID`},
		{"empty scope set", clientConfig(srv, emulator.ClientAcmeCRM, nil, ""), `(?s)scopes = \[\] is not allowed: give at least one scope the client asks for.*to revoke the client, remove this resource`},
		{"empty scope", clientConfig(srv, emulator.ClientAcmeCRM, []string{""}, ""), `(?s)scopes.*length must be at least 1`},
		{"upper-case scope", clientConfig(srv, emulator.ClientAcmeCRM, []string{"Users:ReadOnly"}, ""), `(?s)must be a Genesys Cloud OAuth\s+scope`},
		{"scope with a space", clientConfig(srv, emulator.ClientAcmeCRM, []string{"users readonly"}, ""), `(?s)must be a Genesys Cloud OAuth\s+scope`},
		{"unknown scope", clientConfig(srv, emulator.ClientAcmeCRM, []string{"users:readonly", "teleportation"}, ""), `(?s)Unknown scope.*"teleportation" does not exist`},
		{"roles on a third-party client", clientConfig(srv, emulator.ClientAcmeCRM, []string{"users:readonly"}, fmt.Sprintf("[%q]", emulator.RoleSupervisor)), `(?s)Roles on a client that is not built-in.*Remove the roles attribute`},
		{"unknown role", clientConfig(srv, emulator.BuiltinDirectory, []string{"conversations"}, fmt.Sprintf("[%q]", notFound)), `(?s)Unknown role.*` + notFound + `.*genesysauth_role`},
		{"empty roles", clientConfig(srv, emulator.BuiltinDirectory, []string{"conversations"}, "[]"), `(?s)roles = \[\] is not allowed: leave roles out for none`},
		{"role name instead of ID", clientConfig(srv, emulator.BuiltinDirectory, []string{"conversations"}, `["supervisor"]`), `(?s)must be a role ID`},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{{Config: s.config, PlanOnly: true, ExpectError: expectError(s.want)}},
			})
		})
	}
	if n := srv.Calls(emulator.RoutePutAuthorization); n != 0 {
		t.Errorf("plan-time errors must not reach the API's writes: %d PUT calls", n)
	}
}

func TestAccAuthorizedClient_refusedAtApply(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	viewer := credentialsBlock(srv, emulator.ViewerClientID, emulator.ViewerClientSecret, "") + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly"]
}`, emulator.ClientAcmeCRM)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// A scope the client does not ask for: the API's message, naming the attribute.
				Config:      clientConfig(srv, emulator.ClientAcmeCRM, []string{"analytics"}, ""),
				ExpectError: expectError(`(?s)Error authorizing OAuth client.*Scope 'analytics' is not requested by OAuth\s+client.*Fix the scopes attribute`),
			},
			{
				Config:      viewer,
				ExpectError: expectError(`(?s)missing the following permission\(s\): \[oauth:client:authorize\].*administrator holding OAuth > Client >\s+Authorize`),
			},
			{
				Config:      clientConfig(srv, emulator.ClientNightlyExport, []string{"users:readonly"}, ""),
				ExpectError: expectError(`(?s)client-credentials grant.*Fix client_id`),
			},
		},
	})
	if _, ok := srv.Authorization(emulator.ClientAcmeCRM); ok {
		t.Error("a refused authorize left a record")
	}
}

// Scopes are a set: a duplicate in the configuration collapses into one
// scope (Terraform converts the list literal to a set before the provider
// sees it), and the authorize call carries it once.
func TestAccAuthorizedClient_duplicateScopesCollapse(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:            clientConfig(srv, emulator.ClientAcmeCRM, []string{"users:readonly", "users:readonly", "notifications"}, ""),
			ConfigStateChecks: []statecheck.StateCheck{attr("scopes", stringSet("notifications", "users:readonly"))},
			Check:             storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly", "notifications"}, nil),
		}},
	})
}

// Client and role IDs that differ only in case are the same ID: an import
// by an upper-case ID of a client configured in lower case plans no
// replacement and no change; upper-case IDs in the configuration are
// accepted at plan time as the API accepts them, and never make a diff.
func TestAccAuthorizedClient_idsWithoutCase(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	tableau := emulator.ClientTableau // authorized by hand in the seed
	upper := strings.ToUpper(tableau)
	dirUpper, roleUpper := strings.ToUpper(emulator.BuiltinDirectory), strings.ToUpper(emulator.RoleEmployee)
	dirRes := "genesysauth_authorized_client.dir"
	cfg := func(dirID, role string) string {
		return clientConfig(srv, tableau, []string{"analytics:readonly", "routing:readonly"}, "") + fmt.Sprintf(`
resource "genesysauth_authorized_client" "dir" {
  client_id = %q
  scopes    = ["conversations"]
  roles     = [%q]
}
`, dirID, role)
	}
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetCalls,
				Config:    cfg(dirUpper, roleUpper) + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", res, upper),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(res, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(dirRes, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("client_id", knownvalue.StringExact(tableau)),
					statecheck.ExpectKnownValue(dirRes, tfjsonpath.New("client_id"), knownvalue.StringExact(dirUpper)),
					statecheck.ExpectKnownValue(dirRes, tfjsonpath.New("roles"), stringSet(roleUpper)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, emulator.BuiltinDirectory, "Authorized", []string{"conversations"}, []string{emulator.RoleEmployee}),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
			{
				// The same client ID written in lower case: the same client,
				// so no change at all (not an update that calls nothing), and
				// the state keeps its spelling.
				PreConfig: srv.ResetCalls,
				Config:    cfg(emulator.BuiltinDirectory, roleUpper),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(dirRes, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dirRes, tfjsonpath.New("client_id"), knownvalue.StringExact(dirUpper)),
					statecheck.ExpectKnownValue(dirRes, tfjsonpath.New("id"), knownvalue.StringExact(dirUpper)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					callsAre(srv, map[string]int{}),
					storeHas(srv, emulator.BuiltinDirectory, "Authorized", []string{"conversations"}, []string{emulator.RoleEmployee}),
				),
			},
			{
				// The role IDs written in lower case too: never a replacement, and no call.
				PreConfig: srv.ResetCalls,
				Config:    cfg(emulator.BuiltinDirectory, emulator.RoleEmployee),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(dirRes, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dirRes, tfjsonpath.New("client_id"), knownvalue.StringExact(dirUpper)),
					statecheck.ExpectKnownValue(dirRes, tfjsonpath.New("roles"), stringSet(emulator.RoleEmployee)),
				},
				Check: callsAre(srv, map[string]int{}),
			},
		},
	})
}

// A scope known only after apply (one element of the set): the plan goes
// through, and the plan Terraform makes again at apply time, with the value
// known, checks it before any write: a good scope is authorized, an
// unknown one is refused with nothing written.
func TestAccAuthorizedClient_scopeKnownOnlyAfterApply(t *testing.T) {
	t.Parallel()
	cfg := func(srv *emulator.Server, later string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "terraform_data" "later" {
  input = %q
}

resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly", terraform_data.later.output]
}
`, later, emulator.ClientAcmeCRM)
	}
	t.Run("a good scope", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config: cfg(srv, "notifications"),
				Check:  storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly", "notifications"}, nil),
			}},
		})
	})
	t.Run("an unknown scope", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				PreConfig:   srv.ResetCalls,
				Config:      cfg(srv, "no:such:scope"),
				ExpectError: expectError(`Unknown scope`),
			}, {
				PreConfig: func() {
					if err := callsAre(srv, map[string]int{}, emulator.RoutePutAuthorization)(nil); err != nil {
						t.Error(err)
					}
				},
				Config: cfg(srv, "notifications"),
			}},
		})
	})
}
