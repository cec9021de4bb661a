package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

func start(t *testing.T) *emulator.Server {
	t.Helper()
	return startWith(t, emulator.Options{})
}

// startWith starts an emulator with opts, and no rate limit.
func startWith(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	opts.RateLimit = -1
	srv, err := emulator.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func client(t *testing.T, srv *emulator.Server, id, secret string) *genesys.Client {
	t.Helper()
	c, err := genesys.New(genesys.Config{APIURL: srv.URL(), TokenURL: srv.TokenURL(), ClientID: id, ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func req(id string, scope []string, roles ...string) genesys.AuthorizeRequest {
	return genesys.AuthorizeRequest{ClientID: id, Scope: scope, Roles: roles}
}

// wantAPIError checks status, code and a part of the message.
func wantAPIError(t *testing.T, err error, status int, code, msg string) {
	t.Helper()
	var e *genesys.APIError
	if !errors.As(err, &e) {
		t.Fatalf("want API error %d %s, got %v", status, code, err)
	}
	if e.Status != status || e.Code != code || !strings.Contains(e.Message, msg) || e.ContextID == "" {
		t.Errorf("got %d %s %q (contextId %q); want %d %s containing %q", e.Status, e.Code, e.Message, e.ContextID, status, code, msg)
	}
}

func TestRulesRefusedWithTheirCodes(t *testing.T) {
	srv := start(t)
	c := client(t, srv, emulator.AdminClientID, emulator.AdminClientSecret)
	ctx := context.Background()
	const unknown = "11111111-2222-4333-8444-555555555555"

	_, err := c.PutAuthorization(ctx, req(unknown, []string{"users:readonly"}))
	wantAPIError(t, err, 404, "not.found", "OAuth client "+unknown+" not found")

	_, err = c.PutAuthorization(ctx, req(emulator.ClientAcmeCRM, []string{"no-such-scope"}))
	wantAPIError(t, err, 400, "invalid.value", "Scope 'no-such-scope' does not exist")

	_, err = c.PutAuthorization(ctx, req(emulator.ClientAcmeCRM, []string{"analytics"}))
	wantAPIError(t, err, 400, "invalid.value", "Scope 'analytics' is not requested by OAuth client "+emulator.ClientAcmeCRM)

	_, err = c.PutAuthorization(ctx, req(emulator.ClientAcmeCRM, []string{}))
	wantAPIError(t, err, 400, "invalid.value", "At least one scope is required")

	_, err = c.PutAuthorization(ctx, req(emulator.ClientAcmeCRM, []string{"notifications"}, emulator.RoleSupervisor))
	wantAPIError(t, err, 400, "bad.request", "Roles can be set only on built-in clients")

	_, err = c.PutAuthorization(ctx, req(emulator.BuiltinDirectory, []string{"conversations"}, unknown))
	wantAPIError(t, err, 400, "invalid.value", "Role '"+unknown+"' not found")

	_, err = c.PutAuthorization(ctx, req(emulator.ClientNightlyExport, []string{"users:readonly"}))
	wantAPIError(t, err, 400, "bad.request", "client-credentials grant")

	_, err = c.PutAuthorization(ctx, req(emulator.ClientTableau, []string{}))
	wantAPIError(t, err, 400, "invalid.value", "At least one scope is required")

	_, err = c.PutAuthorization(ctx, req(emulator.ClientTableau, []string{"analytics:readonly"}, emulator.RoleSupervisor))
	wantAPIError(t, err, 400, "bad.request", "Roles can be set only on built-in clients")

	_, err = c.GetAuthorization(ctx, emulator.BuiltinAndroidCollaborate)
	wantAPIError(t, err, 404, "not.found", "No authorization found")

	// Nothing refused above changed the organization.
	if _, ok := srv.Authorization(emulator.ClientAcmeCRM); ok {
		t.Error("a refused authorize left a record")
	}
	if a, _ := srv.Authorization(emulator.ClientTableau); strings.Join(a.Scope, ",") != "analytics:readonly,routing:readonly" {
		t.Errorf("a refused update changed the scopes: %v", a.Scope)
	}
}

func TestRefusedTokensAndPermissions(t *testing.T) {
	srv := start(t)
	ctx := context.Background()
	get := func(auth string) (int, genesys.ErrorBody) {
		r, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/api/v2/oauth/authorizations", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var eb genesys.ErrorBody
		b, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(b, &eb)
		return resp.StatusCode, eb
	}
	for _, auth := range []string{"", "Bearer not-a-token", "Basic Zm9vOmJhcg=="} {
		status, eb := get(auth)
		if status != 401 || eb.Code != "bad.credentials" || eb.Status != 401 || eb.ContextID == "" {
			t.Errorf("auth %q: %d %+v", auth, status, eb)
		}
	}
	_, err := client(t, srv, emulator.AdminClientID, "wrong").ListScopes(ctx)
	if !errors.Is(err, genesys.ErrUnauthorized) || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("wrong secret: %v", err)
	}
	viewer := client(t, srv, emulator.ViewerClientID, emulator.ViewerClientSecret)
	_, err = viewer.PutAuthorization(ctx, req(emulator.ClientAcmeCRM, []string{"notifications"}))
	wantAPIError(t, err, 403, "missing.permissions", "You are missing the following permission(s): [oauth:client:authorize]. An administrator is required to approve this application.")
	_, err = viewer.ListAuthorizations(ctx)
	wantAPIError(t, err, 403, "missing.permissions", "oauth:client:authorize")
	// The viewer may still read the catalogues.
	if roles, err := viewer.ListRoles(ctx, "supervisor"); err != nil || len(roles) != 1 || roles[0].ID != emulator.RoleSupervisor {
		t.Errorf("viewer roles: %v %v", roles, err)
	}
}

func TestLifecycleOfAnAuthorization(t *testing.T) {
	srv := start(t)
	c := client(t, srv, emulator.AdminClientID, emulator.AdminClientSecret)
	ctx := context.Background()
	id := emulator.BuiltinDirectory
	a, err := c.PutAuthorization(ctx, req(id, []string{"conversations", "presence"}, emulator.RoleEmployee))
	if err != nil {
		t.Fatal(err)
	}
	if a.State != "Authorized" || a.Pending || a.Client.Name != "Directory Web Client (Unified App)" || a.CreatedBy.ID != emulator.AdminClientID ||
		strings.Join(a.Roles, ",") != emulator.RoleEmployee || a.SelfURI != "/api/v2/oauth/authorizations/"+id {
		t.Errorf("authorize answered %+v", a)
	}
	created, modified := a.DateCreated, a.DateModified
	time.Sleep(2 * time.Millisecond)
	// add-role: the whole record with one more role.
	a, err = c.PutAuthorization(ctx, req(id, []string{"conversations", "presence"}, emulator.RoleEmployee, emulator.RoleSupervisor))
	if err != nil || strings.Join(a.Roles, ",") != emulator.RoleEmployee+","+emulator.RoleSupervisor || a.DateModified == modified || a.DateCreated != created {
		t.Errorf("add role: %+v %v", a, err)
	}
	// The same PUT again changes nothing, dateModified included.
	modified = a.DateModified
	time.Sleep(2 * time.Millisecond)
	if a, err = c.PutAuthorization(ctx, req(id, []string{"presence", "conversations"}, emulator.RoleSupervisor, emulator.RoleEmployee)); err != nil || a.DateModified != modified {
		t.Errorf("repeated PUT: %+v %v", a, err)
	}
	// remove-role and update-scope together: one PUT.
	a, err = c.PutAuthorization(ctx, req(id, []string{"presence"}, emulator.RoleSupervisor))
	if err != nil || strings.Join(a.Scope, ",") != "presence" || strings.Join(a.Roles, ",") != emulator.RoleSupervisor {
		t.Errorf("update scope and roles: %+v %v", a, err)
	}
	if err := c.Revoke(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := c.Revoke(ctx, id); err != nil {
		t.Errorf("revoking what is revoked must be a no-op: %v", err)
	}
	if err := c.Revoke(ctx, emulator.ClientHubSpot); err != nil {
		t.Errorf("revoking what was never authorized must be a no-op: %v", err)
	}
	if _, ok := srv.Authorization(emulator.ClientHubSpot); ok {
		t.Error("revoking what was never authorized made a record")
	}
	a, err = c.GetAuthorization(ctx, id)
	if err != nil || a.State != "Revoked" || len(a.Scope) != 0 || len(a.Roles) != 0 {
		t.Errorf("revoked record: %+v %v", a, err)
	}
	all, _ := c.ListAuthorizations(ctx)
	states := map[string]string{}
	for _, x := range all {
		states[x.Client.ID] = x.State
	}
	if states[id] != "Revoked" || states[emulator.ClientZapier] != "Requested" || states[emulator.ClientTableau] != "Authorized" || states[emulator.ClientPagerDuty] != "Revoked" {
		t.Errorf("listed states: %v", states)
	}
	// A revoked client and a pending request are authorized by a PUT.
	for _, cid := range []string{id, emulator.ClientZapier} {
		scope := map[string][]string{id: {"conversations"}, emulator.ClientZapier: {"notifications"}}[cid]
		if a, err := c.PutAuthorization(ctx, req(cid, scope)); err != nil || a.State != "Authorized" || a.Pending {
			t.Errorf("re-authorize %s: %+v %v", cid, a, err)
		}
	}
}

// The PUT's body is the whole OAuthAuthorization: a body naming another
// client than the path, without scope, with an unknown field or of another
// content type is refused.
func TestPutBodyIsChecked(t *testing.T) {
	srv := start(t)
	tok := token(t, srv)
	put := func(contentType, body string) (int, genesys.ErrorBody) {
		r, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, srv.URL()+"/api/v2/oauth/authorizations/"+emulator.ClientAcmeCRM, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var eb genesys.ErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&eb)
		return resp.StatusCode, eb
	}
	cases := []struct{ ct, body, msg string }{
		{"application/json", `{"client":{"id":"` + emulator.ClientSlack + `"},"scope":["notifications"]}`, "does not match the path"},
		{"application/json", `{"client":{"id":"` + emulator.ClientAcmeCRM + `"}}`, "scope is required"},
		{"application/json", `{"client":{"id":"` + emulator.ClientAcmeCRM + `"},"scope":["notifications"],"scopes":[]}`, `unknown field "scopes"`},
		{"text/plain", `{"scope":["notifications"]}`, "must be application/json"},
		{"application/json", `{"scope":["notifications"]} {}`, "data after its JSON value"},
		{"application/json", `{"scope":["` + strings.Repeat("x", emulator.MaxBodyBytes) + `"]}`, "larger than 1048576 bytes"},
	}
	for _, tc := range cases {
		status, eb := put(tc.ct, tc.body)
		if status < 400 || status >= 500 || !strings.Contains(eb.Message, tc.msg) || len(eb.Message) > 400 {
			t.Errorf("%.60s: %d %.200q; want a 4xx saying %q", tc.body, status, eb.Message, tc.msg)
		}
	}
	if _, ok := srv.Authorization(emulator.ClientAcmeCRM); ok {
		t.Error("a refused PUT made a record")
	}
	if status, _ := put("application/json", `{"scope":["notifications"]}`); status != 200 {
		t.Errorf("a PUT without client answered %d", status)
	}
}

func TestPagingParameters(t *testing.T) {
	srv := start(t)
	tok := token(t, srv)
	get := func(q string) (int, emulator.Listing[genesys.OAuthClient]) {
		r, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+"/api/v2/oauth/clients"+q, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var l emulator.Listing[genesys.OAuthClient]
		_ = json.NewDecoder(resp.Body).Decode(&l)
		return resp.StatusCode, l
	}
	status, l := get("")
	if status != 200 || l.PageSize != 25 || l.PageNumber != 1 || l.Total != 17 || l.PageCount != 1 || len(l.Entities) != 17 || l.NextURI != "" {
		t.Errorf("default page: %d %+v", status, l)
	}
	status, l = get("?pageSize=5&pageNumber=4")
	if status != 200 || len(l.Entities) != 2 || l.PageCount != 4 || l.NextURI != "" || l.PreviousURI == "" || l.Entities[0].Name != "Miro Whiteboard for Agents" {
		t.Errorf("last page: %d %d entities, first %v, next %q", status, len(l.Entities), l.Entities, l.NextURI)
	}
	for _, q := range []string{"?pageSize=0", "?pageSize=501", "?pageNumber=0", "?pageSize=x"} {
		if status, _ := get(q); status != 400 {
			t.Errorf("%s answered %d, want 400", q, status)
		}
	}
}

// token gets the admin's token as x/oauth2 does.
func token(t *testing.T, srv *emulator.Server) string {
	t.Helper()
	return rawToken(t, srv, emulator.AdminClientID, emulator.AdminClientSecret)
}

func TestRateLimitHeadersAnd429(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{RateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tok := token(t, srv)
	var last *http.Response
	for range 3 {
		r, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+"/api/v2/oauth/scopes", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		last = resp
	}
	if last.StatusCode != 429 || last.Header.Get("Retry-After") == "" || last.Header.Get("inin-ratelimit-allowed") != "2" ||
		last.Header.Get("inin-ratelimit-count") != "3" || last.Header.Get("inin-ratelimit-reset") == "" {
		t.Errorf("third call: %d %v", last.StatusCode, last.Header)
	}
	if srv.Calls(emulator.Route429) != 1 {
		t.Errorf("429 counter = %d", srv.Calls(emulator.Route429))
	}
}

func TestOutOfBandChangesAndSeedFile(t *testing.T) {
	srv := start(t)
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetScopesByHand(emulator.BuiltinAndroidCollaborate, []string{"presence", "notifications"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddRoleByHand(emulator.BuiltinAndroidCollaborate, emulator.RoleEmployee); err != nil {
		t.Fatal(err)
	}
	if err := srv.RemoveRoleByHand(emulator.BuiltinAndroidCollaborate, emulator.RoleCollaborateUser); err != nil {
		t.Fatal(err)
	}
	a, _ := srv.Authorization(emulator.BuiltinAndroidCollaborate)
	if strings.Join(a.Scope, ",") != "presence,notifications" || strings.Join(a.Roles, ",") != emulator.RoleEmployee || !strings.Contains(a.ModifiedBy.Name, "by hand") {
		t.Errorf("after changes by hand: %+v", a)
	}
	if err := srv.SetScopesByHand(emulator.BuiltinAndroidCollaborate, []string{"analytics"}); err == nil {
		t.Error("a change by hand must obey the scope rules")
	}
	srv.RevokeByHand(emulator.BuiltinAndroidCollaborate)
	if a, _ := srv.Authorization(emulator.BuiltinAndroidCollaborate); a.State != "Revoked" {
		t.Errorf("state %s", a.State)
	}
	if err := srv.RequestByHand(emulator.ClientSlack, []string{"presence"}); err != nil {
		t.Fatal(err)
	}
	if a, _ := srv.Authorization(emulator.ClientSlack); a.State != "Requested" || !a.Pending {
		t.Errorf("request: %+v", a)
	}
	seed, err := emulator.ParseSeed([]byte(`{"organization":{"id":"o"},"credentials":[{"id":"c","secret":"s","name":"n","permissions":["oauth:client:authorize"]}],
	 "scopes":[{"id":"users:readonly"}],"roles":[],"clients":[{"id":"x","name":"X","authorizedGrantType":"CODE","scope":["users:readonly"]}],
	 "authorizations":[{"clientId":"x","scope":["users:readonly"],"state":"Authorized"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	small, err := emulator.Start(emulator.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	if a, ok := small.Authorization("x"); !ok || a.State != "Authorized" {
		t.Errorf("seeded authorization: %+v", a)
	}
}

func TestConcurrentWritesAreSafe(t *testing.T) {
	srv := start(t)
	c := client(t, srv, emulator.AdminClientID, emulator.AdminClientSecret)
	ctx := context.Background()
	if _, err := c.PutAuthorization(ctx, req(emulator.BuiltinDirectory, []string{"conversations"})); err != nil {
		t.Fatal(err)
	}
	roles := []string{emulator.RoleAdmin, emulator.RoleEmployee, emulator.RoleSupervisor, emulator.RoleFlowDesigner, emulator.RoleCollaborateUser}
	var wg sync.WaitGroup
	for _, r := range roles {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _ = c.PutAuthorization(ctx, req(emulator.BuiltinDirectory, []string{"conversations"}, r))
		}()
		go func() { defer wg.Done(); _, _ = c.ListAuthorizations(ctx) }()
	}
	wg.Wait()
	// Each PUT is a whole record: the last one wins, with exactly one role.
	if a, _ := srv.Authorization(emulator.BuiltinDirectory); len(a.Roles) != 1 || !slices.Contains(roles, a.Roles[0]) {
		t.Errorf("roles after concurrent PUTs: %v", a.Roles)
	}
}

// Who made a change is what the API answers: a change by hand made as a
// named administrator is recorded under that name (modifiedBy, and
// createdBy of an authorization), the same name always as the same user;
// the provider's own writes under its OAuth client; the seed's Tableau as
// the seed names its author; and with OmitWho the answers say nobody.
func TestWhoMadeEachChange(t *testing.T) {
	ctx := context.Background()
	srv := start(t)
	if a, _ := srv.Authorization(emulator.ClientTableau); a.CreatedBy == nil || a.CreatedBy.Name != "Jane Doe" || a.ModifiedBy.Name != "Jane Doe" {
		t.Errorf("the seed's Tableau was authorized by %+v, want Jane Doe", a.CreatedBy)
	}
	change := func(c emulator.ChangeRequest) genesys.OAuthAuthorization {
		t.Helper()
		if err := srv.Apply(c); err != nil {
			t.Fatal(err)
		}
		a, _ := srv.Authorization(c.ClientID)
		return a
	}
	a := change(emulator.ChangeRequest{Action: "authorize", ClientID: emulator.ClientAcmeCRM, Scopes: []string{"users:readonly"}, As: "Bob Smith"})
	if a.CreatedBy.Name != "Bob Smith" || a.ModifiedBy.Name != "Bob Smith" || a.ModifiedBy.ID == "" {
		t.Errorf("authorized as Bob Smith: createdBy %+v, modifiedBy %+v", a.CreatedBy, a.ModifiedBy)
	}
	bob := a.ModifiedBy.ID
	a = change(emulator.ChangeRequest{Action: "set-scopes", ClientID: emulator.ClientAcmeCRM, Scopes: []string{"users:readonly", "notifications"}, As: "Ann Lee"})
	if a.CreatedBy.Name != "Bob Smith" || a.ModifiedBy.Name != "Ann Lee" || a.ModifiedBy.ID == bob {
		t.Errorf("re-scoped as Ann Lee: createdBy %+v, modifiedBy %+v", a.CreatedBy, a.ModifiedBy)
	}
	a = change(emulator.ChangeRequest{Action: "revoke", ClientID: emulator.ClientAcmeCRM, As: "Bob Smith"})
	if a.State != genesys.StateRevoked || a.ModifiedBy.Name != "Bob Smith" || a.ModifiedBy.ID != bob {
		t.Errorf("revoked as Bob Smith again: %s, modifiedBy %+v (want the ID %s)", a.State, a.ModifiedBy, bob)
	}
	if a = change(emulator.ChangeRequest{Action: "authorize", ClientID: emulator.ClientSlack, Scopes: []string{"presence"}}); a.ModifiedBy.Name != emulator.HandAdminName {
		t.Errorf("a change with no name is made by %q, want %q", a.ModifiedBy.Name, emulator.HandAdminName)
	}
	if err := srv.Apply(emulator.ChangeRequest{Action: "revoke", ClientID: emulator.ClientSlack, As: strings.Repeat("x", 201)}); err == nil {
		t.Error("a name of 201 characters was taken")
	}
	// The provider's own writes: its OAuth client, as the API answers.
	c := client(t, srv, emulator.AdminClientID, emulator.AdminClientSecret)
	put, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: emulator.ClientHubSpot, Scope: []string{"external-contacts"}})
	if err != nil || put.ModifiedBy == nil || put.ModifiedBy.ID != emulator.AdminClientID || put.ModifiedBy.Name == "" {
		t.Errorf("a PUT with the admin client's token: modifiedBy %+v, err %v", put, err)
	}

	quiet := startWith(t, emulator.Options{OmitWho: true})
	if a, _ := quiet.Authorization(emulator.ClientTableau); a.CreatedBy != nil || a.ModifiedBy != nil || a.DateModified == "" {
		t.Errorf("with OmitWho, Tableau says createdBy %+v, modifiedBy %+v (dateModified %q)", a.CreatedBy, a.ModifiedBy, a.DateModified)
	}
	qc := client(t, quiet, emulator.AdminClientID, emulator.AdminClientSecret)
	if put, err := qc.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: emulator.ClientHubSpot, Scope: []string{"external-contacts"}}); err != nil || put.CreatedBy != nil || put.ModifiedBy != nil {
		t.Errorf("with OmitWho, the provider's PUT answers createdBy %+v, modifiedBy %+v (err %v)", put.CreatedBy, put.ModifiedBy, err)
	}
	quiet.RevokeByHand(emulator.ClientTableau)
	all, err := qc.ListAuthorizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.CreatedBy != nil || a.ModifiedBy != nil {
			t.Errorf("with OmitWho, the listing names who for %s: %+v %+v", a.Client.ID, a.CreatedBy, a.ModifiedBy)
		}
	}
}
