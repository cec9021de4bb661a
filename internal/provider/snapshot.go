package provider

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// authSnapshot answers Reads from one listing of every authorization,
// fetched once per provider process (Configure loads it, before any
// resource exists; the listing is not paged: one call), and is the only
// way the provider writes an authorization: Authorize and Revoke call the
// API and keep the snapshot true to what they did, so a Read never returns
// something older than a write of the same process. Read confirms a client
// absent from the listing with one GET before it is declared gone.
type authSnapshot struct {
	client *genesys.Client
	list   lazy[struct{}]

	mu sync.Mutex
	m  map[string]genesys.OAuthAuthorization // nil until loaded
}

func (s *authSnapshot) load(ctx context.Context) error {
	_, err := s.list.get(ctx, func(ctx context.Context) (struct{}, error) {
		all, err := s.client.ListAuthorizations(ctx)
		if err != nil {
			return struct{}{}, err
		}
		m := make(map[string]genesys.OAuthAuthorization, len(all))
		for _, a := range all {
			m[idKey(a.Client.ID)] = a
		}
		s.mu.Lock()
		s.m = m
		s.mu.Unlock()
		tflog.Debug(ctx, "authorization snapshot loaded", map[string]any{"count": len(m)})
		return struct{}{}, nil
	})
	return err
}

// Lookup returns a client's record as the listing (and this process's
// writes since) show it, and whether it has one; it never calls GET.
func (s *authSnapshot) Lookup(ctx context.Context, clientID string) (*genesys.OAuthAuthorization, bool, error) {
	if err := s.load(ctx); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.m[idKey(clientID)]
	return &a, ok, nil
}

// Get returns a client's authorization (in any state), or an error matching
// genesys.ErrNotFound when the organization has no record of it: a client
// absent from the listing is asked for with one GET.
func (s *authSnapshot) Get(ctx context.Context, clientID string) (*genesys.OAuthAuthorization, error) {
	a, ok, err := s.Lookup(ctx, clientID)
	if err != nil || ok {
		return a, err
	}
	got, err := s.client.GetAuthorization(ctx, clientID)
	if err != nil {
		return nil, err
	}
	s.put(*got)
	return got, nil
}

// Reread asks the API for a client's record past the snapshot, once: after a
// write whose outcome is not known for certain (its answer lost), what the
// organization holds now. nil when the organization has no record.
func (s *authSnapshot) Reread(ctx context.Context, clientID string) (*genesys.OAuthAuthorization, error) {
	s.forget(clientID)
	a, err := s.Get(ctx, clientID)
	if errors.Is(err, genesys.ErrNotFound) {
		return nil, nil
	}
	return a, err
}

// All returns every authorization of the snapshot, sorted by client name.
func (s *authSnapshot) All(ctx context.Context) ([]genesys.OAuthAuthorization, error) {
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]genesys.OAuthAuthorization, 0, len(s.m))
	for _, a := range s.m {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b genesys.OAuthAuthorization) int {
		return strings.Compare(strings.ToLower(a.Client.Name)+a.Client.ID, strings.ToLower(b.Client.Name)+b.Client.ID)
	})
	return out, nil
}

// put records what the API answered for a client.
func (s *authSnapshot) put(a genesys.OAuthAuthorization) {
	s.update(a.Client.ID, func(m map[string]genesys.OAuthAuthorization, key string) { m[key] = a })
}

// forget drops a client whose remote record is not known for certain, so
// the next Read asks the API.
func (s *authSnapshot) forget(clientID string) {
	s.update(clientID, func(m map[string]genesys.OAuthAuthorization, key string) { delete(m, key) })
}

// update applies a change to the loaded snapshot. Before the load there is
// nothing to keep true: the listing, when it comes, is newer.
func (s *authSnapshot) update(clientID string, f func(map[string]genesys.OAuthAuthorization, string)) {
	key := idKey(clientID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m != nil {
		f(s.m, key)
	}
}

// Authorize sends a client's whole record (PUT, an upsert: it authorizes,
// approves a pending request, or replaces scopes and roles) and records the
// answer. A write that failed drops the client's entry; one whose outcome
// is unknown returns a *lostAnswer with the record read back.
func (s *authSnapshot) Authorize(ctx context.Context, req genesys.AuthorizeRequest) (*genesys.OAuthAuthorization, error) {
	a, err := s.client.PutAuthorization(ctx, req)
	if err != nil {
		return nil, s.failed(ctx, req.ClientID, err)
	}
	s.put(*a)
	return a, nil
}

// Revoke sends a client's DELETE: it revokes an authorization, or declines
// a pending request. Answered (the answer has no body), an Authorized
// record is recorded as the API leaves it: Revoked, without scopes or
// roles, who changed it and when unknown; any other record is dropped,
// since what the organization made of it (a request it may keep pending)
// is for a Read to ask. A 404 (no such client) and every other failure drop
// the entry; a failure whose outcome is unknown returns a *lostAnswer with
// the record read back.
func (s *authSnapshot) Revoke(ctx context.Context, clientID string) error {
	if err := s.client.Revoke(ctx, clientID); err != nil {
		return s.failed(ctx, clientID, err)
	}
	s.update(clientID, func(m map[string]genesys.OAuthAuthorization, key string) {
		a, ok := m[key]
		if !ok || a.State != genesys.StateAuthorized {
			delete(m, key)
			return
		}
		a.State, a.Pending, a.Scope, a.Roles = genesys.StateRevoked, false, []string{}, []string{}
		a.DateModified, a.ModifiedBy = "", nil
		m[key] = a
	})
	return nil
}

// lostAnswer is the error of a write whose outcome is unknown (the request
// sent, and no answer that says what happened: a connection cut, a
// timeout, a 5xx, an unreadable answer, retries exhausted), with what the
// organization holds now, read back once past the snapshot. The caller
// decides what the record read back means for its write.
type lostAnswer struct {
	err     error
	back    *genesys.OAuthAuthorization // nil: no record (or reading it failed)
	readErr error                       // reading the record back failed
}

func (e *lostAnswer) Error() string { return e.err.Error() }
func (e *lostAnswer) Unwrap() error { return e.err }

// failed records a write that failed: the client's entry is dropped, and
// when the outcome is unknown the record is read back (and recorded).
func (s *authSnapshot) failed(ctx context.Context, clientID string, err error) error {
	s.forget(clientID)
	if !genesys.OutcomeUnknown(err) {
		return err
	}
	back, rerr := s.Reread(ctx, clientID)
	return &lostAnswer{err: err, back: back, readErr: rerr}
}
