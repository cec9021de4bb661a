package genesys

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
)

const authorizationsPath = "/api/v2/oauth/authorizations"

func authorizationPath(clientID string) string {
	return authorizationsPath + "/" + url.PathEscape(clientID)
}

// ListAuthorizations returns every authorization of the organization, in
// every state (public: GET /api/v2/oauth/authorizations).
func (c *Client) ListAuthorizations(ctx context.Context) ([]OAuthAuthorization, error) {
	return listAll[OAuthAuthorization](ctx, c, authorizationsPath, nil)
}

// GetAuthorization returns one authorization (public). A client that was
// never authorized gives an error matching ErrNotFound.
func (c *Client) GetAuthorization(ctx context.Context, clientID string) (*OAuthAuthorization, error) {
	var a OAuthAuthorization
	if _, err := c.do(ctx, http.MethodGet, authorizationPath(clientID), nil, nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Authorize approves a client with scopes and roles (modelled:
// POST /api/v2/oauth/authorizations). When a retried attempt meets 409, the
// first attempt's write went through: the record is read back and accepted
// if it is exactly what was asked for.
func (c *Client) Authorize(ctx context.Context, req AuthorizeRequest) (*OAuthAuthorization, error) {
	var a OAuthAuthorization
	attempts, err := c.do(ctx, http.MethodPost, authorizationsPath, nil, req, &a)
	if err == nil {
		return &a, nil
	}
	if attempts > 1 && errors.Is(err, ErrConflict) {
		got, gerr := c.GetAuthorization(ctx, req.Client.ID)
		if gerr == nil && got.Active() && sameSet(got.Scope, req.Scope) && sameSet(got.Roles, req.Roles) {
			c.log(ctx, LevelDebug, "authorize answered 409 after a retry; the earlier attempt's write is ours",
				map[string]any{"client_id": req.Client.ID})
			return got, nil
		}
	}
	return nil, err
}

// UpdateScope replaces the whole scope set of an authorization (modelled:
// PUT /api/v2/oauth/authorizations/{clientId}/scope).
func (c *Client) UpdateScope(ctx context.Context, clientID string, scopes []string) (*OAuthAuthorization, error) {
	if scopes == nil {
		scopes = []string{}
	}
	var a OAuthAuthorization
	if _, err := c.do(ctx, http.MethodPut, authorizationPath(clientID)+"/scope", nil, scopes, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// AddRole adds a role to a built-in client's authorization (modelled:
// PUT /api/v2/oauth/authorizations/{clientId}/roles/{roleId}).
func (c *Client) AddRole(ctx context.Context, clientID, roleID string) (*OAuthAuthorization, error) {
	var a OAuthAuthorization
	path := authorizationPath(clientID) + "/roles/" + url.PathEscape(roleID)
	if _, err := c.do(ctx, http.MethodPut, path, nil, nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// RemoveRole removes a role (modelled:
// DELETE /api/v2/oauth/authorizations/{clientId}/roles/{roleId}).
func (c *Client) RemoveRole(ctx context.Context, clientID, roleID string) error {
	path := authorizationPath(clientID) + "/roles/" + url.PathEscape(roleID)
	_, err := c.do(ctx, http.MethodDelete, path, nil, nil, nil)
	return err
}

// Revoke revokes an authorization for every role (modelled:
// DELETE /api/v2/oauth/authorizations/{clientId}).
func (c *Client) Revoke(ctx context.Context, clientID string) error {
	_, err := c.do(ctx, http.MethodDelete, authorizationPath(clientID), nil, nil, nil)
	return err
}

// ListBuiltinClients lists the organization's built-in clients (modelled
// filter on the public GET /api/v2/oauth/clients).
func (c *Client) ListBuiltinClients(ctx context.Context) ([]OAuthClient, error) {
	return listAll[OAuthClient](ctx, c, "/api/v2/oauth/clients", url.Values{"builtIn": {"true"}})
}

// GetClient returns one OAuth client (public).
func (c *Client) GetClient(ctx context.Context, clientID string) (*OAuthClient, error) {
	var oc OAuthClient
	if _, err := c.do(ctx, http.MethodGet, "/api/v2/oauth/clients/"+url.PathEscape(clientID), nil, nil, &oc); err != nil {
		return nil, err
	}
	return &oc, nil
}

// ListRoles lists the organization's roles, filtered by name when name is
// not empty (public: GET /api/v2/authorization/roles).
func (c *Client) ListRoles(ctx context.Context, name string) ([]Role, error) {
	var q url.Values
	if name != "" {
		q = url.Values{"name": {name}}
	}
	return listAll[Role](ctx, c, "/api/v2/authorization/roles", q)
}

// ListScopes lists the OAuth scope catalogue (public: GET /api/v2/oauth/scopes).
func (c *Client) ListScopes(ctx context.Context) ([]Scope, error) {
	return listAll[Scope](ctx, c, "/api/v2/oauth/scopes", nil)
}

// sameSet compares two string slices as sets.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
