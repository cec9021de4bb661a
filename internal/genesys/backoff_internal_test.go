package genesys

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// tokenAnswer is a token endpoint's answer, as oauth2 reports it.
func tokenAnswer(status int, code, description string) error {
	return &oauth2.RetrieveError{Response: &http.Response{StatusCode: status, Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(""))}, ErrorCode: code, ErrorDescription: description}
}

// The token endpoint's rate limit (400 invalid_request "rate limit
// exceeded", as the login host answers it) is retried over its window:
// classified as rate limiting, its five retries wait at least a minute in
// all, even with the short waits of a test configuration; a 503 keeps the
// configured backoff.
func TestTokenRateLimitRetriesSpanAWindow(t *testing.T) {
	tk := &tokens{tokenURL: "https://login.example.invalid/oauth/token", waitMin: time.Millisecond, waitMax: 10 * time.Millisecond}
	limited := tk.classify(context.Background(), tokenAnswer(http.StatusBadRequest,
		"invalid_request", "rate limit exceeded; retry later"))
	if !limited.retry || limited.Kind != TokenRateLimited {
		t.Fatalf("the token endpoint's rate limit was classified as %+v", limited)
	}
	var least time.Duration
	for attempt := range 5 {
		w := tk.retryWait(limited, attempt)
		least += w
		if ceiling := min(tokenRateWaitMin<<attempt, tokenRateWaitMax); w < ceiling/2 || w > ceiling {
			t.Errorf("attempt %d: wait %s outside [%s, %s]", attempt, w, ceiling/2, ceiling)
		}
	}
	if least < time.Minute {
		t.Errorf("five retries waited %s in all, less than the minute of the window", least)
	}
	unavailable := tk.classify(context.Background(), tokenAnswer(http.StatusServiceUnavailable, "", ""))
	if w := tk.retryWait(unavailable, 0); !unavailable.retry || w > time.Millisecond {
		t.Errorf("a 503 of the token endpoint: retry %v, wait %s; want the configured backoff", unavailable.retry, w)
	}
}
