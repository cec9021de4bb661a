package e2e_test

import (
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// The adoption guide's gates, with exactly the files it shows: in a pull
// request that also changes a managed client's scopes, while Tableau is
// authorized outside the configuration, the postcondition fails the plan
// (exit 1) and the check reports Tableau at plan time, not after apply.
// The same files with the client ID in upper case, from the first apply on,
// report Tableau only, and pass once Tableau is gone: the declared list is
// compared in lower case, as the API writes IDs.
func TestAccCLI_gateExamplesStopAPullRequest(t *testing.T) {
	t.Parallel()
	type gate struct {
		example string
		// prCode is the plan's exit code in the pull request.
		prCode int
		// report is what the plan prints about Tableau.
		report string
	}
	for _, tc := range []gate{
		{"unmanaged-postcondition", 1, "Authorized outside this configuration: Tableau Analytics Export."},
		{"unmanaged-check", 2, "Authorized outside this configuration: Tableau Analytics Export (" + emulator.ClientTableau + ")."},
	} {
		for _, upper := range []bool{false, true} {
			name := tc.example
			if upper {
				name += "/upper-case_ID"
			}
			t.Run(name, func(t *testing.T) { gateStopsAPullRequest(t, tc.example, upper, tc.prCode, tc.report) })
		}
	}
}

func gateStopsAPullRequest(t *testing.T, name string, upper bool, prCode int, report string) {
	const acmeScopes = `["users:readonly"] # Acme CRM Connector`
	srv := startEmulator(t, emulator.Options{})
	srv.RevokeByHand(emulator.ClientTableau) // the seed authorized it by hand
	c := newCLI(t, srv)
	ex := example(t, name)
	if !strings.Contains(ex, acmeScopes) || !strings.Contains(ex, `"`+emulator.ClientAcmeCRM+`"`) {
		t.Fatalf("the example no longer declares Acme with %s:\n%s", acmeScopes, ex)
	}
	if upper {
		ex = strings.Replace(ex, `"`+emulator.ClientAcmeCRM+`"`, `"`+strings.ToUpper(emulator.ClientAcmeCRM)+`"`, 1)
	}
	c.write("main.tf", ex)
	c.must(0, "apply", "-auto-approve", "-input=false")

	// An admin authorizes Tableau by hand; a pull request widens Acme's scopes.
	if err := srv.AuthorizeByHand(emulator.ClientTableau, []string{"analytics:readonly"}, nil); err != nil {
		t.Fatal(err)
	}
	c.write("main.tf", strings.Replace(ex, acmeScopes, `["users:readonly", "conversations:readonly"]`, 1))
	out := c.must(prCode, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, report) {
		t.Errorf("the pull request's plan does not report Tableau (%q):\n%s", report, out)
	}
	if prCode == 1 && strings.Contains(out, "data.genesysauth_authorized_clients.live will be read during apply") {
		t.Errorf("the gate's data source is read only at apply:\n%s", out)
	}
	if strings.Count(out, "Authorized outside this configuration") != 1 || strings.Contains(out, "Acme CRM Connector (") ||
		strings.Contains(out, "Tableau Analytics Export, Acme") || strings.Contains(out, "Acme CRM Connector, ") {
		t.Errorf("the pull request's plan reports more than Tableau:\n%s", out)
	}

	// Tableau revoked again, the pull request dropped: nothing to report and
	// nothing to change (a check block's data source always shows as read
	// during apply, so that plan exits 2).
	srv.RevokeByHand(emulator.ClientTableau)
	c.write("main.tf", ex)
	clean := 0
	if prCode != 1 {
		clean = 2
	}
	out = c.must(clean, "plan", "-input=false", "-detailed-exitcode")
	if strings.Contains(out, "Authorized outside this configuration") {
		t.Errorf("the gate reports a declared client:\n%s", out)
	}
}
