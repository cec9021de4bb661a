package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// The warning on a managed client changed outside Terraform: what changed,
// by whom and when; none for a change of a role ID's case alone (IDs
// compare without case), none for an import (no scopes recorded yet), and
// never a guessed name.
func TestWarnChangedOutside(t *testing.T) {
	const role = "0b7a3c4e-1f2d-4e5f-8a9b-0c1d2e3f4a5b"
	state := authorizedClientModel{ClientID: types.StringValue("c1"), Scopes: setOf([]string{"a", "b"}),
		Roles: setOf([]string{strings.ToUpper(role)})}
	auth := func(scopes, roles []string, by *genesys.EntityRef, at string) *genesys.OAuthAuthorization {
		return &genesys.OAuthAuthorization{Client: genesys.ClientRef{ID: "c1", Name: "App"}, Scope: scopes, Roles: roles,
			ModifiedBy: by, DateModified: at}
	}
	jane := &genesys.EntityRef{ID: "u1", Name: "Jane Doe"}
	cases := []struct {
		name  string
		state authorizedClientModel
		a     *genesys.OAuthAuthorization
		want  string // "" for no warning
	}{
		{"unchanged, a role in another case", state, auth([]string{"b", "a"}, []string{role}, jane, "T"), ""},
		{"scopes and roles", state, auth([]string{"a", "c"}, []string{role, "r2"}, jane, "T"),
			"OAuth client c1 (App) was changed outside Terraform (scopes: added c, removed b; roles: added r2), " +
				"last changed by Jane Doe at T."},
		{"no name, only an ID", state, auth([]string{"a"}, []string{role}, &genesys.EntityRef{ID: "u9"}, "T"),
			"(scopes: removed b), last changed by user u9 at T."},
		{"neither name nor time", state, auth([]string{"a"}, []string{role}, nil, ""),
			"(scopes: removed b), last changed by someone the API does not name, when it does not say."},
		{"an import", authorizedClientModel{ClientID: types.StringValue("c1"), Scopes: types.SetNull(types.StringType),
			Roles: types.SetNull(types.StringType)}, auth([]string{"a"}, nil, jane, "T"), ""},
	}
	for _, tc := range cases {
		var diags diag.Diagnostics
		warnChangedOutside(context.Background(), tc.state, tc.a, &diags)
		switch {
		case tc.want == "" && len(diags) != 0:
			t.Errorf("%s: want no warning, got %v", tc.name, diags)
		case tc.want != "" && (len(diags) != 1 || diags[0].Summary() != "OAuth client authorization changed outside Terraform" ||
			!strings.Contains(diags[0].Detail(), tc.want)):
			t.Errorf("%s: want one warning with %q, got %v", tc.name, tc.want, diags)
		}
	}
}
