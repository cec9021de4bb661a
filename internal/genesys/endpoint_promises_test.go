package genesys_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// api_url as it is often pasted, with a trailing slash (or two), is the
// base URL: each call goes to /api/v2/..., never to //api/v2/..., which a
// real API host answers with a redirect or a 404 (and this client follows
// no redirect), nor to a path of its own.
func TestAPIURLWithTrailingSlashIsTheBaseURL(t *testing.T) {
	for _, suffix := range []string{"/", "//"} {
		var bad atomic.Value
		var calls atomic.Int32
		c := apiAndLogin(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			if r.RequestURI != "/api/v2/oauth/authorizations" && !strings.HasPrefix(r.RequestURI, "/api/v2/oauth/authorizations?") {
				bad.Store(r.RequestURI)
				http.Error(w, "not here", http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"entities":[],"pageSize":100,"pageNumber":1,"total":0,"pageCount":1}`))
		}, func(cfg *genesys.Config) { cfg.APIURL += suffix })
		if _, err := c.ListAuthorizations(context.Background()); err != nil {
			t.Errorf("api_url with %q: %v", suffix, err)
		}
		if u := bad.Load(); u != nil {
			t.Errorf("api_url with %q: the call went to %q, not the base URL's /api/v2/oauth/authorizations", suffix, u)
		}
		if calls.Load() == 0 {
			t.Errorf("api_url with %q: no call reached the API", suffix)
		}
	}
}

// Plain http:// carries the client secret and the token in clear text, so
// it is accepted for this machine only: loopback addresses and the name
// localhost, never a remote host whose name merely starts with or contains
// "localhost" or "127.0.0.1". Each refused URL is refused for the API URL
// and for the token URL alike, and https:// to the same host is accepted.
func TestPlainHTTPOnlyToThisMachine(t *testing.T) {
	refused := []string{
		"http://localhost.example.com", "http://localhost.example.com:8080/oauth/token", "http://localhostx",
		"http://127.0.0.1.example.com", "http://127.0.0.1.nip.io:80", "http://my-localhost", "http://10.0.0.1",
		"http://0.0.0.0:8080", "http://[::ffff:10.0.0.1]", "http://api.mypurecloud.ie",
	}
	for _, u := range refused {
		api := genesys.Config{APIURL: u, TokenURL: "https://login.example.com/oauth/token", ClientID: "a", ClientSecret: "b"}
		token := genesys.Config{APIURL: "https://api.example.com", TokenURL: u, ClientID: "a", ClientSecret: "b"}
		for name, cfg := range map[string]genesys.Config{"api_url": api, "token_url": token} {
			err := cfg.Check()
			if err == nil || !strings.Contains(err.Error(), "plain http:// to a host that is not loopback") {
				t.Errorf("%s %s: %v, want refused as plain http to a remote host", name, u, err)
			}
			if _, err := genesys.New(cfg); err == nil {
				t.Errorf("%s %s: New accepted it", name, u)
			}
		}
		if https := strings.Replace(u, "http://", "https://", 1); (genesys.Config{APIURL: "https://api.example.com",
			TokenURL: https, ClientID: "a", ClientSecret: "b"}).Check() != nil {
			t.Errorf("%s over https is refused", https)
		}
	}
	for _, u := range []string{"http://localhost:1", "http://LOCALHOST:2", "http://127.0.0.1:3", "http://127.0.0.2:4", "http://[::1]:5"} {
		if err := (genesys.Config{APIURL: u, TokenURL: u + "/oauth/token", ClientID: "a", ClientSecret: "b"}).Check(); err != nil {
			t.Errorf("%s (this machine) refused: %v", u, err)
		}
	}
}
