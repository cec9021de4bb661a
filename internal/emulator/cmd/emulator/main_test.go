package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// The command scripts faults as its manual says, without Go: `emulator
// fault` makes the next N calls of a route answer a status, a dropped
// connection or a malformed body, after which the route answers normally,
// and `emulator calls` prints the counters those calls moved.
func TestFaultAndCallsSubcommands(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "emulator")
	if out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := emulator.StartTB(t, emulator.Options{})
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(t.Context(), bin, append(args[:1:1], append([]string{"-url", srv.URL()}, args[1:]...)...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("emulator %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	tok, err := srv.IssueToken(emulator.AdminClientID)
	if err != nil {
		t.Fatal(err)
	}
	list := func() (int, string, error) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+"/api/v2/oauth/authorizations", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		// A new connection each call: Go's transport sends an idempotent
		// request again by itself when a reused connection drops.
		resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	run("calls", "-reset")
	for _, tc := range []struct {
		fault string
		check func(status int, body string, err error) bool
	}{
		{"503", func(s int, _ string, err error) bool { return err == nil && s == http.StatusServiceUnavailable }},
		{"drop", func(_ int, _ string, err error) bool { return err != nil }},
		{"malformed", func(s int, b string, err error) bool {
			return err == nil && s == http.StatusOK && !strings.HasPrefix(b, "{")
		}},
	} {
		run("fault", "-route", emulator.RouteListAuthorizations, "-fault", tc.fault, "-times", "2")
		for i := range 2 {
			if s, b, err := list(); !tc.check(s, b, err) {
				t.Errorf("%s, call %d: %d %q %v", tc.fault, i+1, s, b, err)
			}
		}
		if s, b, err := list(); err != nil || s != http.StatusOK || !strings.Contains(b, `"entities"`) {
			t.Errorf("after two %s faults the listing answers %d %q %v", tc.fault, s, b, err)
		}
	}
	if out := run("calls"); !strings.Contains(out, "9\t"+emulator.RouteListAuthorizations+"\n") {
		t.Errorf("emulator calls does not count 9 listings:\n%s", out)
	}
	// A fault left unused is cleared; a wrong route or fault is refused.
	run("fault", "-route", emulator.RouteListAuthorizations, "-fault", "500")
	run("fault", "-clear")
	if s, _, err := list(); err != nil || s != http.StatusOK {
		t.Errorf("after fault -clear the listing answers %d %v", s, err)
	}
	for _, args := range [][]string{
		{"fault", "-url", srv.URL(), "-route", "GET /nowhere", "-fault", "500"},
		{"fault", "-url", srv.URL(), "-route", emulator.RouteRevoke, "-fault", "explode"},
	} {
		out, err := exec.CommandContext(t.Context(), bin, args...).CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || !strings.Contains(string(out), "unknown") {
			t.Errorf("emulator %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// `emulator -omit-who` serves records that name no one, even after a change
// made with -as: the way to see, without Go, what the provider says when the
// API does not say who changed a record.
func TestServeOmitWho(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "emulator")
	if out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, omit := range []bool{false, true} {
		envFile := filepath.Join(t.TempDir(), "env")
		args := []string{"-env-file", envFile}
		if omit {
			args = append(args, "-omit-who")
		}
		cmd := exec.CommandContext(t.Context(), bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{}
		for deadline := time.Now().Add(30 * time.Second); len(env) == 0; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the emulator wrote no -env-file in 30s")
			}
			b, _ := os.ReadFile(envFile)
			for line := range strings.Lines(string(b)) {
				if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
					env[k] = v
				}
			}
			if len(env) < 4 {
				env = map[string]string{}
			}
		}
		if out, err := exec.CommandContext(t.Context(), bin, "change", "-url", env["GENESYSAUTH_API_URL"], "-action", "set-scopes",
			"-client", emulator.ClientTableau, "-scopes", "analytics:readonly", "-as", "Sam Rivera").CombinedOutput(); err != nil {
			t.Fatalf("emulator change: %v\n%s", err, out)
		}
		conf := clientcredentials.Config{ClientID: env["GENESYSCLOUD_OAUTHCLIENT_ID"], ClientSecret: env["GENESYSCLOUD_OAUTHCLIENT_SECRET"], TokenURL: env["GENESYSAUTH_TOKEN_URL"]}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, env["GENESYSAUTH_API_URL"]+"/api/v2/oauth/authorizations/"+emulator.ClientTableau, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := conf.Client(t.Context()).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			Scope      []string
			ModifiedBy *struct{ Name string }
			CreatedBy  *struct{ Name string }
		}
		err = json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if strings.Join(a.Scope, ",") != "analytics:readonly" {
			t.Fatalf("omit-who=%v: scopes %v, want the change's", omit, a.Scope)
		}
		switch {
		case omit && (a.ModifiedBy != nil || a.CreatedBy != nil):
			t.Errorf("-omit-who: the record names %+v / %+v, want no one", a.ModifiedBy, a.CreatedBy)
		case !omit && (a.ModifiedBy == nil || a.ModifiedBy.Name != "Sam Rivera"):
			t.Errorf("without -omit-who: modifiedBy %+v, want Sam Rivera", a.ModifiedBy)
		}
	}
}
