package emulator

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// FaultKind is a scripted answer in place of the real one.
type FaultKind int

// Fault kinds. The HTTP statuses are their own values.
const (
	FaultNone           FaultKind = 0
	FaultDrop           FaultKind = -1                   // connection closed before the call is handled
	FaultDropAfterWrite FaultKind = -2                   // call handled, then the connection closed
	FaultHang           FaultKind = -3                   // no answer until the caller gives up
	FaultExpireTokens   FaultKind = -4                   // every token issued so far expires, then the call is handled
	FaultTokenRateLimit FaultKind = -5                   // the token endpoint's rate limit: 400 invalid_request "rate limit exceeded"
	FaultSlowAnswer     FaultKind = -6                   // call handled at once, its answer held back for SlowAnswer
	FaultEmptyObject    FaultKind = -7                   // 200 with the body {}: an answer the client must not take for "gone"
	FaultMalformed      FaultKind = -8                   // 200 with a body that is not JSON
	Fault403            FaultKind = http.StatusForbidden // missing.permissions
	Fault429            FaultKind = http.StatusTooManyRequests
	Fault500            FaultKind = http.StatusInternalServerError
	Fault502            FaultKind = http.StatusBadGateway
	Fault503            FaultKind = http.StatusServiceUnavailable
	Fault504            FaultKind = http.StatusGatewayTimeout
)

// faultNames name the faults that are not an HTTP status, for the control
// route and the command.
var faultNames = map[string]FaultKind{
	"drop": FaultDrop, "drop-after-write": FaultDropAfterWrite, "hang": FaultHang,
	"expire-tokens": FaultExpireTokens, "token-rate-limit": FaultTokenRateLimit, "slow": FaultSlowAnswer,
	"empty-object": FaultEmptyObject, "malformed": FaultMalformed,
}

// FaultNames lists the names ParseFault takes besides a status, sorted.
func FaultNames() []string { return slices.Sorted(maps.Keys(faultNames)) }

// ParseFault reads a fault by name, or an HTTP status from 400 to 599.
func ParseFault(name string) (FaultKind, error) {
	if k, ok := faultNames[name]; ok {
		return k, nil
	}
	var status int
	if _, err := fmt.Sscanf(name, "%d", &status); err == nil && status >= 400 && status <= 599 && fmt.Sprint(status) == name {
		return FaultKind(status), nil
	}
	return FaultNone, fmt.Errorf("unknown fault %q: use a status from 400 to 599 or one of %s",
		genesys.Clip(name, 40), strings.Join(FaultNames(), ", "))
}

// FaultRequest is the body of POST /_emulator/faults: the next Times calls
// to Route (a route name such as "GET /api/v2/oauth/authorizations")
// answer with Fault (see ParseFault).
type FaultRequest struct {
	Route string `json:"route"`
	Fault string `json:"fault"`
	Times int    `json:"times"`
}

// InjectFaultRequest checks a FaultRequest and scripts its fault.
func (s *Server) InjectFaultRequest(f FaultRequest) error {
	if f.Route != RouteToken && !slices.Contains(apiRoutes[:], f.Route) {
		return fmt.Errorf("unknown route %q: use one of %q", genesys.Clip(f.Route, 80), append([]string{RouteToken}, apiRoutes[:]...))
	}
	kind, err := ParseFault(f.Fault)
	if err != nil {
		return err
	}
	if f.Times < 1 || f.Times > 1000 {
		return fmt.Errorf("times must be from 1 to 1000, not %d", f.Times)
	}
	s.InjectFault(f.Route, kind, f.Times)
	return nil
}

// SlowAnswer is how long FaultSlowAnswer holds an answer back.
const SlowAnswer = 500 * time.Millisecond

// InjectFault makes the next n calls to route answer with the fault.
func (s *Server) InjectFault(route string, kind FaultKind, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[route] = append(s.faults[route], kind)
	}
}

// ClearFaults drops every scripted fault not yet used.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// SetRateLimit changes the per-token limit a minute (0: the default 300,
// negative: none).
func (s *Server) SetRateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n == 0 {
		n = DefaultRateLimit
	}
	s.limit = n
	clear(s.windows)
}

// SetTokenLifetime changes the lifetime of tokens issued from now on.
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		d = 24 * time.Hour
	}
	s.tokLife = d
}

// Calls returns how many calls reached route (including faulted ones).
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// CallCounts returns a copy of every counter.
func (s *Server) CallCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.calls)
}

// APICalls is the number of calls to the API routes, token calls excluded.
func (s *Server) APICalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range apiRoutes {
		n += s.calls[r]
	}
	return n
}

// Write is one PUT or DELETE of an authorization that reached the
// emulator (faulted ones included): its route and client ID, in lower case.
type Write struct {
	Route    string
	ClientID string
}

// Writes returns every write since the counters were reset, in order.
func (s *Server) Writes() []Write {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.writes)
}

// ResetCalls sets every counter to zero and forgets the writes.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.calls)
	s.writes = nil
	s.first, s.last = time.Time{}, time.Time{}
}

// CallSpan is the time from the first to the last API call since the
// counters were reset.
func (s *Server) CallSpan() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.Sub(s.first)
}

// Authorization returns a copy of a client's record, if it has one.
func (s *Server) Authorization(clientID string) (genesys.OAuthAuthorization, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.st.auth(clientID)
	if a == nil {
		return genesys.OAuthAuthorization{}, false
	}
	return cloneAuth(a), true
}

// Authorizations returns a copy of every record.
func (s *Server) Authorizations() []genesys.OAuthAuthorization {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]genesys.OAuthAuthorization, 0, len(s.st.auths))
	for _, a := range s.st.auths {
		out = append(out, cloneAuth(a))
	}
	return out
}

// AddClient adds a third-party (or built-in) client to the organization.
func (s *Server) AddClient(c genesys.OAuthClient) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.client(c.ID) != nil {
		return fmt.Errorf("client %s exists", c.ID)
	}
	if c.AuthorizedGrantType == "" {
		c.AuthorizedGrantType = genesys.GrantCode
	}
	if c.State == "" {
		c.State = "active"
	}
	c.Scope = slices.Clone(c.Scope)
	s.st.clients = append(s.st.clients, &c)
	return nil
}

// Out-of-band changes, as an administrator makes them by hand in the UI.
// They obey the same rules as the API.

// AuthorizeByHand authorizes a client outside Terraform.
func (s *Server) AuthorizeByHand(clientID string, scopes, roles []string) error {
	return s.Apply(ChangeRequest{Action: "authorize", ClientID: clientID, Scopes: scopes, Roles: roles})
}

// SetScopesByHand replaces a client's scopes outside Terraform.
func (s *Server) SetScopesByHand(clientID string, scopes []string) error {
	return s.Apply(ChangeRequest{Action: "set-scopes", ClientID: clientID, Scopes: scopes})
}

// AddRoleByHand adds a role outside Terraform.
func (s *Server) AddRoleByHand(clientID, roleID string) error {
	return s.Apply(ChangeRequest{Action: "add-role", ClientID: clientID, Role: roleID})
}

// RemoveRoleByHand removes a role outside Terraform.
func (s *Server) RemoveRoleByHand(clientID, roleID string) error {
	return s.Apply(ChangeRequest{Action: "remove-role", ClientID: clientID, Role: roleID})
}

// RevokeByHand revokes a client outside Terraform.
func (s *Server) RevokeByHand(clientID string) {
	_ = s.Apply(ChangeRequest{Action: "revoke", ClientID: clientID}) // a revoke by hand cannot fail
}

// DeleteClientByHand deletes an OAuth client from the organization, as its
// owner deleting it does: the client and its authorization record are gone,
// and every call naming it answers 404.
func (s *Server) DeleteClientByHand(clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.clients = slices.DeleteFunc(s.st.clients, func(c *genesys.OAuthClient) bool { return strings.EqualFold(c.ID, clientID) })
	s.st.auths = slices.DeleteFunc(s.st.auths, func(a *genesys.OAuthAuthorization) bool { return strings.EqualFold(a.Client.ID, clientID) })
}

// RequestByHand records a pending request, as an external app asking an
// administrator for consent does.
func (s *Server) RequestByHand(clientID string, scopes []string) error {
	return s.Apply(ChangeRequest{Action: "request", ClientID: clientID, Scopes: scopes})
}

// UnauthorizeByHand marks a record Unauthorized outside Terraform.
func (s *Server) UnauthorizeByHand(clientID string) error {
	return s.Apply(ChangeRequest{Action: "unauthorize", ClientID: clientID})
}

// edit changes an Authorized record outside Terraform, as p: the scopes
// and roles edit returns, by the API's rules.
func (st *store) edit(p principal, clientID string, edit func(a *genesys.OAuthAuthorization) (scopes, roles []string)) *apiError {
	a, e := st.active(clientID)
	if e != nil {
		return e
	}
	scopes, roles := edit(a)
	_, e = st.put(p, clientID, scopes, roles)
	return e
}

func asErr(e *apiError) error {
	if e == nil {
		return nil
	}
	return e
}

// ChangeRequest is the body of POST /_emulator/changes, the out-of-band
// helper the demo and the command's `change` subcommand use.
type ChangeRequest struct {
	Action   string   `json:"action"` // one of ChangeActions
	ClientID string   `json:"clientId"`
	Scopes   []string `json:"scopes,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	Role     string   `json:"role,omitempty"`
	// As names the administrator who makes the change (the record's
	// modifiedBy, and createdBy of an authorization); empty: the
	// organization's admin of the seed (HandAdminName).
	As string `json:"as,omitempty"`
}

// maxNameLength bounds ChangeRequest.As.
const maxNameLength = 200

// HandAdminName is who changes by hand make when no name is given.
const HandAdminName = "Org Admin (by hand, in Admin > Authorized Applications)"

// admin is the principal of a change made by hand by the named
// administrator: a user whose ID is derived from the name, so the same
// name is always the same user.
func admin(name string) principal {
	if name == "" || name == byHand.name {
		return byHand
	}
	sum := sha256.Sum256([]byte("genesysauth-emulator-user:" + name))
	sum[6] = sum[6]&0x0f | 0x80 // version 8 (RFC 9562: name-derived, SHA-256)
	sum[8] = sum[8]&0x3f | 0x80 // RFC 4122 variant
	return principal{id: fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16]), name: name}
}

// changes are the out-of-band changes Apply carries out, by action name,
// each as the administrator p, with the store locked.
var changes = map[string]func(st *store, p principal, c ChangeRequest) *apiError{
	"authorize": func(st *store, p principal, c ChangeRequest) *apiError {
		_, e := st.put(p, c.ClientID, c.Scopes, c.Roles)
		return e
	},
	"set-scopes": func(st *store, p principal, c ChangeRequest) *apiError {
		return st.edit(p, c.ClientID, func(a *genesys.OAuthAuthorization) ([]string, []string) { return c.Scopes, a.Roles })
	},
	"add-role": func(st *store, p principal, c ChangeRequest) *apiError {
		return st.edit(p, c.ClientID, func(a *genesys.OAuthAuthorization) ([]string, []string) {
			return a.Scope, append(slices.Clone(a.Roles), c.Role)
		})
	},
	"remove-role": func(st *store, p principal, c ChangeRequest) *apiError {
		return st.edit(p, c.ClientID, func(a *genesys.OAuthAuthorization) ([]string, []string) {
			return a.Scope, slices.DeleteFunc(slices.Clone(a.Roles), func(r string) bool { return r == c.Role })
		})
	},
	"revoke": func(st *store, p principal, c ChangeRequest) *apiError { st.revoke(p, c.ClientID); return nil },
	// A request is the app's, not an administrator's: the record says nobody.
	"request":     func(st *store, _ principal, c ChangeRequest) *apiError { return st.request(c.ClientID, c.Scopes) },
	"unauthorize": func(st *store, p principal, c ChangeRequest) *apiError { return st.unauthorize(p, c.ClientID) },
}

// ChangeActions names the actions of a ChangeRequest, sorted.
func ChangeActions() []string { return slices.Sorted(maps.Keys(changes)) }

// Apply carries out one out-of-band change.
func (s *Server) Apply(c ChangeRequest) error {
	if change, ok := changes[c.Action]; ok {
		if len(c.As) > maxNameLength {
			return fmt.Errorf("as: a name of at most %d characters", maxNameLength)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return asErr(change(s.st, admin(c.As), c))
	}
	return fmt.Errorf("unknown action %q: use one of %s", genesys.Clip(c.Action, 40), strings.Join(ChangeActions(), ", "))
}

// controlRoutes serve the emulator's own endpoints (never part of the API):
// counters, scripted faults and out-of-band changes, for the demo, the
// benchmark and anyone running the command.
func (s *Server) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_emulator/calls", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.CallCounts())
	})
	mux.HandleFunc("DELETE /_emulator/calls", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetCalls()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var f FaultRequest
		if e := decodeBody(w, r, &f); e != nil {
			writeError(w, e)
			return
		}
		if err := s.InjectFaultRequest(f); err != nil {
			writeError(w, errf(http.StatusBadRequest, genesys.CodeBadRequest, "%v", err))
			return
		}
		writeJSON(w, http.StatusOK, f)
	})
	mux.HandleFunc("DELETE /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/changes", func(w http.ResponseWriter, r *http.Request) {
		var c ChangeRequest
		if e := decodeBody(w, r, &c); e != nil {
			writeError(w, e)
			return
		}
		if err := s.Apply(c); err != nil {
			var e *apiError
			if errors.As(err, &e) {
				writeError(w, e)
				return
			}
			writeError(w, errf(http.StatusBadRequest, genesys.CodeBadRequest, "%v", err))
			return
		}
		a, _ := s.Authorization(c.ClientID)
		writeJSON(w, http.StatusOK, a)
	})
}

// AddClients adds n third-party clients asking for scopes, named
// "<prefix> 0001" and on, with IDs derived from their number; it returns
// the IDs. Benchmarks and scale tests use it.
func (s *Server) AddClients(prefix string, n int, scopes []string) ([]string, error) {
	ids := make([]string, 0, n)
	for i := range n {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		if err := s.AddClient(genesys.OAuthClient{ID: id, Name: fmt.Sprintf("%s %04d", prefix, i+1), Scope: scopes}); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// IssuedTokens returns every access token handed out, so tests can check
// that none leaks into logs or state.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		out = append(out, t)
	}
	return out
}

// UnknownTokens returns the bearer tokens presented to the API that this
// emulator never issued (each once, at most 1000), so a test can tell that
// another organization's token reached it.
func (s *Server) UnknownTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.unknown)
}

// IssueToken issues an access token for a credential of the seed, as the
// token endpoint would, without a call: for tests that give the provider an
// access token minted elsewhere.
func (s *Server) IssueToken(clientID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.creds[clientID] == nil {
		return "", fmt.Errorf("no credential %s in the seed", clientID)
	}
	tok := newToken()
	s.tokens[tok] = token{clientID: clientID, expires: s.opts.Now().Add(s.tokLife)}
	return tok, nil
}

// Organization returns the organization GET /api/v2/organizations/me
// answers.
func (s *Server) Organization() genesys.Organization {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.organization
	o.Features = maps.Clone(o.Features)
	return o
}

// expireTokens makes every token issued so far expired, as if the API's
// clock had passed their lifetime (FaultExpireTokens). s.mu is held.
func (s *Server) expireTokens() {
	past := s.opts.Now().Add(-time.Second)
	for k, t := range s.tokens {
		t.expires = past
		s.tokens[k] = t
	}
}
