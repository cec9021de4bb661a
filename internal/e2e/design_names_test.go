package e2e_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestDesignNamesOnlyTestsThatExist: every test, fuzz target and benchmark
// that DESIGN.md, the README or BENCHMARKS.md names in backquotes is a
// function of some _test.go file, so a test renamed or removed cannot leave
// the failure table (or the fuzz list) promising a check that no longer runs.
func TestDesignNamesOnlyTestsThatExist(t *testing.T) {
	defined := map[string]bool{}
	funcDecl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz|Benchmark)\w+)\(`)
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "dist" || d.Name() == ".cli" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range funcDecl.FindAllStringSubmatch(string(src), -1) {
			defined[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile("`((?:Test|Fuzz|Benchmark)[A-Z]\\w*)`")
	for _, doc := range []string{"DESIGN.md", "README.md", "BENCHMARKS.md", "CONTRIBUTING.md"} {
		text, err := os.ReadFile(filepath.Join("../..", doc))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		seen := map[string]bool{}
		for _, m := range named.FindAllStringSubmatch(string(text), -1) {
			if !defined[m[1]] && !seen[m[1]] {
				missing = append(missing, m[1])
			}
			seen[m[1]] = true
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s names %d test function(s) that no _test.go defines: %s", doc, len(missing), strings.Join(missing, ", "))
		} else {
			t.Logf("%s: %d test functions named, all defined", doc, len(seen))
		}
	}
}
