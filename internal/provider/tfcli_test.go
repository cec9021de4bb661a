package provider_test

// Which CLI the tests drive: the one TF_ACC_TERRAFORM_PATH names, Terraform
// or OpenTofu. The two install providers from different registry addresses
// and print a few things differently; the tests ask here instead of
// assuming Terraform.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMain prepares every CLI the tests run. It gives them a CLI
// configuration file of the tests' own (empty) unless the caller names one
// that exists:
// OpenTofu prints a warning where terraform-plugin-testing reads its
// version when there is none, and a developer's ~/.terraformrc must not
// change what a test does. Under OpenTofu it tells terraform-plugin-testing
// the registry host OpenTofu resolves "genesysauth" to, so that the
// in-process provider is the one it finds.
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// A file that does not exist is as good as none (and makes OpenTofu warn).
	if rc := os.Getenv("TF_CLI_CONFIG_FILE"); rc == "" || !exists(rc) {
		dir, err := os.MkdirTemp("", "genesysauth-cliconfig-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		rc := filepath.Join(dir, "empty.tfrc")
		if err := os.WriteFile(rc, nil, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		_ = os.Setenv("TF_CLI_CONFIG_FILE", rc)
	}
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" && os.Getenv("TF_ACC") != "" {
		c, err := describeCLI(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if c.openTofu && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			_ = os.Setenv("TF_ACC_PROVIDER_HOST", c.registryHost())
		}
	}
	return m.Run()
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// tfCLI is the CLI under test.
type tfCLI struct {
	path     string
	openTofu bool
	version  string // "1.15.9"
}

var (
	cliOnce  sync.Once
	cliFound tfCLI
	cliErr   error
)

// underTest describes TF_ACC_TERRAFORM_PATH, asking it once per test binary.
func underTest(t *testing.T) tfCLI {
	t.Helper()
	cliOnce.Do(func() { cliFound, cliErr = describeCLI(os.Getenv("TF_ACC_TERRAFORM_PATH")) })
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliFound
}

func describeCLI(path string) (tfCLI, error) {
	if path == "" {
		return tfCLI{}, fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set")
	}
	out, err := exec.CommandContext(context.Background(), path, "version").Output()
	if err != nil {
		return tfCLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	c := parseCLIVersion(path, string(out))
	if c.version == "" {
		return tfCLI{}, fmt.Errorf("%s is neither Terraform nor OpenTofu: %q", path, out)
	}
	return c, nil
}

// parseCLIVersion reads the first line of `terraform version` or `tofu
// version`: "Terraform v1.15.9" or "OpenTofu v1.12.6".
func parseCLIVersion(path, out string) tfCLI {
	c := tfCLI{path: path}
	for _, line := range strings.Split(out, "\n") {
		name, version, ok := strings.Cut(strings.TrimSpace(line), " v")
		if ok && (name == "Terraform" || name == "OpenTofu") {
			c.openTofu, c.version = name == "OpenTofu", version
			break
		}
	}
	return c
}

// Name is how the CLI calls itself.
func (c tfCLI) Name() string {
	if c.openTofu {
		return "OpenTofu"
	}
	return "Terraform"
}

// registryHost is where the CLI installs genesysauth/genesysauth from, the
// host every dev_overrides and mirror entry must name.
func (c tfCLI) registryHost() string {
	if c.openTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// providerAddress is the provider's full source address for this CLI.
func (c tfCLI) providerAddress() string { return c.registryHost() + "/genesysauth/genesysauth" }

// skipOnOpenTofu skips a test of a feature OpenTofu does not have, saying so.
func skipOnOpenTofu(t *testing.T, feature string) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		return
	}
	if c := underTest(t); c.openTofu {
		t.Skipf("OpenTofu %s has no %s", c.version, feature)
	}
}

func TestParseCLIVersion(t *testing.T) {
	for out, want := range map[string]tfCLI{
		"Terraform v1.15.9\non linux_amd64\n":                                 {path: "x", version: "1.15.9"},
		"OpenTofu v1.12.6\non linux_amd64\n":                                  {path: "x", openTofu: true, version: "1.12.6"},
		"\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.9.0": {path: "x", openTofu: true, version: "1.9.0"},
	} {
		if got := parseCLIVersion("x", out); got != want {
			t.Errorf("parseCLIVersion(%q) = %+v, want %+v", out, got, want)
		}
	}
}
