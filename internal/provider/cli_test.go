package provider_test

// Tests that drive the terraform CLI itself, with the provider built as a
// binary and found through dev_overrides in a CLI configuration of the
// test's own: what the adoption guide tells users to run, including
// `terraform plan -generate-config-out`, which the test harness cannot do.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

var (
	buildOnce   sync.Once
	providerDir string
	buildErr    error
)

// buildProvider compiles the provider once per test binary.
func buildProvider(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		// Shared by every test of the binary, so not a test's t.TempDir.
		dir, err := os.MkdirTemp("", "genesysauth-provider-") //nolint:usetesting // see above
		if err != nil {
			buildErr = err
			return
		}
		providerDir = dir
		root, _ := filepath.Abs("../..")
		cmd := exec.CommandContext(context.Background(), "go", "build", "-o", filepath.Join(dir, "terraform-provider-genesysauth"), ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return providerDir
}

// cli is a working directory where a CLI (Terraform or OpenTofu) runs
// against srv.
type cli struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// newCLI is a working directory for the CLI under test.
func newCLI(t *testing.T, srv *emulator.Server) *cli {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC not set")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH not set")
	}
	return newCLIFor(t, srv, underTest(t))
}

// newCLIFor is a working directory for another CLI, the provider found
// through dev_overrides at the address that CLI installs it from.
func newCLIFor(t *testing.T, srv *emulator.Server, tf tfCLI) *cli {
	t.Helper()
	bin := buildProvider(t)
	c := cliWith(t, srv, fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, tf.providerAddress(), bin))
	c.bin = tf.path
	return c
}

// cliWith is a working directory whose terraform has the given CLI
// configuration (provider installation) and the emulator's endpoints and
// admin credentials in its environment, as a pipeline gives them.
func cliWith(t *testing.T, srv *emulator.Server, cliConfig string) *cli {
	t.Helper()
	dir := t.TempDir()
	rc := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(rc, []byte(cliConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "GENESYSAUTH_API_URL=" + srv.URL(), "GENESYSAUTH_TOKEN_URL=" + srv.TokenURL(),
		"GENESYSCLOUD_OAUTHCLIENT_ID=" + emulator.AdminClientID, "GENESYSCLOUD_OAUTHCLIENT_SECRET=" + emulator.AdminClientSecret}
	return &cli{t: t, bin: os.Getenv("TF_ACC_TERRAFORM_PATH"), dir: dir, env: env}
}

const cliProviderHeader = `terraform {
  required_providers {
    genesysauth = { source = "genesysauth/genesysauth" }
  }
}

provider "genesysauth" {}
`

// example returns a guide example of examples/guides/, the files the
// documentation shows.
func example(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", name, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (c *cli) write(name, body string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(body), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

func (c *cli) remove(name string) {
	c.t.Helper()
	if err := os.Remove(filepath.Join(c.dir, name)); err != nil {
		c.t.Fatal(err)
	}
}

// run runs terraform and returns its output and exit code.
func (c *cli) run(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.bin, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	c.t.Fatalf("terraform %v: %v", args, err)
	return "", -1
}

// flat joins terraform's wrapped lines so messages can be matched whole.
func flat(out string) string { return strings.Join(strings.Fields(out), " ") }

// must runs terraform and fails the test unless it exits with want.
func (c *cli) must(want int, args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != want {
		c.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return flat(out)
}

func TestAccCLI_adoptWithGeneratedConfig(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+example(t, "adopt-generated"))
	c.must(0, "apply", "-auto-approve", "-input=false")
	imports, code := c.run("output", "-raw", "import_blocks")
	if code != 0 {
		t.Fatalf("output: %s", imports)
	}
	c.write("imports.tf", imports)
	out := c.must(0, "plan", "-input=false", "-generate-config-out=generated.tf")
	if !strings.Contains(out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("plan with import blocks:\n%s", out)
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
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.BuiltinAndroidCollaborate, []string{"presence"}, []string{emulator.RoleCollaborateUser}); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+example(t, "adopt-for-each"))
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Resources: 2 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply:\n%s", out)
	}
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}

func TestAccCLI_unmanagedAuthorizationsAreReported(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+example(t, "unmanaged-check"))
	// The seed has Tableau authorized by hand: the check reports it on every plan.
	out := c.must(0, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "Check block assertion failed") || !strings.Contains(out, "Tableau Analytics Export ("+emulator.ClientTableau+")") {
		t.Fatalf("the check block did not report Tableau:\n%s", out)
	}
	if strings.Contains(out, "Acme CRM Connector (") {
		t.Errorf("the check block reported a declared client:\n%s", out)
	}
	// The hard gate for a pipeline: a postcondition fails the plan.
	c.write("main.tf", cliProviderHeader+example(t, "unmanaged-postcondition"))
	out = c.must(1, "plan", "-input=false")
	if !strings.Contains(out, "Authorized outside this configuration: Tableau Analytics Export.") {
		t.Fatalf("the postcondition did not fail the plan on Tableau:\n%s", out)
	}
	// Once Tableau is revoked, both pass and the plan is empty.
	srv.RevokeByHand(emulator.ClientTableau)
	c.must(0, "plan", "-input=false", "-detailed-exitcode")
}

func TestAccCLI_removedBlockKeepsAuthorization(t *testing.T) {
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}
`, emulator.ClientAcmeCRM))
	c.must(0, "apply", "-auto-approve", "-input=false")
	c.write("main.tf", cliProviderHeader+example(t, "removed"))
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
