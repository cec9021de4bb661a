package emulator_test

import (
	"slices"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// Two emulators started with the default seed are two organizations: each
// answers GET /api/v2/organizations/me with an id and a short name of its
// own. Options set the id and the name; a seed's id is kept.
func TestEachEmulatorIsAnOrganization(t *testing.T) {
	a, b := emulator.StartTB(t, emulator.Options{}), emulator.StartTB(t, emulator.Options{})
	orgOf := func(srv *emulator.Server) map[string]any {
		t.Helper()
		status, _, v := rawCall(t, "GET", srv.URL()+"/api/v2/organizations/me", "Bearer "+token(t, srv), "")
		m, _ := v.(map[string]any)
		if status != 200 || m == nil {
			t.Fatalf("GET /api/v2/organizations/me: %d %v", status, v)
		}
		return m
	}
	oa, ob := orgOf(a), orgOf(b)
	if oa["id"] == "" || oa["id"] == ob["id"] || oa["thirdPartyOrgName"] == ob["thirdPartyOrgName"] {
		t.Errorf("two emulators, one organization: %v and %v", oa, ob)
	}
	if oa["id"] != a.Organization().ID || oa["name"] != "Example Corp" || oa["selfUri"] != "/api/v2/organizations/me" {
		t.Errorf("the answer %v is not the emulator's organization %+v", oa, a.Organization())
	}

	c := emulator.StartTB(t, emulator.Options{OrganizationID: "0f4a7c1e-9d3b-4f6a-8e2d-5b1c3a9e7f60", OrganizationName: "Prod Corp"})
	if oc := orgOf(c); oc["id"] != "0f4a7c1e-9d3b-4f6a-8e2d-5b1c3a9e7f60" || oc["name"] != "Prod Corp" ||
		oc["thirdPartyOrgName"] != "prod-corp-0f4a7c1e" {
		t.Errorf("Options.OrganizationID and OrganizationName: %v", oc)
	}
	// The records' resourceOwner is the same organization.
	if rec, _ := c.Authorization(emulator.ClientTableau); rec.ResourceOwner == nil ||
		rec.ResourceOwner.ID != "0f4a7c1e-9d3b-4f6a-8e2d-5b1c3a9e7f60" || rec.ResourceOwner.Name != "Prod Corp" {
		t.Errorf("resourceOwner %+v", rec.ResourceOwner)
	}

	seed, err := emulator.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	seed.Organization.ID = "11111111-2222-4333-8444-555555555555"
	if od := orgOf(emulator.StartTB(t, emulator.Options{Seed: seed})); od["id"] != seed.Organization.ID {
		t.Errorf("a seed's organization id: %v", od)
	}
}

// A bearer token the emulator never issued is refused (401) and recorded,
// once; the emulator's own tokens, IssueToken's included, are not.
func TestUnknownTokensAreRecorded(t *testing.T) {
	dev, prod := emulator.StartTB(t, emulator.Options{}), emulator.StartTB(t, emulator.Options{})
	devToken, err := dev.IssueToken(emulator.AdminClientID)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _ := rawCall(t, "GET", dev.URL()+"/api/v2/oauth/authorizations", "Bearer "+devToken, ""); status != 200 {
		t.Fatalf("an issued token: %d", status)
	}
	for range 2 {
		if status, _, _ := rawCall(t, "GET", prod.URL()+"/api/v2/oauth/authorizations", "Bearer "+devToken, ""); status != 401 {
			t.Fatalf("another organization's token: %d, want 401", status)
		}
	}
	if got := prod.UnknownTokens(); !slices.Equal(got, []string{devToken}) {
		t.Errorf("prod's unknown tokens = %v, want dev's token once", got)
	}
	if got := dev.UnknownTokens(); len(got) != 0 {
		t.Errorf("dev's unknown tokens = %v, want none", got)
	}
	if _, err := dev.IssueToken("no-such-client"); err == nil {
		t.Error("IssueToken for a client the seed lacks: no error")
	}
}
