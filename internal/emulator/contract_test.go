package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/contract"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// rawCall sends one request and returns the status and the body decoded
// into maps and slices, never into the Go structs the emulator shares
// with the client.
func rawCall(t *testing.T, method, target, auth, body string) (int, http.Header, any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r, _ := http.NewRequestWithContext(context.Background(), method, target, rd)
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if len(data) == 0 {
		return resp.StatusCode, resp.Header, nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s %s: the answer is not JSON: %v", method, target, err)
	}
	return resp.StatusCode, resp.Header, v
}

// Every route's raw JSON, success and error answers, against the field
// lists and enums of internal/contract/API.md (internal/contract): an emulator
// that adds a field the contract does not list fails here.
func TestEveryRouteServesTheContractModels(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{RateLimit: 40})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	base := srv.URL()
	tok := token(t, srv)
	bearer := "Bearer " + tok
	// Every state of the enum is in the organization: Authorized, Requested
	// and Revoked from the seed, Unauthorized made here.
	if err := srv.UnauthorizeByHand(emulator.ClientZapier); err != nil {
		t.Fatal(err)
	}
	if err := srv.RequestByHand(emulator.ClientSlack, []string{"presence"}); err != nil {
		t.Fatal(err)
	}
	put := `{"client":{"id":"` + emulator.BuiltinDirectory + `"},"scope":["conversations"],"roles":["` + emulator.RoleEmployee + `"]}`
	cases := []struct {
		route, method, path, auth, body string
		status                          int
		model                           *contract.Model
	}{
		{emulator.RoutePutAuthorization, "PUT", "/api/v2/oauth/authorizations/" + emulator.BuiltinDirectory, bearer, put, 200, contract.OAuthAuthorization},
		{emulator.RouteListAuthorizations, "GET", "/api/v2/oauth/authorizations", bearer, "", 200, contract.OAuthAuthorizationListing},
		{emulator.RouteGetAuthorization, "GET", "/api/v2/oauth/authorizations/" + emulator.ClientTableau, bearer, "", 200, contract.OAuthAuthorization},
		{emulator.RouteGetAuthorization, "GET", "/api/v2/oauth/authorizations/" + emulator.ClientHubSpot, bearer, "", 404, contract.ErrorBody},
		{emulator.RoutePutAuthorization, "PUT", "/api/v2/oauth/authorizations/" + emulator.ClientAcmeCRM, bearer, `{"scope":["analytics"]}`, 400, contract.ErrorBody},
		{emulator.RouteRevoke, "DELETE", "/api/v2/oauth/authorizations/" + emulator.ClientTableau, bearer, "", 204, nil},
		{emulator.RouteListClients, "GET", "/api/v2/oauth/clients?pageSize=5&pageNumber=2", bearer, "", 200, contract.OAuthClientEntityListing},
		{emulator.RouteListClients, "GET", "/api/v2/oauth/clients", bearer, "", 200, contract.OAuthClientEntityListing},
		{emulator.RouteGetClient, "GET", "/api/v2/oauth/clients/" + emulator.BuiltinArchitect, bearer, "", 200, contract.OAuthClient},
		{emulator.RouteGetClient, "GET", "/api/v2/oauth/clients/" + emulator.ClientNightlyExport, bearer, "", 200, contract.OAuthClient},
		{emulator.RouteListRoles, "GET", "/api/v2/authorization/roles?name=supervisor", bearer, "", 200, contract.RoleListing},
		{emulator.RouteListRoles, "GET", "/api/v2/authorization/roles", bearer, "", 200, contract.RoleListing},
		{emulator.RouteListScopes, "GET", "/api/v2/oauth/scopes", bearer, "", 200, contract.ScopeListing},
		{emulator.RouteGetOrganization, "GET", "/api/v2/organizations/me", bearer, "", 200, contract.Organization},
		{emulator.RouteGetOrganization, "GET", "/api/v2/organizations/me", "Bearer not-a-token", "", 401, contract.ErrorBody},
		{emulator.RouteListAuthorizations, "GET", "/api/v2/oauth/authorizations", "Bearer not-a-token", "", 401, contract.ErrorBody},
		{"", "GET", "/api/v2/no/such/route", bearer, "", 404, contract.ErrorBody},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		status, _, v := rawCall(t, tc.method, base+tc.path, tc.auth, tc.body)
		if status != tc.status {
			t.Errorf("%s %s: status %d, want %d (%v)", tc.method, tc.path, status, tc.status, v)
			continue
		}
		seen[tc.route] = true
		if tc.model == nil {
			if v != nil {
				t.Errorf("%s %s: want no body, got %v", tc.method, tc.path, v)
			}
			continue
		}
		if r := contract.Check(tc.model, v); !r.OK() {
			t.Errorf("%s %s (%s): %s", tc.method, tc.path, tc.model.Name, r)
		}
	}
	for _, route := range emulator.APIRoutes() {
		if !seen[route] {
			t.Errorf("route %s was not checked", route)
		}
	}
	// Every authorization state of the enum was listed.
	_, _, v := rawCall(t, "GET", base+"/api/v2/oauth/authorizations", bearer, "")
	states := map[string]bool{}
	listing, _ := v.(map[string]any)
	entities, _ := listing["entities"].([]any)
	for _, e := range entities {
		rec, _ := e.(map[string]any)
		state, _ := rec["state"].(string)
		states[state] = true
	}
	for _, s := range genesys.States() {
		if !states[s] {
			t.Errorf("no record in state %s was listed: %v", s, states)
		}
	}

	// The viewer lacks oauth:client:authorize: 403 missing.permissions.
	viewer := rawToken(t, srv, emulator.ViewerClientID, emulator.ViewerClientSecret)
	status, _, v := rawCall(t, "GET", base+"/api/v2/oauth/authorizations", "Bearer "+viewer, "")
	body, _ := v.(map[string]any)
	if r := contract.Check(contract.ErrorBody, v); status != 403 || !r.OK() || body["code"] != "missing.permissions" {
		t.Errorf("403: %d %v %s", status, v, r)
	}

	// The organization needs no permission: the viewer reads it too.
	status, _, v = rawCall(t, "GET", base+"/api/v2/organizations/me", "Bearer "+viewer, "")
	if r := contract.Check(contract.Organization, v); status != 200 || !r.OK() {
		t.Errorf("the viewer's organization: %d %v %s", status, v, r)
	}

	// Over the rate limit: 429 with the contract's code and message.
	var last any
	var hdr http.Header
	for range 45 {
		status, hdr, last = rawCall(t, "GET", base+"/api/v2/oauth/scopes", bearer, "")
	}
	m, _ := last.(map[string]any)
	msg, _ := m["message"].(string)
	if r := contract.Check(contract.ErrorBody, last); status != 429 || !r.OK() || m["code"] != "too.many.requests.retry.after" ||
		!strings.HasPrefix(msg, "Rate limit exceeded the maximum. Retry the request in [") || hdr.Get("Retry-After") == "" {
		t.Errorf("429: %d %v %s", status, last, r)
	}

	// The token endpoint: the answer and a refusal.
	form := url.Values{"grant_type": {"client_credentials"}}.Encode()
	for _, tc := range []struct {
		secret string
		status int
		model  *contract.Model
	}{{emulator.AdminClientSecret, 200, contract.Token}, {"wrong", 401, contract.TokenError}} {
		r, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.TokenURL(), strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.SetBasicAuth(emulator.AdminClientID, tc.secret)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		var body any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		_ = resp.Body.Close()
		if rep := contract.Check(tc.model, body); resp.StatusCode != tc.status || !rep.OK() {
			t.Errorf("token with secret %q: %d %v %s", tc.secret, resp.StatusCode, body, rep)
		}
	}
}

// rawToken gets a token as x/oauth2 does: the client ID and secret
// form-encoded, then joined in Basic auth (RFC 6749 section 2.3.1).
func rawToken(t *testing.T, srv *emulator.Server, id, secret string) string {
	t.Helper()
	r, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.TokenURL(), strings.NewReader("grant_type=client_credentials"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if body.TokenType != "bearer" || body.ExpiresIn != 86400 || body.AccessToken == "" {
		t.Fatalf("token answer %+v", body)
	}
	return body.AccessToken
}

// A 400 refusal names the request field it is about in the error body's
// details (raw JSON, checked against the contract's Detail model): the
// provider maps fieldName, never the message text, to the attribute.
func TestRefusalsNameTheirField(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	bearer := "Bearer " + token(t, srv)
	put := func(client, body string) string {
		return `{"client":{"id":"` + client + `"},` + body + `}`
	}
	cases := []struct{ name, client, body, code, field string }{
		{"unknown scope", emulator.ClientAcmeCRM, `"scope":["no-such-scope"]`, "invalid.value", "scope"},
		{"scope not requested", emulator.ClientAcmeCRM, `"scope":["analytics"]`, "invalid.value", "scope"},
		{"no scope", emulator.ClientAcmeCRM, `"scope":[]`, "invalid.value", "scope"},
		{"roles on a client that is not built-in", emulator.ClientAcmeCRM, `"scope":["users:readonly"],"roles":["` + emulator.RoleEmployee + `"]`, "bad.request", "roles"},
		{"unknown role", emulator.BuiltinDirectory, `"scope":["conversations"],"roles":["no-such-role"]`, "invalid.value", "roles"},
		{"client-credentials client", emulator.ClientNightlyExport, `"scope":["users:readonly"]`, "bad.request", "client.id"},
	}
	for _, tc := range cases {
		client := tc.client
		status, _, v := rawCall(t, "PUT", srv.URL()+"/api/v2/oauth/authorizations/"+client, bearer, put(client, tc.body))
		body, _ := v.(map[string]any)
		details, _ := body["details"].([]any)
		if r := contract.Check(contract.ErrorBody, v); status != 400 || !r.OK() || body["code"] != tc.code || len(details) != 1 {
			t.Errorf("%s: %d %v (%s)", tc.name, status, v, r)
			continue
		}
		d, _ := details[0].(map[string]any)
		if d["fieldName"] != tc.field || d["errorCode"] != tc.code {
			t.Errorf("%s: details %v, want fieldName %q and errorCode %q", tc.name, details, tc.field, tc.code)
		}
	}
}
