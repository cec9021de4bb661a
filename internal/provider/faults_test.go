package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// A fault scripted for one route: the next count answers are kind.
type fault struct {
	name  string
	kind  emulator.FaultKind
	count int
}

// The faults the client rides out, one per phase through Terraform; every
// fault on every call is internal/genesys's TestEveryRetriedFaultOnEveryCall.
var (
	storm429   = fault{"429 storm", emulator.Fault429, 3}
	twice502   = fault{"502 twice", emulator.Fault502, 2}
	twice503   = fault{"503 twice", emulator.Fault503, 2}
	twice504   = fault{"504 twice", emulator.Fault504, 2}
	droppedTwo = fault{"dropped connection twice", emulator.FaultDrop, 2}
)

func inject(srv *emulator.Server, route string, f fault) func() {
	return func() {
		srv.ClearFaults()
		srv.ResetCalls()
		srv.InjectFault(route, f.kind, f.count)
	}
}

func acmeConfig(srv *emulator.Server, scopes ...string) string {
	return clientConfig(srv, emulator.ClientAcmeCRM, scopes, "")
}

func TestAccFaults_create(t *testing.T) {
	t.Parallel()
	for _, f := range []fault{storm429, {"dropped after the write (the retried PUT is harmless)", emulator.FaultDropAfterWrite, 1}} {
		t.Run(f.name, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{{
					PreConfig:         inject(srv, emulator.RoutePutAuthorization, f),
					Config:            acmeConfig(srv, "users:readonly"),
					ConfigStateChecks: []statecheck.StateCheck{attr("scopes", stringSet("users:readonly"))},
					Check:             storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
				}, {
					Config:           acmeConfig(srv, "users:readonly"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				}},
			})
		})
	}
	t.Run("500 fails clearly, nothing is half-made, the next apply creates", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				PreConfig:   inject(srv, emulator.RoutePutAuthorization, fault{"500", emulator.Fault500, 1}),
				Config:      acmeConfig(srv, "users:readonly"),
				ExpectError: expectError(`(?s)Error authorizing OAuth client.*OAuth client ` + emulator.ClientAcmeCRM + `.*500 internal.server.error.*contextId.*run the same command again`),
			}, {
				PreConfig: func() {
					if _, ok := srv.Authorization(emulator.ClientAcmeCRM); ok {
						t.Error("a failed authorize left a record")
					}
				},
				Config:           acmeConfig(srv, "users:readonly"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate)}},
				Check:            storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
			}},
		})
	})
}

func TestAccFaults_updateRefreshImportDestroy(t *testing.T) {
	t.Parallel()
	phases := []struct {
		name, route string
		f           fault
		step        func(srv *emulator.Server, f fault) resource.TestStep
	}{
		{"update", emulator.RoutePutAuthorization, twice502, func(srv *emulator.Server, f fault) resource.TestStep {
			return resource.TestStep{
				PreConfig: inject(srv, emulator.RoutePutAuthorization, f),
				Config:    acmeConfig(srv, "users:readonly", "notifications"),
				Check:     storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly", "notifications"}, nil),
			}
		}},
		{"refresh", emulator.RouteListAuthorizations, twice503, func(srv *emulator.Server, f fault) resource.TestStep {
			return resource.TestStep{
				PreConfig:        inject(srv, emulator.RouteListAuthorizations, f),
				Config:           acmeConfig(srv, "users:readonly"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			}
		}},
		{"import", emulator.RouteListAuthorizations, twice504, func(srv *emulator.Server, f fault) resource.TestStep {
			return resource.TestStep{
				PreConfig: inject(srv, emulator.RouteListAuthorizations, f), ResourceName: res,
				ImportState: true, ImportStateId: emulator.ClientAcmeCRM, ImportStateVerify: true,
			}
		}},
		{"destroy", emulator.RouteRevoke, droppedTwo, func(srv *emulator.Server, f fault) resource.TestStep {
			return resource.TestStep{
				PreConfig: inject(srv, emulator.RouteRevoke, f), Config: acmeConfig(srv, "users:readonly"), Destroy: true,
				Check: storeHas(srv, emulator.ClientAcmeCRM, "Revoked", nil, nil),
			}
		}},
	}
	for _, p := range phases {
		t.Run(p.name+"/"+p.f.name, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			accTest(t, resource.TestCase{
				Steps: []resource.TestStep{{Config: acmeConfig(srv, "users:readonly")}, p.step(srv, p.f)},
			})
			if srv.Calls(p.route) < p.f.count+1 {
				t.Errorf("%s: the fault was not met: %v", p.route, srv.CallCounts())
			}
		})
	}
}

func TestAccFaults_failuresLeaveStateTrue(t *testing.T) {
	t.Parallel()
	t.Run("update answered 500 keeps the old scopes; the next apply finishes", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{
				{Config: acmeConfig(srv, "users:readonly")},
				{
					PreConfig:   inject(srv, emulator.RoutePutAuthorization, fault{"500", emulator.Fault500, 1}),
					Config:      acmeConfig(srv, "users:readonly", "notifications"),
					ExpectError: expectError(`(?s)Error updating OAuth client authorization.*500.*state keeps the authorization as it was.*run terraform apply again to finish`),
				},
				{
					PreConfig: func() {
						if a, _ := srv.Authorization(emulator.ClientAcmeCRM); len(a.Scope) != 1 {
							t.Errorf("a refused update changed the store: %v", a.Scope)
						}
						srv.ResetCalls()
					},
					Config:           acmeConfig(srv, "users:readonly", "notifications"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}},
					Check: resource.ComposeAggregateTestCheckFunc(
						storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly", "notifications"}, nil),
						callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
					),
				},
			},
		})
	})
	t.Run("refresh answered 500 fails the plan clearly, once", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{
				{Config: acmeConfig(srv, "users:readonly")},
				{
					PreConfig:   inject(srv, emulator.RouteListAuthorizations, fault{"500", emulator.Fault500, 1}),
					Config:      acmeConfig(srv, "users:readonly"),
					ExpectError: expectError(`(?s)Error reading the organization's authorizations.*GET /api/v2/oauth/authorizations: 500 internal.server.error.*contextId.*run the same command again`),
				},
			},
		})
	})
	t.Run("destroy answered 500 keeps the resource; the next destroy revokes", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			CheckDestroy: func(*terraform.State) error {
				return storeHas(srv, emulator.ClientAcmeCRM, "Revoked", nil, nil)(nil)
			},
			Steps: []resource.TestStep{
				{Config: acmeConfig(srv, "users:readonly")},
				{
					PreConfig:   inject(srv, emulator.RouteRevoke, fault{"500", emulator.Fault500, 1}),
					Config:      acmeConfig(srv, "users:readonly"),
					Destroy:     true,
					ExpectError: expectError(`(?s)Error revoking OAuth client authorization.*500`),
				},
				{
					PreConfig: func() {
						// The failed revoke left the client authorized, as the state says.
						if err := storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil)(nil); err != nil {
							t.Error(err)
						}
					},
					Config:           acmeConfig(srv, "users:readonly"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
	})
}

// A change of scopes and roles together is one PUT: when it fails, nothing
// is half-made, the state keeps the record as it was, and the re-apply
// makes the one call again.
func TestAccFaults_scopeAndRoleChangeFails(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	dir := emulator.BuiltinDirectory
	two := fmt.Sprintf("[%q, %q]", emulator.RoleEmployee, emulator.RoleSupervisor)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: clientConfig(srv, dir, []string{"conversations"}, fmt.Sprintf("[%q]", emulator.RoleEmployee))},
			{
				PreConfig:   inject(srv, emulator.RoutePutAuthorization, fault{"500", emulator.Fault500, 1}),
				Config:      clientConfig(srv, dir, []string{"conversations", "presence"}, two),
				ExpectError: expectError(`(?s)Error updating OAuth client authorization.*` + dir + `.*500.*state keeps the authorization as it was`),
			},
			{
				PreConfig: func() {
					if a, _ := srv.Authorization(dir); strings.Join(a.Roles, ",") != emulator.RoleEmployee || strings.Join(a.Scope, ",") != "conversations" {
						t.Errorf("after the failure the store has %v %v", a.Scope, a.Roles)
					}
					srv.ResetCalls()
				},
				Config: clientConfig(srv, dir, []string{"conversations", "presence"}, two),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("roles"), stringSet(emulator.RoleEmployee, emulator.RoleSupervisor)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					attr("roles", stringSet(emulator.RoleEmployee, emulator.RoleSupervisor)),
					attr("scopes", stringSet("conversations", "presence")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					storeHas(srv, dir, "Authorized", []string{"conversations", "presence"}, []string{emulator.RoleEmployee, emulator.RoleSupervisor}),
					callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
				),
			},
		},
	})
}

func TestAccFaults_tokenExpiresMidApply(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	cfg := providerBlock(srv) + fmt.Sprintf(`
resource "genesysauth_authorized_client" "a" {
  client_id = %q
  scopes    = ["users:readonly"]
}
resource "genesysauth_authorized_client" "b" {
  client_id = %q
  scopes    = ["presence"]
  depends_on = [genesysauth_authorized_client.a]
}
resource "genesysauth_authorized_client" "c" {
  client_id = %q
  scopes    = ["recordings:readonly"]
  depends_on = [genesysauth_authorized_client.b]
}
`, emulator.ClientAcmeCRM, emulator.ClientSlack, emulator.ClientVerint)
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.ResetCalls()
				// The second authorize finds every token expired.
				srv.InjectFault(emulator.RoutePutAuthorization, emulator.FaultNone, 1)
				srv.InjectFault(emulator.RoutePutAuthorization, emulator.FaultExpireTokens, 1)
			},
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				storeHas(srv, emulator.ClientAcmeCRM, "Authorized", []string{"users:readonly"}, nil),
				storeHas(srv, emulator.ClientSlack, "Authorized", []string{"presence"}, nil),
				storeHas(srv, emulator.ClientVerint, "Authorized", []string{"recordings:readonly"}, nil),
				func(*terraform.State) error {
					// Three authorizations, one of them sent twice: refused with 401, then with a new token.
					if n := srv.Calls(emulator.RoutePutAuthorization); n != 4 {
						return fmt.Errorf("PUT calls = %d, want 4", n)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccFaults_timeouts(t *testing.T) {
	t.Parallel()
	t.Run("request_timeout", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				PreConfig: inject(srv, emulator.RoutePutAuthorization, fault{"hang", emulator.FaultHang, 1}),
				Config: credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, `request_timeout = "1s"`) + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly"]
}`, emulator.ClientAcmeCRM),
				ExpectError: expectError(`(?s)Error authorizing OAuth client.*OAuth client ` + emulator.ClientAcmeCRM + `.*no answer before the deadline.*request timeout is 1s.*Raise request_timeout`),
			}},
		})
	})
	t.Run("timeouts block", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				PreConfig: inject(srv, emulator.RoutePutAuthorization, fault{"hang", emulator.FaultHang, 1}),
				Config: providerBlock(srv) + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly"]
  timeouts {
    create = "1s"
  }
}`, emulator.ClientAcmeCRM),
				ExpectError: expectError(`(?s)Error authorizing OAuth client.*OAuth client ` + emulator.ClientAcmeCRM + `.*no answer before the deadline.*the resource's timeouts block`),
			}},
		})
	})
}

func TestAccSecretsNeverLogged(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	dir := t.TempDir()
	coreLog, providerLog := filepath.Join(dir, "terraform.log"), filepath.Join(dir, "provider.log")
	t.Setenv("TF_ACC_LOG_PATH", coreLog)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", providerLog)
	var stateJSON string
	// The credentials come from the environment, as a pipeline gives them:
	// the test harness itself logs the configuration's text at TRACE.
	accTest(t, resource.TestCase{
		PreCheck: func() {
			preCheck(t)
			emulatorEnv(t, srv)
		},
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = ["users:readonly"]
}`, emulator.ClientAcmeCRM),
			Check: func(s *terraform.State) error {
				stateJSON = fmt.Sprintf("%#v", s.RootModule().Resources)
				return nil
			},
		}},
	})
	var logs strings.Builder
	for _, f := range []string{coreLog, providerLog} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("no log at %s: %v", f, err)
		}
		logs.Write(b)
	}
	all := logs.String()
	if !strings.Contains(all, "API call") || !strings.Contains(all, "/api/v2/oauth/authorizations/"+emulator.ClientAcmeCRM) {
		t.Fatalf("the TRACE logs do not show the provider's API calls (%d bytes)", len(all))
	}
	secrets := append([]string{emulator.AdminClientSecret}, srv.IssuedTokens()...)
	if len(secrets) < 2 {
		t.Fatal("no token was issued")
	}
	for _, s := range secrets {
		if strings.Contains(all, s) {
			i := strings.Index(all, s)
			t.Errorf("a secret or token appears in the TRACE logs: ...%s...", all[max(0, i-300):i])
		}
		if strings.Contains(stateJSON, s) {
			t.Errorf("a secret or token appears in the state")
		}
	}
}

// An answer the provider does not understand (200 with {}) is an error
// naming the call; it never takes a resource out of state, also not
// through apply -refresh-only.
func TestAccFaults_oddAnswerKeepsState(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	accTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: acmeConfig(srv, "users:readonly")},
			{
				PreConfig:    inject(srv, emulator.RouteListAuthorizations, fault{"{}", emulator.FaultEmptyObject, 1}),
				RefreshState: true,
				ExpectError:  expectError(`(?s)GET /api/v2/oauth/authorizations: the answer is not a listing: it has no entities`),
			},
			{
				// The state still holds the client: the plan is empty.
				Config:            acmeConfig(srv, "users:readonly"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{attr("client_id", knownvalue.StringExact(emulator.ClientAcmeCRM))},
			},
		},
	})
}

// lostAnswerConfig is acme with one retry, so that a fault scripted twice
// outlasts the client's retries.
func lostAnswerConfig(srv *emulator.Server, scopes ...string) string {
	quoted := make([]string, len(scopes))
	for i, s := range scopes {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, "max_retries = 1") + fmt.Sprintf(`
resource "genesysauth_authorized_client" "this" {
  client_id = %q
  scopes    = [%s]
}
`, emulator.ClientAcmeCRM, strings.Join(quoted, ", "))
}

// A write whose answer is lost every time (the API carried it out, then the
// connection closed, max_retries + 1 times) is read back once: the apply
// succeeds, the state records what the organization holds, and the next
// plan is empty instead of calling the provider's own write "outside
// Terraform". A write that never reached the API (the connection closed
// before it was handled) fails, saying so, and the next apply makes it.
func TestAccFaults_lostAnswerIsReadBack(t *testing.T) {
	t.Parallel()
	acme := emulator.ClientAcmeCRM
	lost := fault{"handled, answer lost, twice", emulator.FaultDropAfterWrite, 2}
	readBackOnce := func(srv *emulator.Server, route string) resource.TestCheckFunc {
		return callsAre(srv, map[string]int{route: 2, emulator.RouteGetAuthorization: 1})
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	t.Run("create, update and destroy", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			CheckDestroy: func(*terraform.State) error {
				return resource.ComposeAggregateTestCheckFunc(storeHas(srv, acme, "Revoked", nil, nil),
					readBackOnce(srv, emulator.RouteRevoke))(nil)
			},
			Steps: []resource.TestStep{
				{
					PreConfig: inject(srv, emulator.RoutePutAuthorization, lost),
					Config:    lostAnswerConfig(srv, "users:readonly"),
					Check: resource.ComposeAggregateTestCheckFunc(readBackOnce(srv, emulator.RoutePutAuthorization),
						storeHas(srv, acme, "Authorized", []string{"users:readonly"}, nil)),
					ConfigStateChecks: []statecheck.StateCheck{attr("state", knownvalue.StringExact("Authorized"))},
				},
				{Config: lostAnswerConfig(srv, "users:readonly"), ConfigPlanChecks: empty},
				{
					PreConfig: inject(srv, emulator.RoutePutAuthorization, lost),
					Config:    lostAnswerConfig(srv, "users:readonly", "notifications"),
					Check: resource.ComposeAggregateTestCheckFunc(readBackOnce(srv, emulator.RoutePutAuthorization),
						storeHas(srv, acme, "Authorized", []string{"users:readonly", "notifications"}, nil)),
				},
				{
					Config:           lostAnswerConfig(srv, "users:readonly", "notifications"),
					ConfigPlanChecks: empty,
					// The destroy at the end of the test loses its answers too.
					Check: func(*terraform.State) error { inject(srv, emulator.RouteRevoke, lost)(); return nil },
				},
			},
		})
	})
	t.Run("never handled: the create fails and the next apply makes it", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		accTest(t, resource.TestCase{
			Steps: []resource.TestStep{
				{
					PreConfig:   inject(srv, emulator.RoutePutAuthorization, fault{"dropped before handling, twice", emulator.FaultDrop, 2}),
					Config:      lostAnswerConfig(srv, "users:readonly"),
					ExpectError: expectError(`(?s)Error authorizing OAuth client.*Read back after the lost answer, the client is not authorized: the write was not carried out`),
				},
				{
					PreConfig: func() {
						if _, ok := srv.Authorization(acme); ok {
							t.Error("a write that never reached the API left a record")
						}
						srv.ResetCalls()
					},
					Config: lostAnswerConfig(srv, "users:readonly"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(callsAre(srv, map[string]int{emulator.RoutePutAuthorization: 1}),
						storeHas(srv, acme, "Authorized", []string{"users:readonly"}, nil)),
				},
			},
		})
	})
}

// Read of a client the listing lacks asks with one GET: only a 404 (or a
// record that grants nothing) removes it, with a warning saying so; an
// answer the client does not understand, or a failure, is an error and the
// state keeps the client.
func TestProtocol_readConfirmingGet(t *testing.T) {
	t.Parallel()
	slack := emulator.ClientSlack // in the catalogue, never authorized: the listing lacks it
	cases := []struct {
		name     string
		kind     emulator.FaultKind
		severity tfprotov6.DiagnosticSeverity
		summary  string
		detail   []string
	}{
		{"empty object", emulator.FaultEmptyObject, tfprotov6.DiagnosticSeverityError, "Error reading OAuth client authorization",
			[]string{"GET /api/v2/oauth/authorizations/" + slack + " (OAuth client " + slack + "): the answer is not an authorization: it names no client"}},
		{"500", emulator.Fault500, tfprotov6.DiagnosticSeverityError, "Error reading OAuth client authorization",
			[]string{"GET /api/v2/oauth/authorizations/" + slack + ": 500 internal.server.error"}},
		{"403", emulator.Fault403, tfprotov6.DiagnosticSeverityError, "Error reading OAuth client authorization",
			[]string{"403 missing.permissions"}},
		{"404", emulator.FaultNone, tfprotov6.DiagnosticSeverityWarning, "OAuth client authorization removed outside Terraform",
			[]string{"OAuth client " + slack + " has no authorization in the organization (never authorized, or the record is gone). " +
				"It was removed from the Terraform state; the next plan authorizes it again."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emu := startEmulator(t, emulator.Options{})
			p := newProtoServer(t, emu)
			if tc.kind != emulator.FaultNone {
				emu.InjectFault(emulator.RouteGetAuthorization, tc.kind, 1)
			}
			read := p.readResource(p.imported(slack))
			diagIs(t, tc.name, read.Diagnostics, tc.severity, tc.summary, tc.detail...)
			if removed := p.isNull(read.NewState); removed != (tc.severity == tfprotov6.DiagnosticSeverityWarning) {
				t.Errorf("%s: state removed = %v", tc.name, removed)
			}
			if n := emu.Calls(emulator.RouteGetAuthorization); n != 1 {
				t.Errorf("GET called %d times, want 1", n)
			}
		})
	}
	// A record that grants nothing (revoked, pending since the import) is
	// removed with a warning naming its state, and no GET.
	for state, change := range map[string]func(*emulator.Server) error{
		"Revoked": func(emu *emulator.Server) error { emu.RevokeByHand(emulator.ClientTableau); return nil },
		"Requested": func(emu *emulator.Server) error {
			emu.RevokeByHand(emulator.ClientTableau)
			return emu.RequestByHand(emulator.ClientTableau, []string{"analytics:readonly"})
		},
	} {
		emu := startEmulator(t, emulator.Options{})
		p := newProtoServer(t, emu)
		imp := p.imported(emulator.ClientTableau)
		if err := change(emu); err != nil {
			t.Fatal(err)
		}
		p.walk()
		read := p.readResource(imp)
		a, _ := emu.Authorization(emulator.ClientTableau)
		who := map[string]string{"Revoked": "by " + emulator.HandAdminName + " at " + a.DateModified,
			"Requested": "at " + a.DateModified + ", by someone the API does not name"}[state]
		diagIs(t, state, read.Diagnostics, tfprotov6.DiagnosticSeverityWarning, "OAuth client authorization removed outside Terraform",
			"OAuth client "+emulator.ClientTableau+" (Tableau Analytics Export) is "+state+" in the organization: its authorization "+
				"was revoked, reset or is pending outside Terraform; last changed "+who+".")
		if !p.isNull(read.NewState) || emu.Calls(emulator.RouteGetAuthorization) != 0 {
			t.Errorf("%s: removed %v, GET %d", state, p.isNull(read.NewState), emu.Calls(emulator.RouteGetAuthorization))
		}
	}
}

// The built-in mark of a refreshed client comes from the catalogue, never
// guessed: a catalogue that cannot be read is an error.
func TestProtocol_readNeedsTheCatalogue(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	p := newProtoServer(t, emu)
	emu.InjectFault(emulator.RouteListClients, emulator.Fault500, 1)
	read := p.readResource(p.imported(emulator.ClientTableau))
	diagIs(t, "catalogue 500", read.Diagnostics, tfprotov6.DiagnosticSeverityError, "Error reading the client catalogue",
		"OAuth client "+emulator.ClientTableau+": GET /api/v2/oauth/clients", "500 internal.server.error")
}
