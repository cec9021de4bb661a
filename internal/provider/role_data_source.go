package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var pathName = path.Root("name")

var _ datasource.DataSourceWithConfigure = (*roleDataSource)(nil)

type roleDataSource struct {
	data *providerData
}

func newRoleDataSource() datasource.DataSource { return &roleDataSource{} }

type roleModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Default     types.Bool   `tfsdk:"default"`
}

func (d *roleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks a role up by name in the organization's roles (GET /api/v2/authorization/roles, read once per run), so configurations can " +
			"name the roles of a built-in client instead of pasting IDs.",
		Attributes: map[string]schema.Attribute{
			"name":        schema.StringAttribute{Required: true, Description: "Name of the role, such as `supervisor` (case-insensitive)."},
			"id":          schema.StringAttribute{Computed: true, Description: "ID of the role."},
			"description": schema.StringAttribute{Computed: true, Description: "Description of the role."},
			"default":     schema.BoolAttribute{Computed: true, Description: "Whether it is one of Genesys Cloud's default roles."},
		},
	}
}

func (d *roleDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m roleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := m.Name.ValueString()
	roles, err := d.data.roleList(ctx)
	if err != nil {
		resp.Diagnostics.AddError(d.data.failed("Error listing roles"), errorDetail("", err))
		return
	}
	var found []genesys.Role
	for _, r := range roles {
		if strings.EqualFold(r.Name, name) {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 0:
		resp.Diagnostics.AddAttributeError(pathName, "Role not found",
			fmt.Sprintf("No role is named %q in this organization. Its roles are: %s.", name,
				knownNames(roles, func(r genesys.Role) string { return r.Name })))
		return
	case 1:
	default:
		resp.Diagnostics.AddAttributeError(pathName, "Role name is ambiguous",
			fmt.Sprintf("%d roles are named %q; rename one in Admin > Roles / Permissions, or use the role ID directly.", len(found), name))
		return
	}
	r := found[0]
	m.ID = types.StringValue(r.ID)
	m.Description = types.StringValue(r.Description)
	m.Default = types.BoolValue(r.Default)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
