package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// providerData is shared by every resource and data source of one provider
// instance: one API client, so one rate limiter, and the caches below.
type providerData struct {
	client  *genesys.Client
	auths   *authSnapshot
	roles   lazy[[]genesys.Role]
	scopes  lazy[[]genesys.Scope]
	clients lazy[catalogue]
	org     lazy[*genesys.Organization]
	owners  owners // what each resource of this plan claims
	// where names the organization this provider configuration speaks to
	// (its name once the guard read it), for errors.
	where string
	// credentials says where the credentials in use were given, for errors.
	credentials string
}

// failed is the summary of an error of this provider configuration: the
// action, and the organization it was taken in.
func (p *providerData) failed(action string) string {
	if p.where == "" {
		return action
	}
	return action + " (" + p.where + ")"
}

func newProviderData(c *genesys.Client) *providerData {
	p := &providerData{client: c, auths: &authSnapshot{client: c}}
	p.owners.builtin = func(ctx context.Context, clientID string) bool {
		// Unreadable, the client counts as not built-in: the conflict is
		// reported rather than missed.
		b, err := p.isBuiltin(ctx, clientID)
		return err == nil && b
	}
	return p
}

func (p *providerData) roleList(ctx context.Context) ([]genesys.Role, error) {
	return p.roles.get(ctx, func(ctx context.Context) ([]genesys.Role, error) { return p.client.ListRoles(ctx, "") })
}

func (p *providerData) scopeList(ctx context.Context) ([]genesys.Scope, error) {
	return p.scopes.get(ctx, p.client.ListScopes)
}

// organization reads the credentials' organization once per provider
// process (the guard and the genesysauth_organization data source share it).
func (p *providerData) organization(ctx context.Context) (*genesys.Organization, error) {
	return p.org.get(ctx, p.client.GetOrganization)
}

// catalogue is the organization's client catalogue (GET
// /api/v2/oauth/clients, every page), indexed by lower-case ID, since
// every resource of a plan looks its client up.
type catalogue struct {
	list []genesys.OAuthClient
	byID map[string]*genesys.OAuthClient
}

// clientCatalogue reads the catalogue once per provider process.
func (p *providerData) clientCatalogue(ctx context.Context) (catalogue, error) {
	return p.clients.get(ctx, func(ctx context.Context) (catalogue, error) {
		list, err := p.client.ListClients(ctx)
		if err != nil {
			return catalogue{}, err
		}
		c := catalogue{list: list, byID: make(map[string]*genesys.OAuthClient, len(list))}
		for i := range list {
			c.byID[idKey(list[i].ID)] = &list[i]
		}
		return c, nil
	})
}

// builtinList is the catalogue's built-in clients.
func (p *providerData) builtinList(ctx context.Context) ([]genesys.OAuthClient, error) {
	c, err := p.clientCatalogue(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(c.list), func(c genesys.OAuthClient) bool { return !c.BuiltIn }), nil
}

// catalogued returns a client of the catalogue, or nil when the catalogue
// does not list it (a client of another organization: not built-in).
func (p *providerData) catalogued(ctx context.Context, clientID string) (*genesys.OAuthClient, error) {
	c, err := p.clientCatalogue(ctx)
	if err != nil {
		return nil, err
	}
	return c.byID[idKey(clientID)], nil
}

// isBuiltin reports whether a client is one of the organization's built-in
// clients.
func (p *providerData) isBuiltin(ctx context.Context, clientID string) (bool, error) {
	c, err := p.catalogued(ctx, clientID)
	return c != nil && c.BuiltIn, err
}

// configuredData is what every resource and data source's Configure does
// with the provider's data: nil before the provider is configured.
func configuredData(pd any, diags *diag.Diagnostics) *providerData {
	if pd == nil {
		return nil
	}
	data, ok := pd.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("got %T; this is a bug in the provider", pd))
	}
	return data
}
