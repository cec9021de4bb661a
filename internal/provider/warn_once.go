package provider

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// firstInCommand reports whether this is the first time, in the CLI command
// that runs this provider, that the warning key is given; later calls of
// the same command answer false.
//
// Terraform and OpenTofu plan a resource in the plan and again at apply
// time, each in a provider process of its own, and the two requests are
// the same (the apply-time plan sees neither the first plan nor its
// private data), so a warning of ModifyPlan reaches the user twice on one
// `apply -auto-approve`. Both processes are children of the one CLI
// process, so a marker named by the parent's PID and the warning lets the
// second stay silent. A marker older than an hour is taken for another
// command that had the same PID. A provider served in-process (the tests'
// reattach mode) has no CLI parent and always warns.
func firstInCommand(key string) bool {
	if os.Getenv("TF_PLUGIN_MAGIC_COOKIE") == "" {
		return true
	}
	sum := sha256.Sum256([]byte(key))
	marker := filepath.Join(os.TempDir(), fmt.Sprintf("terraform-provider-genesysauth-%d-%x", os.Getppid(), sum[:8]))
	if fi, err := os.Stat(marker); err == nil && time.Since(fi.ModTime()) < time.Hour {
		return false
	}
	if f, err := os.OpenFile(marker, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600); err == nil { //nolint:gosec // an empty marker, named by the CLI's PID
		_ = f.Close()
		now := time.Now()
		_ = os.Chtimes(marker, now, now)
	}
	return true
}
