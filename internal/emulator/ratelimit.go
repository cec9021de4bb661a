package emulator

// The API's per-token rate limit and the token endpoint's own.

import (
	"net/http"
	"strconv"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// DefaultRateLimit is the API's documented per-token limit a minute.
const DefaultRateLimit = 300

type window struct {
	start time.Time
	count int
}

// rateWindow is the length of a rate-limit window, a minute by default.
func (s *Server) rateWindow() time.Duration {
	if s.opts.RateWindow <= 0 {
		return time.Minute
	}
	return s.opts.RateWindow
}

// rateLimit counts the call in the token's one-minute window and refuses it
// over the limit, with the inin-ratelimit-* headers on every answer.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request) *apiError {
	if s.limit < 0 {
		return nil
	}
	tok := r.Header.Get("Authorization")
	now := s.opts.Now()
	win := s.windows[tok]
	span := s.rateWindow()
	if win == nil || now.Sub(win.start) >= span {
		win = &window{start: now}
		s.windows[tok] = win
	}
	win.count++
	reset := win.start.Add(span).Sub(now)
	resetSecs := int(reset/time.Second) + 1
	w.Header().Set("inin-ratelimit-allowed", strconv.Itoa(s.limit))
	w.Header().Set("inin-ratelimit-count", strconv.Itoa(win.count))
	w.Header().Set("inin-ratelimit-reset", strconv.Itoa(resetSecs))
	if win.count > s.limit {
		s.calls[Route429]++
		w.Header().Set("Retry-After", strconv.Itoa(resetSecs))
		e := errf(http.StatusTooManyRequests, genesys.CodeTooManyRequests,
			"Rate limit exceeded the maximum. Retry the request in [%d] seconds", resetSecs)
		e.limit = &genesys.Limit{Key: "requests.per.minute", Namespace: "platform.api", Value: int64(s.limit)}
		return e
	}
	return nil
}

// RouteTokenRefused is the counter of token requests refused by
// TokenRateLimit.
const RouteTokenRefused = "token requests refused (400 invalid_request)"

// tokenLimited counts a token request against TokenRateLimit and reports
// whether it is over. s.mu is held.
func (s *Server) tokenLimited() bool {
	if s.opts.TokenRateLimit <= 0 {
		return false
	}
	now := s.opts.Now()
	if s.tokenWindow.start.IsZero() || now.Sub(s.tokenWindow.start) >= s.rateWindow() {
		s.tokenWindow = window{start: now}
	}
	s.tokenWindow.count++
	return s.tokenWindow.count > s.opts.TokenRateLimit
}

// Route429 is the counter of calls refused by the rate limit.
const Route429 = "rate limited (429)"
