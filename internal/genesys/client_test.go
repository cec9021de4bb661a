package genesys_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// recorded is one request as the server saw it.
type recorded struct {
	method, path, query, body, auth, contentType, userAgent string
}

// rawServer answers every request with one canned status and body and
// records what it received.
func rawServer(t *testing.T, status int, answer string) (*genesys.Client, *[]recorded) {
	t.Helper()
	var mu sync.Mutex
	var got []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, recorded{r.Method, r.URL.Path, r.URL.RawQuery, string(b), r.Header.Get("Authorization"), r.Header.Get("Content-Type"), r.Header.Get("User-Agent")})
		mu.Unlock()
		if answer != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	c, err := genesys.New(genesys.Config{APIURL: srv.URL, TokenURL: srv.URL + "/oauth/token", AccessToken: "static-token",
		UserAgent: "terraform-provider-genesysauth/1.2.3 terraform/1.11.4"})
	if err != nil {
		t.Fatal(err)
	}
	return c, &got
}

const authJSON = `{"client":{"id":"9e829b65-c0e3-599f-a9f0-7422a0506daa","name":"Acme CRM Connector"},
 "scope":["users:readonly","notifications"],"roles":["r1"],"resourceOwner":{"id":"org1"},
 "dateCreated":"2026-01-02T03:04:05.000Z","dateModified":"2026-01-03T03:04:05.123Z",
 "createdBy":{"id":"u1"},"modifiedBy":{"id":"u2"},"pending":false,"state":"Authorized",
 "selfUri":"/api/v2/oauth/authorizations/9e829b65-c0e3-599f-a9f0-7422a0506daa"}`

func TestCallRequestsAndAnswers(t *testing.T) {
	const id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
	ctx := context.Background()
	cases := []struct {
		name                      string
		status                    int
		answer                    string
		call                      func(c *genesys.Client) (any, error)
		method, path, query, body string
	}{
		{"get authorization", 200, authJSON, func(c *genesys.Client) (any, error) { return c.GetAuthorization(ctx, id) },
			"GET", "/api/v2/oauth/authorizations/" + id, "", ""},
		{"put (authorize, scopes and roles)", 200, authJSON, func(c *genesys.Client) (any, error) {
			return c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: id, Scope: []string{"users:readonly", "notifications"}, Roles: []string{"r1"}})
		}, "PUT", "/api/v2/oauth/authorizations/" + id, "", `{"client":{"id":"` + id + `"},"scope":["users:readonly","notifications"],"roles":["r1"],"pending":false}`},
		{"put without roles sends an empty set", 200, authJSON, func(c *genesys.Client) (any, error) {
			return c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: id, Scope: []string{"users:readonly"}})
		}, "PUT", "/api/v2/oauth/authorizations/" + id, "", `{"client":{"id":"` + id + `"},"scope":["users:readonly"],"roles":[],"pending":false}`},
		{"revoke", 204, "", func(c *genesys.Client) (any, error) { return nil, c.Revoke(ctx, id) },
			"DELETE", "/api/v2/oauth/authorizations/" + id, "", ""},
		{"get client", 200, `{"id":"` + id + `","name":"Acme CRM Connector","authorizedGrantType":"CODE","scope":["users:readonly"]}`,
			func(c *genesys.Client) (any, error) { return c.GetClient(ctx, id) }, "GET", "/api/v2/oauth/clients/" + id, "", ""},
		{"list authorizations (not paged, no query)", 200, `{"entities":[` + authJSON + `],"total":1,"selfUri":"/api/v2/oauth/authorizations"}`,
			func(c *genesys.Client) (any, error) { return c.ListAuthorizations(ctx) }, "GET", "/api/v2/oauth/authorizations", "", ""},
		{"list clients (built-in ones marked)", 200, `{"entities":[{"id":"b1","name":"Architect","authorizedGrantType":"CODE","scope":["conversations"],"builtIn":true},` +
			`{"id":"t1","name":"Acme","authorizedGrantType":"CODE","scope":["users:readonly"]}],"pageSize":500,"pageNumber":1,"total":2,"pageCount":1}`,
			func(c *genesys.Client) (any, error) { return c.ListClients(ctx) }, "GET", "/api/v2/oauth/clients", "pageNumber=1&pageSize=500", ""},
		{"list roles by name", 200, `{"entities":[{"id":"r1","name":"supervisor","default":true}],"pageSize":500,"pageNumber":1,"total":1,"pageCount":1}`,
			func(c *genesys.Client) (any, error) { return c.ListRoles(ctx, "supervisor") }, "GET", "/api/v2/authorization/roles", "name=supervisor&pageNumber=1&pageSize=500", ""},
		{"list scopes (not paged)", 200, `{"entities":[{"id":"users:readonly","description":"View users"}],"total":1,"selfUri":"/api/v2/oauth/scopes"}`,
			func(c *genesys.Client) (any, error) { return c.ListScopes(ctx) }, "GET", "/api/v2/oauth/scopes", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, got := rawServer(t, tc.status, tc.answer)
			out, err := tc.call(c)
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if len(*got) != 1 {
				t.Fatalf("want 1 request, got %d", len(*got))
			}
			r := (*got)[0]
			if r.method != tc.method || r.path != tc.path || r.query != tc.query || r.body != tc.body {
				t.Errorf("request = %s %s ?%s %q; want %s %s ?%s %q", r.method, r.path, r.query, r.body, tc.method, tc.path, tc.query, tc.body)
			}
			if r.userAgent != "terraform-provider-genesysauth/1.2.3 terraform/1.11.4" {
				t.Errorf("User-Agent = %q", r.userAgent)
			}
			if r.auth != "Bearer static-token" {
				t.Errorf("Authorization header = %q", r.auth)
			}
			if tc.body != "" && r.contentType != "application/json" {
				t.Errorf("Content-Type = %q", r.contentType)
			}
			switch v := out.(type) {
			case *genesys.OAuthAuthorization:
				if v.Client.ID != id || v.Client.Name != "Acme CRM Connector" || strings.Join(v.Scope, ",") != "users:readonly,notifications" ||
					strings.Join(v.Roles, ",") != "r1" || v.State != "Authorized" || v.DateCreated != "2026-01-02T03:04:05.000Z" ||
					v.CreatedBy.ID != "u1" || v.ModifiedBy.ID != "u2" || v.ResourceOwner.ID != "org1" {
					t.Errorf("decoded authorization = %+v", v)
				}
			case []genesys.OAuthAuthorization:
				if len(v) != 1 || v[0].Client.ID != id || v[0].State != "Authorized" {
					t.Errorf("decoded listing = %+v", v)
				}
			case []genesys.OAuthClient:
				if len(v) != 2 || v[0].ID != "b1" || !v[0].BuiltIn || v[0].Scope[0] != "conversations" || v[1].ID != "t1" || v[1].BuiltIn {
					t.Errorf("decoded clients = %+v", v)
				}
			case *genesys.OAuthClient:
				if v.ID != id || v.AuthorizedGrantType != "CODE" || v.BuiltIn {
					t.Errorf("decoded client = %+v", v)
				}
			case []genesys.Role:
				if len(v) != 1 || v[0].ID != "r1" || v[0].Name != "supervisor" || !v[0].Default {
					t.Errorf("decoded roles = %+v", v)
				}
			case []genesys.Scope:
				if len(v) != 1 || v[0].ID != "users:readonly" || v[0].Description != "View users" {
					t.Errorf("decoded scopes = %+v", v)
				}
			}
		})
	}
}

func TestErrorBodyDecoded(t *testing.T) {
	c, got := rawServer(t, 403, `{"message":"You are missing the following permission(s): [oauth:client:authorize]. An administrator is required to approve this application.","code":"missing.permissions","status":403,"messageParams":{},"contextId":"ctx-123","details":[],"errors":[]}`)
	_, err := c.GetAuthorization(context.Background(), "x")
	var apiErr *genesys.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want *APIError, got %T %v", err, err)
	}
	if apiErr.Status != 403 || apiErr.Code != "missing.permissions" || apiErr.ContextID != "ctx-123" || !apiErr.MissingPermission() {
		t.Errorf("decoded %+v", apiErr)
	}
	if !errors.Is(err, genesys.ErrForbidden) || errors.Is(err, genesys.ErrNotFound) {
		t.Errorf("sentinels wrong for %v", err)
	}
	for _, want := range []string{"OAuth > Client > Authorize (oauth:client:authorize)", "contextId ctx-123", "An administrator is required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if len(*got) != 1 {
		t.Errorf("a 403 must not be retried: %d requests", len(*got))
	}
}

func TestStatusSentinels(t *testing.T) {
	for status, want := range map[int]error{400: genesys.ErrBadRequest, 401: genesys.ErrUnauthorized, 404: genesys.ErrNotFound, 409: genesys.ErrConflict, 500: genesys.ErrServer} {
		c, got := rawServer(t, status, `{"message":"m","code":"c","status":1,"contextId":"x"}`)
		_, err := c.GetAuthorization(context.Background(), "x")
		if !errors.Is(err, want) {
			t.Errorf("status %d: errors.Is(%v, %v) false", status, err, want)
		}
		if len(*got) != 1 {
			t.Errorf("status %d retried: %d requests", status, len(*got))
		}
	}
}

func TestTLSVerificationAlwaysOn(t *testing.T) {
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("a request reached a server whose certificate is not trusted")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.StartTLS()
	defer srv.Close()
	c, err := genesys.New(genesys.Config{APIURL: srv.URL, TokenURL: srv.URL + "/oauth/token", AccessToken: "t", MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListScopes(context.Background())
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("want a certificate error, got %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if conns != 1 {
		t.Errorf("a certificate error must not be retried: %d connections", conns)
	}
}
