package e2e_test

// Tests that drive the terraform CLI itself, with the provider built as a
// binary and found through dev_overrides in a CLI configuration of the
// test's own: what the adoption guide tells users to run, including
// `terraform plan -generate-config-out`, which the test harness cannot do.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

func TestAccCLI_adoptWithGeneratedConfig(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	c.write("main.tf", example(t, "adopt-generated"))
	c.must(0, "apply", "-auto-approve", "-input=false")
	imports, code := c.run("output", "-raw", "import_blocks")
	if code != 0 {
		t.Fatalf("output: %s", imports)
	}
	// Terraform 1.16.0 to 1.16.2 plan an import block with no resource
	// block against hashicorp/genesysauth (hashicorp/terraform#39144): the
	// guide has the user name the provider in each block for the
	// generation, then take the line out again, since the next plan
	// refuses it once the resource block exists. These are those steps.
	workaround := importNeedsProviderArgument(testcli.UnderTest(t))
	if workaround {
		c.write("imports.tf", strings.ReplaceAll(imports, "import {\n", "import {\n  provider = genesysauth\n"))
	} else {
		c.write("imports.tf", imports)
	}
	out := c.must(0, "plan", "-input=false", "-generate-config-out=generated.tf")
	if !strings.Contains(out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("plan with import blocks:\n%s", out)
	}
	if workaround {
		// What the guide says the next plan does with the line left in.
		if out := c.must(1, "plan", "-input=false"); !strings.Contains(out, "can only be specified in import blocks that will generate configuration") {
			t.Fatalf("plan with provider = genesysauth left in the import blocks:\n%s", out)
		}
		c.write("imports.tf", imports)
	}
	gen, err := os.ReadFile(filepath.Join(c.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`resource "genesysauth_authorized_client" "android_collaborate" {`,
		`roles     = ["` + emulator.RoleCollaborateUser + `"]`,
		`scopes    = ["presence"]`,
		`resource "genesysauth_authorized_client" "tableau_analytics_export" {`,
		`scopes    = ["analytics:readonly", "routing:readonly"]`,
	} {
		if !strings.Contains(string(gen), want) {
			t.Errorf("generated.tf lacks %q:\n%s", want, gen)
		}
	}
	c.must(0, "validate")
	out = c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Resources: 2 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply of the imports:\n%s", out)
	}
	srv.ResetCalls()
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
	if n := srv.Calls(emulator.RoutePutAuthorization) + srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("adopting wrote to the organization: %v", srv.CallCounts())
	}
}

func TestAccCLI_adoptWithForEachImport(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	c.write("main.tf", example(t, "adopt-for-each"))
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Resources: 2 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply:\n%s", out)
	}
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}

func TestAccCLI_unmanagedAuthorizationsAreReported(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", example(t, "unmanaged-check"))
	// The seed has Tableau authorized by hand: the check reports it on every plan.
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Check block assertion failed") || !strings.Contains(out, "Tableau Analytics Export ("+emulator.ClientTableau+")") {
		t.Fatalf("the check block did not report Tableau:\n%s", out)
	}
	if strings.Contains(out, "Acme CRM Connector (") {
		t.Errorf("the check block reported a declared client:\n%s", out)
	}
	// The hard gate for a pipeline: a postcondition fails the plan.
	c.write("main.tf", example(t, "unmanaged-postcondition"))
	out = c.must(1, "plan", "-input=false")
	if !strings.Contains(out, "Authorized outside this configuration: Tableau Analytics Export.") {
		t.Fatalf("the postcondition did not fail the plan on Tableau:\n%s", out)
	}
	// Once Tableau is revoked, both pass and the plan is empty.
	srv.RevokeByHand(emulator.ClientTableau)
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}

func TestAccCLI_removedBlockKeepsAuthorization(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}
`, emulator.ClientAcmeCRM))
	c.must(0, "apply", "-auto-approve", "-input=false")
	c.write("main.tf", example(t, "removed"))
	srv.ResetCalls()
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	// Terraform and OpenTofu word it differently.
	if !strings.Contains(out, "will no longer be managed by Terraform") && !strings.Contains(out, "will be removed from the OpenTofu state but will not be destroyed") {
		t.Errorf("apply with the removed block:\n%s", out)
	}
	if n := srv.Calls(emulator.RouteRevoke); n != 0 {
		t.Errorf("a removed block with destroy = false revoked the client (%d revoke calls)", n)
	}
	if a, _ := srv.Authorization(emulator.ClientAcmeCRM); a.State != "Authorized" {
		t.Errorf("after the removed block the client is %s", a.State)
	}
	if out := c.must(0, "state", "list"); strings.TrimSpace(out) != "" {
		t.Errorf("state still lists: %q", out)
	}
	c.remove("main.tf")
}

// The calls each kind of change makes, one terraform command (one
// provider process) at a time: a refresh of N clients is one list call,
// and removing one resource is one DELETE.
func TestAccCLI_callsPerCommand(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{RateLimit: -1})
	ids, err := srv.AddClients("Count client", 20, []string{"users:readonly"})
	if err != nil {
		t.Fatal(err)
	}
	// Resource names follow the client IDs, so dropping one leaves the others as they are.
	config := func(ids []string) string {
		var b strings.Builder
		b.WriteString(cliProviderHeader)
		for _, id := range ids {
			fmt.Fprintf(&b, "resource \"genesysauth_authorized_client\" \"c%s\" {\n  client_id = %q\n  scopes    = [\"users:readonly\"]\n}\n", id[len(id)-4:], id)
		}
		return b.String()
	}
	c := newCLI(t, srv)
	c.write("main.tf", config(ids))
	c.must(0, "apply", "-auto-approve", "-input=false")
	if n := srv.Calls(emulator.RoutePutAuthorization); n != 20 {
		t.Fatalf("creating 20 clients made %d PUTs", n)
	}
	srv.ResetCalls()
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
	calls := srv.CallCounts()
	if calls[emulator.RouteListAuthorizations] != 1 || calls[emulator.RouteGetAuthorization] != 0 ||
		calls[emulator.RoutePutAuthorization] != 0 || calls[emulator.RouteRevoke] != 0 {
		t.Errorf("a refresh of 20 clients: %v; want 1 list call and nothing else on authorizations", calls)
	}
	srv.ResetCalls()
	c.write("main.tf", config(ids[1:]))
	c.must(0, "apply", "-auto-approve", "-input=false")
	calls = srv.CallCounts()
	if calls[emulator.RouteRevoke] != 1 || calls[emulator.RoutePutAuthorization] != 0 {
		t.Errorf("destroying one of 20: %v; want 1 DELETE and no PUT", calls)
	}
	if a, _ := srv.Authorization(ids[0]); a.State != "Revoked" {
		t.Errorf("the destroyed client is %s", a.State)
	}
}

// failFastConfig has three data sources and one new resource: before the
// fail-fast sign-in, a wrong secret made 7 token requests and printed the
// token error 4 times, and a plan of the resource alone exited 0.
const failFastConfig = cliProviderHeader + `
data "genesysauth_builtin_clients" "all" {}
data "genesysauth_authorized_clients" "all" {}
data "genesysauth_role" "supervisor" { name = "supervisor" }

resource "genesysauth_authorized_client" "acme" {
  client_id = "` + emulator.ClientAcmeCRM + `"
  scopes    = ["users:readonly"]
}
`

const newResourceOnly = cliProviderHeader + `
resource "genesysauth_authorized_client" "acme" {
  client_id = "` + emulator.ClientAcmeCRM + `"
  scopes    = ["users:readonly"]
}
`

// Credentials that cannot work fail the plan (exit 1) with one error that
// says what to fix, after at most one token request, whatever the
// configuration and the state hold.
func TestAccCLI_credentialsFailFast(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		env    []string
		config string
		want   string
		tokens int
	}{
		{"wrong secret, data sources and a new resource", []string{"GENESYSCLOUD_OAUTHCLIENT_SECRET=not-the-secret"}, failFastConfig,
			`Error: Error signing in to Genesys Cloud .* token_url .* failed \(401\): invalid_client: .* check the OAuth client ID and secret`, 1},
		{"wrong secret, only a new resource and an empty state", []string{"GENESYSCLOUD_OAUTHCLIENT_SECRET=not-the-secret"}, newResourceOnly,
			`Error: Error signing in to Genesys Cloud .* invalid_client`, 1},
		{"token without oauth:client:authorize", []string{"GENESYSCLOUD_OAUTHCLIENT_ID=" + emulator.ViewerClientID,
			"GENESYSCLOUD_OAUTHCLIENT_SECRET=" + emulator.ViewerClientSecret}, newResourceOnly,
			`Error: Error reading the organization's authorizations .* missing the following permission\(s\): \[oauth:client:authorize\].*administrator holding OAuth > Client > Authorize`, 1},
		{"unreachable login host (wrong region or token_url)", []string{"GENESYSAUTH_TOKEN_URL=http://127.0.0.1:1/oauth/token"}, failFastConfig,
			`Error: Error signing in to Genesys Cloud .* token_url http://127.0.0.1:1/oauth/token failed: .* check region \(or token_url\)`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmulator(t, emulator.Options{})
			c := newCLI(t, srv)
			c.env = append(c.env, tc.env...)
			c.write("main.tf", tc.config)
			srv.ResetCalls()
			out := c.must(1, "plan", "-input=false")
			if n := strings.Count(out, "Error:"); n != 1 {
				t.Errorf("want one error, got %d:\n%s", n, out)
			}
			if !expectError(tc.want).MatchString(out) {
				t.Errorf("the error does not say what to fix:\n%s", out)
			}
			if n := srv.Calls(emulator.RouteToken); n != tc.tokens {
				t.Errorf("token requests = %d, want %d", n, tc.tokens)
			}
			if n := srv.Calls(emulator.RoutePutAuthorization); n != 0 {
				t.Errorf("a failed sign-in wrote: %d PUTs", n)
			}
		})
	}
}

// The plan as a reviewer reads it, through the CLI: the create names
// Tableau with its action; a pull request that drops Slack from client_ids
// names Slack, and that apply revokes it.
func TestAccCLI_exclusivePlanNamesTheClients(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.ClientSlack, []string{"presence"}, nil); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	config := func(ids ...string) string {
		return cliProviderHeader + fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}

resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [genesysauth_authorized_client.acme.client_id%s]
}
`, emulator.ClientAcmeCRM, strings.Join(ids, ""))
	}
	c.write("main.tf", config(fmt.Sprintf(", %q", emulator.ClientSlack)))
	out := c.must(0, "plan", "-input=false", "-out=create.tfplan")
	for _, want := range []string{
		`client_name = "Acme CRM Connector"`,
		`"` + emulator.ClientTableau + `" = ` + shownEntry(srv, emulator.ClientTableau, "revoke", "(known after apply)"),
		`"` + emulator.ClientZapier + `" = ` + shownEntry(srv, emulator.ClientZapier, "keep", `"Requested"`),
		"Plan: 2 to add, 0 to change, 0 to destroy.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the create's plan lacks %q:\n%s", want, out)
		}
	}
	srv.ResetCalls()
	c.must(0, "apply", "-input=false", "create.tfplan")
	if n := srv.Calls(emulator.RouteRevoke); n != 1 {
		t.Errorf("the create made %d DELETE calls, want 1 (Tableau)", n)
	}
	// The pull request drops Slack.
	c.write("main.tf", config())
	out = c.must(2, "plan", "-input=false", "-detailed-exitcode", "-out=pr.tfplan")
	for _, want := range []string{
		`- "` + emulator.ClientSlack + `",`,
		`+ "` + emulator.ClientSlack + `" = ` + shownEntry(srv, emulator.ClientSlack, "revoke", `"Revoked"`),
		"Plan: 0 to add, 1 to change, 0 to destroy.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the pull request's plan lacks %q:\n%s", want, out)
		}
	}
	srv.ResetCalls()
	c.must(0, "apply", "-input=false", "pr.tfplan")
	if a, _ := srv.Authorization(emulator.ClientSlack); a.State != "Revoked" || srv.Calls(emulator.RouteRevoke) != 1 {
		t.Errorf("the pull request's apply: Slack is %s after %d DELETE calls", a.State, srv.Calls(emulator.RouteRevoke))
	}
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}

// A saved plan of a configuration whose client_ids has an element known
// only after apply (Slack's ID through terraform_data), while Tableau and
// HubSpot are authorized outside it: the plan revokes nothing (unmanaged
// unchanged) and warns on client_ids with the remedy; it is no error, so
// terraform destroy of the same configuration goes through. Applying the
// saved plan is stopped by Terraform once the value is known, before any
// DELETE. The remedy the warning names (-target the resource the value
// depends on) gives a plan that names Tableau and HubSpot, and applying
// that saved plan revokes exactly those.
func TestAccCLI_exclusiveUnknownClientIDRefusedAtPlan(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	for _, id := range []string{emulator.ClientSlack, emulator.ClientHubSpot} {
		scope := map[string]string{emulator.ClientSlack: "presence", emulator.ClientHubSpot: "external-contacts"}[id]
		if err := srv.AuthorizeByHand(id, []string{scope}, nil); err != nil {
			t.Fatal(err)
		}
	}
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "terraform_data" "later" {
  input = %q
}

resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [%q, terraform_data.later.output]
}
`, emulator.ClientSlack, emulator.ClientAcmeCRM))
	srv.ResetCalls()
	out := c.must(0, "plan", "-input=false", "-out=unknown.tfplan")
	if !expectError(`Warning: client_ids is known only after apply: this plan revokes nothing.*client_ids = \[.*` +
		`decided at apply time, unreviewed.*-target=<the resource it depends on>`).MatchString(out) {
		t.Errorf("the plan's warning:\n%s", out)
	}
	if strings.Contains(out, `action = "revoke"`) {
		t.Errorf("the plan with client_ids unknown shows a revocation:\n%s", out)
	}
	out, code := c.run("apply", "-input=false", "unknown.tfplan")
	if code == 0 || !expectError(`Provider produced inconsistent final plan.*\.unmanaged`).MatchString(flat(out)) {
		t.Errorf("applying the plan made with client_ids unknown exited %d:\n%s", code, out)
	}
	assertStore := func(when string, want map[string]string, deletes int) {
		t.Helper()
		for id, state := range want {
			if a, _ := srv.Authorization(id); a.State != state {
				t.Errorf("%s: %s is %s, want %s", when, id, a.State, state)
			}
		}
		if n := srv.Calls(emulator.RouteRevoke); n != deletes {
			t.Errorf("%s: %d DELETE calls, want %d", when, n, deletes)
		}
	}
	assertStore("after the refused plan", map[string]string{emulator.ClientTableau: "Authorized",
		emulator.ClientHubSpot: "Authorized", emulator.ClientSlack: "Authorized"}, 0)
	// The remedy: apply what client_ids depends on first.
	c.must(0, "apply", "-input=false", "-auto-approve", "-target=terraform_data.later")
	out = c.must(0, "plan", "-input=false", "-out=known.tfplan")
	for _, want := range []string{
		`"` + emulator.ClientTableau + `" = ` + shownEntry(srv, emulator.ClientTableau, "revoke", "(known after apply)"),
		`"` + emulator.ClientHubSpot + `" = ` + shownEntry(srv, emulator.ClientHubSpot, "revoke", "(known after apply)"),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan after the targeted apply lacks %q:\n%s", want, out)
		}
	}
	srv.ResetCalls()
	c.must(0, "apply", "-input=false", "known.tfplan")
	assertStore("after applying the saved plan", map[string]string{emulator.ClientTableau: "Revoked",
		emulator.ClientHubSpot: "Revoked", emulator.ClientSlack: "Authorized"}, 2)
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}

// What `terraform query -generate-config-out` writes imports and then plans
// no change, for every result: the default listing (authorized clients,
// a built-in one with roles included) leaves out the pending and revoked
// records that could not be imported, and a filter that could only list
// those is refused, pointing at the data source.
func TestAccCLI_queryGeneratesImportableConfig(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinDirectory, []string{"conversations", "presence"}, []string{emulator.RoleEmployee}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	if cli := testcli.UnderTest(t); cli.OpenTofu || cli.Below(1, 14) {
		t.Skipf("%s %s has no query command (Terraform 1.14 and later)", cli.Name(), cli.Version)
	}
	c.write("main.tf", cliProviderHeader)
	c.write("list.tfquery.hcl", `
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true
}
`)
	c.must(0, "init", "-input=false")
	c.must(0, "query", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(c.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{emulator.BuiltinDirectory, emulator.ClientTableau} {
		if !strings.Contains(string(gen), id) {
			t.Errorf("generated.tf lacks %s:\n%s", id, gen)
		}
	}
	for _, id := range []string{emulator.ClientZapier, emulator.ClientPagerDuty} {
		if strings.Contains(string(gen), id) {
			t.Errorf("generated.tf has %s, which cannot be imported:\n%s", id, gen)
		}
	}
	c.remove("list.tfquery.hcl")
	out := c.must(0, "plan", "-input=false")
	if !strings.Contains(out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("the plan of the generated configuration:\n%s", out)
	}
	out = c.must(0, "apply", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Resources: 2 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply of the generated configuration:\n%s", out)
	}
	c.must(0, "plan", "-input=false", "-detailed-exitcode")

	c.write("pending.tfquery.hcl", `
list "genesysauth_authorized_client" "pending" {
  provider = genesysauth
  config {
    state = "Requested"
  }
}
`)
	out, code := c.run("query")
	if code == 0 || !strings.Contains(flat(out), `state = "Requested" lists records that genesysauth_authorized_client cannot import`) ||
		!strings.Contains(flat(out), "genesysauth_authorized_clients data source") {
		t.Errorf("a query for pending requests (exit %d):\n%s", code, out)
	}
}

// The guide's example, through the CLI: a precondition refuses any scope
// outside the approved (read-only) list at plan time, naming the client
// and the scope; with read-only scopes only, it applies.
func TestAccCLI_approvedScopesExample(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	ex := example(t, "approved-scopes")
	widened := strings.Replace(ex, `["users:readonly", "conversations:readonly"]`, `["users:readonly", "users"]`, 1)
	if widened == ex {
		t.Fatal("the example no longer has Acme's scopes to widen")
	}
	c.write("main.tf", widened)
	out := c.must(1, "plan", "-input=false")
	if !strings.Contains(out, "Client 9e829b65-c0e3-599f-a9f0-7422a0506daa asks for scopes outside the approved (read-only) list: users.") {
		t.Fatalf("the precondition did not refuse the scope:\n%s", out)
	}
	c.write("main.tf", ex)
	c.must(0, "apply", "-auto-approve", "-input=false")
	for id, want := range map[string]string{emulator.ClientAcmeCRM: "conversations:readonly,users:readonly", emulator.ClientVerint: "recordings:readonly"} {
		a, _ := srv.Authorization(id)
		got := slices.Clone(a.Scope)
		slices.Sort(got)
		if a.State != "Authorized" || strings.Join(got, ",") != want {
			t.Errorf("%s: %s %v, want Authorized %s", id, a.State, got, want)
		}
	}
}

// The list resource's page, copied as it stands (its main.tf and its
// tfquery file): terraform query -generate-config-out writes one resource
// per authorized client, never two, and the plan imports each once.
func TestAccCLI_listResourceExample(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	// A client whose name a filter in the example could also match.
	if err := srv.AuthorizeByHand(emulator.ClientAcmeCRM, []string{"users:readonly"}, nil); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	if cli := testcli.UnderTest(t); cli.OpenTofu || cli.Below(1, 14) {
		t.Skipf("%s %s has no query command (Terraform 1.14 and later)", cli.Name(), cli.Version)
	}
	dir := filepath.Join("..", "..", "examples", "list-resources", "genesysauth_authorized_client")
	for from, to := range map[string]string{"main.tf": "main.tf", "list-resource.tfquery.hcl": "list.tfquery.hcl"} {
		b, err := os.ReadFile(filepath.Join(dir, from)) //nolint:gosec // the repository's example
		if err != nil {
			t.Fatal(err)
		}
		c.write(to, string(b))
	}
	c.must(0, "init", "-input=false")
	c.must(0, "query", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(c.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	authorized := 0
	for _, a := range srv.Authorizations() {
		if a.State != "Authorized" {
			continue
		}
		authorized++
		// Once in its resource, once in its import block's identity.
		if n := strings.Count(string(gen), `"`+a.Client.ID+`"`); n != 2 {
			t.Errorf("generated.tf names %s (%s) %d times, want 2 (one resource, one import):\n%s", a.Client.ID, a.Client.Name, n, gen)
		}
	}
	if n := strings.Count(string(gen), `resource "genesysauth_authorized_client"`); n != authorized {
		t.Errorf("generated.tf has %d resources for %d authorized clients:\n%s", n, authorized, gen)
	}
	c.remove("list.tfquery.hcl")
	out := c.must(0, "plan", "-input=false")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", authorized); !strings.Contains(out, want) {
		t.Errorf("the plan of the generated configuration lacks %q:\n%s", want, out)
	}
}

// importNeedsProviderArgument reports whether the CLI is one of the
// Terraform releases that generate configuration for an import block only
// when the block names its provider: 1.16.0 (its release candidates too)
// to 1.16.2 (hashicorp/terraform#39144, fixed by #39185).
func importNeedsProviderArgument(c testcli.CLI) bool {
	if c.OpenTofu {
		return false
	}
	var major, minor, patch int
	if _, err := fmt.Sscanf(c.Version, "%d.%d.%d", &major, &minor, &patch); err != nil {
		return false
	}
	return major == 1 && minor == 16 && patch <= 2
}

// shownEntry is an unmanaged entry as the plan's text shows it (flat): the
// client as the emulator holds it, with who changed it last and when
// (modified_by is left out where the API names no one: null).
func shownEntry(srv *emulator.Server, clientID, action, state string) string {
	a, _ := srv.Authorization(clientID)
	who := ""
	if a.ModifiedBy != nil && a.ModifiedBy.Name != "" {
		who = fmt.Sprintf(" + modified_by = %q", a.ModifiedBy.Name)
	}
	return fmt.Sprintf(`{ + action = %q + builtin = false + client_name = %q + modified_at = %q%s + state = %s }`,
		action, a.Client.Name, a.DateModified, who, state)
}
