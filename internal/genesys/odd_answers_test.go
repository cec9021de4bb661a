package genesys_test

// Answers the client does not understand: errors matching
// ErrUnexpectedAnswer, never "not found".

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// A 2xx answer the client does not understand is an error naming the
// client and the call, never "not found": an *UnexpectedAnswerError that
// matches ErrUnexpectedAnswer and carries the call and the answer's
// contextId.
func TestOddAnswersAreErrorsNotGone(t *testing.T) {
	cases := map[string]struct{ get, list string }{
		"empty object":           {`{}`, `{}`},
		"empty body":             {``, ``},
		"lower-case state":       {`{"client":{"id":"` + clientID + `"},"scope":[],"state":"authorized"}`, `{"entities":[{"client":{"id":"` + clientID + `"},"state":"authorized"}]}`},
		"another client":         {`{"client":{"id":"11111111-2222-4333-8444-555555555555"},"scope":[],"state":"Authorized"}`, `{"entities":[{"client":{},"state":"Authorized"}]}`},
		"trailing data":          {`{"client":{"id":"` + clientID + `"},"scope":[],"state":"Authorized"} {}`, `{"entities":[]} x`},
		"wrong type":             {`[]`, `{"entities":{}}`},
		"partial paged envelope": {`{"client":{"id":"` + clientID + `"},"scope":[],"state":"Revoked","pending":"no"}`, `{"entities":[],"total":700,"pageCount":2}`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := apiAndLogin(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("ININ-Correlation-Id", "ctx-odd")
				if strings.HasSuffix(r.URL.Path, "/authorizations") {
					_, _ = io.WriteString(w, tc.list)
				} else {
					_, _ = io.WriteString(w, tc.get)
				}
			}, nil)
			a, err := c.GetAuthorization(context.Background(), clientID)
			if err == nil || errors.Is(err, genesys.ErrNotFound) || !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations/"+clientID) ||
				!strings.Contains(err.Error(), "OAuth client "+clientID) {
				t.Errorf("get: %+v %v", a, err)
			}
			wantUnexpected(t, err, "GET /api/v2/oauth/authorizations/"+clientID)
			l, err := c.ListAuthorizations(context.Background())
			if err == nil || errors.Is(err, genesys.ErrNotFound) || !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations") {
				t.Errorf("list: %+v %v", l, err)
			}
			wantUnexpected(t, err, "GET /api/v2/oauth/authorizations")
		})
	}
}

// wantUnexpected asserts an *UnexpectedAnswerError of the call with the
// answer's contextId (the servers here send "ctx-odd").
func wantUnexpected(t *testing.T, err error, call string) {
	t.Helper()
	var ue *genesys.UnexpectedAnswerError
	if !errors.Is(err, genesys.ErrUnexpectedAnswer) || !errors.As(err, &ue) || ue.Call != call || ue.ContextID != "ctx-odd" {
		t.Errorf("%s: want an unexpected answer of the call with contextId ctx-odd, got %#v (%v)", call, ue, err)
	}
}

// Each call's own contract checks give an unexpected answer too: an
// OAuth client of another ID, an organization without an id, a client
// listing entity without an ID, a PUT answered with a state other than
// Authorized, a scope listing without entities.
func TestOddAnswersOfEachCallAreUnexpected(t *testing.T) {
	c := apiAndLogin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ININ-Correlation-Id", "ctx-odd")
		switch r.URL.Path {
		case "/api/v2/oauth/clients/" + clientID:
			_, _ = io.WriteString(w, `{"id":"11111111-2222-4333-8444-555555555555","name":"other"}`)
		case "/api/v2/oauth/clients":
			_, _ = io.WriteString(w, `{"entities":[{"name":"no id"}],"total":1,"pageCount":1}`)
		case genesys.OrganizationPath:
			_, _ = io.WriteString(w, `{"name":"no id"}`)
		case "/api/v2/oauth/authorizations/" + clientID:
			_, _ = io.WriteString(w, `{"client":{"id":"`+clientID+`"},"scope":[],"state":"Pending"}`)
		case "/api/v2/oauth/scopes":
			_, _ = io.WriteString(w, `{"total":3}`)
		}
	}, nil)
	ctx := context.Background()
	_, err := c.GetClient(ctx, clientID)
	wantUnexpected(t, err, "GET /api/v2/oauth/clients/"+clientID)
	_, err = c.GetOrganization(ctx)
	wantUnexpected(t, err, "GET "+genesys.OrganizationPath)
	_, err = c.PutAuthorization(ctx, genesys.AuthorizeRequest{ClientID: clientID, Scope: []string{"x"}})
	wantUnexpected(t, err, "PUT /api/v2/oauth/authorizations/"+clientID)
	_, err = c.ListScopes(ctx)
	wantUnexpected(t, err, "GET /api/v2/oauth/scopes")
	_, err = c.ListClients(ctx)
	if !errors.Is(err, genesys.ErrUnexpectedAnswer) || !strings.Contains(err.Error(), "entity 0 names no client ID") {
		t.Errorf("clients listing: want an unexpected answer, got %v", err)
	}
}

// Refusals, failures and redirects are not unexpected answers: the API
// said something the client understands.
func TestRefusalsAreNotUnexpectedAnswers(t *testing.T) {
	for _, status := range []int{400, 403, 404, 409, 500} {
		c := apiAndLogin(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = fmt.Fprintf(w, `{"message":"no","code":"x","status":%d}`, status)
		}, func(cfg *genesys.Config) { cfg.MaxRetries = 0 })
		_, err := c.GetAuthorization(context.Background(), clientID)
		if err == nil || errors.Is(err, genesys.ErrUnexpectedAnswer) {
			t.Errorf("%d: %v is taken for an unexpected answer", status, err)
		}
	}
}
