package genesys

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
)

// regionDomains maps the region names the official Genesys Cloud provider
// accepts (AWS style) onto the domains of API.md (public; contract version
// 2 lists 18). A domain itself is accepted as a region name too.
var regionDomains = map[string]string{
	"us-east-1":      "mypurecloud.com",
	"us-west-2":      "usw2.pure.cloud",
	"us-east-2":      "use2.us-gov-pure.cloud",
	"ca-central-1":   "cac1.pure.cloud",
	"eu-west-1":      "mypurecloud.ie",
	"eu-west-2":      "euw2.pure.cloud",
	"eu-central-1":   "mypurecloud.de",
	"eu-central-2":   "euc2.pure.cloud",
	"ap-south-1":     "aps1.pure.cloud",
	"ap-northeast-2": "apne2.pure.cloud",
	"ap-southeast-2": "mypurecloud.com.au",
	"ap-northeast-1": "mypurecloud.jp",
	"ap-northeast-3": "apne3.pure.cloud",
	"sa-east-1":      "sae1.pure.cloud",
	"me-central-1":   "mec1.pure.cloud",
	"mx-central-1":   "mxc1.pure.cloud",
	"eusc-de-east-1": "edee1.eusc-pure.cloud",
	"ap-southeast-1": "apse1.pure.cloud",
}

// DefaultRegion is used when no region and no URL override is given.
const DefaultRegion = "us-east-1"

// RegionNames lists every accepted region name, sorted.
func RegionNames() []string {
	names := make([]string, 0, 2*len(regionDomains))
	for name, domain := range regionDomains {
		names = append(names, name, domain)
	}
	sort.Strings(names)
	return names
}

// RegionDomain returns the domain of a region given by name or by domain.
func RegionDomain(region string) (string, error) {
	r := strings.ToLower(strings.TrimSpace(region))
	if d, ok := regionDomains[r]; ok {
		return d, nil
	}
	for _, d := range regionDomains {
		if d == r {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w %q: use one of %s", ErrUnknownRegion, region, strings.Join(RegionNames(), ", "))
}

// Setting names a setting of Config, for a ConfigError: the caller
// says it in its own words (an attribute, an environment variable).
type Setting string

// The settings a ConfigError can be about.
const (
	SettingRegion            Setting = "Region"
	SettingAPIURL            Setting = "APIURL"
	SettingTokenURL          Setting = "TokenURL"
	SettingCredentials       Setting = "Credentials"
	SettingMaxRetries        Setting = "MaxRetries"
	SettingRequestsPerMinute Setting = "RequestsPerMinute"
)

// ConfigError is a Config that cannot work, naming the setting at fault.
// Its Reason is a sentence about the value, without the setting's name.
type ConfigError struct {
	Setting Setting
	Reason  string
	err     error // what the reason wraps (errors.Is finds ErrUnknownRegion, ErrCredentialsInURL)
}

func (e *ConfigError) Error() string { return string(e.Setting) + " " + e.Reason }

func (e *ConfigError) Unwrap() error { return e.err }

// ErrUnknownRegion is a region that is neither a region name nor a domain.
var ErrUnknownRegion = errors.New("unknown region")

// Check is the one validation of a Config: every *ConfigError it finds,
// joined (errors.As finds the first; see ConfigErrors). New refuses a
// Config that fails it.
func (cfg Config) Check() error {
	var errs []error
	bad := func(s Setting, format string, args ...any) {
		reason := fmt.Errorf(format, args...)
		errs = append(errs, &ConfigError{Setting: s, Reason: reason.Error(), err: errors.Unwrap(reason)})
	}
	region := strings.TrimSpace(cfg.Region)
	switch {
	case cfg.Region != "" && region == "":
		bad(SettingRegion, "is blank: give a region name such as %s, or leave it out for %s", DefaultRegion, DefaultRegion)
	case region != "" || cfg.APIURL == "" || cfg.TokenURL == "":
		// A region is checked even when both URLs take its place: a
		// misspelt one is never silently passed over.
		if _, err := RegionDomain(regionOr(region)); err != nil {
			bad(SettingRegion, "names an %w", err)
		}
	}
	if cfg.APIURL != "" {
		if err := checkURL(cfg.APIURL); err != nil {
			bad(SettingAPIURL, "is not usable: %w", err)
		} else if u, _ := url.Parse(cfg.APIURL); strings.Trim(u.Path, "/") != "" {
			bad(SettingAPIURL, "%q has a path (%s): give the base URL alone, such as https://api.mypurecloud.com, "+
				"since every call's path starts with /api/v2", cfg.APIURL, u.Path)
		}
	}
	if cfg.TokenURL != "" {
		if err := checkURL(cfg.TokenURL); err != nil {
			bad(SettingTokenURL, "is not usable: %w", err)
		}
	}
	switch {
	case cfg.AccessToken != "" && (cfg.ClientID != "" || cfg.ClientSecret != ""):
		bad(SettingCredentials, "are both an access token and client credentials: give one of them")
	case cfg.AccessToken == "" && (cfg.ClientID == "" || cfg.ClientSecret == ""):
		bad(SettingCredentials, "are missing: give an OAuth client ID and secret, or an access token")
	}
	if cfg.MaxRetries < 0 {
		bad(SettingMaxRetries, "must be 0 or more, got %d", cfg.MaxRetries)
	}
	if cfg.RequestsPerMinute < 0 {
		bad(SettingRequestsPerMinute, "must be 0 (no limit) or more, got %d", cfg.RequestsPerMinute)
	}
	return errors.Join(errs...)
}

// ConfigErrors lists the *ConfigError of an error of Check.
func ConfigErrors(err error) []*ConfigError {
	var out []*ConfigError
	var ce *ConfigError
	if errors.As(err, &ce) {
		out = append(out, ce)
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		out = out[:0]
		for _, e := range j.Unwrap() {
			out = append(out, ConfigErrors(e)...)
		}
	}
	return out
}

// RegionUnused reports whether a region is set that both URLs take the
// place of: the caller says so, since the region is then not used.
func (cfg Config) RegionUnused() bool {
	return strings.TrimSpace(cfg.Region) != "" && cfg.APIURL != "" && cfg.TokenURL != ""
}

func regionOr(region string) string {
	if region == "" {
		return DefaultRegion
	}
	return region
}

// endpoints resolves the API base URL and token URL of a Config that
// passed Check.
func endpoints(cfg Config) (api, token string) {
	api, token = cfg.APIURL, cfg.TokenURL
	if api == "" || token == "" {
		domain, _ := RegionDomain(regionOr(strings.TrimSpace(cfg.Region)))
		if api == "" {
			api = "https://api." + domain
		}
		if token == "" {
			token = "https://login." + domain + "/oauth/token"
		}
	}
	return strings.TrimRight(api, "/"), token
}

// ErrCredentialsInURL refuses a URL that carries a user name or password:
// credentials go in the client's configuration, never in a URL.
var ErrCredentialsInURL = errors.New("the URL holds a user name or password (not printed); credentials never go in a URL")

// checkURL accepts https:// URLs, and http:// only for loopback hosts. A
// URL carrying a user name or password is refused, and never printed.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		if strings.Contains(raw, "@") {
			return errors.New("the URL is not valid (it is not printed: it may hold credentials)")
		}
		return fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if u.User != nil {
		return ErrCredentialsInURL
	}
	if u.Host == "" {
		return fmt.Errorf("%q has no host: give an absolute URL such as https://api.mypurecloud.com", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses plain http:// to a host that is not loopback; use https:// "+
			"(http:// is accepted only for 127.0.0.1, ::1 and localhost, such as the emulator)", raw)
	default:
		return fmt.Errorf("%q: scheme %q is not supported, use https://", raw, u.Scheme)
	}
}

// IsLoopback reports whether host names the local machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
