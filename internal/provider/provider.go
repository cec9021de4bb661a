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

// Environment variables read when the provider block leaves a setting out:
// the credentials (with organization_id) only for a block that sets no
// credential, the endpoints only for a block that sets no endpoint (see
// credentialsFromEnv and endpointsFromEnv), the tuning settings one by one.
// Exported for the acceptance tests (package provider_test), which set
// them as a user does.
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
	EnvOrganizationID    = "GENESYSAUTH_ORGANIZATION_ID"
)

// Defaults of the tuning settings.
const (
	defaultMaxRetries        = 5
	defaultRequestsPerMinute = 280 // under Genesys Cloud's 300 a minute per token
	defaultRequestTimeout    = 2 * time.Minute
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
					"provider (default %d, under Genesys Cloud's 300 per token; 0 turns it off). Environment: `%s`.",
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

// setting reads a string setting from the configuration, else, when
// fromEnv, from its environment variable. An unknown value is an error
// naming the attribute.
func setting(v types.String, attr, env string, fromEnv bool, diags *diagsT) string {
	if v.IsUnknown() {
		diags.AddAttributeError(path.Root(attr), "Unknown provider setting "+attr,
			fmt.Sprintf("%s depends on a value known only after apply. Set it from a literal, a variable or the "+
				"environment variable %s, so that the provider can be configured at plan time.", attr, env))
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	if !fromEnv {
		return ""
	}
	return os.Getenv(env)
}

// inBlock reports whether the provider block sets any of the attributes
// (to a value, or to one known only after apply).
func inBlock(vs ...types.String) bool {
	for _, v := range vs {
		if !v.IsNull() {
			return true
		}
	}
	return false
}

// credentialsFromEnv: a block that sets any credential uses its own
// credentials only, so another organization's token or client in the
// environment never reaches this block's organization.
func credentialsFromEnv(m providerModel) bool {
	return !inBlock(m.OAuthClientID, m.OAuthClientSecret, m.AccessToken)
}

// endpointsFromEnv: a block that sets any endpoint takes none from the
// environment, so its API and login host are never mixed with another
// organization's.
func endpointsFromEnv(m providerModel) bool { return !inBlock(m.Region, m.APIURL, m.TokenURL) }

// settings is the provider block and the environment read together.
type settings struct {
	cfg            genesys.Config
	organizationID string // the guard; empty when not set
	credsFromEnv   bool
	timeoutFrom    string // where cfg.RequestTimeout was set, for errors
}

// credentialsNamed says where the credentials in use were given, for errors.
func (s settings) credentialsNamed() string {
	switch {
	case s.credsFromEnv && s.cfg.AccessToken != "":
		return EnvAccessToken + " from the environment"
	case s.credsFromEnv:
		return EnvClientID + " / " + EnvClientSecret + " from the environment"
	case s.cfg.AccessToken != "":
		return "access_token of the provider block"
	}
	return "oauthclient_id / oauthclient_secret of the provider block"
}

// guardNamed says where organization_id was given, for errors.
func (s settings) guardNamed(m providerModel) string {
	if m.OrganizationID.IsNull() {
		return EnvOrganizationID + " (from the environment)"
	}
	return "organization_id (in the provider block)"
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
	return n
}

// clientConfig reads the provider block and the environment into the API
// client's configuration, each setting checked where it is read: the
// credentials as one group and the endpoints as another, each from the
// block when it sets any of the group, else from the environment.
func clientConfig(m providerModel, version, terraformVersion string, d *diagsT) settings {
	credsEnv, endpointsEnv := credentialsFromEnv(m), endpointsFromEnv(m)
	cfg := genesys.Config{
		Region:       setting(m.Region, "region", EnvRegion, endpointsEnv, d),
		ClientID:     setting(m.OAuthClientID, "oauthclient_id", EnvClientID, credsEnv, d),
		ClientSecret: setting(m.OAuthClientSecret, "oauthclient_secret", EnvClientSecret, credsEnv, d),
		AccessToken:  setting(m.AccessToken, "access_token", EnvAccessToken, credsEnv, d),
		APIURL:       setting(m.APIURL, "api_url", EnvAPIURL, endpointsEnv, d),
		TokenURL:     setting(m.TokenURL, "token_url", EnvTokenURL, endpointsEnv, d),
		MaxRetries:   intSetting(m.MaxRetries, "max_retries", EnvMaxRetries, defaultMaxRetries, d),
		RequestsPerMinute: intSetting(m.RequestsPerMinute, "requests_per_minute", EnvRequestsPerMinute,
			defaultRequestsPerMinute, d),
		RequestTimeout: defaultRequestTimeout,
		UserAgent:      "terraform-provider-genesysauth/" + version + " terraform/" + terraformVersion,
		Logger:         tflogBridge,
	}
	s := settings{cfg: cfg, credsFromEnv: credsEnv,
		organizationID: setting(m.OrganizationID, "organization_id", EnvOrganizationID, credsEnv, d)}
	if !m.OrganizationID.IsNull() && !m.OrganizationID.IsUnknown() && strings.TrimSpace(s.organizationID) == "" {
		d.AddAttributeError(path.Root("organization_id"), "Empty organization_id",
			"organization_id is set to an empty string. Give the ID of the organization these credentials must belong to "+
				"(the id of the genesysauth_organization data source), or leave the attribute out.")
	}
	s.organizationID = strings.TrimSpace(s.organizationID)
	if env := os.Getenv(EnvOrganizationID); !credsEnv && m.OrganizationID.IsNull() && strings.TrimSpace(env) != "" {
		// The guard follows the credentials: a block with its own does not
		// read the environment's, and says so rather than guard nothing
		// while a pipeline believes it guarded.
		d.AddAttributeWarning(path.Root("organization_id"), EnvOrganizationID+" is not used for this provider block",
			EnvOrganizationID+" is set in the environment, but this provider block gives its own credentials, and the "+
				"organization guard follows the credentials: the environment's organization ID goes with the environment's "+
				"credentials. This block is not guarded. Set organization_id in the block to guard it.")
	}
	s.timeoutFrom = "the default of request_timeout"
	if t := setting(m.RequestTimeout, "request_timeout", EnvRequestTimeout, true, d); t != "" {
		s.timeoutFrom = "request_timeout in the provider block"
		if m.RequestTimeout.IsNull() {
			s.timeoutFrom = EnvRequestTimeout + " in the environment"
		}
		rt, err := time.ParseDuration(t)
		if err != nil || rt <= 0 {
			d.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q is not a positive duration; write it as a Go duration such as \"30s\" or \"2m\".", t))
		}
		s.cfg.RequestTimeout = rt
	}
	if d.HasError() {
		return s
	}
	checkCredentials(cfg, credsEnv, d)
	if !d.HasError() {
		checkEndpoints(cfg, endpointsEnv, d)
	}
	if d.HasError() {
		return s
	}
	named := func(attr string, v types.String, fromEnv bool) string {
		if v.IsNull() && fromEnv {
			return settingNames[attrSetting[attr]].env + " (from the environment)"
		}
		return attr
	}
	where := map[string]string{
		"region": named("region", m.Region, endpointsEnv), "api_url": named("api_url", m.APIURL, endpointsEnv),
		"token_url": named("token_url", m.TokenURL, endpointsEnv),
	}
	mapConfigErrors(s.cfg.Check(), where, d)
	if s.cfg.RegionUnused() && !d.HasError() {
		d.AddAttributeWarning(path.Root("region"), "region is not used",
			fmt.Sprintf("%s is %q, but %s and %s are both set, and they take its place: the provider calls them, not "+
				"the region's hosts. Remove the region, or remove both URLs to use the region's.",
				where["region"], cfg.Region, where["api_url"], where["token_url"]))
	}
	return s
}

// settingNames names each setting of genesys.Config as the provider block
// does, and the environment variable it is read from otherwise.
var settingNames = map[genesys.Setting]struct{ attr, env string }{
	genesys.SettingRegion:            {"region", EnvRegion},
	genesys.SettingAPIURL:            {"api_url", EnvAPIURL},
	genesys.SettingTokenURL:          {"token_url", EnvTokenURL},
	genesys.SettingCredentials:       {"oauthclient_id", EnvClientID},
	genesys.SettingMaxRetries:        {"max_retries", EnvMaxRetries},
	genesys.SettingRequestsPerMinute: {"requests_per_minute", EnvRequestsPerMinute},
}

var attrSetting = func() map[string]genesys.Setting {
	out := map[string]genesys.Setting{}
	for s, n := range settingNames {
		out[n.attr] = s
	}
	return out
}()

// mapConfigErrors turns the API client's configuration errors into
// attribute errors: the one place where a genesys.Setting becomes an
// attribute. where names an attribute as the error should (the
// environment variable when the value came from there).
func mapConfigErrors(err error, where map[string]string, d *diagsT) {
	for _, ce := range genesys.ConfigErrors(err) {
		attr := settingNames[ce.Setting].attr
		name := where[attr]
		if name == "" {
			name = attr
		}
		summary := "Invalid " + attr
		if errors.Is(ce, genesys.ErrUnknownRegion) {
			summary = "Unknown region"
		}
		detail := name + " " + ce.Reason + "."
		if errors.Is(ce, genesys.ErrCredentialsInURL) {
			detail += " Give them in oauthclient_id / oauthclient_secret or access_token."
		}
		d.AddAttributeError(path.Root(attr), summary, detail)
	}
}

// checkCredentials refuses a token given together with client
// credentials (a token would win, and the client be ignored silently) and
// credentials given in part, naming where each was read.
func checkCredentials(cfg genesys.Config, fromEnv bool, d *diagsT) {
	client := cfg.ClientID != "" || cfg.ClientSecret != ""
	switch {
	case cfg.AccessToken != "" && client && fromEnv:
		d.AddError("Conflicting credentials in the environment",
			"Both "+EnvAccessToken+" and "+EnvClientID+" / "+EnvClientSecret+" are set. The provider signs in "+
				"either with an access token or with client credentials, never both: unset "+EnvAccessToken+" or unset "+
				EnvClientID+" and "+EnvClientSecret+". Or give this provider block its own credentials (access_token, "+
				"or oauthclient_id and oauthclient_secret): a block that sets any credential reads none from the environment.")
	case cfg.AccessToken != "" && client:
		d.AddAttributeError(path.Root("access_token"), "Conflicting credentials in the provider block",
			"The provider block sets both access_token and oauthclient_id / oauthclient_secret. The provider signs in "+
				"either with an access token or with client credentials, never both: remove access_token, or remove "+
				"oauthclient_id and oauthclient_secret.")
	case cfg.AccessToken != "":
	case fromEnv && cfg.ClientID == "":
		d.AddAttributeError(path.Root("oauthclient_id"), "Missing OAuth client ID",
			"Set oauthclient_id in the provider block or the environment variable "+EnvClientID+
				" (with its secret), or give an access token in access_token / "+EnvAccessToken+". "+
				"To try the provider without an organization, run the emulator (see the README).")
	case fromEnv && cfg.ClientSecret == "":
		d.AddAttributeError(path.Root("oauthclient_secret"), "Missing OAuth client secret",
			"Set oauthclient_secret in the provider block or the environment variable "+EnvClientSecret+
				", or give an access token in access_token / "+EnvAccessToken+".")
	case cfg.ClientID == "":
		d.AddAttributeError(path.Root("oauthclient_id"), "Missing OAuth client ID",
			"The provider block sets a credential, so it takes its credentials from the block alone and "+EnvClientID+
				" is not read for it. Set oauthclient_id in the block too (or access_token instead of the client), "+
				"or leave every credential out of the block to take them all from the environment.")
	case cfg.ClientSecret == "":
		d.AddAttributeError(path.Root("oauthclient_secret"), "Missing OAuth client secret",
			"The provider block sets a credential, so it takes its credentials from the block alone and "+EnvClientSecret+
				" is not read for it. Set oauthclient_secret in the block too (from a sensitive variable), or leave "+
				"every credential out of the block to take them all from the environment.")
	}
}

// checkEndpoints refuses endpoints given in part without a region: the
// missing one would be us-east-1's, another organization's host (the
// client credentials would go to its login host). An access token needs
// no token URL.
func checkEndpoints(cfg genesys.Config, fromEnv bool, d *diagsT) {
	if cfg.Region != "" {
		return
	}
	where, api, token, region := "in the provider block", "api_url", "token_url", "region"
	if fromEnv {
		where, api, token, region = "in the environment", EnvAPIURL, EnvTokenURL, EnvRegion
	}
	rule := ""
	if !fromEnv {
		rule = " (a block that sets an endpoint reads none from the environment)"
	}
	switch {
	case cfg.APIURL != "" && cfg.TokenURL == "" && cfg.AccessToken == "":
		d.AddAttributeError(path.Root("token_url"), "Missing token_url",
			fmt.Sprintf("%s is set %s but neither %s nor %s%s, so the client credentials would go to us-east-1's login "+
				"host, another organization's than %s's. Set %s (or %s) %s too.", api, where, token, region, rule, api,
				token, region, where))
	case cfg.TokenURL != "" && cfg.APIURL == "":
		d.AddAttributeError(path.Root("api_url"), "Missing api_url",
			fmt.Sprintf("%s is set %s but neither %s nor %s%s, so the API would be us-east-1's, another organization's "+
				"than %s's. Set %s (or %s) %s too.", token, where, api, region, rule, token, api, region, where))
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
		d.AddError("Error signing in to Genesys Cloud ("+org+")", signInDetail(err, cfg.RequestTimeout, s.timeoutFrom))
		return
	}
	// The organization guard, before any other call: nothing is read, let
	// alone written, in an organization the block did not name.
	if s.organizationID != "" {
		o, err := data.organization(ctx)
		if err != nil {
			d.AddAttributeError(path.Root("organization_id"), "Error reading the organization of the credentials ("+org+")",
				errorDetail("", err)+"\n\n"+s.guardNamed(m)+" is set, so the provider checks which organization the "+
					"credentials belong to (GET "+genesys.OrganizationPath+", which needs no permission) before any other "+
					"call. Nothing was read or written.")
			return
		}
		org = namedOrganization(o, org)
		if !strings.EqualFold(o.ID, s.organizationID) {
			d.AddAttributeError(path.Root("organization_id"), "Wrong Genesys Cloud organization: "+
				"expected "+s.organizationID+", the credentials belong to "+o.ID+" ("+o.Name+")",
				fmt.Sprintf("%s expects organization %s, but the credentials (%s) belong to organization %s (%q, "+
					"short name %q; %s). Nothing was read or written in either.\n\nGive this provider block the "+
					"credentials of organization %s (check the provider alias, and the variables or secrets it takes "+
					"them from); or, if organization %q is the one meant, set %s to %s.",
					s.guardNamed(m), s.organizationID, s.credentialsNamed(), o.ID, o.Name, o.ThirdPartyOrgName,
					organization(cfg, client.APIURL()), s.organizationID, o.Name,
					strings.Fields(s.guardNamed(m))[0], o.ID))
			return
		}
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

// organization names the organization a provider configuration speaks to,
// for its errors: its API, and the region unless api_url overrides it.
func organization(cfg genesys.Config, apiURL string) string {
	if cfg.APIURL != "" {
		return "API " + apiURL
	}
	return "region " + regionOrDefault(cfg.Region) + ", API " + apiURL
}

// namedOrganization is organization's text with the organization's name and
// id, once they are known.
func namedOrganization(o *genesys.Organization, where string) string {
	return "organization " + o.Name + " (" + o.ID + "), " + where
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
		newScopesDataSource, newOrganizationDataSource}
}
