//go:build live

package e2e_test

// `make testacc-live`: the provider against a real Genesys Cloud
// organization, with GENESYSCLOUD_* credentials from the environment. Not
// part of `make test` (no organization is reachable from the project's
// machines). Read-only unless GENESYSAUTH_LIVE_CLIENT_ID names a
// disposable client for a write round trip, which restores what it found.
// It prints a report of every call (method, path, status, and which
// contract fields were present or missing) for a user to paste into an
// issue: the day a real organization answers otherwise than
// internal/contract/API.md says, this report is what changes the contract.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/contract"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

// recorder wraps the transport and keeps, for each call, what the report
// needs. Bodies are read up to the client's own cap.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	rows []liveRow
}

type liveRow struct {
	method, path string
	status       int
	body         []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		r.add(liveRow{method: req.Method, path: req.URL.Path})
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, genesys.MaxAnswerBytes+1))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	row := liveRow{method: req.Method, path: req.URL.Path, status: resp.StatusCode, body: data}
	if strings.HasSuffix(req.URL.Path, "/oauth/token") {
		row.body = nil // never kept: it holds the token
	}
	r.add(row)
	return resp, nil
}

func (r *recorder) add(row liveRow) {
	r.mu.Lock()
	r.rows = append(r.rows, row)
	r.mu.Unlock()
}

var uuidInPath = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// modelOf names the contract model of an answer, by method, path and status.
func modelOf(method, path string, status int) *contract.Model {
	if status >= 400 {
		return contract.ErrorBody
	}
	p := uuidInPath.ReplaceAllString(path, "{id}")
	switch {
	case method == http.MethodDelete:
		return nil
	case p == "/api/v2/oauth/authorizations":
		return contract.OAuthAuthorizationListing
	case p == "/api/v2/oauth/authorizations/{id}":
		return contract.OAuthAuthorization
	case p == "/api/v2/oauth/clients":
		return contract.OAuthClientEntityListing
	case p == "/api/v2/oauth/clients/{id}":
		return contract.OAuthClient
	case p == "/api/v2/authorization/roles":
		return contract.RoleListing
	case p == "/api/v2/oauth/scopes":
		return contract.ScopeListing
	}
	return nil
}

func (r *recorder) report() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "genesysauth live report (contract version %d), %s\n\n", contract.Version, time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "| call | status | contract fields |\n|---|---|---|\n")
	for _, row := range r.rows {
		path := uuidInPath.ReplaceAllString(row.path, "{id}")
		verdict := "-"
		if m := modelOf(row.method, row.path, row.status); m != nil && len(row.body) > 0 {
			var v any
			if err := json.Unmarshal(row.body, &v); err != nil {
				verdict = "not JSON: " + err.Error()
			} else {
				rep := contract.Check(m, v)
				verdict = m.Name + ": " + rep.String()
			}
		} else if row.status == 0 {
			verdict = "no answer"
		}
		fmt.Fprintf(&b, "| %s %s | %d | %s |\n", row.method, path, row.status, verdict)
	}
	return b.String()
}

func liveClient(t *testing.T) (*genesys.Client, *recorder) {
	t.Helper()
	id, secret, token := os.Getenv("GENESYSCLOUD_OAUTHCLIENT_ID"), os.Getenv("GENESYSCLOUD_OAUTHCLIENT_SECRET"), os.Getenv("GENESYSCLOUD_ACCESS_TOKEN")
	if token == "" && (id == "" || secret == "") {
		t.Fatal("refusing to run: set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (or GENESYSCLOUD_ACCESS_TOKEN) " +
			"and GENESYSCLOUD_REGION for a real organization; without them there is nothing to check")
	}
	rec := &recorder{base: http.DefaultTransport}
	c, err := genesys.New(genesys.Config{
		Region: os.Getenv("GENESYSCLOUD_REGION"), ClientID: id, ClientSecret: secret, AccessToken: token,
		APIURL: os.Getenv("GENESYSAUTH_API_URL"), TokenURL: os.Getenv("GENESYSAUTH_TOKEN_URL"),
		MaxRetries: 3, RequestsPerMinute: 120, RequestTimeout: time.Minute, Transport: rec,
		UserAgent: "terraform-provider-genesysauth/live-check",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

func TestLive(t *testing.T) {
	c, rec := liveClient(t)
	ctx := context.Background()
	defer func() {
		report := rec.report()
		fmt.Println(report)
		if f := os.Getenv("GENESYSAUTH_LIVE_REPORT"); f != "" {
			_ = os.WriteFile(f, []byte(report), 0o600)
		}
	}()

	if err := c.SignIn(ctx); err != nil {
		t.Fatalf("token: %v", err)
	}
	all, err := c.ListAuthorizations(ctx)
	if err != nil {
		t.Fatalf("list authorizations: %v", err)
	}
	t.Logf("%d authorizations listed", len(all))
	var existing *genesys.OAuthAuthorization
	for i := range all {
		if all[i].Active() {
			existing = &all[i]
			break
		}
	}
	if existing != nil {
		if _, err := c.GetAuthorization(ctx, existing.Client.ID); err != nil {
			t.Errorf("get authorization %s: %v", existing.Client.ID, err)
		}
		if _, err := c.GetClient(ctx, existing.Client.ID); err != nil {
			t.Logf("get client %s: %v", existing.Client.ID, err)
		}
	}
	clients, err := c.ListClients(ctx)
	if err != nil {
		t.Errorf("list clients: %v", err)
	}
	builtins := slices.DeleteFunc(clients, func(oc genesys.OAuthClient) bool { return !oc.BuiltIn })
	t.Logf("%d clients marked builtIn (the mark is modelled: 0 means a real organization does not mark them)", len(builtins))
	if _, err := c.ListRoles(ctx, ""); err != nil {
		t.Errorf("list roles: %v", err)
	}
	if _, err := c.ListScopes(ctx); err != nil {
		t.Errorf("list scopes: %v", err)
	}

	t.Run("data sources and import through terraform", func(t *testing.T) { liveTerraform(t, existing) })

	if target := os.Getenv("GENESYSAUTH_LIVE_CLIENT_ID"); target != "" {
		t.Run("write round trip on "+target, func(t *testing.T) { liveWrites(t, c, target) })
	} else {
		t.Log("no GENESYSAUTH_LIVE_CLIENT_ID: the write round trip was skipped (read-only run)")
	}
}

// liveTerraform reads the data sources and plans an import of one existing
// authorization, which must plan nothing but the import. Nothing is applied.
func liveTerraform(t *testing.T, existing *genesys.OAuthAuthorization) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	bin := buildProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", testcli.UnderTest(t).ProviderAddress(), bin)), 0o600); err != nil {
		t.Fatal(err)
	}
	config := cliProviderHeader + `
data "genesysauth_builtin_clients" "all" {}
data "genesysauth_authorized_clients" "all" {}
output "authorized_count" { value = length(data.genesysauth_authorized_clients.all.clients) }
`
	if existing != nil {
		scopes := make([]string, len(existing.Scope))
		for i, s := range existing.Scope {
			scopes[i] = fmt.Sprintf("%q", s)
		}
		roles := ""
		if len(existing.Roles) > 0 {
			quoted := make([]string, len(existing.Roles))
			for i, r := range existing.Roles {
				quoted[i] = fmt.Sprintf("%q", r)
			}
			roles = "roles = [" + strings.Join(quoted, ", ") + "]"
		}
		config += fmt.Sprintf(`
import {
  to = genesysauth_authorized_client.existing
  id = %q
}
resource "genesysauth_authorized_client" "existing" {
  client_id = %q
  scopes    = [%s]
  %s
}
`, existing.Client.ID, existing.Client.ID, strings.Join(scopes, ", "), roles)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		cmd := exec.CommandContext(t.Context(), tf, append(args, "-no-color")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("plan", "-input=false", "-refresh=true")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	flatOut := flat(out)
	if existing != nil && !strings.Contains(flatOut, "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Errorf("the import of %s does not plan empty:\n%s", existing.Client.ID, out)
	}
	t.Logf("terraform plan:\n%s", out)
}

// liveWrites authorizes a disposable client, changes its scope, revokes
// it, and puts back what it found.
func liveWrites(t *testing.T, c *genesys.Client, clientID string) {
	ctx := context.Background()
	before, err := c.GetAuthorization(ctx, clientID)
	if err != nil && !strings.Contains(err.Error(), "404") {
		t.Fatalf("reading %s first: %v", clientID, err)
	}
	oc, err := c.GetClient(ctx, clientID)
	if err != nil {
		t.Fatalf("the client %s: %v", clientID, err)
	}
	if len(oc.Scope) == 0 {
		t.Fatalf("client %s asks for no scope: nothing to authorize", clientID)
	}
	defer func() {
		// Put back what was found.
		if before != nil && before.Active() {
			if _, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: clientID, Scope: before.Scope, Roles: before.Roles}); err != nil {
				t.Errorf("RESTORE FAILED: %s was authorized with %v %v before the test: %v", clientID, before.Scope, before.Roles, err)
			}
		}
	}()
	first := oc.Scope[:1]
	a, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: clientID, Scope: first})
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	if !slices.Equal(a.Scope, first) {
		t.Errorf("authorize answered scopes %v, want %v", a.Scope, first)
	}
	if len(oc.Scope) > 1 {
		two := oc.Scope[:2]
		if a, err = c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: clientID, Scope: two}); err != nil {
			t.Fatalf("change scope: %v", err)
		}
		if len(a.Scope) != 2 {
			t.Errorf("change scope answered %v, want %v", a.Scope, two)
		}
	}
	if err := c.Revoke(ctx, clientID); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	got, err := c.GetAuthorization(ctx, clientID)
	if err != nil {
		t.Logf("after revoke, GET answered %v (the contract says the record stays listed as Revoked)", err)
	} else if got.Active() {
		t.Errorf("after revoke the client is still %s", got.State)
	}
}
