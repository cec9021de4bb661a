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
	client  *genesys.Client
	auths   *authSnapshot
	roles   lazy[[]genesys.Role]
	scopes  lazy[[]genesys.Scope]
	clients lazy[[]genesys.OAuthClient]
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

// clientList is the organization's client catalogue (GET
// /api/v2/oauth/clients, every page), read once per provider process.
func (p *providerData) clientList(ctx context.Context) ([]genesys.OAuthClient, error) {
	return p.clients.get(ctx, p.client.ListClients)
}

// builtinList is the catalogue's built-in clients.
func (p *providerData) builtinList(ctx context.Context) ([]genesys.OAuthClient, error) {
	all, err := p.clientList(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(all), func(c genesys.OAuthClient) bool { return !c.BuiltIn }), nil
}

// catalogued returns a client of the catalogue, or nil when the catalogue
// does not list it (a client of another organization: not built-in).
func (p *providerData) catalogued(ctx context.Context, clientID string) (*genesys.OAuthClient, error) {
	all, err := p.clientList(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if strings.EqualFold(all[i].ID, clientID) {
			return &all[i], nil
		}
	}
	return nil, nil
}

// isBuiltin reports whether a client is one of the organization's built-in
// clients.
func (p *providerData) isBuiltin(ctx context.Context, clientID string) (bool, error) {
	c, err := p.catalogued(ctx, clientID)
	return c != nil && c.BuiltIn, err
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
// for the one load and share its result, a failure included, so that a
// persistent failure is met once per run rather than once per resource.
// Only a load ended by its own caller's cancellation is not kept: the next
// caller (or a waiting one) loads again.
type lazy[T any] struct {
	mu     sync.Mutex
	done   bool
	val    T
	err    error
	active chan struct{}
}

func (l *lazy[T]) get(ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	for {
		l.mu.Lock()
		if l.done {
			v, err := l.val, l.err
			l.mu.Unlock()
			return v, err
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
	if err == nil || ctx.Err() == nil {
		l.done, l.val, l.err = true, v, err
	}
	close(l.active)
	l.active = nil
	l.mu.Unlock()
	return v, err
}

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
			m[strings.ToLower(a.Client.ID)] = a
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
	a, ok := s.m[strings.ToLower(clientID)]
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
	key := strings.ToLower(clientID)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.m != nil:
		f(s.m, key)
	case s.loading:
		s.writes = append(s.writes, func(m map[string]genesys.OAuthAuthorization) { f(m, key) })
	}
}

// fatal reports whether an error means that nothing will work with these
// settings: the credentials or the region are wrong, the token lacks
// oauth:client:authorize, or the API cannot be reached. Plan-time checks
// fail on these; on other failures of a catalogue they only warn.
func fatal(err error) bool {
	var te *genesys.TokenError
	var apiErr *genesys.APIError
	switch {
	case errors.As(err, &te), errors.Is(err, genesys.ErrUnauthorized):
		return true
	case errors.As(err, &apiErr):
		return apiErr.MissingPermission()
	}
	return false
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
	var tokErr *genesys.TokenError
	switch {
	case errors.As(err, &apiErr) && apiErr.MissingPermission():
		// The error itself says who must run it.
	case errors.As(err, &tokErr):
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
