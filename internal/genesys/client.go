package genesys

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/time/rate"
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
	// Transport is the base transport; default a clone of http.DefaultTransport.
	Transport http.RoundTripper
}

// Client calls the Authorized Applications API. It is safe for concurrent use.
type Client struct {
	apiURL   string
	tokenURL string
	ua       string
	log      Logger
	timeout  time.Duration
	limiter  *rate.Limiter
	tokens   *resettableSource
	rc       *retryablehttp.Client
	static   bool
	pageSize int
	retries  int
}

// New builds a Client. The token source lives on a background context so
// that refreshes keep working after the caller's context ends.
func New(cfg Config) (*Client, error) {
	apiURL, tokenURL, err := Endpoints(cfg.Region, cfg.APIURL, cfg.TokenURL)
	if err != nil {
		return nil, err
	}
	if cfg.AccessToken == "" && (cfg.ClientID == "" || cfg.ClientSecret == "") {
		return nil, errors.New("no credentials: give an OAuth client ID and secret, or an access token")
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be 0 or more, got %d", cfg.MaxRetries)
	}
	if cfg.RequestsPerMinute < 0 {
		return nil, fmt.Errorf("requests per minute must be 0 (no limit) or more, got %d", cfg.RequestsPerMinute)
	}
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
		static:   cfg.AccessToken != "",
		pageSize: cfg.PageSize,
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
		c.limiter = rate.NewLimiter(rate.Limit(float64(cfg.RequestsPerMinute)/60), 1)
	}

	if c.static {
		tok := &oauth2.Token{AccessToken: cfg.AccessToken, TokenType: "Bearer"}
		c.tokens = &resettableSource{mk: func() oauth2.TokenSource { return oauth2.StaticTokenSource(tok) }}
	} else {
		cc := &clientcredentials.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			TokenURL:     tokenURL,
			AuthStyle:    oauth2.AuthStyleInHeader,
		}
		tokenHTTP := &http.Client{Transport: base, Timeout: 30 * time.Second}
		// The token source keeps this context for every refresh: it must
		// outlive the call that built the client.
		bg := context.WithValue(context.Background(), oauth2.HTTPClient, tokenHTTP)
		c.tokens = &resettableSource{mk: func() oauth2.TokenSource { return cc.TokenSource(bg) }}
	}
	c.tokens.reset()

	rc := retryablehttp.NewClient()
	rc.Logger = nil
	// One more than asked: a 401 answered by a fresh token is not counted
	// as a retry (checkRetry keeps the count).
	c.retries = cfg.MaxRetries
	rc.RetryMax = cfg.MaxRetries + 1
	rc.RetryWaitMin = cfg.RetryWaitMin
	if rc.RetryWaitMin == 0 {
		rc.RetryWaitMin = 500 * time.Millisecond
	}
	rc.RetryWaitMax = cfg.RetryWaitMax
	if rc.RetryWaitMax == 0 {
		rc.RetryWaitMax = 30 * time.Second
	}
	rc.HTTPClient = &http.Client{Transport: &oauth2.Transport{
		Source: c.tokens,
		Base:   &limitedTransport{limiter: c.limiter, base: base},
	}}
	rc.CheckRetry = c.checkRetry
	rc.Backoff = backoff
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
	c.rc = rc
	return c, nil
}

// APIURL returns the API base URL the client talks to.
func (c *Client) APIURL() string { return c.apiURL }

// resettableSource caches tokens through oauth2's ReuseTokenSource and can
// drop the cached token when the API refuses it before its announced expiry.
type resettableSource struct {
	mu  sync.Mutex
	cur oauth2.TokenSource
	mk  func() oauth2.TokenSource
}

func (s *resettableSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	src := s.cur
	s.mu.Unlock()
	return src.Token()
}

func (s *resettableSource) reset() {
	s.mu.Lock()
	s.cur = s.mk()
	s.mu.Unlock()
}

// limitedTransport waits for the shared limiter before each attempt, so
// retries count against the limit too. Token requests do not pass here.
type limitedTransport struct {
	limiter *rate.Limiter
	base    http.RoundTripper
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.limiter != nil {
		if err := t.limiter.Wait(req.Context()); err != nil {
			return nil, err
		}
	}
	return t.base.RoundTrip(req)
}

type callKey struct{}

// callState follows one logical call across its attempts.
type callState struct {
	attempts   atomic.Int32
	retries    atomic.Int32
	tokenReset atomic.Bool
}

// checkRetry retries 429, 502, 503, 504 and dropped connections. Other 4xx
// are final, except one 401 after which a fresh token is fetched.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var re *oauth2.RetrieveError
		var ue x509.UnknownAuthorityError
		var he x509.HostnameError
		var ve *tls.CertificateVerificationError
		switch {
		case errors.As(err, &re), errors.As(err, &ue), errors.As(err, &he), errors.As(err, &ve):
			return false, nil
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return false, nil
		}
		return c.retryLeft(ctx), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return c.retryLeft(ctx), nil
	case http.StatusUnauthorized:
		st, ok := ctx.Value(callKey{}).(*callState)
		if ok && !c.static && st.tokenReset.CompareAndSwap(false, true) {
			c.tokens.reset()
			return true, nil
		}
	}
	return false, nil
}

// retryLeft counts one retry of the call and reports whether it is allowed.
func (c *Client) retryLeft(ctx context.Context) bool {
	st, ok := ctx.Value(callKey{}).(*callState)
	return ok && int(st.retries.Add(1)) <= c.retries
}

// backoff honours Retry-After on 429 and 503, and otherwise waits
// exponentially longer with full jitter.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if s := resp.Header.Get("Retry-After"); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n >= 0 {
				return time.Duration(n) * time.Second
			}
			if t, err := http.ParseTime(s); err == nil {
				return max(time.Until(t), 0)
			}
		}
	}
	if resp != nil && resp.StatusCode == http.StatusUnauthorized {
		return 0
	}
	ceiling := minWait << min(attempt, 20)
	if ceiling > maxWait || ceiling <= 0 {
		ceiling = maxWait
	}
	half := ceiling / 2
	return half + rand.N(half+1) //nolint:gosec // backoff jitter, not a secret
}

// do sends one logical call (with retries) and decodes a 2xx body into out.
// It returns how many attempts were made.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) (int, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	st := &callState{}
	ctx = context.WithValue(ctx, callKey{}, st)

	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return 0, fmt.Errorf("encoding %s %s: %w", method, path, err)
		}
	}
	target := c.apiURL + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var rawBody any
	if raw != nil {
		rawBody = raw
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, target, rawBody)
	if err != nil {
		return 0, fmt.Errorf("building %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	c.log(ctx, LevelTrace, "API request", map[string]any{"method": method, "path": path, "query": query.Encode()})
	resp, err := c.rc.Do(req)
	attempts := int(st.attempts.Load())
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return attempts, &AuthError{TokenURL: c.tokenURL, Err: tokenFailure(re)}
		}
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return attempts, fmt.Errorf("%s %s: no answer before the deadline after %d attempt(s) "+
				"(request_timeout is %s; a resource's timeouts block can set a shorter one): %w",
				method, path, attempts, c.timeout, context.DeadlineExceeded)
		}
		return attempts, fmt.Errorf("%s %s failed after %d attempt(s): %w", method, path, attempts, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return attempts, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	c.log(ctx, LevelDebug, "API call", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "attempts": attempts,
		"duration_ms": time.Since(start).Milliseconds(), "context_id": resp.Header.Get("ININ-Correlation-Id"),
	})
	if resp.StatusCode >= 300 {
		return attempts, DecodeError(method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := Decode(data, out); err != nil {
			return attempts, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return attempts, nil
}

// Decode decodes a 2xx answer body into out, as every call does; an empty
// body leaves out as it is.
func Decode(data []byte, out any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decoding the answer: %w", err)
	}
	return nil
}

// tokenFailure turns the token endpoint's refusal into a short error without
// echoing anything that was sent.
func tokenFailure(re *oauth2.RetrieveError) error {
	msg := re.ErrorDescription
	if msg == "" {
		var body struct {
			Error       string `json:"error"`
			Description string `json:"description"`
		}
		if json.Unmarshal(re.Body, &body) == nil {
			msg = body.Description
			if msg == "" {
				msg = body.Error
			}
		}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	code := re.ErrorCode
	if code == "" {
		code = "token request refused"
	}
	return fmt.Errorf("%d %s: %s", status, code, msg)
}

// listAll follows the paging envelope and returns every entity.
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	var all []T
	for page := 1; ; page++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("pageSize", strconv.Itoa(c.pageSize))
		q.Set("pageNumber", strconv.Itoa(page))
		var l Listing[T]
		if _, err := c.do(ctx, http.MethodGet, path, q, nil, &l); err != nil {
			return nil, err
		}
		all = append(all, l.Entities...)
		// The envelope decides, but an answer that never ends (a pageCount
		// larger than its total) must not keep the loop going.
		if len(l.Entities) == 0 || page >= l.PageCount || (l.Total > 0 && len(all) >= l.Total) {
			return all, nil
		}
	}
}
