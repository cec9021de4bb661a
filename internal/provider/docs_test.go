package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// The provider page lists the regions the code knows, each with its
// domain, and no other: the list is written by hand in the template, so
// this test holds it to genesys's table.
func TestDocsListEveryRegion(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, m := range regexp.MustCompile("`([a-z]+(?:-[a-z]+)+-[0-9])`\\s+\\(`([a-z0-9.-]+)`\\)").FindAllStringSubmatch(string(data), -1) {
		listed = append(listed, m[1])
		if domain, err := genesys.RegionDomain(m[1]); err != nil || domain != m[2] {
			t.Errorf("docs/index.md gives %s the domain %s; the code: %q %v", m[1], m[2], domain, err)
		}
	}
	slices.Sort(listed)
	// RegionNames lists the domains too, which are accepted as regions.
	want := slices.DeleteFunc(genesys.RegionNames(), func(n string) bool { return strings.Contains(n, ".") })
	if !slices.Equal(listed, want) {
		t.Errorf("docs/index.md lists the regions %v;\nthe code knows %v", listed, want)
	}
}
