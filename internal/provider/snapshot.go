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
// fetched once per provider process (the listing is not paged: one call).
// Writes made through this process update it, also those answered while
// the listing is in flight (they are applied on top of it when it
// arrives), so a Read never returns something older than a write of the
// same process. Read confirms a client absent from the listing with one
// GET before it is declared gone.
type authSnapshot struct {
	client *genesys.Client
	list   lazy[struct{}]

	mu      sync.Mutex
	m       map[string]genesys.OAuthAuthorization // nil until loaded
	loading bool
	writes  []func(map[string]genesys.OAuthAuthorization) // answered while loading
}

func (s *authSnapshot) load(ctx context.Context) error {
	_, err := s.list.get(ctx, func(ctx context.Context) (struct{}, error) {
		s.mu.Lock()
		s.loading, s.writes = true, nil
		s.mu.Unlock()
		all, err := s.client.ListAuthorizations(ctx)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.loading = false
		if err != nil {
			s.writes = nil
			return struct{}{}, err
		}
		m := make(map[string]genesys.OAuthAuthorization, len(all))
		for _, a := range all {
			m[idKey(a.Client.ID)] = a
		}
		for _, w := range s.writes {
			w(m)
		}
		s.m, s.writes = m, nil
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
	s.Put(*got)
	return got, nil
}

// Reread asks the API for a client's record past the snapshot, once: after a
// write whose outcome is not known for certain (its answer lost), what the
// organization holds now. nil when the organization has no record.
func (s *authSnapshot) Reread(ctx context.Context, clientID string) (*genesys.OAuthAuthorization, error) {
	s.Forget(clientID)
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

// Put records the API's answer to a write.
func (s *authSnapshot) Put(a genesys.OAuthAuthorization) {
	s.update(a.Client.ID, func(m map[string]genesys.OAuthAuthorization, key string) { m[key] = a })
}

// Forget drops a client whose remote record is not known for certain (a
// write that failed), so the next Read asks the API.
func (s *authSnapshot) Forget(clientID string) {
	s.update(clientID, func(m map[string]genesys.OAuthAuthorization, key string) { delete(m, key) })
}

// update applies a change to the loaded snapshot, or keeps it for the
// listing in flight. Before any load there is nothing to keep true.
func (s *authSnapshot) update(clientID string, f func(map[string]genesys.OAuthAuthorization, string)) {
	key := idKey(clientID)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.m != nil:
		f(s.m, key)
	case s.loading:
		s.writes = append(s.writes, func(m map[string]genesys.OAuthAuthorization) { f(m, key) })
	}
}
