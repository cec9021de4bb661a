package genesys

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrRedirect is a redirect that was refused: the API never redirects, and
// credentials and tokens never follow one.
var ErrRedirect = errors.New("redirect refused")

// redirectReason says where a refused redirect pointed, without the query.
func redirectReason(err error) string {
	var re *redirectError
	if errors.As(err, &re) {
		return fmt.Sprintf("the token endpoint answered %d, a redirect to host %q, which is refused", re.status, re.host)
	}
	return "the token endpoint answered a redirect, which is refused"
}

type redirectError struct {
	status int
	host   string
}

func (e *redirectError) Error() string {
	return fmt.Sprintf("redirect %d to host %q refused", e.status, e.host)
}

func (e *redirectError) Unwrap() error { return ErrRedirect }

func refuseRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return &redirectError{status: status, host: req.URL.Host}
}
