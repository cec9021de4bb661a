package genesys

import (
	"errors"
	"strings"
	"testing"
)

// endpointsOf is what a Config with these settings calls, or its error.
func endpointsOf(region, apiURL, tokenURL string) (api, token string, err error) {
	cfg := Config{Region: region, APIURL: apiURL, TokenURL: tokenURL, AccessToken: "t"}
	if err := cfg.Check(); err != nil {
		return "", "", err
	}
	api, token = endpoints(cfg)
	return api, token, nil
}

func TestEndpointsAndURLChecks(t *testing.T) {
	api, tok, err := endpointsOf("eu-west-1", "", "")
	if err != nil || api != "https://api.mypurecloud.ie" || tok != "https://login.mypurecloud.ie/oauth/token" {
		t.Errorf("eu-west-1 -> %s %s %v", api, tok, err)
	}
	for region, domain := range map[string]string{"mx-central-1": "mxc1.pure.cloud", "EUSC-DE-EAST-1": "edee1.eusc-pure.cloud",
		"ap-southeast-1": "apse1.pure.cloud", "us-east-2": "use2.us-gov-pure.cloud"} {
		api, tok, err := endpointsOf(region, "", "")
		if err != nil || api != "https://api."+domain || tok != "https://login."+domain+"/oauth/token" {
			t.Errorf("%s -> %s %s %v", region, api, tok, err)
		}
	}
	if n := len(RegionNames()); n != 36 {
		t.Errorf("want the contract's 18 regions, by name and by domain: %d names", n)
	}
	api, _, err = endpointsOf("usw2.pure.cloud", "", "")
	if err != nil || api != "https://api.usw2.pure.cloud" {
		t.Errorf("domain as region -> %s %v", api, err)
	}
	if _, _, err := endpointsOf("mars-1", "", ""); err == nil || !strings.Contains(err.Error(), `unknown region "mars-1"`) {
		t.Errorf("unknown region: %v", err)
	}
	if _, _, err := endpointsOf("", "http://api.example.com", "https://login.example.com/oauth/token"); err == nil || !strings.Contains(err.Error(), "not loopback") {
		t.Errorf("http to a remote host must be refused: %v", err)
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:2", "https://api.example.com"} {
		if err := checkURL(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	if _, err := New(Config{APIURL: "http://127.0.0.1:1", TokenURL: "http://127.0.0.1:1/t"}); err == nil {
		t.Error("New without credentials must fail")
	}
}

// Credentials written into a URL are refused without being printed.
func TestUserinfoInURLsIsRefused(t *testing.T) {
	for _, u := range []string{"https://user:hunter2@api.example.com", "http://user:hunter2@127.0.0.1:1"} {
		err := checkURL(u)
		if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "user name or password") {
			t.Errorf("%s: %v", strings.ReplaceAll(u, "hunter2", "***"), err)
		}
	}
	_, err := New(Config{APIURL: "https://api.example.com", TokenURL: "https://u:hunter2@login.example.com/oauth/token", AccessToken: "t"})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("token URL with a password: %v", err)
	}
}

// Each configuration error names its setting, once, whatever else is
// wrong: a blank region, a misspelt one that both URLs would have hidden,
// an API URL with a path.
func TestCheckNamesEachSetting(t *testing.T) {
	cases := []struct {
		cfg  Config
		want map[Setting]string
	}{
		{Config{Region: " ", AccessToken: "t"}, map[Setting]string{SettingRegion: "is blank: give a region name such as us-east-1"}},
		{Config{Region: "mars-1", APIURL: "https://api.example.com", TokenURL: "https://login.example.com/oauth/token", AccessToken: "t"},
			map[Setting]string{SettingRegion: `names an unknown region "mars-1": use one of`}},
		{Config{APIURL: "https://api.example.com/api/v2", TokenURL: "https://login.example.com/oauth/token", AccessToken: "t"},
			map[Setting]string{SettingAPIURL: `"https://api.example.com/api/v2" has a path (/api/v2): give the base URL alone`}},
		{Config{APIURL: "http://api.example.com", TokenURL: "ftp://login.example.com", ClientID: "a", MaxRetries: -1, RequestsPerMinute: -2},
			map[Setting]string{SettingAPIURL: "not loopback", SettingTokenURL: `scheme "ftp" is not supported`,
				SettingCredentials: "are missing", SettingMaxRetries: "must be 0 or more, got -1",
				SettingRequestsPerMinute: "must be 0 (no limit) or more, got -2"}},
	}
	for _, tc := range cases {
		got := ConfigErrors(tc.cfg.Check())
		if len(got) != len(tc.want) {
			t.Errorf("%+v: %v, want %d errors", tc.cfg, got, len(tc.want))
		}
		for _, ce := range got {
			if w, ok := tc.want[ce.Setting]; !ok || !strings.Contains(ce.Reason, w) {
				t.Errorf("%+v: %s: %q, want %q", tc.cfg, ce.Setting, ce.Reason, w)
			}
		}
		if _, err := New(tc.cfg); err == nil {
			t.Errorf("%+v: New accepted what Check refuses", tc.cfg)
		}
	}
	if !errors.Is(Config{Region: "mars-1", AccessToken: "t"}.Check(), ErrUnknownRegion) {
		t.Error("an unknown region matches ErrUnknownRegion")
	}
	if ok := (Config{Region: "eu-west-1", APIURL: "https://a.example.com", TokenURL: "https://l.example.com/t"}); !ok.RegionUnused() {
		t.Error("a region both URLs take the place of is unused")
	}
}
