package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var _ datasource.DataSourceWithConfigure = (*scopesDataSource)(nil)

// scopesDataSource is the organization's OAuth scope catalogue, so that a
// configuration can check the scopes it asks for against an approved list
// (a check block or a precondition) or build a list of read-only scopes.
type scopesDataSource struct {
	data *providerData
}

func newScopesDataSource() datasource.DataSource { return &scopesDataSource{} }

type scopesModel struct {
	Prefix   types.String `tfsdk:"prefix"`
	ReadOnly types.Bool   `tfsdk:"readonly"`
	IDs      types.Set    `tfsdk:"ids"`
	Scopes   types.List   `tfsdk:"scopes"`
}

var scopeType = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "description": types.StringType}}

// readOnlySuffix marks a scope that only reads, such as analytics:readonly.
const readOnlySuffix = ":readonly"

func (d *scopesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_scopes"
}

func (d *scopesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The organization's OAuth scopes (GET /api/v2/oauth/scopes, read once per run, the catalogue the " +
			"plan-time scope check uses), with filters, so that a configuration can refuse in a `check` block or a " +
			"`precondition` an authorization that asks for a scope outside an approved list, or build the list of " +
			"read-only scopes.",
		Attributes: map[string]schema.Attribute{
			"prefix": schema.StringAttribute{
				Optional: true,
				Description: "Keep only the scopes whose ID starts with this text, such as `analytics` (matches " +
					"`analytics` and `analytics:readonly`). Scopes are case-sensitive.",
			},
			"readonly": schema.BoolAttribute{
				Optional: true,
				Description: "`true` keeps only the read-only scopes (IDs ending in `:readonly`); `false` keeps only " +
					"the others. Leave it out for both.",
			},
			"ids": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				Description: "The IDs of the scopes kept, for `contains()` and `setsubtract()` in conditions.",
			},
			"scopes": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The scopes kept, sorted by ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.StringAttribute{Computed: true, Description: "Scope ID, such as `analytics:readonly`."},
					"description": schema.StringAttribute{Computed: true, Description: "What the scope allows, as the organization describes it."},
				}},
			},
		},
	}
}

func (d *scopesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *scopesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m scopesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.data.scopeList(ctx)
	if err != nil {
		resp.Diagnostics.AddError(d.data.failed("Error listing OAuth scopes"), errorDetail("", err))
		return
	}
	kept := filterScopes(all, m.Prefix.ValueString(), m.ReadOnly)
	ids := make([]string, len(kept))
	values := make([]attr.Value, len(kept))
	for i, s := range kept {
		ids[i] = s.ID
		values[i] = types.ObjectValueMust(scopeType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(s.ID), "description": types.StringValue(s.Description),
		})
	}
	m.IDs = setOf(ids)
	m.Scopes = types.ListValueMust(scopeType, values)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// filterScopes keeps the scopes with the prefix and, when readOnly is set,
// of that kind; sorted by ID.
func filterScopes(all []genesys.Scope, prefix string, readOnly types.Bool) []genesys.Scope {
	var out []genesys.Scope
	for _, s := range all {
		if !strings.HasPrefix(s.ID, prefix) {
			continue
		}
		if !readOnly.IsNull() && strings.HasSuffix(s.ID, readOnlySuffix) != readOnly.ValueBool() {
			continue
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b genesys.Scope) int { return strings.Compare(a.ID, b.ID) })
	return out
}
