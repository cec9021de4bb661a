package provider

import (
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

func snapshotFixture(t *testing.T) (*emulator.Server, *providerData) {
	t.Helper()
	srv, err := emulator.Start(emulator.Options{RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return snapshotFixtureB(t, srv)
}

// snapshotFixtureB gives provider data whose client talks to srv.
func snapshotFixtureB(tb testing.TB, srv *emulator.Server) (*emulator.Server, *providerData) {
	tb.Helper()
	c, err := genesys.New(genesys.Config{APIURL: srv.URL(), TokenURL: srv.TokenURL(),
		ClientID: emulator.AdminClientID, ClientSecret: emulator.AdminClientSecret})
	if err != nil {
		tb.Fatal(err)
	}
	return srv, newProviderData(c)
}
