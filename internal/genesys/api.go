package genesys

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The calls of contract version 2 (internal/contract/API.md), each marked as the
// contract marks it: public (public reference and SDKs), internal (Genesys
// Cloud's own specification, not the public reference) or modelled
// (nothing published). When a real organization answers otherwise, the
// method here is the one place to change.

const authorizationsPath = "/api/v2/oauth/authorizations"

func authorizationPath(clientID string) string {
	return authorizationsPath + "/" + url.PathEscape(clientID)
}

// ListAuthorizations returns every authorization of the organization, in
// every state (public: GET /api/v2/oauth/authorizations, not paged; the
// call takes no query parameters). A paged envelope, should one ever come
// back, is accepted as far as its first page goes and never looped over:
// a listing that says it has more pages than it holds is an error.
func (c *Client) ListAuthorizations(ctx context.Context) ([]OAuthAuthorization, error) {
	k := call{method: http.MethodGet, path: authorizationsPath}
	l, ctxID, err := decodeListing[OAuthAuthorization](c, ctx, k)
	if err != nil {
		return nil, err
	}
	if l.PageCount > 1 || (l.Total > len(*l.Entities)) {
		return nil, unexpected(k, ctxID, fmt.Errorf("%s: the answer holds %d of %d authorizations (pageCount %d); "+
			"the contract says this listing is not paged: refused rather than read partly", k, len(*l.Entities),
			l.Total, l.PageCount))
	}
	for i := range *l.Entities {
		if err := checkAuthorization(&(*l.Entities)[i], ""); err != nil {
			return nil, unexpected(k, ctxID, fmt.Errorf("%s: entity %d: %w", k, i, err))
		}
	}
	return *l.Entities, nil
}

// GetAuthorization returns one authorization (public). A client that was
// never authorized gives an error matching ErrNotFound; any 2xx answer
// that is not that client's record with a state of the enum is an error.
func (c *Client) GetAuthorization(ctx context.Context, clientID string) (*OAuthAuthorization, error) {
	a, _, err := c.authorizationCall(ctx, call{method: http.MethodGet, path: authorizationPath(clientID)}, clientID)
	return a, err
}

// PutAuthorization makes a client's record what req says: it authorizes a
// client with no active record (approving a pending request too), and
// replaces the scopes and roles of an authorized one; so authorize,
// update-scope, add-role and remove-role are each this one call
// (internal: PUT /api/v2/oauth/authorizations/{clientId}, body and answer
// the public OAuthAuthorization). It is an upsert, and idempotent, so it
// is retried like a read.
func (c *Client) PutAuthorization(ctx context.Context, req AuthorizeRequest) (*OAuthAuthorization, error) {
	body := OAuthAuthorization{
		Client: ClientRef{ID: req.ClientID},
		Scope:  nonNil(req.Scope),
		Roles:  nonNil(req.Roles),
	}
	k := call{method: http.MethodPut, path: authorizationPath(req.ClientID), body: body}
	a, ctxID, err := c.authorizationCall(ctx, k, req.ClientID)
	if err != nil {
		return nil, err
	}
	if !a.Active() {
		return nil, unexpected(k, ctxID, fmt.Errorf("%s: the answer says the authorization is %s, not %s", k,
			a.State, StateAuthorized))
	}
	return a, nil
}

// Revoke revokes an authorization for every role (internal:
// DELETE /api/v2/oauth/authorizations/{clientId}, 204; revoking what is
// not authorized answers 204 too).
func (c *Client) Revoke(ctx context.Context, clientID string) error {
	_, err := c.do(ctx, call{method: http.MethodDelete, path: authorizationPath(clientID)})
	return err
}

func (c *Client) authorizationCall(ctx context.Context, k call, clientID string) (*OAuthAuthorization, string, error) {
	ans, err := c.do(ctx, k)
	if err != nil {
		return nil, "", err
	}
	var a OAuthAuthorization
	if err := decodeJSON(ans.data, &a); err != nil {
		return nil, "", unexpected(k, ans.contextID, fmt.Errorf("%s (OAuth client %s): %w", k, clientID, err))
	}
	if err := checkAuthorization(&a, clientID); err != nil {
		return nil, "", unexpected(k, ans.contextID, fmt.Errorf("%s (OAuth client %s): %w", k, clientID, err))
	}
	return &a, ans.contextID, nil
}

// checkAuthorization refuses a record that names no client (or another
// client than asked for) or has a state outside the public enum: such an
// answer is not understood, and must never pass for "gone".
func checkAuthorization(a *OAuthAuthorization, clientID string) error {
	switch {
	case a.Client.ID == "":
		return errors.New("the answer is not an authorization: it names no client")
	case clientID != "" && !strings.EqualFold(a.Client.ID, clientID):
		return fmt.Errorf("the answer is the authorization of another client (%s)", a.Client.ID)
	case !slices.Contains(states[:], a.State):
		return fmt.Errorf("the authorization's state %q is not one of %s", a.State, strings.Join(states[:], ", "))
	}
	return nil
}

// listing is the envelope as it arrives: entities must be present.
type listing[T any] struct {
	Entities   *[]T `json:"entities"`
	Total      int  `json:"total"`
	PageCount  int  `json:"pageCount"`
	PageNumber int  `json:"pageNumber"`
}

func decodeListing[T any](c *Client, ctx context.Context, k call) (*listing[T], string, error) {
	ans, err := c.do(ctx, k)
	if err != nil {
		return nil, "", err
	}
	var l listing[T]
	if err := decodeJSON(ans.data, &l); err != nil {
		return nil, "", unexpected(k, ans.contextID, fmt.Errorf("%s: %w", k, err))
	}
	if l.Entities == nil {
		return nil, "", unexpected(k, ans.contextID, fmt.Errorf("%s: the answer is not a listing: it has no entities", k))
	}
	return &l, ans.contextID, nil
}

// ListClients lists every OAuth client of the organization (public:
// GET /api/v2/oauth/clients, paged); the built-in ones carry the
// contract's builtIn mark (modelled).
func (c *Client) ListClients(ctx context.Context) ([]OAuthClient, error) {
	all, err := listPaged[OAuthClient](ctx, c, "/api/v2/oauth/clients", nil)
	if err != nil {
		return nil, err
	}
	for i, oc := range all {
		if oc.ID == "" {
			return nil, unexpected(call{method: http.MethodGet, path: "/api/v2/oauth/clients"}, "",
				fmt.Errorf("GET /api/v2/oauth/clients: entity %d names no client ID", i))
		}
	}
	return all, nil
}

// GetClient returns one OAuth client (public).
func (c *Client) GetClient(ctx context.Context, clientID string) (*OAuthClient, error) {
	k := call{method: http.MethodGet, path: "/api/v2/oauth/clients/" + url.PathEscape(clientID)}
	ans, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var oc OAuthClient
	if err := decodeJSON(ans.data, &oc); err != nil {
		return nil, unexpected(k, ans.contextID, fmt.Errorf("%s: %w", k, err))
	}
	if !strings.EqualFold(oc.ID, clientID) {
		return nil, unexpected(k, ans.contextID, fmt.Errorf("%s: the answer is not OAuth client %s (it names %q)",
			k, clientID, Clip(oc.ID, 100)))
	}
	return &oc, nil
}

// ListRoles lists the organization's roles, filtered by name when name is
// not empty (public: GET /api/v2/authorization/roles, paged).
func (c *Client) ListRoles(ctx context.Context, name string) ([]Role, error) {
	var q url.Values
	if name != "" {
		q = url.Values{"name": {name}}
	}
	return listPaged[Role](ctx, c, "/api/v2/authorization/roles", q)
}

// ListScopes lists the OAuth scope catalogue (public: GET /api/v2/oauth/scopes,
// OAuthScopeListing, not paged).
func (c *Client) ListScopes(ctx context.Context) ([]Scope, error) {
	l, _, err := decodeListing[Scope](c, ctx, call{method: http.MethodGet, path: "/api/v2/oauth/scopes"})
	if err != nil {
		return nil, err
	}
	return *l.Entities, nil
}

// OrganizationPath is the organization of the caller's credentials.
const OrganizationPath = "/api/v2/organizations/me"

// maxOrganizationText bounds each text of the organization that goes
// into a diagnostic: an answer never writes an unbounded message.
const maxOrganizationText = 256

// GetOrganization returns the organization the credentials belong to
// (public: GET /api/v2/organizations/me, the Organization model; "Requires
// NO permissions"). An answer that names no organization ID is an error;
// the texts a diagnostic may show are clipped.
func (c *Client) GetOrganization(ctx context.Context) (*Organization, error) {
	k := call{method: http.MethodGet, path: OrganizationPath}
	ans, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var o Organization
	if err := decodeJSON(ans.data, &o); err != nil {
		return nil, unexpected(k, ans.contextID, fmt.Errorf("%s: %w", k, err))
	}
	if strings.TrimSpace(o.ID) == "" {
		return nil, unexpected(k, ans.contextID, fmt.Errorf("%s: the answer is not an organization: it has no id", k))
	}
	if len(o.ID) > maxOrganizationText {
		return nil, unexpected(k, ans.contextID, fmt.Errorf("%s: the answer's organization id is %d characters "+
			"long: not an organization ID", k, len(o.ID)))
	}
	for _, s := range []*string{&o.Name, &o.ThirdPartyOrgName, &o.Domain, &o.State, &o.DefaultLanguage,
		&o.DefaultCountryCode} {
		*s = Clip(*s, maxOrganizationText)
	}
	return &o, nil
}

// maxPages bounds a paged listing: at MaxPageSize a page, more than any
// organization has.
const maxPages = 200

// listPaged follows the paging envelope and returns every entity.
func listPaged[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	var all []T
	for page := 1; ; page++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("pageSize", strconv.Itoa(c.pageSize))
		q.Set("pageNumber", strconv.Itoa(page))
		k := call{method: http.MethodGet, path: path, query: q}
		l, ctxID, err := decodeListing[T](c, ctx, k)
		if err != nil {
			return nil, err
		}
		all = append(all, *l.Entities...)
		// The envelope decides, but an answer that never ends (a pageCount
		// larger than its total) must not keep the loop going.
		if len(*l.Entities) == 0 || page >= l.PageCount || (l.Total > 0 && len(all) >= l.Total) {
			return all, nil
		}
		if page >= maxPages {
			return nil, unexpected(k, ctxID, fmt.Errorf("GET %s: more than %d pages: refused", path, maxPages))
		}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
