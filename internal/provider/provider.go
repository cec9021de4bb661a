// Package provider is the Terraform glue of genesysauth: schemas, plan and
// state mapping. URLs and JSON live in internal/genesys.
package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var (
	_ provider.Provider                  = (*genesysProvider)(nil)
	_ provider.ProviderWithListResources = (*genesysProvider)(nil)
)

type genesysProvider struct {
	version string
}

// New returns a factory of provider instances; each instance builds its own
// API client in Configure.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &genesysProvider{version: version} }
}

type providerModel struct {
	Region            types.String `tfsdk:"region"`
	OAuthClientID     types.String `tfsdk:"oauthclient_id"`
	OAuthClientSecret types.String `tfsdk:"oauthclient_secret"`
	AccessToken       types.String `tfsdk:"access_token"`
	APIURL            types.String `tfsdk:"api_url"`
	TokenURL          types.String `tfsdk:"token_url"`
	MaxRetries        types.Int64  `tfsdk:"max_retries"`
	RequestsPerMinute types.Int64  `tfsdk:"requests_per_minute"`
	RequestTimeout    types.String `tfsdk:"request_timeout"`
	OrganizationID    types.String `tfsdk:"organization_id"`
}

func (p *genesysProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "genesysauth"
	resp.Version = p.version
}

func (p *genesysProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages which OAuth clients are authorized in a Genesys Cloud organization " +
			"(Admin > Integrations > Authorized Applications). The credentials need the permission " +
			"OAuth > Client > Authorize (`oauth:client:authorize`).",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				Description: "Genesys Cloud region, by name (`us-east-1`, `eu-west-1`, ...) or by domain (`mypurecloud.ie`, " +
					"`usw2.pure.cloud`, ...). Default `us-east-1`. Environment: `" + EnvRegion + "`, read only when the block " +
					"sets none of `region`, `api_url`, `token_url`.",
			},
			"oauthclient_id": schema.StringAttribute{
				Optional: true,
				Description: "ID of the OAuth client (client-credentials grant) the provider signs in with. Environment: `" +
					EnvClientID + "`, read only when the block sets none of `oauthclient_id`, `oauthclient_secret`, `access_token`.",
			},
			"oauthclient_secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "Secret of that OAuth client. Environment: `" + EnvClientSecret + "`, read only when the block " +
					"sets no credential.",
			},
			"access_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "An access token minted elsewhere, instead of the client credentials (giving both is an error). " +
					"Environment: `" + EnvAccessToken + "`, read only when the block sets no credential.",
			},
			"api_url": schema.StringAttribute{
				Optional: true,
				Description: "Overrides the API base URL `https://api.<region>` (private endpoints, the emulator). " +
					"`http://` is accepted only for loopback hosts. Environment: `" + EnvAPIURL + "`, read only when the " +
					"block sets no endpoint.",
			},
			"token_url": schema.StringAttribute{
				Optional: true,
				Description: "Overrides the token URL `https://login.<region>/oauth/token`. `http://` is accepted only " +
					"for loopback hosts. Environment: `" + EnvTokenURL + "`, read only when the block sets no endpoint.",
			},
			"organization_id": schema.StringAttribute{
				Optional: true,
				Description: "The ID of the organization these credentials must belong to (the `id` of the " +
					"`genesysauth_organization` data source): the plan fails when they belong to another. Environment: `" +
					EnvOrganizationID + "`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Retries of a call answered 429, 502, 503, 504 or cut off (default %d). "+
					"Environment: `%s`.", defaultMaxRetries, EnvMaxRetries),
			},
			"requests_per_minute": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Client-side limit of API requests a minute, shared by every resource of this "+
					"provider (default %d, under Genesys Cloud's 300 per token; 0 turns it off). After a pause the provider may "+
					"make up the lost time in a burst of at most a tenth of this value and never more than the API's advertised limit "+
					"less this value, so a minute never carries more than the API's limit; with an `access_token` handed in, which "+
					"other runs may share, it sends one request at a time at this rate. Environment: `%s`.",
					defaultRequestsPerMinute, EnvRequestsPerMinute),
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				Description: fmt.Sprintf("Longest time one API call may take, retries included, as a Go duration "+
					"(default `%s`). Environment: `%s`.", defaultRequestTimeout, EnvRequestTimeout),
			},
		},
	}
}

func (p *genesysProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d := &resp.Diagnostics
	s := clientConfig(m, p.version, req.TerraformVersion, d)
	if d.HasError() {
		return
	}
	cfg := s.cfg
	client, err := genesys.New(cfg)
	if err != nil {
		// clientConfig ran the same checks: this is a bug.
		d.AddError("Error configuring the Genesys Cloud client", err.Error()+"; this is a bug in the provider")
		return
	}
	data := newProviderData(client)
	// Each provider configuration (each alias, each OpenTofu provider
	// instance) has its own client, token, limiter and snapshot: nothing
	// is shared between organizations. Its errors name the organization.
	org := organization(cfg, client.APIURL())
	// Fail fast, once: wrong credentials, a wrong region, an unreachable
	// API or a token without oauth:client:authorize stop the run here with
	// one error, instead of one per resource and data source. The token and
	// the listing are what every run needs first anyway.
	if err := client.SignIn(ctx); err != nil {
		d.AddError("Error signing in to Genesys Cloud ("+org+")", signInDetail(err, cfg.RequestTimeout, s.timeoutNamed()))
		return
	}
	// The organization guard, before any other call: nothing is read, let
	// alone written, in an organization the block did not name.
	org, ok := guardOrganization(ctx, data, s, org, d)
	if !ok {
		return
	}
	data.where = org
	data.credentials = s.credentialsNamed()
	if err := data.auths.load(ctx); err != nil {
		detail := errorDetail("", err)
		if errors.Is(err, genesys.ErrForbidden) {
			detail += "\n\nEvery call of this provider needs the listing GET /api/v2/oauth/authorizations and the permission " +
				"OAuth > Client > Authorize (" + genesys.PermissionAuthorize + ")."
		}
		d.AddError("Error reading the organization's authorizations ("+org+")", detail)
		return
	}
	resp.ResourceData = data
	resp.ListResourceData = data
	resp.DataSourceData = data
	tflog.Debug(ctx, "genesysauth configured", map[string]any{"api_url": client.APIURL(),
		"max_retries": cfg.MaxRetries, "requests_per_minute": cfg.RequestsPerMinute})
}

func (p *genesysProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newAuthorizedClientResource, newExclusiveResource}
}

// ListResources are for `terraform query` (Terraform 1.14 and later).
func (p *genesysProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{newAuthorizedClientList}
}

func (p *genesysProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newBuiltinClientsDataSource, newRoleDataSource, newAuthorizedClientsDataSource,
		newScopesDataSource, newOrganizationDataSource}
}
