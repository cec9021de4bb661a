package genesys

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Level is the level of a log record handed to Config.Logger.
type Level int

// Log levels.
const (
	LevelTrace Level = iota
	LevelDebug
	LevelWarn
)

// Logger receives the client's log records. Fields never hold the
// Authorization header, the client secret or a token.
type Logger func(ctx context.Context, level Level, msg string, fields map[string]any)

// Config configures a Client. Zero values take the documented defaults.
type Config struct {
	Region       string // region name or domain; default us-east-1
	APIURL       string // overrides https://api.<region>
	TokenURL     string // overrides https://login.<region>/oauth/token
	ClientID     string
	ClientSecret string
	AccessToken  string // used as is when set, instead of client credentials

	MaxRetries        int           // retries after the first attempt; 0 means none
	RequestsPerMinute int           // client-side limit shared by every caller; 0 means none
	RequestTimeout    time.Duration // per call, retries included; 0 means none
	RetryWaitMin      time.Duration // first backoff; default 500ms
	RetryWaitMax      time.Duration // backoff cap; default 30s

	PageSize  int // listing page size; default MaxPageSize
	UserAgent string
	Logger    Logger
	// Transport is the base transport; default a pooled transport with
	// TLS 1.2 or later, certificates always verified.
	Transport http.RoundTripper
}

// MaxAnswerBytes caps every answer body. The largest answer of this API is
// the authorization listing, which is not paged: an organization with
// 10,000 authorized applications (far more than any real one; the Admin UI
// shows them on one page) at about 1.5 KB a record answers 15 MB. Past the
// cap an answer fails at once with "answer too large".
const MaxAnswerBytes = 32 << 20

// maxTokenFetch bounds one token request (with its retries) when no
// request timeout is set.
const maxTokenFetch = 2 * time.Minute

// Client calls the Authorized Applications API. It is safe for concurrent use.
type Client struct {
	apiURL   string
	tokenURL string
	ua       string
	log      Logger
	timeout  time.Duration
	limiter  *pacer
	tokens   *tokens
	rc       *retryablehttp.Client
	pageSize int
	retries  int
}

// New builds a Client from a Config that passes Check.
func New(cfg Config) (*Client, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	apiURL, tokenURL := endpoints(cfg)
	base := cfg.Transport
	if base == nil {
		t := cleanhttp.DefaultPooledTransport()
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		t.MaxIdleConnsPerHost = 32
		base = t
	}
	c := &Client{
		apiURL:   apiURL,
		tokenURL: tokenURL,
		ua:       cfg.UserAgent,
		log:      cfg.Logger,
		timeout:  cfg.RequestTimeout,
		pageSize: cfg.PageSize,
		retries:  cfg.MaxRetries,
	}
	if c.pageSize <= 0 || c.pageSize > MaxPageSize {
		c.pageSize = MaxPageSize
	}
	if c.ua == "" {
		c.ua = "terraform-provider-genesysauth"
	}
	if c.log == nil {
		c.log = func(context.Context, Level, string, map[string]any) {}
	}
	if cfg.RequestsPerMinute > 0 {
		c.limiter = newPacer(cfg.RequestsPerMinute)
		// A token handed in may be shared by other runs, each with its
		// own bucket: only a token this client signed in for is taken to
		// be its own, so only then may the bucket hold more than one.
		c.limiter.ownToken = cfg.AccessToken == ""
	}
	waitMin, waitMax := cfg.RetryWaitMin, cfg.RetryWaitMax
	if waitMin == 0 {
		waitMin = 500 * time.Millisecond
	}
	if waitMax == 0 {
		waitMax = 30 * time.Second
	}
	fetchTimeout := cfg.RequestTimeout
	if fetchTimeout <= 0 {
		fetchTimeout = maxTokenFetch
	}
	c.tokens = &tokens{
		static: cfg.AccessToken,
		cc: &clientcredentials.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: tokenURL,
			AuthStyle: oauth2.AuthStyleInHeader,
		},
		// Credentials go to the configured token URL and nowhere else.
		httpClient: &http.Client{Transport: base, CheckRedirect: refuseRedirect},
		tokenURL:   tokenURL, fetchTimeout: fetchTimeout, retries: cfg.MaxRetries,
		waitMin: waitMin, waitMax: waitMax, log: c.log, now: time.Now,
	}

	c.rc = c.retryClient(cfg.MaxRetries, base, waitMin, waitMax)
	return c, nil
}

// retryClient is the HTTP client of API calls: bearer token on every
// attempt, the client-side limiter, the retries of checkRetry with their
// backoff, no redirects followed.
func (c *Client) retryClient(maxRetries int, base http.RoundTripper, waitMin, waitMax time.Duration) *retryablehttp.Client {
	rc := retryablehttp.NewClient()
	rc.Logger = nil
	// One more than asked: a 401 answered by a fresh token is not counted
	// as a retry (checkRetry keeps the count).
	rc.RetryMax = maxRetries + 1
	rc.RetryWaitMin, rc.RetryWaitMax = waitMin, waitMax
	rc.HTTPClient = &http.Client{
		Transport: &authTransport{tokens: c.tokens, base: &limitedTransport{limiter: c.limiter, base: base}},
		// The Genesys Cloud API never redirects; a 3xx is an error (see do),
		// and the bearer token never follows one.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	rc.CheckRetry = c.checkRetry
	rc.Backoff = func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			return 0
		}
		ra := time.Duration(-1)
		if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
			ra = retryAfter(resp.Header.Get("Retry-After"))
		}
		return backoffWait(minWait, maxWait, attempt, ra)
	}
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if st, ok := req.Context().Value(callKey{}).(*callState); ok {
			st.attempts.Add(1)
		}
		if attempt > 0 {
			c.log(req.Context(), LevelDebug, "retrying API call", map[string]any{
				"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1,
			})
		}
	}
	return rc
}

// APIURL returns the API base URL the client talks to.
func (c *Client) APIURL() string { return c.apiURL }

// SignIn gets an access token now, so that wrong credentials, a wrong
// region or an unreachable login host fail with one clear error before
// any other call. With an access token given as is, it does nothing.
func (c *Client) SignIn(ctx context.Context) error {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	_, err := c.tokens.Token(ctx)
	return err
}

// authTransport puts the bearer token on each attempt.
type authTransport struct {
	tokens *tokens
	base   http.RoundTripper
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.tokens.Token(req.Context())
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	if st, ok := req.Context().Value(callKey{}).(*callState); ok {
		st.token.Store(&tok)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok)
	return t.base.RoundTrip(r)
}

// limitedTransport waits for the shared limiter before each attempt, so
// retries count against the limit too. Token requests do not pass here.
type limitedTransport struct {
	limiter *pacer
	base    http.RoundTripper
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.limiter == nil {
		return t.base.RoundTrip(req)
	}
	return t.limiter.roundTrip(req, t.base)
}

type callKey struct{}

// callState follows one logical call across its attempts.
type callState struct {
	attempts   atomic.Int32
	retries    atomic.Int32
	tokenReset atomic.Bool
	token      atomic.Pointer[string]
	// waitTooLong is the Retry-After a 429 asked for when it was longer
	// than the time left to the call.
	waitTooLong atomic.Int64
}

// call describes one API operation for do.
type call struct {
	method, path string
	query        url.Values
	body         any
}

func (k call) String() string { return k.method + " " + k.path }

// answer is a 2xx answer: its body and its context ID.
type answer struct {
	data      []byte
	contextID string
}

// do sends one logical call (with retries) and returns the 2xx answer.
func (c *Client) do(ctx context.Context, k call) (answer, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	st := &callState{}
	ctx = context.WithValue(ctx, callKey{}, st)

	var rawBody any
	if k.body != nil {
		raw, err := json.Marshal(k.body)
		if err != nil {
			return answer{}, fmt.Errorf("encoding %s: %w", k, err)
		}
		rawBody = raw
	}
	target := c.apiURL + k.path
	if len(k.query) > 0 {
		target += "?" + k.query.Encode()
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, k.method, target, rawBody)
	if err != nil {
		return answer{}, fmt.Errorf("building %s: %w", k, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if rawBody != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	c.log(ctx, LevelTrace, "API request", map[string]any{"method": k.method, "path": k.path, "query": k.query.Encode()})
	resp, err := c.rc.Do(req)
	attempts := int(st.attempts.Load())
	if err != nil {
		var te *TokenError
		if errors.As(err, &te) {
			return answer{}, te
		}
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return answer{}, fmt.Errorf("%s: no answer before the deadline after %d attempt(s) (the client's "+
				"request timeout is %s; the caller's deadline may be shorter): %w", k, attempts, c.timeout, context.DeadlineExceeded)
		}
		return answer{}, fmt.Errorf("%s failed after %d attempt(s): %w", k, attempts, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	if err != nil {
		return answer{}, fmt.Errorf("%s: reading the answer: %w", k, err)
	}
	if len(data) > MaxAnswerBytes {
		return answer{}, unexpected(k, resp.Header.Get("ININ-Correlation-Id"), fmt.Errorf("%s: answer too large "+
			"(more than %d MiB, larger than any organization's): refused", k, MaxAnswerBytes>>20))
	}
	c.log(ctx, LevelDebug, "API call", map[string]any{
		"method": k.method, "path": k.path, "status": resp.StatusCode, "attempts": attempts,
		"duration_ms": time.Since(start).Milliseconds(), "context_id": resp.Header.Get("ININ-Correlation-Id"),
	})
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		loc, _ := url.Parse(resp.Header.Get("Location"))
		host := ""
		if loc != nil {
			host = loc.Host
		}
		return answer{}, fmt.Errorf("%s: the answer is a redirect (%d) to host %q; the Genesys Cloud API never redirects, "+
			"so it was not followed: %w", k, resp.StatusCode, host, ErrRedirect)
	}
	if resp.StatusCode >= 400 || resp.StatusCode < 200 {
		e := decodeError(k.method, k.path, resp.StatusCode, data)
		e.RetryAfter = time.Duration(st.waitTooLong.Load())
		return answer{}, e
	}
	return answer{data: data, contextID: resp.Header.Get("ININ-Correlation-Id")}, nil
}

// decodeJSON decodes one JSON value, refusing an empty body, a value of
// the wrong type and anything after the value. Fields the contract does
// not list are ignored: Genesys Cloud adds fields to its models without a
// new API version, and a provider must not break on them.
func decodeJSON(data []byte, out any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("the answer is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("the answer is not the expected JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("the answer has data after its JSON value")
	}
	return nil
}
