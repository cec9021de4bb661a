// Package testcli is what every test package that drives a Terraform CLI
// needs, and make bench, which drives one too: which CLI it is (Terraform or
// OpenTofu, which version), the registry address that CLI installs this
// provider from, and a TestMain that prepares the environment for it. The
// provider never imports it.
package testcli

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

// CLI is a Terraform or OpenTofu binary.
type CLI struct {
	Path     string
	OpenTofu bool
	Version  string // "1.15.9"
}

// Name is how the CLI calls itself.
func (c CLI) Name() string {
	if c.OpenTofu {
		return "OpenTofu"
	}
	return "Terraform"
}

// RegistryHost is where the CLI installs genesysauth/genesysauth from, the
// host every dev_overrides and mirror entry must name.
func (c CLI) RegistryHost() string {
	if c.OpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// ProviderAddress is the provider's full source address for this CLI.
func (c CLI) ProviderAddress() string { return c.RegistryHost() + "/genesysauth/genesysauth" }

// Below reports whether the CLI's version is below major.minor.
func (c CLI) Below(major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(c.Version, "%d.%d", &ma, &mi); err != nil {
		return true
	}
	return ma < major || (ma == major && mi < minor)
}

// Parse reads the first line of `terraform version` or `tofu version`:
// "Terraform v1.15.9" or "OpenTofu v1.12.6".
func Parse(path, out string) CLI {
	c := CLI{Path: path}
	for _, line := range strings.Split(out, "\n") {
		name, version, ok := strings.Cut(strings.TrimSpace(line), " v")
		if ok && (name == "Terraform" || name == "OpenTofu") {
			c.OpenTofu, c.Version = name == "OpenTofu", version
			break
		}
	}
	return c
}

// Describe asks a CLI what it is.
func Describe(path string) (CLI, error) {
	if path == "" {
		return CLI{}, fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set")
	}
	out, err := exec.CommandContext(context.Background(), path, "version").Output() //nolint:gosec // the CLI the test run names
	if err != nil {
		return CLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	c := Parse(path, string(out))
	if c.Version == "" {
		return CLI{}, fmt.Errorf("%s is neither Terraform nor OpenTofu: %q", path, out)
	}
	return c, nil
}

var (
	once     sync.Once
	found    CLI
	foundErr error
)

// UnderTest is the CLI of TF_ACC_TERRAFORM_PATH, asked once per test binary.
func UnderTest(t testing.TB) CLI {
	t.Helper()
	once.Do(func() { found, foundErr = Describe(os.Getenv("TF_ACC_TERRAFORM_PATH")) })
	if foundErr != nil {
		t.Fatal(foundErr)
	}
	return found
}

// SkipOnOpenTofu skips a test of a feature OpenTofu does not have, saying so.
func SkipOnOpenTofu(t *testing.T, feature string) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		return
	}
	if c := UnderTest(t); c.OpenTofu {
		t.Skipf("OpenTofu %s has no %s", c.Version, feature)
	}
}

// Main prepares every CLI the tests run, then runs them; a test package's
// TestMain is os.Exit(testcli.Main(m)). It gives the CLIs a CLI
// configuration file of the tests' own (empty) unless the caller names one
// that exists: OpenTofu prints a warning where terraform-plugin-testing
// reads its version when there is none, and a developer's ~/.terraformrc
// must not change what a test does. Under OpenTofu it tells
// terraform-plugin-testing the registry host OpenTofu resolves
// "genesysauth" to, so that the in-process provider is the one it finds.
func Main(m *testing.M) int {
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
		c, err := Describe(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if c.OpenTofu && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			_ = os.Setenv("TF_ACC_PROVIDER_HOST", c.RegistryHost())
		}
	}
	return m.Run()
}

func exists(path string) bool {
	_, err := os.Stat(path) //nolint:gosec // the CLI configuration file the test run names
	return err == nil
}
