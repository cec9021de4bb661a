package contract_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/contract"
)

// The field lists here are transcribed from ../shared/API.md; this test
// reads the contract beside the repository and checks that every field
// and enum value transcribed is written there, and that it is version 2.
func TestTranscriptionMatchesAPIMarkdown(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "API.md")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skip("../shared/API.md is not beside this checkout")
	}
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	if !strings.Contains(doc, "Contract version 2") {
		t.Fatalf("API.md is not contract version %d", contract.Version)
	}
	for _, m := range []*contract.Model{contract.OAuthAuthorization, contract.OAuthAuthorizationListing, contract.OAuthClient,
		contract.OAuthClientEntityListing, contract.Role, contract.Scope, contract.ScopeListing, contract.ErrorBody,
		contract.ErrorDetail, contract.Limit, contract.Token, contract.TokenError} {
		for _, f := range m.Fields {
			if !regexp.MustCompile(`\b` + regexp.QuoteMeta(f) + `\b`).MatchString(doc) {
				t.Errorf("%s.%s is not in API.md", m.Name, f)
			}
		}
		for field, enum := range m.Enums {
			for _, v := range enum {
				if !strings.Contains(doc, "`"+v+"`") {
					t.Errorf("%s.%s value %q is not in API.md", m.Name, field, v)
				}
			}
		}
	}
}

func TestCheckFindsWhatIsOff(t *testing.T) {
	r := contract.Check(contract.OAuthAuthorization, map[string]any{
		"client": map[string]any{"id": "x", "name": "X", "enabledByDefault": true},
		"scope":  []any{"a"}, "state": "authorized", "dateCreated": "2026-11-26T13:08:44Z", "extra": 1,
	})
	want := "fields the contract does not list: client.enabledByDefault, extra; invalid: dateCreated: 2026-11-26T13:08:44Z " +
		"is not an ISO-8601 UTC date with milliseconds; state: authorized is not one of Unauthorized, Requested, Authorized, Revoked"
	if r.String() != want {
		t.Errorf("got  %s\nwant %s", r, want)
	}
	r = contract.Check(contract.OAuthAuthorizationListing, map[string]any{"total": 0})
	if r.String() != "required fields missing: entities" {
		t.Errorf("listing without entities: %s", r)
	}
	r = contract.Check(contract.OAuthAuthorization, map[string]any{"client": map[string]any{"id": "x", "name": "X"},
		"scope": []any{}, "state": "Revoked", "dateModified": "2026-11-26T13:08:44.243Z"})
	if !r.OK() {
		t.Errorf("a valid record: %s", r)
	}
}
