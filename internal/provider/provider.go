// Package provider is the Terraform glue of genesysauth: schemas, plan and
// state mapping. URLs and JSON live in internal/genesys.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// Environment variables read when the provider block leaves a setting out.
//
//nolint:gosec // names of environment variables, not credentials
const (
	EnvClientID          = "GENESYSCLOUD_OAUTHCLIENT_ID"
	EnvClientSecret      = "GENESYSCLOUD_OAUTHCLIENT_SECRET"
	EnvRegion            = "GENESYSCLOUD_REGION"
	EnvAccessToken       = "GENESYSCLOUD_ACCESS_TOKEN"
	EnvAPIURL            = "GENESYSAUTH_API_URL"
	EnvTokenURL          = "GENESYSAUTH_TOKEN_URL"
	EnvMaxRetries        = "GENESYSAUTH_MAX_RETRIES"
	EnvRequestsPerMinute = "GENESYSAUTH_REQUESTS_PER_MINUTE"
	EnvRequestTimeout    = "GENESYSAUTH_REQUEST_TIMEOUT"
)

// Defaults of the tuning settings.
const (
	DefaultMaxRetries        = 5
	DefaultRequestsPerMinute = 280 // under Genesys Cloud's 300 a minute per token
	DefaultRequestTimeout    = 2 * time.Minute
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
					"`usw2.pure.cloud`, ...). Default `us-east-1`. Environment: `" + EnvRegion + "`.",
			},
			"oauthclient_id": schema.StringAttribute{
				Optional:    true,
				Description: "ID of the OAuth client (client-credentials grant) the provider signs in with. Environment: `" + EnvClientID + "`.",
			},
			"oauthclient_secret": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Secret of that OAuth client. Environment: `" + EnvClientSecret + "`.",
			},
			"access_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "An access token minted elsewhere, used instead of the client credentials. " +
					"Environment: `" + EnvAccessToken + "`.",
			},
			"api_url": schema.StringAttribute{
				Optional: true,
				Description: "Overrides the API base URL `https://api.<region>` (private endpoints, the emulator). " +
					"`http://` is accepted only for loopback hosts. Environment: `" + EnvAPIURL + "`.",
			},
			"token_url": schema.StringAttribute{
				Optional: true,
				Description: "Overrides the token URL `https://login.<region>/oauth/token`. `http://` is accepted only " +
					"for loopback hosts. Environment: `" + EnvTokenURL + "`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Retries of a call answered 429, 502, 503, 504 or cut off (default %d). "+
					"Environment: `%s`.", DefaultMaxRetries, EnvMaxRetries),
			},
			"requests_per_minute": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Client-side limit of API requests a minute, shared by every resource of this "+
					"provider (default %d, under Genesys Cloud's 300 per token; 0 turns it off). Environment: `%s`.",
					DefaultRequestsPerMinute, EnvRequestsPerMinute),
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				Description: fmt.Sprintf("Longest time one API call may take, retries included, as a Go duration "+
					"(default `%s`). Environment: `%s`.", DefaultRequestTimeout, EnvRequestTimeout),
			},
		},
	}
}

// setting reads a string setting from the configuration, else from its
// environment variable. An unknown value is an error naming the attribute.
func setting(v types.String, attr, env string, diags *diagsT) string {
	if v.IsUnknown() {
		diags.AddAttributeError(path.Root(attr), "Unknown provider setting "+attr,
			fmt.Sprintf("%s depends on a value known only after apply. Set it from a literal, a variable or the "+
				"environment variable %s, so that the provider can be configured at plan time.", attr, env))
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func intSetting(v types.Int64, attr, env string, def int, diags *diagsT) int {
	if v.IsUnknown() {
		diags.AddAttributeError(path.Root(attr), "Unknown provider setting "+attr,
			fmt.Sprintf("%s depends on a value known only after apply; set it from a literal or %s.", attr, env))
		return def
	}
	n := def
	if !v.IsNull() {
		n = int(v.ValueInt64())
	} else if s := os.Getenv(env); s != "" {
		parsed, err := strconv.Atoi(s)
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Invalid "+env,
				fmt.Sprintf("%s=%q is not a whole number; set a number such as %d, or unset it.", env, s, def))
			return def
		}
		n = parsed
	}
	if n < 0 {
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr, fmt.Sprintf("%s must be 0 or more, got %d.", attr, n))
	}
	return n
}

// clientConfig reads the provider block and the environment into the API
// client's configuration, each setting checked where it is read.
func clientConfig(m providerModel, version, terraformVersion string, d *diagsT) genesys.Config {
	cfg := genesys.Config{
		Region:       setting(m.Region, "region", EnvRegion, d),
		ClientID:     setting(m.OAuthClientID, "oauthclient_id", EnvClientID, d),
		ClientSecret: setting(m.OAuthClientSecret, "oauthclient_secret", EnvClientSecret, d),
		AccessToken:  setting(m.AccessToken, "access_token", EnvAccessToken, d),
		APIURL:       setting(m.APIURL, "api_url", EnvAPIURL, d),
		TokenURL:     setting(m.TokenURL, "token_url", EnvTokenURL, d),
		MaxRetries:   intSetting(m.MaxRetries, "max_retries", EnvMaxRetries, DefaultMaxRetries, d),
		RequestsPerMinute: intSetting(m.RequestsPerMinute, "requests_per_minute", EnvRequestsPerMinute,
			DefaultRequestsPerMinute, d),
		RequestTimeout: DefaultRequestTimeout,
		UserAgent:      "terraform-provider-genesysauth/" + version + " terraform/" + terraformVersion,
		Logger:         tflogBridge,
	}
	if s := setting(m.RequestTimeout, "request_timeout", EnvRequestTimeout, d); s != "" {
		t, err := time.ParseDuration(s)
		if err != nil || t <= 0 {
			d.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q is not a positive duration; write it as a Go duration such as \"30s\" or \"2m\".", s))
		}
		cfg.RequestTimeout = t
	}
	if d.HasError() {
		return cfg
	}
	if cfg.AccessToken == "" {
		if cfg.ClientID == "" {
			d.AddAttributeError(path.Root("oauthclient_id"), "Missing OAuth client ID",
				"Set oauthclient_id in the provider block or the environment variable "+EnvClientID+
					" (with its secret), or give an access token in access_token / "+EnvAccessToken+". "+
					"To try the provider without an organization, run the emulator (see the README).")
		}
		if cfg.ClientSecret == "" {
			d.AddAttributeError(path.Root("oauthclient_secret"), "Missing OAuth client secret",
				"Set oauthclient_secret in the provider block or the environment variable "+EnvClientSecret+
					", or give an access token in access_token / "+EnvAccessToken+".")
		}
	}
	if _, err := genesys.RegionDomain(regionOrDefault(cfg.Region)); err != nil && (cfg.APIURL == "" || cfg.TokenURL == "") {
		d.AddAttributeError(path.Root("region"), "Unknown region", err.Error()+". Set region or "+EnvRegion+" accordingly.")
	}
	for attr, u := range map[string]string{"api_url": cfg.APIURL, "token_url": cfg.TokenURL} {
		if u == "" {
			continue
		}
		if err := genesys.CheckURL(u); err != nil {
			msg := err.Error()
			if errors.Is(err, genesys.ErrCredentialsInURL) {
				msg += "; give them in oauthclient_id / oauthclient_secret or access_token"
			}
			d.AddAttributeError(path.Root(attr), "Invalid "+attr, msg)
		}
	}
	return cfg
}

func (p *genesysProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d := &resp.Diagnostics
	cfg := clientConfig(m, p.version, req.TerraformVersion, d)
	if d.HasError() {
		return
	}
	client, err := genesys.New(cfg)
	if err != nil {
		d.AddError("Error configuring the Genesys Cloud client", err.Error())
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
		d.AddError("Error signing in to Genesys Cloud ("+org+")", errorDetail("", err))
		return
	}
	if err := data.auths.load(ctx); err != nil {
		d.AddError("Error reading the organization's authorizations ("+org+")", errorDetail("", err)+
			"\n\nEvery call of this provider needs the listing GET /api/v2/oauth/authorizations and the permission "+
			"OAuth > Client > Authorize ("+genesys.PermissionAuthorize+").")
		return
	}
	resp.ResourceData = data
	resp.ListResourceData = data
	resp.DataSourceData = data
	tflog.Debug(ctx, "genesysauth configured", map[string]any{"api_url": client.APIURL(),
		"max_retries": cfg.MaxRetries, "requests_per_minute": cfg.RequestsPerMinute})
}

// organization names the organization a provider configuration speaks to,
// for its errors: its API, and the region unless api_url overrides it.
func organization(cfg genesys.Config, apiURL string) string {
	if cfg.APIURL != "" {
		return "API " + apiURL
	}
	return "region " + regionOrDefault(cfg.Region) + ", API " + apiURL
}

func regionOrDefault(r string) string {
	if strings.TrimSpace(r) == "" {
		return genesys.DefaultRegion
	}
	return r
}

// tflogBridge hands the API client's log records to tflog.
func tflogBridge(ctx context.Context, level genesys.Level, msg string, fields map[string]any) {
	switch level {
	case genesys.LevelTrace:
		tflog.Trace(ctx, msg, fields)
	case genesys.LevelDebug:
		tflog.Debug(ctx, msg, fields)
	default:
		tflog.Warn(ctx, msg, fields)
	}
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
		newScopesDataSource}
}
