package e2e_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// shownPlan saves the plan of the working directory and returns what the
// plan command printed (flattened) and the plan's JSON, decoded.
func (c *cli) shownPlan() (string, map[string]any) {
	c.t.Helper()
	out := c.must(0, "plan", "-input=false", "-out=who.tfplan")
	var doc map[string]any
	if err := json.Unmarshal(c.showJSON("who.tfplan"), &doc); err != nil {
		c.t.Fatalf("show -json: %v", err)
	}
	return out, doc
}

// dig walks a decoded JSON document by keys and list indexes.
func dig(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// changeOf is the planned change of the resource at address.
func changeOf(doc map[string]any, address string) map[string]any {
	changes, _ := doc["resource_changes"].([]any)
	for _, c := range changes {
		if dig(c, "address") == address {
			m, _ := dig(c, "change").(map[string]any)
			return m
		}
	}
	return nil
}

// dataEntry is the data source's entry for a client in the plan's
// refreshed state.
func dataEntry(doc map[string]any, clientID string) map[string]any {
	resources, _ := dig(doc, "prior_state", "values", "root_module", "resources").([]any)
	for _, r := range resources {
		if dig(r, "address") != "data.genesysauth_authorized_clients.all" {
			continue
		}
		clients, _ := dig(r, "values", "clients").([]any)
		for _, c := range clients {
			if dig(c, "client_id") == clientID {
				m, _ := c.(map[string]any)
				return m
			}
		}
	}
	return nil
}

// Drift names who changed what and when: in the plan JSON (the resource's
// refreshed state, the data source's entries, the exclusive resource's
// unmanaged and authorizations) and in the warnings' text, with the names
// the emulator recorded for each write (the pipeline's credentials for
// the provider's own, an administrator's for a change by hand); an API
// that leaves the names out plans them null, with no error and no name
// guessed.
func TestAccCLI_driftNamesWhoAndWhen(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	managed := cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}

data "genesysauth_authorized_clients" "all" {}
`, emulator.ClientAcmeCRM)
	c.write("main.tf", managed)
	c.must(0, "apply", "-auto-approve", "-input=false")

	// The provider's own write names its credentials; the seed names who
	// authorized Tableau by hand.
	_, doc := c.shownPlan()
	acme, _ := srv.Authorization(emulator.ClientAcmeCRM)
	tableau, _ := srv.Authorization(emulator.ClientTableau)
	if e := dataEntry(doc, emulator.ClientAcmeCRM); e["modified_by"] != "Terraform Pipeline (admin)" || e["modified_at"] != acme.DateModified {
		t.Errorf("the data source's entry of Acme = %v, want modified_by the pipeline's credentials at %s", e, acme.DateModified)
	}
	if e := dataEntry(doc, emulator.ClientTableau); e["modified_by"] != "Jane Doe" || e["modified_at"] != tableau.DateModified {
		t.Errorf("the data source's entry of Tableau = %v, want modified_by Jane Doe at %s", e, tableau.DateModified)
	}

	// A scope added by hand: the warning says what, by whom and when, and
	// the refreshed state names her.
	if err := srv.Apply(emulator.ChangeRequest{Action: "set-scopes", ClientID: emulator.ClientAcmeCRM,
		Scopes: []string{"notifications", "users:readonly"}, As: "Sam Rivera"}); err != nil {
		t.Fatal(err)
	}
	acme, _ = srv.Authorization(emulator.ClientAcmeCRM)
	out, doc := c.shownPlan()
	want := "OAuth client " + emulator.ClientAcmeCRM + " (Acme CRM Connector) was changed outside Terraform (scopes: added " +
		"notifications), last changed by Sam Rivera at " + acme.DateModified + "."
	if !strings.Contains(out, "Warning: OAuth client authorization changed outside Terraform") || !strings.Contains(out, want) {
		t.Errorf("the plan does not say who changed Acme's scopes (want %q):\n%s", want, out)
	}
	if got := dig(changeOf(doc, "genesysauth_authorized_client.acme"), "before", "modified_by"); got != "Sam Rivera" {
		t.Errorf("the refreshed state's modified_by = %v, want Sam Rivera", got)
	}
	c.must(0, "apply", "-auto-approve", "-input=false")
	if a, _ := srv.Authorization(emulator.ClientAcmeCRM); strings.Join(a.Scope, ",") != "users:readonly" {
		t.Fatalf("apply left Acme's scopes %v", a.Scope)
	}

	// Revoked by hand: the warning names who and when.
	if err := srv.Apply(emulator.ChangeRequest{Action: "revoke", ClientID: emulator.ClientAcmeCRM, As: "Sam Rivera"}); err != nil {
		t.Fatal(err)
	}
	acme, _ = srv.Authorization(emulator.ClientAcmeCRM)
	out = c.must(0, "plan", "-input=false")
	want = "is Revoked in the organization: its authorization was revoked, reset or is pending outside Terraform; " +
		"last changed by Sam Rivera at " + acme.DateModified + "."
	if !strings.Contains(out, "Warning: OAuth client authorization removed outside Terraform") || !strings.Contains(out, want) {
		t.Errorf("the plan does not say who revoked Acme (want %q):\n%s", want, out)
	}
	c.must(0, "apply", "-auto-approve", "-input=false")

	// The exclusive resource: each unmanaged entry and each authorization
	// names who and when, and so do the "Applying this plan later" warning
	// and the budget's.
	exclusive := managed + fmt.Sprintf(`
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids      = [genesysauth_authorized_client.acme.client_id]
  max_revocations = %s
}
`, "%d")
	c.write("main.tf", fmt.Sprintf(exclusive, 1))
	out, doc = c.shownPlan()
	zapier, _ := srv.Authorization(emulator.ClientZapier)
	after := dig(changeOf(doc, "genesysauth_authorized_clients_exclusive.this"), "after")
	// (A create plans authorizations as known after apply.)
	for id, want := range map[string][2]any{emulator.ClientTableau: {"Jane Doe", tableau.DateModified},
		emulator.ClientZapier: {nil, zapier.DateModified}} {
		if by, at := dig(after, "unmanaged", id, "modified_by"), dig(after, "unmanaged", id, "modified_at"); by != want[0] || at != want[1] {
			t.Errorf("unmanaged[%s]: modified_by %v, modified_at %v; want %v, %v", id, by, at, want[0], want[1])
		}
	}
	want = "Tableau Analytics Export (" + emulator.ClientTableau + ", revoke), last changed by Jane Doe at " + tableau.DateModified
	if !strings.Contains(out, "This create revokes, as the organization stands now: "+want) {
		t.Errorf("the warning \"Applying this plan later\" does not name who authorized Tableau (want %q):\n%s", want, out)
	}
	c.write("main.tf", fmt.Sprintf(exclusive, 0))
	out = c.must(0, "plan", "-input=false")
	if !strings.Contains(out, want) || !strings.Contains(out, "max_revocations") {
		t.Errorf("the budget's warning does not name who authorized Tableau (want %q):\n%s", want, out)
	}
	srv.ResetCalls()
	c.must(1, "apply", "-auto-approve", "-input=false")
	if n := srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("the refused apply sent %d DELETE calls", n)
	}

	// Applied: the next plan's authorizations name who changed each client
	// (the pipeline's credentials for Acme).
	c.write("main.tf", fmt.Sprintf(exclusive, 1))
	c.must(0, "apply", "-auto-approve", "-input=false")
	_, doc = c.shownPlan()
	acme, _ = srv.Authorization(emulator.ClientAcmeCRM)
	var authorizations any
	resources, _ := dig(doc, "prior_state", "values", "root_module", "resources").([]any)
	for _, r := range resources {
		if dig(r, "address") == "genesysauth_authorized_clients_exclusive.this" {
			authorizations = dig(r, "values", "authorizations")
		}
	}
	for id, want := range map[string][2]any{emulator.ClientAcmeCRM: {"Terraform Pipeline (admin)", acme.DateModified},
		emulator.ClientZapier: {nil, zapier.DateModified}} {
		if by, at := dig(authorizations, id, "modified_by"), dig(authorizations, id, "modified_at"); by != want[0] || at != want[1] {
			t.Errorf("authorizations[%s]: modified_by %v, modified_at %v; want %v, %v", id, by, at, want[0], want[1])
		}
	}

	// An API that names nobody: null, no error, no name guessed.
	quiet := startEmulator(t, emulator.Options{OmitWho: true})
	q := newCLI(t, quiet)
	q.write("main.tf", fmt.Sprintf(exclusive, 1))
	_, doc = q.shownPlan()
	after = dig(changeOf(doc, "genesysauth_authorized_clients_exclusive.this"), "after")
	entry, _ := dig(after, "unmanaged", emulator.ClientTableau).(map[string]any)
	if by, ok := entry["modified_by"]; !ok || by != nil {
		t.Errorf("with no modifiedBy in the answers, unmanaged[Tableau].modified_by = %v (present %v), want null", by, ok)
	}
	if e := dataEntry(doc, emulator.ClientTableau); e == nil || e["modified_by"] != nil {
		t.Errorf("with no modifiedBy in the answers, the data source's entry of Tableau = %v, want modified_by null", e)
	}
}
