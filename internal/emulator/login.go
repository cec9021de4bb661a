package emulator

// The login host: the token endpoint and the bearer tokens it issues.

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

type token struct {
	clientID string
	expires  time.Time
}

func (s *Server) authenticate(r *http.Request) (principal, *apiError) {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return principal{}, errf(http.StatusUnauthorized, genesys.CodeBadCredentials, "Invalid login credentials.")
	}
	t, ok := s.tokens[h[len(prefix):]]
	if !ok {
		s.noteUnknown(h[len(prefix):])
		return principal{}, errf(http.StatusUnauthorized, genesys.CodeBadCredentials, "Invalid login credentials.")
	}
	if !s.opts.Now().Before(t.expires) {
		return principal{}, errf(http.StatusUnauthorized, genesys.CodeBadCredentials, "The access token has expired.")
	}
	c := s.st.creds[t.clientID]
	return principal{id: c.ID, name: c.Name, permissions: c.Permissions}, nil
}

// maxUnknownTokens bounds the record of unknown tokens presented.
const maxUnknownTokens = 1000

// noteUnknown records a bearer token this emulator never issued. s.mu is
// held.
func (s *Server) noteUnknown(tok string) {
	tok = genesys.Clip(tok, 200)
	if len(s.unknown) < maxUnknownTokens && !slices.Contains(s.unknown, tok) {
		s.unknown = append(s.unknown, tok)
	}
}

func writeTokenError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "description": desc, "error_description": desc})
}

// wrapToken is the login host's token endpoint (public): client
// credentials by HTTP Basic auth, which RFC 6749 section 2.3.1 says are
// form-encoded before they are joined, so they are decoded here.
func (s *Server) wrapToken() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		goOn, _ := s.before(RouteToken, w, r)
		if !goOn {
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
			writeTokenError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials")
			return
		}
		id, secret, ok := r.BasicAuth()
		if ok {
			var err1, err2 error
			id, err1 = url.QueryUnescape(id)
			secret, err2 = url.QueryUnescape(secret)
			if err1 != nil || err2 != nil {
				writeTokenError(w, http.StatusBadRequest, "invalid_request", "the Basic credentials are not form-encoded (RFC 6749 section 2.3.1)")
				return
			}
		} else {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.tokenLimited() {
			s.calls[RouteTokenRefused]++
			writeTokenError(w, http.StatusBadRequest, "invalid_request", "rate limit exceeded; retry later")
			return
		}
		c := s.st.creds[id]
		if c == nil || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
			writeTokenError(w, http.StatusUnauthorized, "invalid_client", "client not found or secret does not match")
			return
		}
		tok := newToken()
		s.tokens[tok] = token{clientID: id, expires: s.opts.Now().Add(s.tokLife)}
		writeJSON(w, http.StatusOK, map[string]any{
			"access_token": tok, "token_type": "bearer", "expires_in": int(s.tokLife / time.Second),
		})
	}
}

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
