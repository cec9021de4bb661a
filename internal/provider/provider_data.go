package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

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
