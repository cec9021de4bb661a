package provider_test

// The helpers of the provider's tests: the provider served in-process, the
// emulator, configuration builders, and checks of the emulator's store and
// counters.

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

// accTest runs an acceptance test case with the provider's factories and,
// unless the case brings its own (a serial test that sets the environment,
// which must call preCheck first), preCheck.
func accTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	if tc.PreCheck == nil {
		tc.PreCheck = func() { preCheck(t) }
	}
	if tc.ProtoV6ProviderFactories == nil {
		tc.ProtoV6ProviderFactories = factories()
	}
	resource.Test(t, tc)
}

// factories serve a fresh provider instance to every terraform command, as
// a real plugin process would be.
func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"genesysauth": func() (tfprotov6.ProviderServer, error) {
			return providerserver.NewProtocol6WithError(provider.New("test")())()
		},
	}
}

// credentialEnv is every setting the provider reads from the environment.
// TestMain clears them once, so that no credential of the machine leaks
// into a test and the tests that pass everything in the configuration run
// in parallel; a test that sets one (t.Setenv) runs serially, before them.
var credentialEnv = []string{provider.EnvClientID, provider.EnvClientSecret, provider.EnvRegion, provider.EnvAccessToken,
	provider.EnvAPIURL, provider.EnvTokenURL, provider.EnvMaxRetries, provider.EnvRequestsPerMinute, provider.EnvRequestTimeout,
	provider.EnvOrganizationID}

// preCheck fails a test that would run with a provider setting in the
// environment it did not set itself.
func preCheck(t *testing.T) {
	t.Helper()
	for _, env := range credentialEnv {
		if v, ok := os.LookupEnv(env); ok && v != "" {
			t.Fatalf("%s is set (%d characters) when this test starts: TestMain clears it, and only a serial test sets it", env, len(v))
		}
	}
}

// clearEnv unsets every provider setting for the rest of a serial test,
// which sets them case by case: what one case set is gone for the next.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, env := range credentialEnv {
		t.Setenv(env, "")
		_ = os.Unsetenv(env)
	}
}

// startEmulator starts an in-process emulator on loopback for one test.
func startEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	return emulator.StartTB(t, opts)
}

// emulatorEnv gives the provider the emulator and the admin's credentials
// through the environment, as a pipeline would.
func emulatorEnv(t *testing.T, srv *emulator.Server) {
	t.Helper()
	t.Setenv(provider.EnvAPIURL, srv.URL())
	t.Setenv(provider.EnvTokenURL, srv.TokenURL())
	t.Setenv(provider.EnvClientID, emulator.AdminClientID)
	t.Setenv(provider.EnvClientSecret, emulator.AdminClientSecret)
}

// providerBlock points the provider at the emulator with the admin's
// credentials.
func providerBlock(srv *emulator.Server) string {
	return credentialsBlock(srv, emulator.AdminClientID, emulator.AdminClientSecret, "")
}

func credentialsBlock(srv *emulator.Server, id, secret, extra string) string {
	return fmt.Sprintf(`
provider "genesysauth" {
  api_url            = %q
  token_url          = %q
  oauthclient_id     = %q
  oauthclient_secret = %q
  %s
}
`, srv.URL(), srv.TokenURL(), id, secret, extra)
}

func TestMain(m *testing.M) {
	for _, env := range credentialEnv {
		_ = os.Unsetenv(env)
	}
	os.Exit(testcli.Main(m))
}

func stringSet(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// storeHas checks the emulator's record of a client: state, scopes and roles.
func storeHas(srv *emulator.Server, clientID, state string, scopes, roles []string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		if err := stateIs(srv, map[string]string{clientID: state})(st); err != nil {
			return err
		}
		a, _ := srv.Authorization(clientID)
		gotScopes, gotRoles := slices.Sorted(slices.Values(a.Scope)), slices.Sorted(slices.Values(a.Roles))
		if !slices.Equal(gotScopes, slices.Sorted(slices.Values(scopes))) || !slices.Equal(gotRoles, slices.Sorted(slices.Values(roles))) {
			return fmt.Errorf("emulator has %s %v roles %v; want %s %v roles %v", a.State, gotScopes, gotRoles, state, scopes, roles)
		}
		return nil
	}
}

// callsAre checks the emulator's counters since the last reset: each route
// named (the authorization writes and GET when none is) was called as often
// as want says, 0 when it says nothing.
func callsAre(srv *emulator.Server, want map[string]int, routes ...string) resource.TestCheckFunc {
	if len(routes) == 0 {
		routes = []string{emulator.RoutePutAuthorization, emulator.RouteRevoke, emulator.RouteGetAuthorization}
	}
	return func(*terraform.State) error {
		for _, route := range routes {
			if got := srv.Calls(route); got != want[route] {
				return fmt.Errorf("%s called %d times, want %d (all: %v)", route, got, want[route], srv.CallCounts())
			}
		}
		return nil
	}
}

// expectError compiles a pattern in which a space matches any run of
// white space, since terraform wraps long messages.
func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// afterPlan runs a change by hand between the plan and the apply of a step:
// the test harness applies the saved plan it checked, so this is a saved
// plan applied after the organization changed.
type afterPlan func()

func (f afterPlan) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// stateIs checks the state of each client's record in the emulator.
func stateIs(srv *emulator.Server, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for id, state := range want {
			a, ok := srv.Authorization(id)
			if !ok && state != "" {
				return fmt.Errorf("the emulator has no record of %s, want %s", id, state)
			}
			if a.State != state {
				return fmt.Errorf("%s is %q, want %s", id, a.State, state)
			}
		}
		return nil
	}
}

// revokes checks the number of DELETE calls since the last reset.
func revokes(srv *emulator.Server, n int) resource.TestCheckFunc {
	return callsAre(srv, map[string]int{emulator.RouteRevoke: n}, emulator.RouteRevoke)
}

// authorizeByHand authorizes clients (id -> scope) outside Terraform.
func authorizeByHand(t *testing.T, srv *emulator.Server, clients map[string]string) {
	t.Helper()
	for id, scope := range clients {
		if err := srv.AuthorizeByHand(id, []string{scope}, nil); err != nil {
			t.Fatal(err)
		}
	}
}
