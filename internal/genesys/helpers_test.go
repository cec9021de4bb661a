package genesys_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// fakeLogin is a token endpoint whose answer the test sets.
type fakeLogin struct {
	srv      *httptest.Server
	requests atomic.Int32
	handler  func(w http.ResponseWriter, r *http.Request)
}

func newFakeLogin(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *fakeLogin {
	t.Helper()
	f := &fakeLogin{handler: h}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		f.handler(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// apiAndLogin serves a token and answers API calls with api.
func apiAndLogin(t *testing.T, api http.HandlerFunc, mod func(*genesys.Config)) *genesys.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"tok-123","token_type":"bearer","expires_in":86400}`)
			return
		}
		api(w, r)
	}))
	t.Cleanup(srv.Close)
	cfg := genesys.Config{APIURL: srv.URL, TokenURL: srv.URL + "/oauth/token", ClientID: "id", ClientSecret: "secret",
		MaxRetries: 5, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, RequestTimeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	c, err := genesys.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const clientID = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
