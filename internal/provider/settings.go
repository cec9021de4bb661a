package provider

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// settingValue is one string setting of the provider as it was read: the
// attribute of the provider block, the environment variable read in its
// place, the value, and whether the value is the environment's (the block
// leaves the attribute out and the setting's group reads the environment,
// whether or not the variable is set). Every rule and error that names a
// setting names it through this value.
type settingValue struct {
	attr, env string
	value     string
	fromEnv   bool
}

// name is the setting's name where the user gave it: the environment
// variable, or the attribute.
func (v settingValue) name() string {
	if v.fromEnv {
		return v.env
	}
	return v.attr
}

// named is name with the environment called out: "api_url", or
// "GENESYSAUTH_API_URL (from the environment)".
func (v settingValue) named() string {
	if v.fromEnv {
		return v.env + " (from the environment)"
	}
	return v.attr
}

// placed is name with where it was given on both sides:
// "organization_id (in the provider block)" or
// "GENESYSAUTH_ORGANIZATION_ID (from the environment)".
func (v settingValue) placed() string {
	if v.fromEnv {
		return v.named()
	}
	return v.attr + " (in the provider block)"
}

// origin says where the setting is read: "in the provider block" or "in
// the environment".
func (v settingValue) origin() string {
	if v.fromEnv {
		return "in the environment"
	}
	return "in the provider block"
}

// readSetting reads a string setting from the configuration, else, when
// fromEnv, from its environment variable. An unknown value is an error
// naming the attribute.
func readSetting(v types.String, attr, env string, fromEnv bool, diags *diag.Diagnostics) settingValue {
	s := settingValue{attr: attr, env: env, fromEnv: fromEnv && v.IsNull()}
	switch {
	case v.IsUnknown():
		diags.AddAttributeError(path.Root(attr), "Unknown provider setting "+attr,
			fmt.Sprintf("%s depends on a value known only after apply. Set it from a literal, a variable or the "+
				"environment variable %s, so that the provider can be configured at plan time.", attr, env))
	case !v.IsNull():
		s.value = v.ValueString()
	case fromEnv:
		s.value = os.Getenv(env)
	}
	return s
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

func intSetting(v types.Int64, attr, env string, def int, diags *diag.Diagnostics) int {
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

// settings is the provider block and the environment read together.
type settings struct {
	cfg            genesys.Config
	organizationID string // the guard, trimmed; empty when not set
	// Where each string setting was read, for the rules and their errors.
	region, apiURL, tokenURL      settingValue
	clientID, clientSecret, token settingValue
	guard, timeout                settingValue
}

// credentialsNamed says where the credentials in use were given, for errors.
func (s settings) credentialsNamed() string {
	from := " of the provider block"
	if s.token.fromEnv {
		from = " from the environment"
	}
	if s.token.value != "" {
		return s.token.name() + from
	}
	return s.clientID.name() + " / " + s.clientSecret.name() + from
}

// timeoutNamed says where the request timeout in use was set, for errors.
func (s settings) timeoutNamed() string {
	if s.timeout.value == "" {
		return "the default of request_timeout"
	}
	return s.timeout.name() + " " + s.timeout.origin()
}

// clientConfig reads the provider block and the environment into the API
// client's configuration, each setting checked where it is read: the
// credentials as one group and the endpoints as another, each from the
// block when it sets any of the group, else from the environment.
func clientConfig(m providerModel, version, terraformVersion string, d *diag.Diagnostics) settings {
	credsEnv, endpointsEnv := credentialsFromEnv(m), endpointsFromEnv(m)
	s := settings{
		region:       readSetting(m.Region, "region", EnvRegion, endpointsEnv, d),
		clientID:     readSetting(m.OAuthClientID, "oauthclient_id", EnvClientID, credsEnv, d),
		clientSecret: readSetting(m.OAuthClientSecret, "oauthclient_secret", EnvClientSecret, credsEnv, d),
		token:        readSetting(m.AccessToken, "access_token", EnvAccessToken, credsEnv, d),
		apiURL:       readSetting(m.APIURL, "api_url", EnvAPIURL, endpointsEnv, d),
		tokenURL:     readSetting(m.TokenURL, "token_url", EnvTokenURL, endpointsEnv, d),
	}
	s.cfg = genesys.Config{
		Region:       s.region.value,
		ClientID:     s.clientID.value,
		ClientSecret: s.clientSecret.value,
		AccessToken:  s.token.value,
		APIURL:       s.apiURL.value,
		TokenURL:     s.tokenURL.value,
		MaxRetries:   intSetting(m.MaxRetries, "max_retries", EnvMaxRetries, defaultMaxRetries, d),
		RequestsPerMinute: intSetting(m.RequestsPerMinute, "requests_per_minute", EnvRequestsPerMinute,
			defaultRequestsPerMinute, d),
		RequestTimeout: defaultRequestTimeout,
		UserAgent:      "terraform-provider-genesysauth/" + version + " terraform/" + terraformVersion,
		Logger:         tflogBridge,
	}
	// The guard follows the credentials (see the warning below).
	s.guard = readSetting(m.OrganizationID, "organization_id", EnvOrganizationID, credsEnv, d)
	s.organizationID = strings.TrimSpace(s.guard.value)
	if !m.OrganizationID.IsNull() && !m.OrganizationID.IsUnknown() && s.organizationID == "" {
		d.AddAttributeError(path.Root("organization_id"), "Empty organization_id",
			"organization_id is set to an empty string. Give the ID of the organization these credentials must belong to "+
				"(the id of the genesysauth_organization data source), or leave the attribute out.")
	}
	if env := os.Getenv(EnvOrganizationID); !credsEnv && m.OrganizationID.IsNull() && strings.TrimSpace(env) != "" {
		// The guard follows the credentials: a block with its own does not
		// read the environment's, and says so rather than guard nothing
		// while a pipeline believes it guarded.
		d.AddAttributeWarning(path.Root("organization_id"), EnvOrganizationID+" is not used for this provider block",
			EnvOrganizationID+" is set in the environment, but this provider block gives its own credentials, and the "+
				"organization guard follows the credentials: the environment's organization ID goes with the environment's "+
				"credentials. This block is not guarded. Set organization_id in the block to guard it.")
	}
	s.timeout = readSetting(m.RequestTimeout, "request_timeout", EnvRequestTimeout, true, d)
	if t := s.timeout.value; t != "" {
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
	s.checkCredentials(d)
	if !d.HasError() {
		s.checkEndpoints(d)
	}
	if d.HasError() {
		return s
	}
	s.mapConfigErrors(s.cfg.Check(), d)
	if s.cfg.RegionUnused() && !d.HasError() {
		d.AddAttributeWarning(path.Root("region"), "region is not used",
			fmt.Sprintf("%s is %q, but %s and %s are both set, and they take its place: the provider calls them, not "+
				"the region's hosts. Remove the region, or remove both URLs to use the region's.",
				s.region.named(), s.region.value, s.apiURL.named(), s.tokenURL.named()))
	}
	return s
}

// settingAttrs names each setting of genesys.Config as the provider block
// does.
var settingAttrs = map[genesys.Setting]string{
	genesys.SettingRegion:            "region",
	genesys.SettingAPIURL:            "api_url",
	genesys.SettingTokenURL:          "token_url",
	genesys.SettingCredentials:       "oauthclient_id",
	genesys.SettingMaxRetries:        "max_retries",
	genesys.SettingRequestsPerMinute: "requests_per_minute",
}

// named names a setting of genesys.Config as its errors should: the
// environment variable when the value came from there.
func (s settings) named(setting genesys.Setting) string {
	switch setting {
	case genesys.SettingRegion:
		return s.region.named()
	case genesys.SettingAPIURL:
		return s.apiURL.named()
	case genesys.SettingTokenURL:
		return s.tokenURL.named()
	}
	return settingAttrs[setting]
}

// mapConfigErrors turns the API client's configuration errors into
// attribute errors: the one place where a genesys.Setting becomes an
// attribute.
func (s settings) mapConfigErrors(err error, d *diag.Diagnostics) {
	for _, ce := range genesys.ConfigErrors(err) {
		attr := settingAttrs[ce.Setting]
		summary := "Invalid " + attr
		if errors.Is(ce, genesys.ErrUnknownRegion) {
			summary = "Unknown region"
		}
		detail := s.named(ce.Setting) + " " + ce.Reason + "."
		if errors.Is(ce, genesys.ErrCredentialsInURL) {
			detail += " Give them in oauthclient_id / oauthclient_secret or access_token."
		}
		d.AddAttributeError(path.Root(attr), summary, detail)
	}
}

// checkCredentials refuses a token given together with client
// credentials (a token would win, and the client be ignored silently) and
// credentials given in part, naming where each was read.
func (s settings) checkCredentials(d *diag.Diagnostics) {
	cfg, fromEnv := s.cfg, s.token.fromEnv
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
func (s settings) checkEndpoints(d *diag.Diagnostics) {
	cfg := s.cfg
	if cfg.Region != "" {
		return
	}
	// The three endpoints are read from one place: the block, or the
	// environment.
	api, token, region, where := s.apiURL.name(), s.tokenURL.name(), s.region.name(), s.apiURL.origin()
	rule := ""
	if !s.apiURL.fromEnv {
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
