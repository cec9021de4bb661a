package genesys_test

// Fuzz targets of the client's own reading of answers: each input is served
// as the API's answer to a real call of the client (through its transport,
// decoding and checks), and every outcome must be one of two: an error that
// names the call, or records that pass the contract's checks. Never a
// record that names no client or another client, or a state outside the
// enum, which the provider could take for "gone".

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

const fuzzClientID = "9e829b65-c0e3-599f-a9f0-7422a0506daa"

// answerTransport answers every request with one status and body.
type answerTransport struct {
	status int
	body   []byte
}

func (a answerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), Request: req, ContentLength: int64(len(a.body))}, nil
}

func answering(t *testing.T, status int, body []byte) *genesys.Client {
	t.Helper()
	c, err := genesys.New(genesys.Config{APIURL: "https://api.example.invalid", TokenURL: "https://login.example.invalid/oauth/token",
		AccessToken: "fuzz", Transport: answerTransport{status: status, body: body}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkRecord is the property every record the client returns must have.
func checkRecord(t *testing.T, a genesys.OAuthAuthorization, clientID string) {
	t.Helper()
	if a.Client.ID == "" || (clientID != "" && !strings.EqualFold(a.Client.ID, clientID)) || !slices.Contains(genesys.States(), a.State) {
		t.Fatalf("a record that fails the contract's checks was returned: client %q, state %q", a.Client.ID, a.State)
	}
}

func FuzzGetAuthorizationAnswer(f *testing.F) {
	f.Add(200, []byte(authJSON))
	f.Add(200, []byte(`{"client":{"id":"`+fuzzClientID+`","name":"X"},"scope":[],"state":"authorized"}`))
	f.Add(200, []byte(`{"client":{"id":"b2abfab4-2360-5587-a6af-99094c67a56f"},"scope":[],"state":"Revoked"}`))
	f.Add(200, []byte(`{}`))
	f.Add(404, []byte(`{"message":"not found","code":"not.found","status":404}`))
	f.Add(200, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 || status == http.StatusTooManyRequests || status >= 500 {
			return // retried statuses: the retry tests cover them
		}
		a, err := answering(t, status, body).GetAuthorization(context.Background(), fuzzClientID)
		if err != nil {
			if !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations/"+fuzzClientID) {
				t.Fatalf("the error does not name the call: %v", err)
			}
			// A 2xx answer that fails is one the client does not understand;
			// any other status is the API's own refusal.
			if ok := status >= 200 && status < 300; errors.Is(err, genesys.ErrUnexpectedAnswer) != ok {
				t.Fatalf("status %d: errors.Is(err, ErrUnexpectedAnswer) = %t: %v", status, !ok, err)
			}
			return
		}
		checkRecord(t, *a, fuzzClientID)
	})
}

func FuzzListAuthorizationsAnswer(f *testing.F) {
	f.Add([]byte(`{"entities":[` + authJSON + `],"total":1}`))
	f.Add([]byte(`{"entities":[{"client":{"id":"x"},"scope":[],"state":"Pending"}],"total":1}`))
	f.Add([]byte(`{"entities":[],"total":3,"pageCount":2}`))
	f.Add([]byte(`{"entities":null}`))
	f.Add([]byte(`{"total":0}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		all, err := answering(t, http.StatusOK, body).ListAuthorizations(context.Background())
		if err != nil {
			if !strings.Contains(err.Error(), "GET /api/v2/oauth/authorizations") {
				t.Fatalf("the error does not name the call: %v", err)
			}
			if !errors.Is(err, genesys.ErrUnexpectedAnswer) {
				t.Fatalf("a 200 answer that fails is not an unexpected answer: %v", err)
			}
			return
		}
		for _, a := range all {
			checkRecord(t, a, "")
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	f.Add(403, []byte(`{"message":"You are missing the following permission(s): [oauth:client:authorize].","code":"missing.permissions","status":403,"contextId":"c"}`))
	f.Add(502, []byte(`<html>Bad Gateway</html>`))
	f.Add(0, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := genesys.DecodeError("GET", "/api/v2/oauth/authorizations", status, body)
		msg := e.Error()
		if e.Status != status || !strings.Contains(msg, "/api/v2/oauth/authorizations") {
			t.Fatalf("decoded %+v as %q", e, msg)
		}
		_ = e.MissingPermission()
	})
}
