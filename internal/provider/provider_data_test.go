package provider

import (
	"context"
	"errors"
	"sync"
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

func TestSnapshotConcurrentReadsShareOneListing(t *testing.T) {
	srv, data := snapshotFixture(t)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := data.auths.Get(context.Background(), emulator.ClientTableau)
			if err == nil && a.State != "Authorized" {
				err = errors.New("wrong state " + a.State)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.Calls(emulator.RouteListAuthorizations); n != 1 {
		t.Errorf("50 concurrent Reads made %d list calls, want 1", n)
	}
	if n := srv.Calls(emulator.RouteGetAuthorization); n != 0 {
		t.Errorf("Reads of listed clients made %d GETs, want 0", n)
	}
}

func TestSnapshotSeesWritesOfTheSameProcess(t *testing.T) {
	srv, data := snapshotFixture(t)
	ctx := context.Background()
	if _, err := data.auths.Get(ctx, emulator.ClientTableau); err != nil {
		t.Fatal(err)
	}
	a, err := data.client.UpdateScope(ctx, emulator.ClientTableau, []string{"users:readonly"})
	if err != nil {
		t.Fatal(err)
	}
	data.auths.Put(*a)
	got, err := data.auths.Get(ctx, emulator.ClientTableau)
	if err != nil || len(got.Scope) != 1 || got.Scope[0] != "users:readonly" {
		t.Errorf("Read after write: %+v %v", got, err)
	}
	// A write that failed part-way drops the entry: the next Read asks the API.
	data.auths.Forget(emulator.ClientTableau)
	if _, err := data.auths.Get(ctx, emulator.ClientTableau); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls(emulator.RouteGetAuthorization); n != 1 || srv.Calls(emulator.RouteListAuthorizations) != 1 {
		t.Errorf("after Forget: %d GETs and %d lists, want 1 and 1", n, srv.Calls(emulator.RouteListAuthorizations))
	}
}

func TestSnapshotMissingClientConfirmedByGet(t *testing.T) {
	srv, data := snapshotFixture(t)
	ctx := context.Background()
	if _, err := data.auths.All(ctx); err != nil {
		t.Fatal(err)
	}
	// Authorized after the listing: absent from the snapshot, found by the GET.
	if err := srv.AuthorizeByHand(emulator.ClientHubSpot, []string{"external-contacts"}, nil); err != nil {
		t.Fatal(err)
	}
	a, err := data.auths.Get(ctx, emulator.ClientHubSpot)
	if err != nil || a.State != "Authorized" {
		t.Fatalf("a client authorized after the listing: %+v %v", a, err)
	}
	// Never authorized: the GET answers 404 and only then is it gone.
	_, err = data.auths.Get(ctx, emulator.ClientVerint)
	if !errors.Is(err, genesys.ErrNotFound) {
		t.Errorf("never authorized: %v", err)
	}
	if n := srv.Calls(emulator.RouteGetAuthorization); n != 2 {
		t.Errorf("want one confirming GET per missing client (2), got %d", n)
	}
	if n := srv.Calls(emulator.RouteListAuthorizations); n != 1 {
		t.Errorf("list calls = %d, want 1", n)
	}
}

func TestLazyRetriesAfterAFailedLoad(t *testing.T) {
	var l lazy[int]
	calls := 0
	load := func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("boom")
		}
		return 42, nil
	}
	if _, err := l.get(context.Background(), load); err == nil {
		t.Fatal("first load must fail")
	}
	if v, err := l.get(context.Background(), load); err != nil || v != 42 {
		t.Fatalf("second load: %d %v", v, err)
	}
	if v, _ := l.get(context.Background(), load); v != 42 || calls != 2 {
		t.Errorf("a loaded value must be kept: %d after %d loads", v, calls)
	}
}
