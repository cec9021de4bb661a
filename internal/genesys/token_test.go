package genesys_test

// The token request: it follows the caller's context, and a malformed
// answer fails once, not once per call.

import (
	"context"
	"errors"
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

// A token fetch ends when the callers give up, and callers share the
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

// A malformed token answer fails once, naming token_url and what was
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
