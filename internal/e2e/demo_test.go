package e2e_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// make demo, as a newcomer runs it: it exits 0, builds the provider once
// (a go on PATH that logs its arguments counts the builds of the main
// package), and prints the warning "Applying this plan later" (at least
// once: its first apply -auto-approve plans the exclusive resource twice,
// and each plan gives it; see DESIGN.md).
func TestAccCLI_makeDemo(t *testing.T) {
	t.Parallel()
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("TF_ACC and TF_ACC_TERRAFORM_PATH not set")
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	shim := t.TempDir()
	log := filepath.Join(shim, "go.log")
	script := "#!/bin/sh\necho \"$*\" >> " + log + "\nexec " + realGo + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(shim, "go"), []byte(script), 0o700); err != nil { //nolint:gosec // an executable shim
		t.Fatal(err)
	}
	root, _ := filepath.Abs("../..")
	cmd := exec.CommandContext(t.Context(), "make", "-s", "demo", "TERRAFORM="+os.Getenv("TF_ACC_TERRAFORM_PATH"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "PATH="+shim+string(os.PathListSeparator)+os.Getenv("PATH"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("make demo: %v\n%s", err, out.String())
	}
	calls, err := os.ReadFile(log) //nolint:gosec // the test's own file
	if err != nil {
		t.Fatal(err)
	}
	builds := 0
	for _, line := range strings.Split(string(calls), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "build" && f[len(f)-1] == "." {
			builds++
		}
	}
	if builds != 1 {
		t.Errorf("make demo built the provider %d times, want 1; go was called with:\n%s", builds, calls)
	}
	// The drift step names who made the hand changes: the warnings on Acme
	// (scopes) and Slack (revoked), and HubSpot's entry under the exclusive
	// resource.
	_, drift, _ := strings.Cut(out.String(), "== 3.")
	drift, _, _ = strings.Cut(drift, "== 4.")
	drift = flat(drift)
	for _, want := range []string{
		"was changed outside Terraform (scopes: added external-contacts, removed conversations:readonly, notifications), last changed by Jane Doe at ",
		"is Revoked in the organization: its authorization was revoked, reset or is pending outside Terraform; last changed by Jane Doe at ",
		`modified_by = "Jane Doe"`,
	} {
		if !strings.Contains(drift, want) {
			t.Errorf("make demo's drift step does not show %q:\n%s", want, drift)
		}
	}
	if n := strings.Count(out.String(), "Warning: Applying this plan later"); n < 1 {
		t.Errorf("make demo did not print the warning \"Applying this plan later\":\n%s", out.String())
	}
}
