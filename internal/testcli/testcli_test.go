package testcli_test

import (
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

func TestParse(t *testing.T) {
	for out, want := range map[string]testcli.CLI{
		"Terraform v1.15.9\non linux_amd64\n":                                 {Path: "x", Version: "1.15.9"},
		"OpenTofu v1.12.6\non linux_amd64\n":                                  {Path: "x", OpenTofu: true, Version: "1.12.6"},
		"\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.9.0": {Path: "x", OpenTofu: true, Version: "1.9.0"},
	} {
		if got := testcli.Parse("x", out); got != want {
			t.Errorf("Parse(%q) = %+v, want %+v", out, got, want)
		}
	}
}

func TestBelow(t *testing.T) {
	for _, c := range []struct {
		version      string
		major, minor int
		below        bool
	}{{"1.11.4", 1, 12, true}, {"1.12.0", 1, 12, false}, {"1.15.9", 1, 14, false}, {"2.0.0", 1, 14, false}, {"", 1, 0, true}} {
		if got := (testcli.CLI{Version: c.version}).Below(c.major, c.minor); got != c.below {
			t.Errorf("%s below %d.%d = %v", c.version, c.major, c.minor, got)
		}
	}
}
