package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var _ datasource.DataSourceWithConfigure = (*organizationDataSource)(nil)

// organizationDataSource is the organization the provider configuration's
// credentials belong to, for outputs and checks (and for the value of
// organization_id).
type organizationDataSource struct {
	data *providerData
}

func newOrganizationDataSource() datasource.DataSource { return &organizationDataSource{} }

type organizationModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	ShortName          types.String `tfsdk:"short_name"`
	Domain             types.String `tfsdk:"domain"`
	State              types.String `tfsdk:"state"`
	DefaultLanguage    types.String `tfsdk:"default_language"`
	DefaultCountryCode types.String `tfsdk:"default_country_code"`
	APIURL             types.String `tfsdk:"api_url"`
}

func (d *organizationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (d *organizationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "The Genesys Cloud organization this provider configuration's credentials belong to " +
			"(GET /api/v2/organizations/me, which needs no permission; read at most once per run, and shared with the " +
			"provider's `organization_id` check). For outputs and checks, and to find the value of `organization_id`.",
		Attributes: map[string]schema.Attribute{
			"id":                   computed("ID of the organization: the value to give the provider's `organization_id`."),
			"name":                 computed("Name of the organization."),
			"short_name":           computed("Short name of the organization (`thirdPartyOrgName`): globally unique, and it never changes."),
			"domain":               computed("Domain of the organization, as the API answers it (empty when it answers none)."),
			"state":                computed("State of the organization, such as `active`."),
			"default_language":     computed("Default language of the organization, such as `en-us`."),
			"default_country_code": computed("Default country code of the organization, such as `US`."),
			"api_url":              computed("Base URL of the API this provider configuration talks to, such as `https://api.mypurecloud.ie`."),
		},
	}
}

func (d *organizationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *organizationDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	o, err := d.data.organization(ctx)
	if err != nil {
		resp.Diagnostics.AddError(d.data.failed("Error reading the organization"), errorDetail("", err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, organizationFromAPI(o, d.data.client.APIURL()))...)
}

func organizationFromAPI(o *genesys.Organization, apiURL string) organizationModel {
	return organizationModel{
		ID: types.StringValue(o.ID), Name: types.StringValue(o.Name), ShortName: types.StringValue(o.ThirdPartyOrgName),
		Domain: types.StringValue(o.Domain), State: types.StringValue(o.State),
		DefaultLanguage: types.StringValue(o.DefaultLanguage), DefaultCountryCode: types.StringValue(o.DefaultCountryCode),
		APIURL: types.StringValue(apiURL),
	}
}
