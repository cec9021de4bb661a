package emulator_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// 12. Only loopback, unless asked for: the control endpoints need no
// authentication.
func TestListenRefusesRemoteAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", ":0"} {
		srv, err := emulator.Start(emulator.Options{Addr: addr})
		if err == nil {
			_ = srv.Close()
			t.Errorf("%s: the emulator started", addr)
			continue
		}
		if !strings.Contains(err.Error(), "-allow-remote") {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

// 12, 14. The control endpoint takes application/json only, caps its body,
// and never echoes what it was sent.
func TestControlEndpointIsBounded(t *testing.T) {
	srv := start(t)
	post := func(ct, body string) (int, string) {
		r, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL()+"/_emulator/changes", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	revoke := `{"action":"revoke","clientId":"` + emulator.ClientTableau + `"}`
	if status, _ := post("text/plain", revoke); status != http.StatusUnsupportedMediaType {
		t.Errorf("a cross-origin text/plain post answered %d", status)
	}
	if a, _ := srv.Authorization(emulator.ClientTableau); a.State != "Authorized" {
		t.Error("a text/plain post changed the organization")
	}
	huge := `{"action":"` + strings.Repeat("x", 2*emulator.MaxBodyBytes) + `"}`
	status, body := post("application/json", huge)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "larger than") || len(body) > 2000 {
		t.Errorf("oversized change: %d, %d bytes of answer", status, len(body))
	}
	status, body = post("application/json", `{"action":"`+strings.Repeat("y", 100000)+`"}`)
	if status != http.StatusBadRequest || len(body) > 2000 {
		t.Errorf("an unknown action must be refused without echoing it: %d, %d bytes", status, len(body))
	}
	if status, _ := post("application/json", revoke); status != http.StatusOK {
		t.Errorf("a JSON change answered %d", status)
	}
}

// 13. A seed without credentials, with a misspelled key or an unknown
// field gives a clear error, never a panic.
func TestSeedErrorsAreClear(t *testing.T) {
	cases := map[string]struct{ seed, want string }{
		"no credentials":              {`{"organization":{"id":"o"}}`, "at least one credential"},
		"misspelled key":              {`{"credential":[{"id":"c","secret":"s"}]}`, `unknown field "credential"`},
		"unknown client key":          {`{"credentials":[{"id":"c","secret":"s"}],"clients":[{"id":"x","name":"X","authorizedGrantType":"CODE","enabledByDefault":true}]}`, `unknown field "enabledByDefault"`},
		"credential, no secret":       {`{"credentials":[{"id":"c"}]}`, "credentials[0] needs an id and a secret"},
		"grant type outside the enum": {`{"credentials":[{"id":"c","secret":"s"}],"clients":[{"id":"x","name":"X","authorizedGrantType":"PKCE"}]}`, `authorizedGrantType "PKCE" is not one of`},
	}
	for name, tc := range cases {
		_, err := emulator.ParseSeed([]byte(tc.seed))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := emulator.Start(emulator.Options{Seed: &emulator.Seed{}}); err == nil || !strings.Contains(err.Error(), "at least one credential") {
		t.Errorf("Start with an empty seed: %v", err)
	}
}

// 15. x/oauth2 form-encodes the client ID and secret before Basic auth
// (RFC 6749 section 2.3.1); the emulator decodes them, so a secret with
// characters that encoding changes works.
func TestTokenSecretIsFormDecoded(t *testing.T) {
	const secret = "Ab+c/d=e%f g"
	seed, err := emulator.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seed.Credentials[0].Secret = secret
	srv, err := emulator.Start(emulator.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c := client(t, srv, emulator.AdminClientID, secret)
	if _, err := c.ListAuthorizations(context.Background()); err != nil {
		t.Fatalf("the form-encoded secret was refused: %v", err)
	}
	bad := client(t, srv, emulator.AdminClientID, "Ab c/d=e%f g")
	if _, err := bad.ListAuthorizations(context.Background()); !errors.Is(err, genesys.ErrUnauthorized) {
		t.Errorf("a different secret: %v", err)
	}
}
