package e2e_test

// Helpers of the end-to-end tests: the provider built as a binary, a
// working directory where a CLI runs it, the guide examples.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

func TestMain(m *testing.M) { os.Exit(testcli.Main(m)) }

// startEmulator starts an in-process emulator on loopback for one test.
func startEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	return emulator.StartTB(t, opts)
}

// once gives a test helper that runs do, in the repository's root, the
// first time a test asks, and hands every later caller its result: what
// the test binary builds or finds once for all its tests.
func once(do func(root string) (string, error)) func(t *testing.T) string {
	get := sync.OnceValues(func() (string, error) {
		root, err := filepath.Abs("../..")
		if err != nil {
			return "", err
		}
		return do(root)
	})
	return func(t *testing.T) string {
		t.Helper()
		v, err := get()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// buildProvider compiles the provider once per test binary, into a
// directory shared by every test of the binary (so not a test's
// t.TempDir), and returns that directory.
var buildProvider = once(func(root string) (string, error) {
	dir, err := os.MkdirTemp("", "genesysauth-provider-") //nolint:usetesting // see above
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(context.Background(), "go", "build", "-o", filepath.Join(dir, "terraform-provider-genesysauth"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return dir, nil
})

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
	return newCLIFor(t, srv, testcli.UnderTest(t))
}

// newCLIFor is a working directory for another CLI, the provider found
// through dev_overrides at the address that CLI installs it from.
func newCLIFor(t *testing.T, srv *emulator.Server, tf testcli.CLI) *cli {
	t.Helper()
	bin := buildProvider(t)
	c := cliWith(t, srv, fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, tf.ProviderAddress(), bin))
	c.bin = tf.Path
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

// showJSON is `show -json` of a saved plan: stdout alone, the CLI's
// warnings go to stderr.
func (c *cli) showJSON(name string) []byte {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.bin, "show", "-json", name)
	cmd.Dir, cmd.Env = c.dir, c.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("show -json %s: %v\n%s", name, err, stderr.String())
	}
	return out
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

// expectError matches a CLI's error output, its wrapped lines joined.
func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}
