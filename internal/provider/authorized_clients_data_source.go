package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var _ datasource.DataSourceWithConfigure = (*authorizedClientsDataSource)(nil)

type authorizedClientsDataSource struct {
	data *providerData
}

func newAuthorizedClientsDataSource() datasource.DataSource { return &authorizedClientsDataSource{} }

type authorizedClientsModel struct {
	State   types.String              `tfsdk:"state"`
	Name    types.String              `tfsdk:"name"`
	Clients []authorizationEntryModel `tfsdk:"clients"`
}

type authorizationEntryModel struct {
	ClientID     types.String `tfsdk:"client_id"`
	ClientName   types.String `tfsdk:"client_name"`
	State        types.String `tfsdk:"state"`
	Scopes       types.Set    `tfsdk:"scopes"`
	Roles        types.Set    `tfsdk:"roles"`
	Builtin      types.Bool   `tfsdk:"builtin"`
	AuthorizedAt types.String `tfsdk:"authorized_at"`
	ModifiedAt   types.String `tfsdk:"modified_at"`
	ModifiedBy   types.String `tfsdk:"modified_by"`
}

func (d *authorizedClientsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorized_clients"
}

func (d *authorizedClientsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Every authorization of the organization (GET /api/v2/oauth/authorizations, one call): " +
			"authorized clients, pending requests from apps asking for consent, revoked and unauthorized ones. Use it to adopt " +
			"an organization with import blocks, and to find authorizations made outside the configuration.",
		Attributes: map[string]schema.Attribute{
			"state": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only authorizations in this state: `Unauthorized`, `Requested` (pending), `Authorized` or `Revoked`.",
				Validators:  []validator.String{stringvalidator.OneOf(genesys.States()...)},
			},
			"name": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only the authorizations of clients whose name contains this text (case-insensitive).",
			},
			"clients": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The authorizations, sorted by client name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"client_id":   schema.StringAttribute{Computed: true, Description: "Client ID (the import ID of genesysauth_authorized_client)."},
					"client_name": schema.StringAttribute{Computed: true, Description: "Name of the client."},
					"state":       schema.StringAttribute{Computed: true, Description: "`Unauthorized`, `Requested`, `Authorized` or `Revoked`."},
					"scopes": schema.SetAttribute{Computed: true, ElementType: types.StringType,
						Description: "Approved scopes (requested scopes for a pending request; empty when revoked)."},
					"roles": schema.SetAttribute{Computed: true, ElementType: types.StringType,
						Description: "Role IDs (built-in clients)."},
					"builtin":       schema.BoolAttribute{Computed: true, Description: "Whether the client is built-in."},
					"authorized_at": schema.StringAttribute{Computed: true, Description: "When the record was made (ISO-8601, UTC)."},
					"modified_at": schema.StringAttribute{Computed: true,
						Description: "When the record last changed (ISO-8601, UTC); null when the API does not say."},
					"modified_by": schema.StringAttribute{Computed: true, Description: modifiedByDescription},
				}},
			},
		},
	}
}

func (d *authorizedClientsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *authorizedClientsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m authorizedClientsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	auths, err := d.data.auths.All(ctx)
	if err != nil {
		resp.Diagnostics.AddError(d.data.failed("Error listing OAuth client authorizations"), errorDetail("", err))
		return
	}
	m.Clients = []authorizationEntryModel{}
	for _, a := range auths {
		if !m.State.IsNull() && a.State != m.State.ValueString() {
			continue
		}
		if !nameHas(a.Client.Name, m.Name.ValueString()) {
			continue
		}
		var entry authorizedClientModel
		d.data.fromAPI(ctx, &entry, &a, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		m.Clients = append(m.Clients, entryFromModel(entry))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
