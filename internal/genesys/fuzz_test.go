package genesys_test

import (
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

func FuzzDecodeAuthorization(f *testing.F) {
	f.Add([]byte(authJSON))
	f.Add([]byte(`{"client":null,"scope":null,"state":7}`))
	f.Add([]byte(`   `))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a genesys.OAuthAuthorization
		if err := genesys.Decode(data, &a); err != nil {
			return
		}
		_ = a.Active()
	})
}

func FuzzDecodeListing(f *testing.F) {
	f.Add([]byte(`{"entities":[` + authJSON + `],"pageSize":500,"pageNumber":1,"total":1,"pageCount":1}`))
	f.Add([]byte(`{"entities":null,"pageCount":-1,"total":-5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var l genesys.Listing[genesys.OAuthAuthorization]
		if err := genesys.Decode(data, &l); err != nil {
			return
		}
		for i := range l.Entities {
			_ = l.Entities[i].Active()
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
