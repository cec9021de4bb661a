// Package e2e holds the end-to-end tests: the provider built as a binary
// and run by the Terraform or OpenTofu CLI as users run it (dev_overrides,
// a filesystem mirror, a test registry, the GitOps pipelines' steps, the
// guide examples, several organizations), and the read-only checks against
// a real organization (`make testacc-live`, build tag live). The tests of
// the provider's objects through terraform-plugin-testing are in
// internal/provider.
package e2e
