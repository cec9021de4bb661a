package genesys

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Sentinel errors, usable with errors.Is on any error this package returns.
// The set is complete (one per status class the API answers, and one for
// answers not understood) so that a caller never tests a status number;
// some have no caller yet outside this package.
var (
	ErrBadRequest   = errors.New("bad request")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrRateLimited  = errors.New("rate limited")
	ErrServer       = errors.New("server error")
	// ErrUnexpectedAnswer is a 2xx answer the client does not understand:
	// not the contract's JSON, a record of another client, a state outside
	// the enum, a listing without entities, an answer too large. Every such
	// error is an *UnexpectedAnswerError.
	ErrUnexpectedAnswer = errors.New("the API answered something this client does not understand")
)

// UnexpectedAnswerError is an answer that fails the client's decoding or
// the contract's checks. Its text is the reason; errors.Is matches
// ErrUnexpectedAnswer.
type UnexpectedAnswerError struct {
	Call      string // the call, such as "GET /api/v2/oauth/authorizations"
	ContextID string // the answer's ININ-Correlation-Id, when it had one
	Err       error
}

func (e *UnexpectedAnswerError) Error() string   { return e.Err.Error() }
func (e *UnexpectedAnswerError) Unwrap() []error { return []error{e.Err, ErrUnexpectedAnswer} }

// unexpected wraps the reason an answer of call k was not understood.
func unexpected(k call, contextID string, err error) error {
	return &UnexpectedAnswerError{Call: k.String(), ContextID: Clip(contextID, 100), Err: err}
}

// Error codes of the public error body used by this API.
const (
	CodeBadRequest         = "bad.request"
	CodeInvalidValue       = "invalid.value"
	CodeBadCredentials     = "bad.credentials"
	CodeMissingPermissions = "missing.permissions"
	CodeNotFound           = "not.found"
	CodeTooManyRequests    = "too.many.requests.retry.after"
	CodeInternal           = "internal.server.error"
	CodeUnavailable        = "service.unavailable"
)

// APIError is a non-2xx answer of the API, decoded from its error body.
type APIError struct {
	Method    string
	Path      string
	Status    int
	Code      string
	Message   string
	ContextID string
	// Details are the error body's details (at most maxErrorDetails, each
	// text clipped): a refusal about one field names it in FieldName.
	Details []ErrorDetail
	// RetryAfter is the wait a 429 or 503 asked for when it was longer than
	// the time left to the call, which then failed at once.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Code == CodeMissingPermissions {
		fmt.Fprintf(&b, " (an administrator holding OAuth > Client > Authorize (%s) must run it: "+
			"use the credentials of an OAuth client whose roles grant that permission)", PermissionAuthorize)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (the API asked to wait %s before a retry, longer than the time left to the call: "+
			"not waited for)", e.RetryAfter)
	}
	if e.ContextID != "" {
		fmt.Fprintf(&b, " [contextId %s]", e.ContextID)
	}
	return b.String()
}

// Is maps the status onto the package's sentinel errors.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.Status == http.StatusBadRequest
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrConflict:
		return e.Status == http.StatusConflict
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	case ErrServer:
		return e.Status >= 500
	}
	return false
}

// MissingPermission reports whether the error is the API's 403
// missing.permissions answer.
func (e *APIError) MissingPermission() bool {
	return e.Status == http.StatusForbidden && e.Code == CodeMissingPermissions
}

// decodeError turns a non-2xx answer body into an *APIError. Bodies that are
// not the documented error body still give an error with the status, and
// never more than 200 characters of the body.
func decodeError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: status}
	var eb ErrorBody
	if err := decodeJSON(body, &eb); err == nil {
		e.Code, e.Message, e.ContextID = Clip(eb.Code, 100), Clip(eb.Message, 1000), Clip(eb.ContextID, 100)
		for _, d := range eb.Details[:min(len(eb.Details), maxErrorDetails)] {
			e.Details = append(e.Details, ErrorDetail{ErrorCode: Clip(d.ErrorCode, 100), FieldName: Clip(d.FieldName, 100),
				EntityID: Clip(d.EntityID, 100), EntityName: Clip(d.EntityName, 100)})
		}
	}
	if e.Message == "" {
		text := Clip(string(body), 200)
		if text == "" {
			text = http.StatusText(status)
		}
		e.Message = text
	}
	return e
}

// maxErrorDetails bounds the details an APIError keeps: an answer never
// makes an error large.
const maxErrorDetails = 10

// Fields returns the field names the error's details name, in order, once
// each.
func (e *APIError) Fields() []string {
	var out []string
	for _, d := range e.Details {
		if d.FieldName != "" && !slices.Contains(out, d.FieldName) {
			out = append(out, d.FieldName)
		}
	}
	return out
}

// Clip shortens a text for an error message to n bytes (and "..."), so that
// no answer or input can make a message long.
func Clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// OutcomeUnknown reports whether a failed write may still have been carried
// out: the request may have reached the API but no answer that says what
// happened came back (a connection cut after the request was sent, a
// timeout, a 5xx, an answer that could not be read). A 4xx answer is a
// refusal and a token error means the write was never sent: neither is
// unknown. The caller reads the record back once to learn what the
// organization holds.
func OutcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	var te *TokenError
	if errors.As(err, &te) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status >= 500
	}
	return true
}
