package genesys

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokens hands out access tokens (public: POST https://login.<domain>/oauth/token,
// client credentials by HTTP Basic auth). The exchange itself is
// golang.org/x/oauth2's; around it this type adds what a provider process
// needs:
//   - one fetch at a time: concurrent callers share the fetch in flight and
//     its result, failure included;
//   - the fetch ends when the last caller waiting for it gives up (its
//     context's deadline or cancellation), and never outlives fetchTimeout;
//   - a refused credential (400/401/403 other than rate limiting) and a
//     malformed answer are final for the process: one token request, not
//     one per call;
//   - token-endpoint rate limiting (400 invalid_request "rate limit
//     exceeded", or 429) and 502/503/504 are retried with backoff;
//   - a token is reused until shortly before its expiry, the margin being a
//     fifth of its lifetime up to a minute, so a short lifetime never turns
//     into a token request per call.
type tokens struct {
	static       string
	cc           *clientcredentials.Config
	httpClient   *http.Client
	tokenURL     string
	fetchTimeout time.Duration
	retries      int
	waitMin      time.Duration
	waitMax      time.Duration
	log          Logger
	now          func() time.Time

	requests atomic.Int64

	mu        sync.Mutex
	tok       string
	refreshAt time.Time // zero: no announced expiry
	final     error     // a refusal that no later request would change
	flight    *tokenFlight
}

type tokenFlight struct {
	done    chan struct{}
	tok     string
	err     error
	waiters int
	cancel  context.CancelFunc
}

// Token returns an access token, fetching one if none is held.
func (t *tokens) Token(ctx context.Context) (string, error) {
	if t.static != "" {
		return t.static, nil
	}
	t.mu.Lock()
	if t.final != nil {
		err := t.final
		t.mu.Unlock()
		return "", err
	}
	if t.tok != "" && (t.refreshAt.IsZero() || t.now().Before(t.refreshAt)) {
		tok := t.tok
		t.mu.Unlock()
		return tok, nil
	}
	f := t.flight
	if f == nil {
		fctx, cancel := context.WithTimeout(context.WithValue(context.Background(), oauth2.HTTPClient, t.httpClient), t.fetchTimeout)
		f = &tokenFlight{done: make(chan struct{}), cancel: cancel}
		t.flight = f
		go t.fetch(fctx, f)
	}
	f.waiters++
	t.mu.Unlock()
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		t.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			// Nobody waits any more: end the request, and let the next
			// caller start a fetch of its own.
			f.cancel()
			if t.flight == f {
				t.flight = nil
			}
		}
		t.mu.Unlock()
		return "", ctx.Err()
	}
}

// drop forgets a token the API refused (401) before its announced expiry.
func (t *tokens) drop(tok string) {
	t.mu.Lock()
	if t.tok == tok {
		t.tok = ""
	}
	t.mu.Unlock()
}

func (t *tokens) fetch(ctx context.Context, f *tokenFlight) {
	defer f.cancel()
	tok, err := t.exchange(ctx)
	t.mu.Lock()
	if err == nil {
		t.tok = tok.AccessToken
		t.refreshAt = time.Time{}
		if !tok.Expiry.IsZero() {
			life := tok.Expiry.Sub(t.now())
			t.refreshAt = tok.Expiry.Add(-min(life/5, time.Minute))
		}
	} else if te := (*TokenError)(nil); errors.As(err, &te) && te.Final {
		t.final = err
	}
	if t.flight == f {
		t.flight = nil
	}
	if err == nil {
		f.tok = tok.AccessToken
	}
	f.err = err
	t.mu.Unlock()
	close(f.done)
}

// The token endpoint's rate limit gives no Retry-After and counts over a
// window (modelled as a minute: the figure is not published), so its
// retries back off from 4 s up to a minute: five of them span at least a
// minute, and several pipelines signing in at once get through.
const (
	tokenRateWaitMin = 4 * time.Second
	tokenRateWaitMax = time.Minute
)

// retryWait is the wait before retrying a failed token request.
func (t *tokens) retryWait(te *TokenError, attempt int) time.Duration {
	if te.rateLimited {
		return backoffWait(max(t.waitMin, tokenRateWaitMin), max(t.waitMax, tokenRateWaitMax), attempt, te.retryAfter)
	}
	return backoffWait(t.waitMin, t.waitMax, attempt, te.retryAfter)
}

// exchange makes the token request, retrying rate limiting and 502/503/504.
func (t *tokens) exchange(ctx context.Context) (*oauth2.Token, error) {
	for attempt := 0; ; attempt++ {
		t.requests.Add(1)
		tok, err := t.cc.Token(ctx)
		if err == nil {
			return tok, nil
		}
		te := t.classify(ctx, err)
		if !te.retry || attempt >= t.retries {
			return nil, te
		}
		wait := t.retryWait(te, attempt)
		t.log(ctx, LevelDebug, "retrying the token request", map[string]any{"attempt": attempt + 2, "wait_ms": wait.Milliseconds(), "reason": te.Reason})
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, te
		}
	}
}

// TokenErrorKind says what kind of failure a TokenError is, so that a
// caller can say what to do about it in its own terms.
type TokenErrorKind int

// Kinds of token failures.
const (
	TokenFailed      TokenErrorKind = iota // any other failure (5xx after retries, ...)
	TokenRefused                           // the login host refused the client or its secret (4xx)
	TokenRateLimited                       // the token endpoint's rate limit, after every retry
	TokenUnreachable                       // no answer: the host is wrong or unreachable
	TokenTimeout                           // no answer before the deadline
	TokenRedirect                          // the token endpoint answered a redirect, not followed
	TokenNotAToken                         // a 2xx answer that is not an access token
	TokenNoEndpoint                        // 404 or 405: the URL is not a token endpoint
)

// TokenError is a failed token request. Final ones are kept for the
// process: the same request would be refused again.
type TokenError struct {
	TokenURL string
	Status   int    // 0 when no HTTP answer came
	Reason   string // what went wrong, never anything that was sent
	Kind     TokenErrorKind
	Final    bool

	retry       bool
	rateLimited bool // the token endpoint's rate limit
	retryAfter  time.Duration
	err         error
}

func (e *TokenError) Error() string { return e.Describe("") }

// Describe is the error's one rendering, the token URL named as the
// caller names its setting (label, such as "token_url"; none when empty).
func (e *TokenError) Describe(label string) string {
	var b strings.Builder
	if label != "" {
		label += " "
	}
	fmt.Fprintf(&b, "getting an access token from %s%s failed", label, e.TokenURL)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (%d)", e.Status)
	}
	fmt.Fprintf(&b, ": %s", e.Reason)
	return b.String()
}

func (e *TokenError) Unwrap() error { return e.err }

// Is makes errors.Is(err, ErrUnauthorized) true for refused credentials.
func (e *TokenError) Is(target error) bool {
	return target == ErrUnauthorized && (e.Status == http.StatusBadRequest || e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden)
}

func (t *tokens) classify(ctx context.Context, err error) *TokenError {
	te := &TokenError{TokenURL: t.tokenURL, err: err}
	var re *oauth2.RetrieveError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		if re.Response != nil {
			te.Status = re.Response.StatusCode
			te.retryAfter = retryAfter(re.Response.Header.Get("Retry-After"))
		}
		desc := re.ErrorDescription
		if desc == "" {
			desc = tokenBodyDescription(re.Body)
		}
		code := re.ErrorCode
		if code == "" {
			code = http.StatusText(te.Status)
		}
		te.Reason = code
		if desc = Clip(desc, 200); desc != "" {
			te.Reason += ": " + desc
		}
		switch {
		case te.Status == http.StatusTooManyRequests,
			te.Status == http.StatusBadRequest && re.ErrorCode == "invalid_request" && strings.Contains(strings.ToLower(desc), "rate limit"):
			te.retry, te.rateLimited, te.Kind = true, true, TokenRateLimited
			te.Reason += " (the token endpoint's rate limit)"
		case te.Status == http.StatusBadGateway, te.Status == http.StatusServiceUnavailable, te.Status == http.StatusGatewayTimeout:
			te.retry = true
		case te.Status == http.StatusNotFound || te.Status == http.StatusMethodNotAllowed:
			te.Final, te.Kind = true, TokenNoEndpoint
		case te.Status >= 400 && te.Status < 500:
			te.Final, te.Kind = true, TokenRefused
		}
	case errors.Is(err, ErrRedirect):
		te.Final, te.Kind = true, TokenRedirect
		te.Reason = redirectReason(err) + "; credentials are sent only to the configured token endpoint"
	case errors.As(err, &ue):
		if ctx.Err() != nil {
			te.Kind, te.Reason = TokenTimeout, "no answer before the deadline"
		} else {
			te.Kind, te.Reason = TokenUnreachable, fmt.Sprint(ue.Err)
		}
	default:
		// A 2xx answer that is not a token: HTML from a proxy, an empty
		// access_token, a body oauth2 cannot parse.
		te.Final, te.Kind = true, TokenNotAToken
		te.Reason = "the answer is not an access token (" + Clip(err.Error(), 200) + ")"
	}
	return te
}

func tokenBodyDescription(body []byte) string {
	var b struct {
		Error       string `json:"error"`
		Description string `json:"description"`
	}
	if decodeJSON(body, &b) == nil {
		if b.Description != "" {
			return b.Description
		}
		return b.Error
	}
	return strings.TrimSpace(string(body))
}

// maxRetryAfter is the longest wait a Retry-After can ask for here.
const maxRetryAfter = time.Hour
