package e2e_test

// The plan policies of policies/ on real plans: each test makes a saved
// plan through the CLI under test against the emulator, turns it into JSON
// with `show -json` as a pipeline does, and asserts the exact denials OPA
// gives for that file, with the team's data written by the test.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// opaBinary is the OPA of tools/opa/go.mod, built once (go tool caches it).
var opaBinary = once(func(root string) (string, error) {
	cmd := exec.CommandContext(context.Background(), "go", "tool", "-n", "-modfile=tools/opa/go.mod", "opa")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go tool -n opa: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
})

// approvedData is the team's data of the tests: Acme CRM, Slack and
// ServiceNow approved with three scopes, a budget of 3.
var approvedData = map[string]any{
	"scopes": []string{"users:readonly", "presence", "integrations:readonly"},
	"clients": map[string]any{
		emulator.ClientAcmeCRM:    map[string]string{"name": "Acme CRM Connector", "reason": "CRM"},
		emulator.ClientSlack:      map[string]string{"name": "Slack Presence Bridge", "reason": "presence"},
		emulator.ClientServiceNow: map[string]string{"name": "ServiceNow Incident Sync", "reason": "incidents"},
	},
	"max_revocations": 3,
}

// planJSON saves the plan of the working directory and returns its JSON,
// as `show -json` prints it (stdout alone: the CLI's warnings go to stderr).
func (c *cli) planJSON(name string) []byte {
	c.t.Helper()
	c.must(0, "plan", "-input=false", "-out="+name)
	out := c.showJSON(name)
	var doc struct {
		FormatVersion string `json:"format_version"`
		Changes       []struct {
			Type   string `json:"type"`
			Change struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || !strings.HasPrefix(doc.FormatVersion, "1.") || len(doc.Changes) == 0 {
		c.t.Fatalf("show -json is not a plan JSON of format 1.x with resource changes (%v): %.500s", err, out)
	}
	return out
}

// denials evaluates data.genesysauth.deny of policies/genesysauth.rego on
// a plan JSON with the given team data.
func denials(t *testing.T, plan []byte, approved map[string]any, rules ...string) []string {
	t.Helper()
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data", "genesysauth", "approved")
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(approved)
	if err := os.WriteFile(filepath.Join(dataDir, "data.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	input := filepath.Join(dir, "tfplan.json")
	if err := os.WriteFile(input, plan, 0o600); err != nil {
		t.Fatal(err)
	}
	rego, _ := filepath.Abs(filepath.Join("..", "..", "policies", "genesysauth.rego"))
	args := []string{"eval", "-f", "raw", "-d", rego, "-d", filepath.Join(dir, "data")}
	for _, r := range rules { // the team's own rules, beside the provider's
		abs, _ := filepath.Abs(r)
		args = append(args, "-d", abs)
	}
	cmd := exec.CommandContext(t.Context(), opaBinary(t), append(args, "-i", input, "data.genesysauth.deny")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("opa eval: %v\n%s", err, stderr.String())
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("opa eval printed %q: %v", out, err)
	}
	slices.Sort(got)
	return got
}

func denialsAre(t *testing.T, got []string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("denials:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// budgetDenial is the denial of one of the five revocations of a plan
// that empties client_ids.
func budgetDenial(name, id string) string {
	return fmt.Sprintf("[revocation-budget] genesysauth_authorized_clients_exclusive.this: %s (%s): apply revokes it, one of 5 "+
		"revocations in this plan, more than the budget of 3 (data.genesysauth.approved.max_revocations): put the clients "+
		"client_ids lost back, or raise the budget in its own reviewed change", name, id)
}

// revocationDenial is the denial of a client the exclusive resource
// revokes that the team's data does not approve.
func revocationDenial(name, id string) string {
	return fmt.Sprintf("[revocation] genesysauth_authorized_clients_exclusive.this: %s (%s): apply revokes it (the exclusive "+
		"resource revokes every authorized client outside client_ids), for every user of the organization: add it to "+
		"client_ids, or approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change", name, id)
}

// withApproved returns approvedData with these revocations approved.
func withApproved(revocations ...string) map[string]any {
	r := map[string]any{}
	for _, id := range revocations {
		r[id] = map[string]string{"reason": "approved by the test"}
	}
	return map[string]any{"scopes": approvedData["scopes"], "clients": approvedData["clients"],
		"max_revocations": approvedData["max_revocations"], "revocations": r}
}

// A pull request that empties client_ids and raises max_revocations so
// that the provider lets the plan through: the provider's budget is in the
// configuration the pull request changes, the policy's in the team's data.
// The policy names each of the five clients, by the budget rule and as an
// unapproved revocation; the plan changed nothing.
func TestAccPolicy_emptiedClientIDs(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	five := map[string]string{emulator.ClientSlack: "presence", emulator.ClientServiceNow: "integrations:readonly",
		emulator.ClientVerint: "recordings:readonly", emulator.ClientHubSpot: "external-contacts"}
	for id, scope := range five {
		if err := srv.AuthorizeByHand(id, []string{scope}, nil); err != nil {
			t.Fatal(err)
		}
	}
	c := newCLI(t, srv)
	cfg := func(ids string) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids      = [%s]
  max_revocations = 10
}
`, ids)
	}
	c.write("main.tf", cfg(fmt.Sprintf("%q, %q, %q, %q, %q", emulator.ClientTableau, emulator.ClientSlack,
		emulator.ClientServiceNow, emulator.ClientVerint, emulator.ClientHubSpot)))
	c.must(0, "apply", "-auto-approve", "-input=false")
	// Nothing to revoke: no denial.
	denialsAre(t, denials(t, c.planJSON("steady.tfplan"), approvedData))

	c.write("main.tf", cfg(""))
	srv.ResetCalls()
	got := denials(t, c.planJSON("emptied.tfplan"), approvedData)
	names := []struct{ name, id string }{{"Tableau Analytics Export", emulator.ClientTableau}, {"Slack Presence Bridge", emulator.ClientSlack},
		{"ServiceNow Incident Sync", emulator.ClientServiceNow}, {"Verint Recording Archive", emulator.ClientVerint},
		{"HubSpot Contact Sync", emulator.ClientHubSpot}}
	var want, wantUnapproved []string
	var ids []string
	for _, n := range names {
		want = append(want, budgetDenial(n.name, n.id), revocationDenial(n.name, n.id))
		wantUnapproved = append(wantUnapproved, revocationDenial(n.name, n.id))
		ids = append(ids, n.id)
	}
	denialsAre(t, got, want...)
	// The same plan at a budget the team raised on purpose: each revocation
	// is still denied until the team approves it; then allowed.
	raised := withApproved()
	raised["max_revocations"] = 5
	denialsAre(t, denials(t, c.planJSON("emptied.tfplan"), raised), wantUnapproved...)
	raised = withApproved(ids...)
	raised["max_revocations"] = 5
	denialsAre(t, denials(t, c.planJSON("emptied.tfplan"), raised))
	if n := srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("planning made %d DELETE calls", n)
	}
	if a, _ := srv.Authorization(emulator.ClientSlack); a.State != "Authorized" {
		t.Errorf("after the plans Slack is %s", a.State)
	}
}

// Authorizations the policy checks against the team's lists: an approved
// client with an unapproved scope, a client outside the vendor list, and
// a client ID and scopes known only after apply, each reported, none taken
// as allowed. Slack, approved with an approved scope, passes.
func TestAccPolicy_authorizations(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly", "routing"]
}

resource "genesysauth_authorized_client" "slack" {
  client_id = %q
  scopes    = ["presence"]
}

resource "genesysauth_authorized_client" "hubspot" {
  client_id = %q
  scopes    = ["users:readonly"]
}

resource "terraform_data" "later" {
  input = { id = %q, scopes = ["integrations:readonly"] }
}

resource "genesysauth_authorized_client" "later_id" {
  client_id = terraform_data.later.output.id
  scopes    = ["integrations:readonly"]
}

resource "genesysauth_authorized_client" "later_scopes" {
  client_id = %q
  scopes    = terraform_data.later.output.scopes
}
`, emulator.ClientAcmeCRM, emulator.ClientSlack, emulator.ClientHubSpot, emulator.ClientServiceNow, emulator.ClientServiceNow))
	srv.ResetCalls()
	denialsAre(t, denials(t, c.planJSON("pr.tfplan"), approvedData),
		`[unapproved-scope] genesysauth_authorized_client.acme: Acme CRM Connector (`+emulator.ClientAcmeCRM+`): asks for the `+
			`scope "routing", which is not in the approved scopes (data.genesysauth.approved.scopes): remove it, or approve it `+
			`in its own reviewed change`,
		`[unapproved-client] genesysauth_authorized_client.hubspot: HubSpot Contact Sync (`+emulator.ClientHubSpot+`): the `+
			`client is not in the approved vendor list (data.genesysauth.approved.clients): add it there, with a reason, in its `+
			`own reviewed change`,
		`[unapproved-client] genesysauth_authorized_client.later_id: client unknown at plan time: client_id is known only `+
			`after apply, so the policy cannot check it against the approved vendor list: set it to a literal ID, or apply `+
			`what it depends on first`,
		`[unapproved-scope] genesysauth_authorized_client.later_scopes: ServiceNow Incident Sync (`+emulator.ClientServiceNow+
			`): scopes has a value known only after apply, so the policy cannot check it against the approved scopes: use `+
			`literal scopes, or apply what they depend on first`,
	)
	if n := srv.Calls(emulator.RoutePutAuthorization); n != 0 {
		t.Errorf("planning made %d PUT calls", n)
	}
}

// The exclusive resource with revoke_builtin: the plan revokes Architect,
// which an admin gave roles, and Tableau. Two revocations are within the
// budget; Architect's, a built-in client's, is denied by name even when
// the team approves both revocations.
func TestAccPolicy_builtinRevoked(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinArchitect, []string{"architect"}, []string{emulator.RoleFlowDesigner}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	cfg := func(revoke bool) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids     = [%q]
  revoke_builtin = %t
}
`, emulator.ClientAcmeCRM, revoke)
	}
	c.write("main.tf", cfg(false))
	denialsAre(t, denials(t, c.planJSON("keep.tfplan"), approvedData), revocationDenial("Tableau Analytics Export", emulator.ClientTableau))
	denialsAre(t, denials(t, c.planJSON("keep.tfplan"), withApproved(emulator.ClientTableau)))
	c.write("main.tf", cfg(true))
	denialsAre(t, denials(t, c.planJSON("revoke.tfplan"), withApproved(emulator.ClientTableau, emulator.BuiltinArchitect)),
		"[builtin-revocation] genesysauth_authorized_clients_exclusive.this: Architect ("+emulator.BuiltinArchitect+"): apply "+
			"revokes a built-in Genesys Cloud client, which cuts it off for every user of the organization: add it to "+
			"client_ids, or set revoke_builtin = false")
	if a, _ := srv.Authorization(emulator.BuiltinArchitect); a.State != "Authorized" || srv.Calls(emulator.RouteRevoke) != 0 {
		t.Errorf("after the plans Architect is %s, %d DELETE calls", a.State, srv.Calls(emulator.RouteRevoke))
	}
}

// Removing a genesysauth_authorized_client destroys it, and changing its
// client_id replaces it: both revoke, and the policy says so. A removed
// block that forgets a resource (destroy = false) revokes nothing and is
// not denied.
func TestAccPolicy_destroyAndReplace(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	block := func(name, id, scope string) string {
		return fmt.Sprintf("\nresource \"genesysauth_authorized_client\" %q {\n  client_id = %q\n  scopes    = [%q]\n}\n", name, id, scope)
	}
	c.write("main.tf", cliProviderHeader+block("crm", emulator.ClientAcmeCRM, "users:readonly")+
		block("slack", emulator.ClientSlack, "presence")+block("verint", emulator.ClientVerint, "recordings:readonly"))
	c.must(0, "apply", "-auto-approve", "-input=false")
	c.write("main.tf", cliProviderHeader+block("crm", emulator.ClientServiceNow, "integrations:readonly")+`
removed {
  from = genesysauth_authorized_client.verint

  lifecycle {
    destroy = false
  }
}
`)
	srv.ResetCalls()
	denialsAre(t, denials(t, c.planJSON("pr.tfplan"), approvedData),
		"[revocation] genesysauth_authorized_client.slack: Slack Presence Bridge ("+emulator.ClientSlack+"): a destroy of "+
			"genesysauth_authorized_client revokes the client for every user of the organization: keep the resource, or "+
			"approve the revocation (data.genesysauth.approved.revocations) in its own reviewed change",
		"[revocation] genesysauth_authorized_client.crm: Acme CRM Connector ("+emulator.ClientAcmeCRM+"): a replacement "+
			"(delete, then create) revokes the client's authorization before authorizing again: change the attribute in "+
			"place if it can be, or approve the revocation (data.genesysauth.approved.revocations)",
	)
	// The team approves Slack's revocation: only the replacement is left.
	withRevocation := map[string]any{"scopes": approvedData["scopes"], "clients": approvedData["clients"], "max_revocations": 3,
		"revocations": map[string]any{emulator.ClientSlack: map[string]string{"reason": "contract ended"}}}
	got := denials(t, c.planJSON("pr.tfplan"), withRevocation)
	if len(got) != 1 || !strings.HasPrefix(got[0], "[revocation] genesysauth_authorized_client.crm: ") {
		t.Errorf("with Slack's revocation approved: %v", got)
	}
	if n := srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("planning made %d DELETE calls", n)
	}
}

// The guide's way to hand a client back (removed with destroy = false)
// while the exclusive resource's client_ids is built from the managed
// resources: the forget revokes nothing, but the client leaves client_ids
// and the exclusive resource revokes it. The policy denies that revocation
// as it denies a destroy, within the budget, until the team approves it;
// planning wrote nothing.
func TestAccPolicy_exclusiveRevocationNeedsApproval(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	block := func(name, id, scope string) string {
		return fmt.Sprintf("\nresource \"genesysauth_authorized_client\" %q {\n  client_id = %q\n  scopes    = [%q]\n}\n", name, id, scope)
	}
	exclusive := func(refs ...string) string {
		return fmt.Sprintf("\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = [%q, %s]\n}\n",
			emulator.ClientTableau, strings.Join(refs, ", "))
	}
	c.write("main.tf", cliProviderHeader+block("acme", emulator.ClientAcmeCRM, "users:readonly")+block("slack", emulator.ClientSlack, "presence")+
		exclusive("genesysauth_authorized_client.acme.client_id", "genesysauth_authorized_client.slack.client_id"))
	c.must(0, "apply", "-auto-approve", "-input=false")
	denialsAre(t, denials(t, c.planJSON("steady.tfplan"), approvedData))

	c.write("main.tf", cliProviderHeader+block("acme", emulator.ClientAcmeCRM, "users:readonly")+
		exclusive("genesysauth_authorized_client.acme.client_id")+`
removed {
  from = genesysauth_authorized_client.slack

  lifecycle {
    destroy = false
  }
}
`)
	srv.ResetCalls()
	denialsAre(t, denials(t, c.planJSON("pr.tfplan"), approvedData), revocationDenial("Slack Presence Bridge", emulator.ClientSlack))
	// The team approves Slack's revocation: allowed.
	denialsAre(t, denials(t, c.planJSON("pr.tfplan"), withApproved(emulator.ClientSlack)))
	if n := srv.Calls(emulator.RouteRevoke) + srv.Calls(emulator.RoutePutAuthorization); n != 0 {
		t.Errorf("planning wrote to the organization: %v", srv.CallCounts())
	}
	if a, _ := srv.Authorization(emulator.ClientSlack); a.State != "Authorized" {
		t.Errorf("after the plans Slack is %s", a.State)
	}
}

// The policies guide's rule of a team's own (recent_change.rego), on real
// plans: the exclusive resource may not revoke a client someone authorized
// less than a day before the plan, approved or not, unless the approval
// acknowledges that change (its modified_at, which the plan shows with
// modified_by); a client changed longer ago needs only the approval.
func TestAccPolicy_recentChangeNeedsAcknowledgement(t *testing.T) {
	t.Parallel()
	rule := filepath.Join("..", "..", "examples", "guides", "policy-own-rule", "recent_change.rego")
	cfg := cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%q]
}
`, emulator.ClientAcmeCRM)
	approvedAs := func(extra map[string]string) map[string]any {
		d := withApproved(emulator.ClientTableau)
		r := map[string]string{"reason": "approved by the test"}
		maps.Copy(r, extra)
		d["revocations"] = map[string]any{emulator.ClientTableau: r}
		return d
	}
	recent := func(got []string) []string {
		var out []string
		for _, d := range got {
			if strings.HasPrefix(d, "[recent-change]") {
				out = append(out, d)
			}
		}
		return out
	}

	// Tableau, authorized by Jane Doe in the seed a moment ago.
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cfg)
	plan := c.planJSON("recent.tfplan")
	tableau, _ := srv.Authorization(emulator.ClientTableau)
	want := "[recent-change] genesysauth_authorized_clients_exclusive.this: Tableau Analytics Export (" + emulator.ClientTableau +
		"): apply revokes a client Jane Doe changed at " + tableau.DateModified + ", less than a day before this plan: ask them " +
		"first, then approve the revocation with \"acknowledged_change\": \"" + tableau.DateModified +
		"\" (data.genesysauth.approved.revocations)"
	denialsAre(t, recent(denials(t, plan, approvedAs(nil), rule)), want)
	denialsAre(t, recent(denials(t, plan, approvedAs(map[string]string{"acknowledged_change": "2026-01-01T00:00:00Z"}), rule)), want)
	denialsAre(t, denials(t, plan, approvedAs(map[string]string{"acknowledged_change": tableau.DateModified}), rule))

	// Authorized two days before the plan: the approval alone lets it through.
	old := startEmulator(t, emulator.Options{Now: func() time.Time { return time.Now().Add(-48 * time.Hour) }})
	o := newCLI(t, old)
	o.write("main.tf", cfg)
	denialsAre(t, denials(t, o.planJSON("old.tfplan"), approvedAs(nil), rule))
	if n := srv.Calls(emulator.RouteRevoke) + old.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("planning revoked %d clients", n)
	}
}
