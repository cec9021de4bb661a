package genesys_test

// Redirects: the API and the token endpoint never redirect, and a redirect
// is never followed.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// An API answer that redirects is an error naming the call and the
// Location's host; the bearer token never reaches the other host.
func TestAPIRedirectIsRefused(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	defer other.Close()
	for _, status := range []int{301, 302, 307, 308} {
		c := apiAndLogin(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/steal", status)
		}, nil)
		_, err := c.GetAuthorization(context.Background(), clientID)
		host := strings.TrimPrefix(other.URL, "http://")
		if err == nil || !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations/"+clientID) ||
			!strings.Contains(err.Error(), fmt.Sprintf("redirect (%d) to host %q", status, host)) {
			t.Errorf("%d: %v", status, err)
		}
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d requests reached the host the API redirected to", n)
	}
}

// A redirect from the token endpoint is refused, naming token_url; the
// client ID and secret go nowhere else, https to http included.
func TestTokenRedirectIsRefused(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reached.Add(1)
		_, _ = io.WriteString(w, `{"access_token":"stolen","token_type":"bearer","expires_in":86400}`)
	}))
	defer other.Close()
	for _, status := range []int{302, 307, 308} {
		login := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/oauth/token", status)
		}))
		c, err := genesys.New(genesys.Config{APIURL: login.URL, TokenURL: login.URL + "/oauth/token", ClientID: "id", ClientSecret: "secret",
			Transport: login.Client().Transport, MaxRetries: 3})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListScopes(context.Background())
		var te *genesys.TokenError
		if !errors.As(err, &te) || te.Kind != genesys.TokenRedirect || !strings.Contains(err.Error(), "from "+login.URL) ||
			!strings.Contains(err.Error(), "redirect") || !strings.Contains(err.Error(), "credentials are sent only to the configured token endpoint") {
			t.Errorf("%d: %v", status, err)
		}
		if c.TokenRequests() != 1 {
			t.Errorf("%d: a refused redirect is final: %d token requests", status, c.TokenRequests())
		}
		login.Close()
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d token requests followed the redirect", n)
	}
}
