package genesys_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

// 1. An API answer that redirects is an error naming the call and the
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

// 2. A redirect from the token endpoint is refused, naming token_url; the
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

// 3. A token fetch ends when the callers give up, and callers share the
// one fetch in flight.
func TestTokenFetchFollowsTheCallersContext(t *testing.T) {
	release := make(chan struct{})
	login := newFakeLogin(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c, err := genesys.New(genesys.Config{APIURL: login.srv.URL, TokenURL: login.srv.URL + "/oauth/token", ClientID: "id", ClientSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	durations := make([]time.Duration, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			_, err := c.ListScopes(ctx)
			durations[i] = time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("call %d: want the caller's deadline, got %v", i, err)
			}
		}()
	}
	wg.Wait()
	for i, d := range durations {
		if d > 3*time.Second {
			t.Errorf("call %d returned after %s, long after its 0.5 s deadline", i, d)
		}
	}
	if n := login.requests.Load(); n != 1 {
		t.Errorf("four concurrent callers made %d token requests, want one shared", n)
	}
}

// 4. A malformed token answer fails once, naming token_url and what was
// wrong; a short lifetime does not become a token request per call.
func TestMalformedTokenAnswerFailsOnce(t *testing.T) {
	for name, answer := range map[string]string{
		"html page":          "<html><body>Sign in</body></html>",
		"empty access_token": `{"access_token":"","token_type":"bearer","expires_in":86400}`,
	} {
		t.Run(name, func(t *testing.T) {
			login := newFakeLogin(t, func(w http.ResponseWriter, _ *http.Request) {
				if strings.HasPrefix(answer, "<") {
					w.Header().Set("Content-Type", "text/html")
				} else {
					w.Header().Set("Content-Type", "application/json")
				}
				_, _ = io.WriteString(w, answer)
			})
			c, err := genesys.New(genesys.Config{APIURL: login.srv.URL, TokenURL: login.srv.URL + "/oauth/token", ClientID: "id", ClientSecret: "s", MaxRetries: 5})
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				_, err = c.ListScopes(context.Background())
				var te *genesys.TokenError
				if !errors.As(err, &te) || te.Kind != genesys.TokenNotAToken || !strings.Contains(err.Error(), "from "+login.srv.URL+"/oauth/token") ||
					!strings.Contains(err.Error(), "the answer is not an access token") {
					t.Errorf("want an error naming the token URL, got %v", err)
				}
			}
			if n := login.requests.Load(); n != 1 {
				t.Errorf("3 calls made %d token requests, want 1", n)
			}
		})
	}
	t.Run("expires_in 5", func(t *testing.T) {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/oauth/token" {
				calls.Add(1)
				_, _ = io.WriteString(w, `{"access_token":"short","token_type":"bearer","expires_in":5}`)
				return
			}
			_, _ = io.WriteString(w, `{"entities":[],"total":0}`)
		}))
		defer srv.Close()
		c, _ := genesys.New(genesys.Config{APIURL: srv.URL, TokenURL: srv.URL + "/oauth/token", ClientID: "id", ClientSecret: "s"})
		for range 10 {
			if _, err := c.ListScopes(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("10 calls within a 5 s token's life made %d token requests", n)
		}
	})
}

// 6. An answer over the cap fails at once with "answer too large", naming
// the call; an endless stream is not read to the timeout.
func TestOversizedAnswersAreRefused(t *testing.T) {
	c := apiAndLogin(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"entities":[`)
		chunk := []byte(strings.Repeat(`{"id":"x","description":"padding padding padding"},`, 1000))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}, func(cfg *genesys.Config) { cfg.RequestTimeout = time.Minute })
	start := time.Now()
	_, err := c.ListScopes(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GET /api/v2/oauth/scopes: answer too large") ||
		!errors.Is(err, genesys.ErrUnexpectedAnswer) {
		t.Fatalf("want answer too large, an unexpected answer, got %v", err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the endless answer was read for %s", took)
	}
}

// 7. A 2xx answer the client does not understand is an error naming the
// client and the call, never "not found": an *UnexpectedAnswerError that
// matches ErrUnexpectedAnswer and carries the call and the answer's
// contextId.
func TestOddAnswersAreErrorsNotGone(t *testing.T) {
	cases := map[string]struct{ get, list string }{
		"empty object":           {`{}`, `{}`},
		"empty body":             {``, ``},
		"lower-case state":       {`{"client":{"id":"` + clientID + `"},"scope":[],"state":"authorized"}`, `{"entities":[{"client":{"id":"` + clientID + `"},"state":"authorized"}]}`},
		"another client":         {`{"client":{"id":"11111111-2222-4333-8444-555555555555"},"scope":[],"state":"Authorized"}`, `{"entities":[{"client":{},"state":"Authorized"}]}`},
		"trailing data":          {`{"client":{"id":"` + clientID + `"},"scope":[],"state":"Authorized"} {}`, `{"entities":[]} x`},
		"wrong type":             {`[]`, `{"entities":{}}`},
		"partial paged envelope": {`{"client":{"id":"` + clientID + `"},"scope":[],"state":"Revoked","pending":"no"}`, `{"entities":[],"total":700,"pageCount":2}`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := apiAndLogin(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("ININ-Correlation-Id", "ctx-odd")
				if strings.HasSuffix(r.URL.Path, "/authorizations") {
					_, _ = io.WriteString(w, tc.list)
				} else {
					_, _ = io.WriteString(w, tc.get)
				}
			}, nil)
			a, err := c.GetAuthorization(context.Background(), clientID)
			if err == nil || errors.Is(err, genesys.ErrNotFound) || !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations/"+clientID) ||
				!strings.Contains(err.Error(), "OAuth client "+clientID) {
				t.Errorf("get: %+v %v", a, err)
			}
			wantUnexpected(t, err, "GET /api/v2/oauth/authorizations/"+clientID)
			l, err := c.ListAuthorizations(context.Background())
			if err == nil || errors.Is(err, genesys.ErrNotFound) || !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations") {
				t.Errorf("list: %+v %v", l, err)
			}
			wantUnexpected(t, err, "GET /api/v2/oauth/authorizations")
		})
	}
}

// 8. A Retry-After longer than the time left fails at once with the 429's
// details; huge values are clamped, never overflowed into no wait.
func TestLongRetryAfterFailsAtOnce(t *testing.T) {
	for _, ra := range []string{"86400", "10000000000", time.Now().Add(48 * time.Hour).UTC().Format(http.TimeFormat)} {
		var calls atomic.Int32
		c := apiAndLogin(t, func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			w.Header().Set("Retry-After", ra)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"message":"Rate limit exceeded the maximum. Retry the request in [86400] seconds","code":"too.many.requests.retry.after","status":429,"contextId":"ctx-429"}`)
		}, func(cfg *genesys.Config) { cfg.RequestTimeout = 2 * time.Second })
		start := time.Now()
		_, err := c.ListScopes(context.Background())
		var apiErr *genesys.APIError
		if !errors.As(err, &apiErr) || apiErr.Status != 429 || apiErr.ContextID != "ctx-429" || apiErr.RetryAfter < time.Hour ||
			!strings.Contains(err.Error(), "asked to wait") {
			t.Errorf("Retry-After %s: %v", ra, err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("Retry-After %s: waited %s before failing", ra, took)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("Retry-After %s: %d attempts, want 1", ra, n)
		}
	}
}

// wantUnexpected asserts an *UnexpectedAnswerError of the call with the
// answer's contextId (the servers here send "ctx-odd").
func wantUnexpected(t *testing.T, err error, call string) {
	t.Helper()
	var ue *genesys.UnexpectedAnswerError
	if !errors.Is(err, genesys.ErrUnexpectedAnswer) || !errors.As(err, &ue) || ue.Call != call || ue.ContextID != "ctx-odd" {
		t.Errorf("%s: want an unexpected answer of the call with contextId ctx-odd, got %#v (%v)", call, ue, err)
	}
}

// 9. Each call's own contract checks give an unexpected answer too: an
// OAuth client of another ID, an organization without an id, a client
// listing entity without an ID, a PUT answered with a state other than
// Authorized, a scope listing without entities.
func TestOddAnswersOfEachCallAreUnexpected(t *testing.T) {
	c := apiAndLogin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ININ-Correlation-Id", "ctx-odd")
		switch r.URL.Path {
		case "/api/v2/oauth/clients/" + clientID:
			_, _ = io.WriteString(w, `{"id":"11111111-2222-4333-8444-555555555555","name":"other"}`)
		case "/api/v2/oauth/clients":
			_, _ = io.WriteString(w, `{"entities":[{"name":"no id"}],"total":1,"pageCount":1}`)
		case genesys.OrganizationPath:
			_, _ = io.WriteString(w, `{"name":"no id"}`)
		case "/api/v2/oauth/authorizations/" + clientID:
			_, _ = io.WriteString(w, `{"client":{"id":"`+clientID+`"},"scope":[],"state":"Pending"}`)
		case "/api/v2/oauth/scopes":
			_, _ = io.WriteString(w, `{"total":3}`)
		}
	}, nil)
	ctx := context.Background()
	_, err := c.GetClient(ctx, clientID)
	wantUnexpected(t, err, "GET /api/v2/oauth/clients/"+clientID)
	_, err = c.GetOrganization(ctx)
	wantUnexpected(t, err, "GET "+genesys.OrganizationPath)
	_, err = c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: clientID, Scope: []string{"x"}})
	wantUnexpected(t, err, "PUT /api/v2/oauth/authorizations/"+clientID)
	_, err = c.ListScopes(ctx)
	wantUnexpected(t, err, "GET /api/v2/oauth/scopes")
	_, err = c.ListClients(ctx)
	if !errors.Is(err, genesys.ErrUnexpectedAnswer) || !strings.Contains(err.Error(), "entity 0 names no client ID") {
		t.Errorf("clients listing: want an unexpected answer, got %v", err)
	}
}

// 10. Refusals, failures and redirects are not unexpected answers: the API
// said something the client understands.
func TestRefusalsAreNotUnexpectedAnswers(t *testing.T) {
	for _, status := range []int{400, 403, 404, 409, 500} {
		c := apiAndLogin(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = fmt.Fprintf(w, `{"message":"no","code":"x","status":%d}`, status)
		}, func(cfg *genesys.Config) { cfg.MaxRetries = 0 })
		_, err := c.GetAuthorization(context.Background(), clientID)
		if err == nil || errors.Is(err, genesys.ErrUnexpectedAnswer) {
			t.Errorf("%d: %v is taken for an unexpected answer", status, err)
		}
	}
}
