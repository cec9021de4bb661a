package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var _ datasource.DataSourceWithConfigure = (*builtinClientsDataSource)(nil)

type builtinClientsDataSource struct {
	data *providerData
}

func newBuiltinClientsDataSource() datasource.DataSource { return &builtinClientsDataSource{} }

type builtinClientsModel struct {
	Name    types.String         `tfsdk:"name"`
	Clients []builtinClientModel `tfsdk:"clients"`
}

type builtinClientModel struct {
	ClientID    types.String `tfsdk:"client_id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Scopes      types.Set    `tfsdk:"scopes"`
	Authorized  types.Bool   `tfsdk:"authorized"`
	Roles       types.Set    `tfsdk:"roles"`
}

func (d *builtinClientsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_builtin_clients"
}

func (d *builtinClientsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The organization's built-in OAuth clients, read live from the API " +
			"(the clients of GET /api/v2/oauth/clients marked builtIn, and GET /api/v2/oauth/authorizations), with whether each is " +
			"authorized and its roles.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only the client with this exact name (case-insensitive).",
			},
			"clients": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The built-in clients, sorted by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"client_id":   schema.StringAttribute{Computed: true, Description: "Client ID, for genesysauth_authorized_client.client_id."},
					"name":        schema.StringAttribute{Computed: true, Description: "Name of the client."},
					"description": schema.StringAttribute{Computed: true, Description: "Description of the client."},
					"scopes": schema.SetAttribute{Computed: true, ElementType: types.StringType,
						Description: "Scopes the client asks for: the ones it can be given."},
					"authorized": schema.BoolAttribute{Computed: true, Description: "Whether the client is authorized now."},
					"roles": schema.SetAttribute{Computed: true, ElementType: types.StringType,
						Description: "IDs of the roles whose users may use the client (empty when it is not authorized)."},
				}},
			},
		},
	}
}

func (d *builtinClientsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *builtinClientsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m builtinClientsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clients, err := d.data.builtinList(ctx)
	if err != nil {
		resp.Diagnostics.AddError(d.data.failed("Error listing built-in OAuth clients"), errorDetail("", err))
		return
	}
	auths, err := d.data.auths.All(ctx)
	if err != nil {
		resp.Diagnostics.AddError(d.data.failed("Error listing OAuth client authorizations"), errorDetail("", err))
		return
	}
	byID := map[string]genesys.OAuthAuthorization{}
	for _, a := range auths {
		byID[idKey(a.Client.ID)] = a
	}
	sorted := slices.Clone(clients)
	slices.SortFunc(sorted, func(a, b genesys.OAuthClient) int { return strings.Compare(a.Name, b.Name) })
	m.Clients = []builtinClientModel{}
	for _, c := range sorted {
		if !m.Name.IsNull() && !strings.EqualFold(c.Name, m.Name.ValueString()) {
			continue
		}
		a, ok := byID[idKey(c.ID)]
		authorized := ok && a.Active()
		roles := []string{}
		if authorized {
			roles = a.Roles
		}
		m.Clients = append(m.Clients, builtinClientModel{
			ClientID:    types.StringValue(c.ID),
			Name:        types.StringValue(c.Name),
			Description: types.StringValue(c.Description),
			Scopes:      setOf(c.Scope),
			Authorized:  types.BoolValue(authorized),
			Roles:       setOf(roles),
		})
	}
	if !m.Name.IsNull() && len(m.Clients) == 0 {
		resp.Diagnostics.AddAttributeError(pathName, "No built-in client with that name",
			fmt.Sprintf("No built-in client is named %q. The organization's built-in clients are: %s.",
				m.Name.ValueString(), knownNames(sorted, func(c genesys.OAuthClient) string { return c.Name })))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
