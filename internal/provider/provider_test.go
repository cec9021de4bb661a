package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

// factories serve a fresh provider instance to every terraform command, as
// a real plugin process would be.
func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"genesysauth": func() (tfprotov6.ProviderServer, error) {
			return providerserver.NewProtocol6WithError(provider.New("test")())()
		},
	}
}

// preCheck makes sure no credential of the machine leaks into a test.
func preCheck(t *testing.T) {
	t.Helper()
	for _, env := range []string{provider.EnvClientID, provider.EnvClientSecret, provider.EnvRegion, provider.EnvAccessToken,
		provider.EnvAPIURL, provider.EnvTokenURL, provider.EnvMaxRetries, provider.EnvRequestsPerMinute, provider.EnvRequestTimeout} {
		if _, ok := os.LookupEnv(env); ok {
			t.Setenv(env, "")
			os.Unsetenv(env)
		}
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
