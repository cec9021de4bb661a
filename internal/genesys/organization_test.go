package genesys_test

import (
	"context"
	"strings"
	"testing"
)

// GET /api/v2/organizations/me: the request sent, the Organization decoded,
// and every answer that is not an organization refused, naming the call.
func TestGetOrganization(t *testing.T) {
	const good = `{"id":"0f4a7c1e-9d3b-4f6a-8e2d-5b1c3a9e7f60","name":"Prod Corp","thirdPartyOrgName":"prodcorp",
 "domain":"prodcorp","state":"active","defaultLanguage":"en-us","defaultCountryCode":"US","version":3,
 "selfUri":"/api/v2/organizations/me","features":{"purecloud":true},"somethingNew":1}`
	c, got := rawServer(t, 200, good)
	o, err := c.GetOrganization(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "0f4a7c1e-9d3b-4f6a-8e2d-5b1c3a9e7f60" || o.Name != "Prod Corp" || o.ThirdPartyOrgName != "prodcorp" ||
		o.Version != 3 || o.State != "active" || !o.Features["purecloud"] {
		t.Errorf("decoded %+v", o)
	}
	if r := (*got)[0]; r.method != "GET" || r.path != "/api/v2/organizations/me" || r.query != "" || r.body != "" ||
		r.auth != "Bearer static-token" {
		t.Errorf("request %+v", r)
	}

	long := strings.Repeat("x", 300)
	for _, tc := range []struct{ name, answer, want string }{
		{"empty object", `{}`, "GET /api/v2/organizations/me: the answer is not an organization: it has no id"},
		{"empty body", ``, "GET /api/v2/organizations/me: the answer is empty"},
		{"HTML", `<html>login</html>`, "GET /api/v2/organizations/me: the answer is not the expected JSON"},
		{"a list", `[{"id":"x"}]`, "GET /api/v2/organizations/me: the answer is not the expected JSON"},
		{"id of the wrong type", `{"id":7,"name":"x"}`, "GET /api/v2/organizations/me: the answer is not the expected JSON"},
		{"data after the value", good + `{}`, "GET /api/v2/organizations/me: the answer has data after its JSON value"},
		{"an endless id", `{"id":"` + long + `","name":"x"}`, "organization id is 300 characters long"},
	} {
		c, _ := rawServer(t, 200, tc.answer)
		if _, err := c.GetOrganization(context.Background()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}

	// A long name is clipped before any diagnostic can show it.
	c, _ = rawServer(t, 200, `{"id":"o1","name":"`+long+`","version":1}`)
	o, err = c.GetOrganization(context.Background())
	if err != nil || len(o.Name) > 260 {
		t.Errorf("a 300-character name: %d characters kept, %v", len(o.Name), err)
	}
}
