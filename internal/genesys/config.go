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
	return "", fmt.Errorf("unknown region %q: use one of %s", region, strings.Join(RegionNames(), ", "))
}

// Endpoints resolves the API base URL and token URL from a region and the
// optional overrides. Plain http:// is refused except for loopback hosts.
func Endpoints(region, apiURL, tokenURL string) (api, token string, err error) {
	if region == "" {
		region = DefaultRegion
	}
	if apiURL == "" || tokenURL == "" {
		domain, err := RegionDomain(region)
		if err != nil {
			return "", "", err
		}
		if apiURL == "" {
			apiURL = "https://api." + domain
		}
		if tokenURL == "" {
			tokenURL = "https://login." + domain + "/oauth/token"
		}
	}
	if err := CheckURL(apiURL); err != nil {
		return "", "", fmt.Errorf("API URL: %w", err)
	}
	if err := CheckURL(tokenURL); err != nil {
		return "", "", fmt.Errorf("token URL: %w", err)
	}
	return strings.TrimRight(apiURL, "/"), tokenURL, nil
}

// ErrCredentialsInURL refuses a URL that carries a user name or password:
// credentials go in the client's configuration, never in a URL.
var ErrCredentialsInURL = errors.New("the URL holds a user name or password (not printed); credentials never go in a URL")

// CheckURL accepts https:// URLs, and http:// only for loopback hosts. A
// URL carrying a user name or password is refused, and never printed.
func CheckURL(raw string) error {
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
