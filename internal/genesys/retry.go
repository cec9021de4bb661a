package genesys

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// checkRetry retries 429, 502, 503, 504 and dropped connections (not a
// host that does not resolve): every call
// of the contract is idempotent (reads, a PUT of the whole record, DELETE).
// Other 4xx and 500 are final, except one 401 after which a fresh token is
// fetched.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st, _ := ctx.Value(callKey{}).(*callState)
	if err != nil {
		var te *TokenError
		var ue x509.UnknownAuthorityError
		var he x509.HostnameError
		var ve *tls.CertificateVerificationError
		var dns *net.DNSError
		switch {
		case errors.As(err, &te), errors.As(err, &ue), errors.As(err, &he), errors.As(err, &ve):
			return false, nil
		case errors.As(err, &dns) && dns.IsNotFound:
			// A host that does not resolve is a wrong setting, not a dropped
			// connection: no retry makes it resolve.
			return false, nil
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return false, nil
		}
		return c.retryLeft(st), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		if wait := retryAfter(resp.Header.Get("Retry-After")); wait > 0 {
			if dl, ok := ctx.Deadline(); ok && wait > time.Until(dl) && st != nil {
				st.waitTooLong.Store(int64(wait))
				return false, nil
			}
		}
		return c.retryLeft(st), nil
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return c.retryLeft(st), nil
	case http.StatusUnauthorized:
		if st != nil && c.tokens.static == "" && st.tokenReset.CompareAndSwap(false, true) {
			if tok := st.token.Load(); tok != nil {
				c.tokens.drop(*tok)
			}
			return true, nil
		}
	}
	return false, nil
}

// retryLeft counts one retry of the call and reports whether it is allowed.
func (c *Client) retryLeft(st *callState) bool {
	return st != nil && int(st.retries.Add(1)) <= c.retries
}

// backoffWait is the wait before retry number attempt+1: the server's
// Retry-After when it gave one (ra >= 0), otherwise exponential backoff
// with jitter between half the ceiling and the ceiling.
func backoffWait(minWait, maxWait time.Duration, attempt int, ra time.Duration) time.Duration {
	if ra >= 0 {
		return ra
	}
	ceiling := minWait << min(attempt, 20)
	if ceiling > maxWait || ceiling <= 0 {
		ceiling = maxWait
	}
	half := ceiling / 2
	return half + rand.N(half+1) //nolint:gosec // backoff jitter, not a secret
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. Huge
// values are clamped to maxRetryAfter, never overflowed; -1 when absent.
func retryAfter(h string) time.Duration {
	if h == "" {
		return -1
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(h), 10, 64); err == nil {
		if n < 0 {
			return -1
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(n) * time.Second
	}
	if at, err := http.ParseTime(h); err == nil {
		return min(max(time.Until(at), 0), maxRetryAfter)
	}
	return -1
}
