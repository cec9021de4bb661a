package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// apiError is what a handler returns for a refused call; the server renders
// it in the API's error body.
type apiError struct {
	status  int
	code    string
	message string
	limit   *genesys.Limit
	// field is the request field a 400 refusal is about, answered in the
	// error body's details (fieldName), as Genesys Cloud does.
	field string
}

// on names the request field the refusal is about.
func (e *apiError) on(field string) *apiError { e.field = field; return e }

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func errf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// principal is who makes a change: an OAuth client acting through its token,
// or an administrator in the UI (out-of-band changes).
type principal struct {
	id          string
	name        string
	permissions []string
}

func (p principal) has(perm string) bool { return slices.Contains(p.permissions, perm) }

var byHand = principal{id: "8f0e3c52-6a8e-4d1f-9b77-2f4c0a1d5e60", name: HandAdminName}

// store is the emulated organization. Every method expects s.mu held by the
// caller (the Server), so one request sees one consistent organization.
type store struct {
	org     genesys.EntityRef // the resourceOwner of its records
	creds   map[string]*Credential
	scopes  []genesys.Scope
	roles   []genesys.Role
	clients []*genesys.OAuthClient
	auths   []*genesys.OAuthAuthorization
	now     func() time.Time
	omitWho bool // Options.OmitWho

	organization genesys.Organization // GET /api/v2/organizations/me
}

// IDs are UUIDs and compare without case (RFC 4122); records keep the
// organization's own spelling.
func (s *store) client(id string) *genesys.OAuthClient {
	for _, c := range s.clients {
		if strings.EqualFold(c.ID, id) {
			return c
		}
	}
	return nil
}

func (s *store) role(id string) *genesys.Role {
	for i := range s.roles {
		if strings.EqualFold(s.roles[i].ID, id) {
			return &s.roles[i]
		}
	}
	return nil
}

func (s *store) scopeExists(id string) bool {
	return slices.ContainsFunc(s.scopes, func(sc genesys.Scope) bool { return sc.ID == id })
}

func (s *store) auth(clientID string) *genesys.OAuthAuthorization {
	for _, a := range s.auths {
		if strings.EqualFold(a.Client.ID, clientID) {
			return a
		}
	}
	return nil
}

// authorizable checks that a client exists and may be authorized.
func (s *store) authorizable(clientID string) (*genesys.OAuthClient, *apiError) {
	if clientID == "" {
		return nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "client.id is required").on("client.id")
	}
	c := s.client(clientID)
	if c == nil {
		return nil, errf(http.StatusNotFound, genesys.CodeNotFound, "OAuth client %s not found", clientID)
	}
	if c.AuthorizedGrantType == genesys.GrantClientCredentials {
		return nil, errf(http.StatusBadRequest, genesys.CodeBadRequest,
			"OAuth client %s (%s) uses the client-credentials grant: it acts for its own organization through its roles and is not authorized here", clientID, c.Name).on("client.id")
	}
	return c, nil
}

func (s *store) checkScopes(c *genesys.OAuthClient, scopes []string) *apiError {
	if len(scopes) == 0 {
		return errf(http.StatusBadRequest, genesys.CodeInvalidValue, "At least one scope is required to authorize OAuth client %s", c.ID).on("scope")
	}
	for _, sc := range scopes {
		if !s.scopeExists(sc) {
			return errf(http.StatusBadRequest, genesys.CodeInvalidValue, "Scope '%s' does not exist", sc).on("scope")
		}
		if !slices.Contains(c.Scope, sc) {
			return errf(http.StatusBadRequest, genesys.CodeInvalidValue,
				"Scope '%s' is not requested by OAuth client %s (%s); it asks for: %s", sc, c.ID, c.Name, strings.Join(c.Scope, ", ")).on("scope")
		}
	}
	return nil
}

func (s *store) checkRoles(c *genesys.OAuthClient, roles []string) *apiError {
	if len(roles) > 0 && !c.BuiltIn {
		return errf(http.StatusBadRequest, genesys.CodeBadRequest,
			"Roles can be set only on built-in clients; OAuth client %s (%s) is not built-in", c.ID, c.Name).on("roles")
	}
	for _, r := range roles {
		if s.role(r) == nil {
			return errf(http.StatusBadRequest, genesys.CodeInvalidValue, "Role '%s' not found", r).on("roles")
		}
	}
	return nil
}

// canonicalRoles spells each role ID as the catalogue does.
func (s *store) canonicalRoles(roles []string) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		if role := s.role(r); role != nil {
			out = append(out, role.ID)
		}
	}
	return out
}

func (s *store) ref(p principal) *genesys.EntityRef {
	if s.omitWho {
		return nil
	}
	return &genesys.EntityRef{ID: p.id, Name: p.name, SelfURI: "/api/v2/users/" + p.id}
}

func (s *store) touch(a *genesys.OAuthAuthorization, p principal) {
	a.DateModified = s.stamp()
	a.ModifiedBy = s.ref(p)
}

// stamp is the API's date format: ISO-8601 UTC with milliseconds.
func (s *store) stamp() string { return s.now().UTC().Format(DateFormat) }

// DateFormat is how the API writes dates (public models: milliseconds, UTC).
const DateFormat = "2006-01-02T15:04:05.000Z"

func clientRef(c *genesys.OAuthClient) genesys.ClientRef {
	return genesys.ClientRef{ID: c.ID, Name: c.Name, Description: c.Description, SelfURI: "/api/v2/oauth/clients/" + c.ID}
}

// put makes a client's record what a PUT asks (internal call): it
// authorizes a client with no Authorized record (creating the record, or
// approving a Requested one, or authorizing an Unauthorized or Revoked one
// again), and replaces the scopes and roles of an Authorized one. Nothing
// changes, dateModified included, when the record already is what is asked.
func (s *store) put(p principal, clientID string, scopes, roles []string) (*genesys.OAuthAuthorization, *apiError) {
	c, e := s.authorizable(clientID)
	if e != nil {
		return nil, e
	}
	if e := s.checkScopes(c, scopes); e != nil {
		return nil, e
	}
	if e := s.checkRoles(c, roles); e != nil {
		return nil, e
	}
	roles = s.canonicalRoles(roles)
	a := s.auth(c.ID)
	if a != nil && a.State == genesys.StateAuthorized {
		if sameSet(a.Scope, scopes) && sameSet(a.Roles, roles) {
			return a, nil
		}
		a.Scope, a.Roles = dedupe(scopes), dedupe(roles)
		s.touch(a, p)
		return a, nil
	}
	a = s.record(c, a, scopes, roles, genesys.StateAuthorized)
	a.CreatedBy = s.ref(p)
	s.touch(a, p)
	return a, nil
}

// record makes a client's record anew (the one it had, or a new one), made
// now, in a state.
func (s *store) record(c *genesys.OAuthClient, a *genesys.OAuthAuthorization, scopes, roles []string, state string) *genesys.OAuthAuthorization {
	if a == nil {
		a = &genesys.OAuthAuthorization{}
		s.auths = append(s.auths, a)
	}
	*a = genesys.OAuthAuthorization{
		Client:        clientRef(c),
		Scope:         dedupe(scopes),
		Roles:         dedupe(roles),
		ResourceOwner: &s.org,
		DateCreated:   s.stamp(),
		Pending:       state == genesys.StateRequested,
		State:         state,
		SelfURI:       "/api/v2/oauth/authorizations/" + c.ID,
	}
	a.DateModified = a.DateCreated
	return a
}

// clear ends a record's grant: the state given, scopes and roles gone.
func (s *store) clear(p principal, a *genesys.OAuthAuthorization, state string) {
	a.State = state
	a.Pending = false
	a.Scope = []string{}
	a.Roles = []string{}
	s.touch(a, p)
}

// active returns an Authorized record, or 404.
func (s *store) active(clientID string) (*genesys.OAuthAuthorization, *apiError) {
	a := s.auth(clientID)
	if a == nil || a.State != genesys.StateAuthorized {
		return nil, errf(http.StatusNotFound, genesys.CodeNotFound, "OAuth client %s is not authorized in this organization", clientID)
	}
	return a, nil
}

func (s *store) revoke(p principal, clientID string) {
	a := s.auth(clientID)
	if a == nil || a.State == genesys.StateRevoked {
		return
	}
	s.clear(p, a, genesys.StateRevoked)
}

// request records a pending request, as an external app asking an admin for
// consent does (the unknown-client-ID flow).
func (s *store) request(clientID string, scopes []string) *apiError {
	c, e := s.authorizable(clientID)
	if e != nil {
		return e
	}
	if e := s.checkScopes(c, scopes); e != nil {
		return e
	}
	a := s.auth(clientID)
	if a != nil && a.State == genesys.StateAuthorized {
		return errf(http.StatusBadRequest, genesys.CodeBadRequest, "OAuth client %s is already authorized", clientID)
	}
	s.record(c, a, scopes, []string{}, genesys.StateRequested)
	return nil
}

// unauthorize marks a record Unauthorized (an admin declined a request, or
// the record was reset), keeping it listed.
func (s *store) unauthorize(p principal, clientID string) *apiError {
	a := s.auth(clientID)
	if a == nil {
		return errf(http.StatusNotFound, genesys.CodeNotFound, "No authorization found for OAuth client %s", clientID)
	}
	s.clear(p, a, genesys.StateUnauthorized)
	return nil
}

func sameSet(a, b []string) bool {
	x, y := dedupe(a), dedupe(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func dedupe(in []string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func cloneAuth(a *genesys.OAuthAuthorization) genesys.OAuthAuthorization {
	c := *a
	c.Scope = slices.Clone(a.Scope)
	c.Roles = slices.Clone(a.Roles)
	if c.Scope == nil {
		c.Scope = []string{}
	}
	if c.Roles == nil {
		c.Roles = []string{}
	}
	return c
}
