package genesys

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// pacer is the client-side limit of requests a minute, shared by every call
// of one client: a token bucket filled at RequestsPerMinute. It starts with
// room for one request. The first answer that carries the API's
// inin-ratelimit-* headers tells the token's limit a minute (allowed), what
// the token has used of its current window (count) and when that window
// ends (reset): the bucket then holds up to allowed - RequestsPerMinute
// requests (at most a tenth of a minute's worth), so a pause (Terraform
// planning between two runs of calls, a process that just signed in) is
// made up afterwards, and no minute ever carries more than allowed:
// whatever the bucket holds plus a minute at the rate. It starts with what
// the current window still allows after the rest of that window at the
// rate and the calls already under way. All this holds for a token the
// client signed in for: an access token handed in may be shared with other
// runs, whose calls this client cannot see, so with one the bucket stays at
// one request.
type pacer struct {
	perMinute int
	ownToken  bool // the token is this client's own: other runs do not share its window
	limiter   atomic.Pointer[rate.Limiter]
	learned   sync.Once
	underway  atomic.Int32 // calls waiting for the bucket or awaiting their answer
}

func newPacer(perMinute int) *pacer {
	p := &pacer{perMinute: perMinute, ownToken: true}
	p.limiter.Store(rate.NewLimiter(p.rate(), 1))
	return p
}

func (p *pacer) rate() rate.Limit { return rate.Limit(float64(p.perMinute) / 60) }

// roundTrip waits for room in the bucket, sends the request and learns the
// token's limit from the answer.
func (p *pacer) roundTrip(req *http.Request, base http.RoundTripper) (*http.Response, error) {
	p.underway.Add(1)
	defer p.underway.Add(-1)
	if err := p.limiter.Load().Wait(req.Context()); err != nil {
		return nil, err
	}
	resp, err := base.RoundTrip(req)
	if err == nil {
		p.learn(resp.Header, time.Now())
	}
	return resp, err
}

// learn sizes the bucket from the first answer that carries the headers.
func (p *pacer) learn(h http.Header, now time.Time) {
	allowed, okA := headerInt(h, "inin-ratelimit-allowed")
	count, okC := headerInt(h, "inin-ratelimit-count")
	reset, okR := headerInt(h, "inin-ratelimit-reset")
	if !okA || !okC || !okR {
		return
	}
	p.learned.Do(func() {
		if !p.ownToken {
			return // runs sharing the token share its window: one request at a time, as set
		}
		burst := min(allowed-p.perMinute, p.perMinute/10)
		if burst <= 1 {
			return
		}
		// The current window: count used, the rest at the rate until it
		// resets, the calls under way (this one's answer is in).
		rest := int(math.Ceil(float64(p.perMinute) * float64(reset) / 60))
		room := min(burst, allowed-count-rest-int(p.underway.Load()-1))
		l := rate.NewLimiter(p.rate(), burst)
		l.AllowN(now, burst-max(room, 0))
		p.limiter.Store(l)
	})
}

func headerInt(h http.Header, name string) (int, bool) {
	n, err := strconv.Atoi(h.Get(name))
	return n, err == nil && n >= 0
}
