package provider

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

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
	a, err := data.client.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: emulator.ClientTableau, Scope: []string{"users:readonly"}})
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

// Twenty concurrent Reads against a listing that answers 403 make one list
// call, and every Read gets its failure.
func TestSnapshotFailedLoadIsShared(t *testing.T) {
	srv, data := snapshotFixture(t)
	srv.InjectFault(emulator.RouteListAuthorizations, emulator.Fault500, 1)
	var wg sync.WaitGroup
	var failed sync.Map
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := data.auths.Get(context.Background(), emulator.ClientTableau)
			failed.Store(i, err)
		}()
	}
	wg.Wait()
	failed.Range(func(_, v any) bool {
		if err, _ := v.(error); !errors.Is(err, genesys.ErrServer) {
			t.Errorf("a Read got %v, want the listing's 500", v)
		}
		return true
	})
	if n := srv.Calls(emulator.RouteListAuthorizations); n != 1 {
		t.Errorf("20 Reads against a failing listing made %d list calls, want 1", n)
	}
}

// With a hung API, the Reads waiting on the load end with it, not one
// timeout after another.
func TestSnapshotHungLoadEndsEveryWaiterTogether(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := genesys.New(genesys.Config{APIURL: srv.URL(), TokenURL: srv.TokenURL(),
		ClientID: emulator.AdminClientID, ClientSecret: emulator.AdminClientSecret, RequestTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	data := newProviderData(c)
	srv.InjectFault(emulator.RouteListAuthorizations, emulator.FaultHang, 1)
	start := time.Now()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := data.auths.Get(context.Background(), emulator.ClientTableau); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("want the load's deadline, got %v", err)
			}
		}()
	}
	wg.Wait()
	// One request_timeout for all ten, not ten in a row (3 s); generous
	// for a loaded machine.
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("10 Reads on a hung listing took %s", took)
	}
	if n := srv.Calls(emulator.RouteListAuthorizations); n != 1 {
		t.Errorf("list calls = %d, want 1", n)
	}
}

// A write answered while the listing is in flight is applied on top of the
// listing when it arrives: the next Read sees the write, not the older
// listing.
func TestSnapshotKeepsWritesAnsweredDuringTheLoad(t *testing.T) {
	srv, data := snapshotFixture(t)
	ctx := context.Background()
	if err := data.client.SignIn(ctx); err != nil {
		t.Fatal(err)
	}
	// The listing is made at once and its answer held back: the PUT is
	// sent after the listing was made and answered before it arrives.
	srv.InjectFault(emulator.RouteListAuthorizations, emulator.FaultSlowAnswer, 1)
	loaded := make(chan error)
	go func() { _, err := data.auths.All(ctx); loaded <- err }()
	time.Sleep(150 * time.Millisecond)
	a, err := data.client.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: emulator.ClientTableau, Scope: []string{"users:readonly"}})
	if err != nil {
		t.Fatal(err)
	}
	data.auths.Put(*a)
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	got, err := data.auths.Get(ctx, emulator.ClientTableau)
	if err != nil || strings.Join(got.Scope, ",") != "users:readonly" {
		t.Errorf("Read after a write answered during the load: %v %v", got.Scope, err)
	}
}
