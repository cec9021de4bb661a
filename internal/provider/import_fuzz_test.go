package provider_test

import (
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

func TestParseImportID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"9e829b65-c0e3-599f-a9f0-7422a0506daa":   "9e829b65-c0e3-599f-a9f0-7422a0506daa",
		" 9E829B65-C0E3-599F-A9F0-7422A0506DAA ": "9E829B65-C0E3-599F-A9F0-7422A0506DAA",
	} {
		if got, err := provider.ParseImportID(in); err != nil || got != want {
			t.Errorf("ParseImportID(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "acme", "9e829b65c0e3599fa9f07422a0506daa", "9e829b65-c0e3-599f-a9f0-7422a0506daa/x"} {
		if _, err := provider.ParseImportID(bad); err == nil || !strings.Contains(err.Error(), "is not an OAuth client ID") {
			t.Errorf("ParseImportID(%q) accepted or unclear: %v", bad, err)
		}
	}
}

func FuzzParseImportID(f *testing.F) {
	f.Add("9e829b65-c0e3-599f-a9f0-7422a0506daa")
	f.Add("")
	f.Add("\x00\xff")
	f.Fuzz(func(t *testing.T, in string) {
		id, err := provider.ParseImportID(in)
		if err == nil && (len(id) != 36 || strings.TrimSpace(in) != id) {
			t.Fatalf("accepted %q as %q", in, id)
		}
	})
}
