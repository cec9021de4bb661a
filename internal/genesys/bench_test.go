package genesys_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// listingPage builds one page of n authorizations as the API sends it.
func listingPage(n int) []byte {
	l := emulator.Listing[genesys.OAuthAuthorization]{PageSize: n, PageNumber: 1, Total: n, PageCount: 1}
	for i := range n {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		l.Entities = append(l.Entities, genesys.OAuthAuthorization{
			Client: genesys.ClientRef{ID: id, Name: fmt.Sprintf("Client %d", i), SelfURI: "/api/v2/oauth/clients/" + id},
			Scope:  []string{"users:readonly", "analytics:readonly"}, Roles: []string{},
			ResourceOwner: &genesys.EntityRef{ID: "org"}, DateCreated: "2026-01-01T00:00:00Z", DateModified: "2026-01-01T00:00:00Z",
			CreatedBy: &genesys.EntityRef{ID: "u"}, ModifiedBy: &genesys.EntityRef{ID: "u"}, State: "Authorized",
			SelfURI: "/api/v2/oauth/authorizations/" + id,
		})
	}
	b, _ := json.Marshal(l)
	return b
}

// BenchmarkDecodeListing decodes one full page (500) of authorizations.
func BenchmarkDecodeListing(b *testing.B) {
	page := listingPage(genesys.MaxPageSize)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		var l emulator.Listing[genesys.OAuthAuthorization]
		if err := json.Unmarshal(page, &l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListAuthorizations is the whole client path for a 500-entity
// page: request, retry wrapper, body read and decode (loopback server).
func BenchmarkListAuthorizations(b *testing.B) {
	page := listingPage(genesys.MaxPageSize)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(page)
	}))
	defer srv.Close()
	c, err := genesys.New(genesys.Config{APIURL: srv.URL, TokenURL: srv.URL + "/t", AccessToken: "t"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ListAuthorizations(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
