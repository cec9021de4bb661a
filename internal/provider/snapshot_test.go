package provider

import (
	"cmp"
	"context"
	"errors"
	"slices"
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

// The snapshot's writes against the emulator: after each, the snapshot
// (Lookup, which never calls GET) holds what the organization holds, or
// nothing when that is not known; a lost answer is read back with one GET.
func TestSnapshotWrites(t *testing.T) {
	const noClient = "0f0e0d0c-0b0a-4909-8807-060504030201"
	tableau := genesys.AuthorizeRequest{ClientID: emulator.ClientTableau, Scope: []string{"users:readonly"}}
	type fault struct {
		route string
		kind  emulator.FaultKind
	}
	for _, tc := range []struct {
		name     string
		faults   []fault
		write    func(context.Context, *authSnapshot) error
		client   string
		lost     bool   // the write returns a *lostAnswer
		err      error  // the write returns this error
		back     string // the state read back after a lost answer, "none" for no record
		readFail bool   // reading back failed
		store    string // the emulator's state of the client after the write, then its scopes
		scopes   string
		inMap    bool // the snapshot holds a record, with the store's state and scopes
		gets     int
	}{
		{name: "authorize answered", write: authorize(tableau), client: emulator.ClientTableau,
			store: genesys.StateAuthorized, scopes: "users:readonly", inMap: true},
		{name: "authorize, answer lost after the write", faults: []fault{{emulator.RoutePutAuthorization, emulator.FaultDropAfterWrite}},
			write: authorize(tableau), client: emulator.ClientTableau, lost: true, back: genesys.StateAuthorized,
			store: genesys.StateAuthorized, scopes: "users:readonly", inMap: true, gets: 1},
		{name: "authorize, connection cut before the write", faults: []fault{{emulator.RoutePutAuthorization, emulator.FaultDrop}},
			write: authorize(tableau), client: emulator.ClientTableau, lost: true, back: genesys.StateAuthorized,
			store: genesys.StateAuthorized, scopes: "analytics:readonly,routing:readonly", inMap: true, gets: 1},
		{name: "authorize, answer lost and the read back fails", faults: []fault{
			{emulator.RoutePutAuthorization, emulator.FaultDropAfterWrite}, {emulator.RouteGetAuthorization, emulator.Fault403}},
			write: authorize(tableau), client: emulator.ClientTableau, lost: true, readFail: true,
			store: genesys.StateAuthorized, scopes: "users:readonly", gets: 1},
		{name: "authorize refused", faults: []fault{{emulator.RoutePutAuthorization, emulator.Fault403}},
			write: authorize(tableau), client: emulator.ClientTableau, err: genesys.ErrForbidden,
			store: genesys.StateAuthorized, scopes: "analytics:readonly,routing:readonly"},
		{name: "revoke answered", write: revoke(emulator.ClientTableau), client: emulator.ClientTableau,
			store: genesys.StateRevoked, inMap: true},
		{name: "decline answered: what the organization did is for a Read to ask", write: revoke(emulator.ClientZapier),
			client: emulator.ClientZapier, store: genesys.StateRevoked},
		{name: "revoke, answer lost after the write", faults: []fault{{emulator.RouteRevoke, emulator.FaultDropAfterWrite}},
			write: revoke(emulator.ClientTableau), client: emulator.ClientTableau, lost: true, back: genesys.StateRevoked,
			store: genesys.StateRevoked, inMap: true, gets: 1},
		{name: "revoke, a 500 without the write", faults: []fault{{emulator.RouteRevoke, emulator.Fault500}},
			write: revoke(emulator.ClientTableau), client: emulator.ClientTableau, lost: true, back: genesys.StateAuthorized,
			store: genesys.StateAuthorized, scopes: "analytics:readonly,routing:readonly", inMap: true, gets: 1},
		{name: "revoke refused", faults: []fault{{emulator.RouteRevoke, emulator.Fault403}},
			write: revoke(emulator.ClientTableau), client: emulator.ClientTableau, err: genesys.ErrForbidden,
			store: genesys.StateAuthorized, scopes: "analytics:readonly,routing:readonly"},
		{name: "revoke of no client", write: revoke(noClient), client: noClient, err: genesys.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, data := snapshotFixture(t)
			ctx := context.Background()
			if _, err := data.auths.All(ctx); err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.faults {
				srv.InjectFault(f.route, f.kind, 1)
			}
			err := tc.write(ctx, data.auths)
			var lost *lostAnswer
			switch {
			case tc.lost:
				if !errors.As(err, &lost) {
					t.Fatalf("write: want a lost answer, got %v", err)
				}
				if (lost.readErr != nil) != tc.readFail {
					t.Errorf("reading back failed: %v, want %v", lost.readErr, tc.readFail)
				}
				if got := stateOf(lost.back); !tc.readFail && got != tc.back {
					t.Errorf("read back: %s, want %s", got, tc.back)
				}
			case tc.err != nil:
				if errors.As(err, &lost) || !errors.Is(err, tc.err) {
					t.Errorf("write: %v (lost answer: %v), want %v", err, lost != nil, tc.err)
				}
			case err != nil:
				t.Fatalf("write: %v", err)
			}
			inStore, ok := srv.Authorization(tc.client)
			if want := cmp.Or(tc.store, "none"); stateOf(map[bool]*genesys.OAuthAuthorization{true: &inStore}[ok]) != want {
				t.Errorf("emulator's store: %+v (%v), want %s", inStore, ok, want)
			}
			if ok && strings.Join(inStore.Scope, ",") != tc.scopes {
				t.Errorf("emulator's scopes: %v, want %s", inStore.Scope, tc.scopes)
			}
			inMap, held, err := data.auths.Lookup(ctx, tc.client)
			switch {
			case err != nil:
				t.Fatal(err)
			case held != tc.inMap:
				t.Errorf("the snapshot holds a record: %v, want %v (%+v)", held, tc.inMap, inMap)
			case held && (inMap.State != inStore.State || !slices.Equal(inMap.Scope, inStore.Scope) ||
				!slices.Equal(inMap.Roles, inStore.Roles)):
				t.Errorf("the snapshot holds %s %v %v, the organization %s %v %v", inMap.State, inMap.Scope, inMap.Roles,
					inStore.State, inStore.Scope, inStore.Roles)
			}
			if n := srv.Calls(emulator.RouteGetAuthorization); n != tc.gets {
				t.Errorf("GETs: %d, want %d", n, tc.gets)
			}
			if n := srv.Calls(emulator.RouteListAuthorizations); n != 1 {
				t.Errorf("listings: %d, want 1", n)
			}
		})
	}
}

func authorize(req genesys.AuthorizeRequest) func(context.Context, *authSnapshot) error {
	return func(ctx context.Context, s *authSnapshot) error { _, err := s.Authorize(ctx, req); return err }
}

func revoke(clientID string) func(context.Context, *authSnapshot) error {
	return func(ctx context.Context, s *authSnapshot) error { return s.Revoke(ctx, clientID) }
}

// stateOf is a record's state, "none" for no record.
func stateOf(a *genesys.OAuthAuthorization) string {
	if a == nil {
		return "none"
	}
	return a.State
}
