package genesys

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func rateHeaders(allowed, count, reset int) http.Header {
	h := http.Header{}
	h.Set("inin-ratelimit-allowed", strconv.Itoa(allowed))
	h.Set("inin-ratelimit-count", strconv.Itoa(count))
	h.Set("inin-ratelimit-reset", strconv.Itoa(reset))
	return h
}

// TestPacerLearnsTheTokensLimit holds the bucket's size and what it starts
// with to the rule that no minute carries more than the API allows: the
// bucket plus a minute at the rate, and, in the current window, what was
// used, what the bucket starts with and the rest of the window at the rate.
func TestPacerLearnsTheTokensLimit(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		name                  string
		perMinute             int
		allowed, count, reset int
		underway              int32
		wantBurst             int
		wantRoom              float64
	}{
		// A process that just signed in: its token's window is fresh.
		{"fresh window, 570 of 600", 570, 600, 1, 60, 1, 30, 29},
		{"fresh window, the default 280 of 300", 280, 300, 1, 60, 1, 20, 19},
		// Calls under way take their share of the window's room.
		{"five more calls under way", 570, 600, 1, 60, 6, 30, 24},
		// A window already well used: the bucket starts empty.
		{"window used", 570, 600, 590, 30, 1, 30, 0},
		// Halfway through a window with half of it used.
		{"half a window left", 570, 600, 290, 30, 1, 30, 25},
		// A tenth of a minute's worth at most, whatever the API allows.
		{"generous API", 300, 100000, 1, 60, 1, 30, 30},
		// No room above the rate: one request at a time, as before.
		{"rate at the limit", 300, 300, 1, 60, 1, 1, 1},
		{"rate over the limit", 400, 300, 1, 60, 1, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPacer(tc.perMinute)
			p.underway.Store(tc.underway)
			p.learn(rateHeaders(tc.allowed, tc.count, tc.reset), now)
			l := p.limiter.Load()
			if got := l.Burst(); got != tc.wantBurst {
				t.Errorf("burst %d, want %d", got, tc.wantBurst)
			}
			if got := l.TokensAt(now); got < tc.wantRoom-0.01 || got > tc.wantRoom+0.01 {
				t.Errorf("starts with room for %.2f requests, want %.0f", got, tc.wantRoom)
			}
			if tc.wantBurst > 1 && l.Burst()+tc.perMinute > tc.allowed {
				t.Errorf("bucket %d + %d a minute exceeds the API's %d", l.Burst(), tc.perMinute, tc.allowed)
			}
			// Learned once: a later answer changes nothing.
			p.learn(rateHeaders(tc.allowed*2, 0, 60), now)
			if p.limiter.Load() != l {
				t.Error("the bucket was sized again by a later answer")
			}
		})
	}
}

// TestPacerWithoutHeaders keeps one request at a time when answers carry no
// rate-limit headers (or unreadable ones), and learns from the first that
// does.
func TestPacerWithoutHeaders(t *testing.T) {
	p := newPacer(570)
	before := p.limiter.Load()
	p.learn(http.Header{}, time.Now())
	h := rateHeaders(600, 1, 60)
	h.Set("inin-ratelimit-count", "many")
	p.learn(h, time.Now())
	if p.limiter.Load() != before || before.Burst() != 1 {
		t.Fatalf("sized from answers without readable headers: burst %d", p.limiter.Load().Burst())
	}
	p.learn(rateHeaders(600, 1, 60), time.Now())
	if got := p.limiter.Load().Burst(); got != 30 {
		t.Fatalf("burst %d after the first answer with headers, want 30", got)
	}
}

// TestPacerSharedToken keeps one request at a time with an access token
// handed in: other runs may share its window (each at requests_per_minute
// = limit / runs, as the docs say), and two buckets that each made up a
// pause would carry more than the limit together.
func TestPacerSharedToken(t *testing.T) {
	p := newPacer(150)
	p.ownToken = false
	p.learn(rateHeaders(300, 1, 60), time.Now())
	if got := p.limiter.Load().Burst(); got != 1 {
		t.Fatalf("burst %d with a token handed in, want 1", got)
	}
}

// TestPacerOwnsOnlyATokenItSignedInFor holds New to the rule: client
// credentials, the token is the client's own; an access token, it is not.
func TestPacerOwnsOnlyATokenItSignedInFor(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		owns bool
	}{
		{Config{ClientID: "id", ClientSecret: "secret", RequestsPerMinute: 280}, true},
		{Config{AccessToken: "handed-in", RequestsPerMinute: 280}, false},
	} {
		tc.cfg.APIURL, tc.cfg.TokenURL = "http://127.0.0.1:1", "http://127.0.0.1:1/oauth/token"
		c, err := New(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if c.limiter == nil || c.limiter.ownToken != tc.owns {
			t.Errorf("access token %q: ownToken = %v, want %v", tc.cfg.AccessToken, c.limiter != nil && c.limiter.ownToken, tc.owns)
		}
	}
}
