// Package emulator serves an in-memory Genesys Cloud organization that
// speaks the Authorized Applications API of internal/contract/API.md: the token
// endpoint and the API from one base URL. Tests start it in-process on
// 127.0.0.1 port 0; cmd/emulator runs it for `make demo`.
package emulator

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// Options are the emulator's behaviour knobs.
type Options struct {
	// Addr to listen on; default 127.0.0.1:0. An address that is not
	// loopback is refused unless AllowRemote is set: the control endpoints
	// (/_emulator/*) need no authentication.
	Addr string
	// AllowRemote lets Addr be a non-loopback address.
	AllowRemote bool
	// Seed is the organization; nil loads the embedded default seed.
	Seed *Seed
	// OrganizationID is the organization's id (GET /api/v2/organizations/me).
	// Empty: the seed's, and where the seed has none (the default seed) a
	// random one, so that two emulators are two organizations.
	OrganizationID string
	// OrganizationName is the organization's name; empty: the seed's.
	OrganizationName string
	// RateLimit is the number of API requests a minute allowed per token;
	// 0 means the API's default of 300, a negative value means no limit.
	RateLimit int
	// RateWindow is the length of one rate-limit window; default a minute.
	// Tests shorten it to prove the client's limiter without waiting.
	RateWindow time.Duration
	// TokenLifetime of issued tokens; default 24h as the real login host.
	TokenLifetime time.Duration
	// Latency is added to every answer.
	Latency time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// KeepRequestsOnRevoke makes a DELETE of a pending request (Requested)
	// change nothing, as the contract says of revoking what is not
	// authorized, instead of declining it (the default, modelled): an
	// organization that behaves that way has to be declined in the Admin UI.
	KeepRequestsOnRevoke bool
	// TokenRateLimit is the number of token requests a RateWindow the login
	// host answers, all clients together; past it, 400 invalid_request "rate
	// limit exceeded", as the real one refuses (modelled: the number is not
	// published). 0 means no limit.
	TokenRateLimit int
	// OmitWho makes every record leave out createdBy and modifiedBy, as an
	// answer of an older API, or one that does not say who, may: the
	// provider then records no name, and guesses none.
	OmitWho bool
}

// Server is a running emulator.
type Server struct {
	opts   Options
	srv    *http.Server
	ln     net.Listener
	url    string
	closed chan struct{}

	mu      sync.Mutex
	st      *store
	tokens  map[string]token
	windows map[string]*window
	// tokenWindow counts token requests for TokenRateLimit.
	tokenWindow window
	calls       map[string]int
	writes      []Write   // every PUT and DELETE of an authorization since ResetCalls
	first       time.Time // first and last API call since the counters were reset
	last        time.Time
	faults      map[string][]FaultKind
	limit       int
	tokLife     time.Duration

	// unknown are the bearer tokens presented that this emulator never
	// issued (another organization's, say), in the order first seen.
	unknown []string
}

// Start builds the organization and starts serving.
func Start(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if !opts.AllowRemote {
		host, _, err := net.SplitHostPort(opts.Addr)
		if err != nil {
			return nil, fmt.Errorf("emulator: address %q: %w", opts.Addr, err)
		}
		if !genesys.IsLoopback(host) {
			return nil, fmt.Errorf("emulator: %q is not a loopback address; the emulator's control endpoints need no "+
				"authentication, so listening beyond this machine needs an explicit -allow-remote", opts.Addr)
		}
	}
	seed := opts.Seed
	if seed == nil {
		var err error
		if seed, err = DefaultSeed(); err != nil {
			return nil, err
		}
	}
	st, err := seed.build(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:    opts,
		st:      st,
		tokens:  map[string]token{},
		windows: map[string]*window{},
		calls:   map[string]int{},
		faults:  map[string][]FaultKind{},
		closed:  make(chan struct{}),
	}
	s.SetRateLimit(opts.RateLimit)
	s.SetTokenLifetime(opts.TokenLifetime)
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("emulator: listen on %s: %w", opts.Addr, err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// StartTB starts an emulator for one test or benchmark and stops it when
// that ends.
func StartTB(tb testing.TB, opts Options) *Server {
	tb.Helper()
	srv, err := Start(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}

// URL is the base URL serving both the API and the token endpoint.
func (s *Server) URL() string { return s.url }

// TokenURL is the token endpoint.
func (s *Server) TokenURL() string { return s.url + "/oauth/token" }

// Close stops the server, ending hung requests.
func (s *Server) Close() error {
	select {
	case <-s.closed:
		return nil
	default:
		close(s.closed)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}

// Routes of the API, as http.ServeMux patterns. Call counters and scripted
// faults are keyed by these names. Each is marked as internal/contract/API.md
// (contract version 2) marks it: public, internal or modelled.
const (
	RouteToken              = "POST /oauth/token"                              //nolint:gosec // a route name, not a credential (public)
	RouteListAuthorizations = "GET /api/v2/oauth/authorizations"               // public (not paged)
	RouteGetAuthorization   = "GET /api/v2/oauth/authorizations/{clientId}"    // public
	RoutePutAuthorization   = "PUT /api/v2/oauth/authorizations/{clientId}"    // internal: authorize, update-scope, add-role, remove-role
	RouteRevoke             = "DELETE /api/v2/oauth/authorizations/{clientId}" // internal
	RouteListClients        = "GET /api/v2/oauth/clients"                      // public (paged); the builtIn mark is modelled
	RouteGetClient          = "GET /api/v2/oauth/clients/{clientId}"           // public
	RouteListRoles          = "GET /api/v2/authorization/roles"                // public (paged)
	RouteListScopes         = "GET /api/v2/oauth/scopes"                       // public (not paged)
	RouteGetOrganization    = "GET /api/v2/organizations/me"                   // public; needs no permission
)

// APIRoutes returns every emulated API route (token endpoint excluded), a
// copy the caller may change.
func APIRoutes() []string { return slices.Clone(apiRoutes[:]) }

var apiRoutes = [...]string{
	RouteListAuthorizations, RouteGetAuthorization, RoutePutAuthorization, RouteRevoke,
	RouteListClients, RouteGetClient, RouteListRoles, RouteListScopes, RouteGetOrganization,
}

// handler answers one API call for an authenticated caller: a status and a
// value to render as JSON, or an *apiError.
type handler func(w http.ResponseWriter, r *http.Request, p principal) (int, any, *apiError)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(RouteToken, s.wrapToken())
	api := map[string]struct {
		h    handler
		perm string
	}{
		RouteListAuthorizations: {s.listAuthorizations, genesys.PermissionAuthorize},
		RouteGetAuthorization:   {s.getAuthorization, genesys.PermissionAuthorize},
		RoutePutAuthorization:   {s.putAuthorization, genesys.PermissionAuthorize},
		RouteRevoke:             {s.revoke, genesys.PermissionAuthorize},
		RouteListClients:        {s.listClients, PermissionClientView},
		RouteGetClient:          {s.getClient, PermissionClientView},
		RouteListRoles:          {s.listRoles, PermissionRoleView},
		RouteListScopes:         {s.listScopes, ""},
		RouteGetOrganization:    {s.getOrganization, ""},
	}
	for route, a := range api {
		mux.HandleFunc(route, s.wrap(route, a.perm, a.h))
	}
	s.controlRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errf(http.StatusNotFound, genesys.CodeNotFound, "No route for %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// Permissions the emulator checks besides oauth:client:authorize.
const (
	PermissionClientView = "oauth:client:view"
	PermissionRoleView   = "authorization:role:view"
)

// before runs what every route shares: latency, the call counter and a
// scripted fault. It reports whether the handler should go on, and whether
// the connection must drop after the answer (or the answer be held back).
func (s *Server) before(route string, w http.ResponseWriter, r *http.Request) (goOn bool, after FaultKind) {
	s.mu.Lock()
	s.calls[route]++
	if route == RoutePutAuthorization || route == RouteRevoke {
		s.writes = append(s.writes, Write{Route: route, ClientID: strings.ToLower(r.PathValue("clientId"))})
	}
	if route != RouteToken {
		now := s.opts.Now()
		if s.first.IsZero() {
			s.first = now
		}
		s.last = now
	}
	latency := s.opts.Latency
	var fault FaultKind
	if q := s.faults[route]; len(q) > 0 {
		fault, s.faults[route] = q[0], q[1:]
	}
	if fault == FaultExpireTokens {
		s.expireTokens()
		fault = FaultNone
	}
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return false, FaultNone
		}
	}
	switch fault {
	case FaultNone:
		return true, FaultNone
	case FaultDrop:
		dropConn(w)
		return false, FaultNone
	case FaultDropAfterWrite, FaultSlowAnswer:
		return true, fault
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		dropConn(w)
		return false, FaultNone
	case Fault429:
		w.Header().Set("Retry-After", "1")
		writeError(w, errf(http.StatusTooManyRequests, genesys.CodeTooManyRequests, "Rate limit exceeded the maximum. Retry the request in [1] seconds"))
	case FaultEmptyObject:
		w.Header().Set("ININ-Correlation-Id", newContextID())
		writeJSON(w, http.StatusOK, map[string]any{})
	case FaultMalformed:
		w.Header().Set("ININ-Correlation-Id", newContextID())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html>not JSON (scripted fault)</html>"))
	case FaultTokenRateLimit:
		writeTokenError(w, http.StatusBadRequest, "invalid_request", "rate limit exceeded; retry the token request later")
	default:
		status := int(fault)
		code := genesys.CodeInternal
		switch status {
		case http.StatusServiceUnavailable:
			code = genesys.CodeUnavailable
		case http.StatusForbidden:
			code = genesys.CodeMissingPermissions
		}
		writeError(w, errf(status, code, "The service answered %d (scripted fault)", status))
	}
	return false, FaultNone
}

func dropConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func (s *Server) wrap(route, perm string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		goOn, after := s.before(route, w, r)
		if !goOn {
			return
		}
		s.mu.Lock()
		p, e := s.authenticate(r)
		if e == nil {
			e = s.rateLimit(w, r)
		}
		if e == nil && perm != "" && !p.has(perm) {
			e = errf(http.StatusForbidden, genesys.CodeMissingPermissions,
				"You are missing the following permission(s): [%s]. An administrator is required to approve this application.", perm)
		}
		var status int
		var body any
		if e == nil {
			status, body, e = h(w, r, p)
		}
		s.mu.Unlock()
		switch after {
		case FaultDropAfterWrite:
			dropConn(w)
			return
		case FaultSlowAnswer:
			select {
			case <-time.After(SlowAnswer):
			case <-r.Context().Done():
				return
			}
		}
		if e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, status, body)
	}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeError renders an error in the API's error body. Messages are capped:
// an error never echoes unbounded input.
func writeError(w http.ResponseWriter, e *apiError) {
	e.message = genesys.Clip(e.message, 1000)
	id := newContextID()
	w.Header().Set("ININ-Correlation-Id", id)
	details := []genesys.ErrorDetail{}
	if e.field != "" {
		details = append(details, genesys.ErrorDetail{ErrorCode: e.code, FieldName: e.field})
	}
	writeJSON(w, e.status, genesys.ErrorBody{
		Message: e.message, Code: e.code, Status: e.status, ContextID: id, MessageWithParams: e.message,
		MessageParams: map[string]string{}, Details: details, Errors: []genesys.ErrorBody{},
		Limit: e.limit,
	})
}

func newContextID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
