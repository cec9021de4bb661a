package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

type diagsT = diag.Diagnostics

// providerData is shared by every resource and data source of one provider
// instance: one API client, so one rate limiter, and the caches below.
type providerData struct {
	client   *genesys.Client
	auths    *authSnapshot
	roles    lazy[[]genesys.Role]
	scopes   lazy[[]genesys.Scope]
	builtins lazy[[]genesys.OAuthClient]
}

func newProviderData(c *genesys.Client) *providerData {
	return &providerData{client: c, auths: &authSnapshot{client: c}}
}

func (p *providerData) roleList(ctx context.Context) ([]genesys.Role, error) {
	return p.roles.get(ctx, func(ctx context.Context) ([]genesys.Role, error) { return p.client.ListRoles(ctx, "") })
}

func (p *providerData) scopeList(ctx context.Context) ([]genesys.Scope, error) {
	return p.scopes.get(ctx, p.client.ListScopes)
}

func (p *providerData) builtinList(ctx context.Context) ([]genesys.OAuthClient, error) {
	return p.builtins.get(ctx, p.client.ListBuiltinClients)
}

// isBuiltin reports whether a client is one of the organization's built-in
// clients.
func (p *providerData) isBuiltin(ctx context.Context, clientID string) (bool, error) {
	list, err := p.builtinList(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(list, func(c genesys.OAuthClient) bool { return strings.EqualFold(c.ID, clientID) }), nil
}

// configuredData is what every resource and data source's Configure does
// with the provider's data: nil before the provider is configured.
func configuredData(pd any, diags *diagsT) *providerData {
	if pd == nil {
		return nil
	}
	data, ok := pd.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("got %T; this is a bug in the provider", pd))
	}
	return data
}

// lazy loads a value once per provider instance; concurrent callers wait
// for the one load. A failed load is not kept, so a later caller tries again.
type lazy[T any] struct {
	mu     sync.Mutex
	done   bool
	val    T
	active chan struct{}
}

// loaded returns the value if a load has succeeded, without loading.
func (l *lazy[T]) loaded() (T, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.val, l.done
}

func (l *lazy[T]) get(ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	for {
		l.mu.Lock()
		if l.done {
			v := l.val
			l.mu.Unlock()
			return v, nil
		}
		if l.active == nil {
			break
		}
		wait := l.active
		l.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	l.active = make(chan struct{})
	l.mu.Unlock()
	v, err := load(ctx)
	l.mu.Lock()
	if err == nil {
		l.done, l.val = true, v
	}
	close(l.active)
	l.active = nil
	l.mu.Unlock()
	return v, err
}

// authSnapshot answers Reads from one paged listing of every authorization,
// fetched by the first Read of the provider process. Writes made through
// this process update it, so a Read never returns something older than a
// write of the same process. A client absent from the listing is confirmed
// with one GET before it is declared gone.
type authSnapshot struct {
	client *genesys.Client
	list   lazy[map[string]genesys.OAuthAuthorization]
	mu     sync.Mutex // guards the map once loaded
}

func (s *authSnapshot) load(ctx context.Context) (map[string]genesys.OAuthAuthorization, error) {
	return s.list.get(ctx, func(ctx context.Context) (map[string]genesys.OAuthAuthorization, error) {
		all, err := s.client.ListAuthorizations(ctx)
		if err != nil {
			return nil, err
		}
		m := make(map[string]genesys.OAuthAuthorization, len(all))
		for _, a := range all {
			m[strings.ToLower(a.Client.ID)] = a
		}
		tflog.Debug(ctx, "authorization snapshot loaded", map[string]any{"count": len(m)})
		return m, nil
	})
}

// Get returns a client's authorization (in any state), or an error matching
// genesys.ErrNotFound when the organization has no record of it.
func (s *authSnapshot) Get(ctx context.Context, clientID string) (*genesys.OAuthAuthorization, error) {
	m, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	key := strings.ToLower(clientID)
	s.mu.Lock()
	a, ok := m[key]
	s.mu.Unlock()
	if ok {
		return &a, nil
	}
	got, err := s.client.GetAuthorization(ctx, clientID)
	if err != nil {
		return nil, err
	}
	s.Put(*got)
	return got, nil
}

// All returns every authorization of the snapshot.
func (s *authSnapshot) All(ctx context.Context) ([]genesys.OAuthAuthorization, error) {
	m, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]genesys.OAuthAuthorization, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b genesys.OAuthAuthorization) int {
		return strings.Compare(strings.ToLower(a.Client.Name)+a.Client.ID, strings.ToLower(b.Client.Name)+b.Client.ID)
	})
	return out, nil
}

// Put records the API's answer to a write. Before the snapshot is loaded
// there is nothing to keep true.
func (s *authSnapshot) Put(a genesys.OAuthAuthorization) {
	s.update(a.Client.ID, func(m map[string]genesys.OAuthAuthorization, key string) { m[key] = a })
}

// Forget drops a client whose remote record is not known for certain (a
// write that failed part-way), so the next Read asks the API.
func (s *authSnapshot) Forget(clientID string) {
	s.update(clientID, func(m map[string]genesys.OAuthAuthorization, key string) { delete(m, key) })
}

func (s *authSnapshot) update(clientID string, f func(map[string]genesys.OAuthAuthorization, string)) {
	m, done := s.list.loaded()
	if !done {
		return
	}
	s.mu.Lock()
	f(m, strings.ToLower(clientID))
	s.mu.Unlock()
}

// errorDetail turns an API client error into a diagnostic detail that names
// the client and says what to do.
func errorDetail(clientID string, err error) string {
	var b strings.Builder
	if clientID != "" {
		fmt.Fprintf(&b, "OAuth client %s: ", clientID)
	}
	b.WriteString(err.Error())
	var apiErr *genesys.APIError
	var authErr *genesys.AuthError
	switch {
	case errors.As(err, &apiErr) && apiErr.MissingPermission():
		// The error itself says who must run it.
	case errors.As(err, &authErr):
	case errors.Is(err, genesys.ErrUnauthorized):
		b.WriteString("\n\nThe API refused the access token: check the credentials, or mint a fresh access token.")
	case errors.Is(err, genesys.ErrRateLimited):
		b.WriteString("\n\nThe API's rate limit was still exceeded after every retry: lower requests_per_minute, " +
			"raise max_retries, or run with a smaller -parallelism.")
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("\n\nRaise request_timeout in the provider block or the resource's timeouts, or check that " +
			"the API is reachable.")
	case errors.Is(err, genesys.ErrServer):
		b.WriteString("\n\nThe API failed on its side; run the same command again. Give the contextId to Genesys " +
			"Cloud support if it keeps failing.")
	}
	return b.String()
}
