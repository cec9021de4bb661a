package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

// Every example of the generated documentation (docs/, what the registry
// shows), copied as it stands into a directory of its own, passes
// terraform init and terraform validate. The CLI installs
// genesysauth/genesysauth from a filesystem mirror holding the test's
// build, and nothing else from anywhere, so an example without the required_providers block (which
// makes init look for hashicorp/genesysauth) fails here.
//
// A ```terraform block is a whole configuration. A list block (a
// .tfquery.hcl file) is copied beside the page's block that declares the
// provider, as the page says. ```hcl blocks are fragments of a page's
// configuration and are not run alone.
func TestAccCLI_docsExamples(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	_ = newCLI(t, srv) // skips without TF_ACC or TF_ACC_TERRAFORM_PATH
	tf := testcli.UnderTest(t)
	// A filesystem mirror in the unpacked layout holding the test's build
	// as version 0.1.0, the only installation method: init installs it as
	// a released provider and finds nothing else.
	mirror := t.TempDir()
	dir := filepath.Join(mirror, filepath.FromSlash(tf.ProviderAddress()), "0.1.0", runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	exe, err := os.ReadFile(filepath.Join(buildProvider(t), "terraform-provider-genesysauth"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform-provider-genesysauth_v0.1.0"), exe, 0o700); err != nil { //nolint:gosec // the provider's executable
		t.Fatal(err)
	}
	rc := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror)
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("..", "..", "docs", "*", "*.md"))
	pages = append(pages, more...)
	fence := regexp.MustCompile("(?ms)^```terraform\n(.*?)^```")
	forEachProvider := regexp.MustCompile(`(?s)provider "genesysauth" \{[^}]*for_each`)
	ran := 0
	for _, page := range pages {
		b, err := os.ReadFile(page) //nolint:gosec // the repository's docs
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(page), "../../docs/"), ".md")
		var header string
		for i, m := range fence.FindAllStringSubmatch(string(b), -1) {
			block := m[1]
			files := map[string]string{"main.tf": block}
			if regexp.MustCompile(`(?m)^list "`).MatchString(block) {
				files = map[string]string{"main.tf": header, "list.tfquery.hcl": block}
			} else if strings.Contains(block, "required_providers") && header == "" {
				header = block
			}
			t.Run(fmt.Sprintf("%s/%d", name, i+1), func(t *testing.T) {
				if forEachProvider.MatchString(block) && !tf.OpenTofu {
					t.Skipf("for_each on a provider block is OpenTofu's (the page says so); %s %s has none", tf.Name(), tf.Version)
				}
				c := cliWith(t, srv, rc)
				if forEachProvider.MatchString(block) {
					// OpenTofu evaluates a provider's for_each at init: the user's
					// variables, here none.
					c.write("terraform.tfvars.json", `{"organizations": {}}`)
				}
				for f, body := range files {
					c.write(f, body)
				}
				if out, code := c.run("init", "-input=false", "-backend=false"); code != 0 {
					t.Fatalf("terraform init of the example, copied as %s shows it, exited %d:\n%s\n%s", page, code, out, block)
				}
				if out, code := c.run("validate"); code != 0 {
					t.Fatalf("terraform validate of the example exited %d:\n%s\n%s", code, out, block)
				}
			})
			ran++
		}
	}
	if ran < 15 {
		t.Errorf("ran %d examples of docs/; the pages hold more", ran)
	}
}
