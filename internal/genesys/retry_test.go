package genesys_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

func startEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	return emulator.StartTB(t, opts)
}

func adminClient(t *testing.T, srv *emulator.Server, mod func(*genesys.Config)) *genesys.Client {
	t.Helper()
	cfg := genesys.Config{
		APIURL: srv.URL(), TokenURL: srv.TokenURL(),
		ClientID: emulator.AdminClientID, ClientSecret: emulator.AdminClientSecret,
		MaxRetries: 5, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := genesys.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTokenRefreshAfterExpiry(t *testing.T) {
	// A token is renewed a fifth of its lifetime before expiry: a 4 s
	// token is used for 3.2 s.
	srv := startEmulator(t, emulator.Options{TokenLifetime: 4 * time.Second})
	c := adminClient(t, srv, nil)
	ctx := context.Background()
	if _, err := c.ListScopes(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListScopes(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls(emulator.RouteToken); n != 1 {
		t.Fatalf("a fresh token must be reused: %d token calls", n)
	}
	time.Sleep(3400 * time.Millisecond)
	if _, err := c.ListScopes(ctx); err != nil {
		t.Fatalf("call after expiry failed: %v", err)
	}
	if n := srv.Calls(emulator.RouteToken); n != 2 {
		t.Errorf("want a second token after expiry, got %d token calls", n)
	}
	if n := srv.Calls(emulator.RouteListScopes); n != 3 {
		t.Errorf("want 3 scope calls (none failed and retried), got %d", n)
	}
}

func TestTokenExpiredServerSideIsRefreshedOnce(t *testing.T) {
	// The server's clock runs ahead: it refuses a token the client still
	// holds as fresh. The client drops it, gets a new one, and the call
	// succeeds.
	var skew atomic.Int64
	srv := startEmulator(t, emulator.Options{TokenLifetime: time.Hour,
		Now: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	c := adminClient(t, srv, func(cfg *genesys.Config) { cfg.MaxRetries = 0 })
	ctx := context.Background()
	if _, err := c.ListScopes(ctx); err != nil {
		t.Fatal(err)
	}
	skew.Store(int64(2 * time.Hour))
	if _, err := c.ListScopes(ctx); err != nil {
		t.Fatalf("call with a token expired on the server failed: %v", err)
	}
	if n := srv.Calls(emulator.RouteToken); n != 2 {
		t.Errorf("want 2 token calls, got %d", n)
	}
}

func TestRetry429HonoursRetryAfter(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := adminClient(t, srv, nil)
	srv.InjectFault(emulator.RouteListScopes, emulator.Fault429, 1)
	start := time.Now()
	scopes, err := c.ListScopes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The scripted 429 says Retry-After: 1; the backoff without it is at most 50 ms.
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %s, before the Retry-After of 1 s", waited)
	}
	if n := srv.Calls(emulator.RouteListScopes); n != 2 || len(scopes) != 46 {
		t.Errorf("calls = %d, scopes = %d; want 2 and 46", n, len(scopes))
	}
}

func TestRetry503TwiceThenSuccess(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := adminClient(t, srv, func(cfg *genesys.Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond })
	for _, kind := range []emulator.FaultKind{emulator.Fault502, emulator.Fault503, emulator.Fault504} {
		srv.ResetCalls()
		srv.InjectFault(emulator.RouteListRoles, kind, 2)
		roles, err := c.ListRoles(context.Background(), "")
		if err != nil {
			t.Fatalf("%d: %v", kind, err)
		}
		if n := srv.Calls(emulator.RouteListRoles); n != 3 || len(roles) != 12 {
			t.Errorf("%d twice: calls = %d, roles = %d; want 3 and 12", kind, n, len(roles))
		}
	}
}

func TestNoRetryOn500AndOtherClientErrors(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := adminClient(t, srv, nil)
	srv.InjectFault(emulator.RouteListRoles, emulator.Fault500, 1)
	_, err := c.ListRoles(context.Background(), "")
	if !errors.Is(err, genesys.ErrServer) || srv.Calls(emulator.RouteListRoles) != 1 {
		t.Errorf("500 must fail at once: %v, %d calls", err, srv.Calls(emulator.RouteListRoles))
	}
	_, err = c.GetAuthorization(context.Background(), emulator.ClientAcmeCRM)
	if !errors.Is(err, genesys.ErrNotFound) || srv.Calls(emulator.RouteGetAuthorization) != 1 {
		t.Errorf("404 must fail at once: %v, %d calls", err, srv.Calls(emulator.RouteGetAuthorization))
	}
}

func TestRetriesGiveUpAtTheMaximum(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := adminClient(t, srv, func(cfg *genesys.Config) {
		cfg.MaxRetries = 2
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	})
	srv.InjectFault(emulator.RouteListScopes, emulator.Fault503, 10)
	_, err := c.ListScopes(context.Background())
	var apiErr *genesys.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 503 || apiErr.Code != genesys.CodeUnavailable {
		t.Fatalf("want the last 503 decoded, got %v", err)
	}
	if n := srv.Calls(emulator.RouteListScopes); n != 3 {
		t.Errorf("MaxRetries 2 means 3 attempts, got %d", n)
	}
}

func TestDroppedConnectionRetried(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	// The retries must be the client's own: net/http replays an idempotent
	// request dropped on a reused connection by itself, so connections are
	// not reused here, and the client's log must show each retry.
	var mu sync.Mutex
	var retried []string
	c := adminClient(t, srv, func(cfg *genesys.Config) {
		tr := cleanhttp.DefaultTransport()
		tr.DisableKeepAlives = true
		cfg.Transport = tr
		cfg.Logger = func(_ context.Context, _ genesys.Level, msg string, f map[string]any) {
			if msg == "retrying API call" {
				mu.Lock()
				retried = append(retried, fmt.Sprint(f["method"], " ", f["path"]))
				mu.Unlock()
			}
		}
	})
	ctx := context.Background()
	id := emulator.BuiltinDirectory
	if _, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: id, Scope: []string{"conversations"}}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		route string
		call  func() error
	}{
		{emulator.RouteGetAuthorization, func() error { _, err := c.GetAuthorization(ctx, id); return err }},
		{emulator.RouteListAuthorizations, func() error { _, err := c.ListAuthorizations(ctx); return err }},
		{emulator.RoutePutAuthorization, func() error {
			_, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: id, Scope: []string{"conversations", "presence"}, Roles: []string{emulator.RoleSupervisor}})
			return err
		}},
		{emulator.RouteRevoke, func() error { return c.Revoke(ctx, id) }},
	}
	for _, s := range steps {
		srv.ResetCalls()
		mu.Lock()
		retried = nil
		mu.Unlock()
		srv.InjectFault(s.route, emulator.FaultDrop, 1)
		if err := s.call(); err != nil {
			t.Errorf("%s after a dropped connection: %v", s.route, err)
		}
		if n := srv.Calls(s.route); n != 2 {
			t.Errorf("%s: want 2 calls (drop, retry), got %d", s.route, n)
		}
		method := strings.SplitN(s.route, " ", 2)[0]
		mu.Lock()
		if len(retried) != 1 || !strings.HasPrefix(retried[0], method+" /api/v2/oauth/authorizations") {
			t.Errorf("%s: the client's retries were %v, want one %s", s.route, retried, method)
		}
		mu.Unlock()
	}
	a, _ := srv.Authorization(id)
	if a.State != genesys.StateRevoked {
		t.Errorf("state after the steps = %s", a.State)
	}
}

// Every write is idempotent: a PUT whose answer was lost after the write
// is sent again and answers the same record.
func TestRetriedPutAfterItsWriteIsHarmless(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := adminClient(t, srv, nil)
	srv.InjectFault(emulator.RoutePutAuthorization, emulator.FaultDropAfterWrite, 1)
	a, err := c.PutAuthorization(context.Background(), genesys.AuthorizeRequest{ClientID: emulator.ClientAcmeCRM, Scope: []string{"notifications"}})
	if err != nil {
		t.Fatalf("a PUT retried after its own write must succeed: %v", err)
	}
	if a.State != "Authorized" || strings.Join(a.Scope, ",") != "notifications" || srv.Calls(emulator.RoutePutAuthorization) != 2 {
		t.Errorf("got %+v after %d PUT calls", a, srv.Calls(emulator.RoutePutAuthorization))
	}
	srv.InjectFault(emulator.RouteRevoke, emulator.FaultDropAfterWrite, 1)
	if err := c.Revoke(context.Background(), emulator.ClientAcmeCRM); err != nil {
		t.Fatalf("a DELETE retried after its own write must succeed: %v", err)
	}
	if a, _ := srv.Authorization(emulator.ClientAcmeCRM); a.State != "Revoked" || srv.Calls(emulator.RouteRevoke) != 2 {
		t.Errorf("after revoke: %s, %d DELETE calls", a.State, srv.Calls(emulator.RouteRevoke))
	}
}

func TestLimiterKeepsBurstUnderServerLimit(t *testing.T) {
	// Emulator: 10 calls per 1 s window. Client: 300 a minute = 5 a second,
	// a margin that holds when a loaded machine delays some calls.
	srv := startEmulator(t, emulator.Options{RateLimit: 10, RateWindow: time.Second})
	burst := func(c *genesys.Client, n int) (failed int) {
		var wg sync.WaitGroup
		var bad atomic.Int32
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.ListScopes(context.Background()); err != nil {
					bad.Add(1)
				}
			}()
		}
		wg.Wait()
		return int(bad.Load())
	}
	limited := adminClient(t, srv, func(cfg *genesys.Config) { cfg.RequestsPerMinute = 300; cfg.MaxRetries = 0 })
	if failed := burst(limited, 20); failed != 0 {
		t.Errorf("%d calls failed under the limiter", failed)
	}
	if n := srv.Calls(emulator.Route429); n != 0 {
		t.Errorf("the limiter let %d calls hit 429", n)
	}
	if n := srv.Calls(emulator.RouteListScopes); n != 20 {
		t.Errorf("want 20 calls, got %d", n)
	}
	// Control: the same burst without the limiter does hit the server's limit.
	srv.ResetCalls()
	unlimited := adminClient(t, srv, func(cfg *genesys.Config) { cfg.MaxRetries = 0 })
	if failed := burst(unlimited, 20); failed == 0 || srv.Calls(emulator.Route429) == 0 {
		t.Errorf("control burst without limiter saw no 429 (failed %d)", failed)
	}
}

func TestPagingAcrossPages(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	for i := range 23 {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		if err := srv.AddClient(genesys.OAuthClient{ID: id, Name: fmt.Sprintf("Paging client %02d", i), Scope: []string{"users:readonly"}}); err != nil {
			t.Fatal(err)
		}
		if err := srv.AuthorizeByHand(id, []string{"users:readonly"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	c := adminClient(t, srv, func(cfg *genesys.Config) { cfg.PageSize = 5 })
	clients, err := c.ListClients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// 23 added plus the seed's 17.
	seen := map[string]bool{}
	for _, oc := range clients {
		if seen[oc.ID] {
			t.Errorf("%s listed twice", oc.ID)
		}
		seen[oc.ID] = true
	}
	if len(seen) != 40 {
		t.Fatalf("want 40 clients, got %d", len(seen))
	}
	if n := srv.Calls(emulator.RouteListClients); n != 8 {
		t.Errorf("40 entities at 5 a page is 8 pages, got %d calls", n)
	}
	// The authorization listing is not paged: one call answers all 26.
	all, err := c.ListAuthorizations(context.Background())
	if err != nil || len(all) != 26 || srv.Calls(emulator.RouteListAuthorizations) != 1 {
		t.Errorf("authorizations: %d, %v, %d calls", len(all), err, srv.Calls(emulator.RouteListAuthorizations))
	}
}

func TestSecretsNeverLogged(t *testing.T) {
	srv := startEmulator(t, emulator.Options{TokenLifetime: time.Second})
	var mu sync.Mutex
	var out strings.Builder
	logger := func(_ context.Context, level genesys.Level, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(&out, "%d %s %v\n", level, msg, fields)
	}
	c := adminClient(t, srv, func(cfg *genesys.Config) { cfg.Logger = logger })
	ctx := context.Background()
	srv.InjectFault(emulator.RouteListAuthorizations, emulator.Fault503, 1)
	_, _ = c.ListAuthorizations(ctx)
	_, _ = c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: emulator.ClientAcmeCRM, Scope: []string{"nope"}})
	const token = "pipeline-minted-token-abc123"
	tc, err := genesys.New(genesys.Config{APIURL: srv.URL(), TokenURL: srv.TokenURL(), AccessToken: token, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	_, tokErr := tc.ListScopes(ctx)
	bad := adminClient(t, srv, func(cfg *genesys.Config) { cfg.ClientSecret = "wrong-secret-xyz"; cfg.Logger = logger })
	_, authErr := bad.ListScopes(ctx)
	if !errors.Is(authErr, genesys.ErrUnauthorized) || !strings.Contains(authErr.Error(), "invalid_client") {
		t.Errorf("wrong secret: %v", authErr)
	}
	logged := out.String()
	if !strings.Contains(logged, "API call") || !strings.Contains(logged, "retrying") {
		t.Fatalf("the logger saw nothing useful:\n%s", logged)
	}
	all := logged + fmt.Sprint(tokErr) + fmt.Sprint(authErr)
	for _, secret := range []string{emulator.AdminClientSecret, token, "wrong-secret-xyz", "Bearer", "Basic "} {
		if strings.Contains(all, secret) {
			t.Errorf("%q appears in the log or errors:\n%s", secret, all)
		}
	}
}

// A Retry-After longer than the time left fails at once with the 429's
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

// TestEveryRetriedFaultOnEveryCall is the retry matrix where it lives: each
// fault the client rides out (a 429 storm, 502, 503 and 504 twice, a
// connection dropped twice), on each call the resources make (the
// listing, the confirming GET, the PUT of a create or update, the DELETE),
// succeeds after count+1 attempts with the organization as the call left
// it. The acceptance tests keep one fault per phase, through Terraform.
func TestEveryRetriedFaultOnEveryCall(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name  string
		kind  emulator.FaultKind
		count int
	}{
		{"429 storm", emulator.Fault429, 3},
		{"502 twice", emulator.Fault502, 2},
		{"503 twice", emulator.Fault503, 2},
		{"504 twice", emulator.Fault504, 2},
		{"dropped connection twice", emulator.FaultDrop, 2},
	}
	id := emulator.ClientAcmeCRM
	calls := []struct {
		route string
		call  func(ctx context.Context, c *genesys.Client) error
		want  string // the record's state after the call
	}{
		{emulator.RouteListAuthorizations, func(ctx context.Context, c *genesys.Client) error {
			_, err := c.ListAuthorizations(ctx)
			return err
		}, genesys.StateAuthorized},
		{emulator.RouteGetAuthorization, func(ctx context.Context, c *genesys.Client) error {
			_, err := c.GetAuthorization(ctx, id)
			return err
		}, genesys.StateAuthorized},
		{emulator.RoutePutAuthorization, func(ctx context.Context, c *genesys.Client) error {
			_, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: id, Scope: []string{"users:readonly", "notifications"}})
			return err
		}, genesys.StateAuthorized},
		{emulator.RouteRevoke, func(ctx context.Context, c *genesys.Client) error { return c.Revoke(ctx, id) }, genesys.StateRevoked},
	}
	for _, f := range faults {
		for _, cl := range calls {
			t.Run(cl.route+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				srv := startEmulator(t, emulator.Options{})
				tr := cleanhttp.DefaultTransport()
				tr.DisableKeepAlives = true // the retries are the client's own, not net/http's replays
				c := adminClient(t, srv, func(cfg *genesys.Config) {
					cfg.Transport = tr
					cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 5*time.Millisecond
				})
				ctx := context.Background()
				if _, err := c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: id, Scope: []string{"users:readonly"}}); err != nil {
					t.Fatal(err)
				}
				srv.ResetCalls()
				srv.InjectFault(cl.route, f.kind, f.count)
				if err := cl.call(ctx, c); err != nil {
					t.Fatalf("after %s: %v", f.name, err)
				}
				if n := srv.Calls(cl.route); n != f.count+1 {
					t.Errorf("%d attempts, want %d", n, f.count+1)
				}
				if a, ok := srv.Authorization(id); !ok || a.State != cl.want {
					t.Errorf("the record is %+v after the call, want %s", a, cl.want)
				}
			})
		}
	}
}
