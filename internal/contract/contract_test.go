package contract_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/contract"
)

// API.md beside this package is the project's description of the API; the
// lists in contract.go are its fields, required fields and enums written out
// once. This test reads each model's section of API.md and checks that the
// two say the same, both ways, and that it is version 2.
func TestModelsMatchAPIMarkdown(t *testing.T) {
	data, err := os.ReadFile("API.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	if !strings.Contains(doc, fmt.Sprintf("Contract version %d.", contract.Version)) {
		t.Fatalf("API.md is not contract version %d", contract.Version)
	}
	sections := markdownModels(doc)
	var names []string
	for _, m := range contract.Models() {
		names = append(names, m.Name)
		sec, ok := sections[m.Name]
		if !ok {
			t.Errorf("API.md has no section ### %s", m.Name)
			continue
		}
		if got := sec["fields"]; !slices.Equal(got, m.Fields) {
			t.Errorf("%s fields: API.md %v, contract.go %v", m.Name, got, m.Fields)
		}
		if got := sec["required"]; !slices.Equal(got, m.Required) {
			t.Errorf("%s required: API.md %v, contract.go %v", m.Name, got, m.Required)
		}
		for field, enum := range m.Enums {
			if got := sec["enum "+field]; !slices.Equal(got, enum) {
				t.Errorf("%s enum %s: API.md %v, contract.go %v", m.Name, field, got, enum)
			}
		}
		for key := range sec {
			if field, ok := strings.CutPrefix(key, "enum "); ok && m.Enums[field] == nil {
				t.Errorf("%s: API.md has an enum %s that contract.go lacks", m.Name, field)
			}
		}
	}
	for name := range sections {
		if !slices.Contains(names, name) {
			t.Errorf("API.md describes a model %s that contract.go lacks", name)
		}
	}
}

// markdownModels reads the "### Name" sections under "## Models": for each,
// its "- fields:", "- required:" and "- enum `x`:" lines as lists of the
// backquoted words.
func markdownModels(doc string) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	_, models, _ := strings.Cut(doc, "\n## Models\n")
	models, _, _ = strings.Cut(models, "\n## ")
	word := regexp.MustCompile("`([^`]+)`")
	var cur map[string][]string
	for _, line := range strings.Split(models, "\n") {
		if name, ok := strings.CutPrefix(line, "### "); ok {
			cur = map[string][]string{}
			out[strings.TrimSpace(name)] = cur
			continue
		}
		key, list, ok := strings.Cut(strings.TrimPrefix(line, "- "), ":")
		if cur == nil || !strings.HasPrefix(line, "- ") || !ok {
			continue
		}
		if key != "fields" && key != "required" && !strings.HasPrefix(key, "enum ") {
			continue
		}
		key = strings.ReplaceAll(key, "`", "")
		for _, m := range word.FindAllStringSubmatch(list, -1) {
			cur[key] = append(cur[key], m[1])
		}
	}
	return out
}

func TestCheckFindsWhatIsOff(t *testing.T) {
	r := contract.Check(contract.OAuthAuthorization, map[string]any{
		"client": map[string]any{"id": "x", "name": "X", "enabledByDefault": true},
		"scope":  []any{"a"}, "state": "authorized", "dateCreated": "2026-11-26T13:08:44Z", "extra": 1,
	})
	want := "fields the contract does not list: client.enabledByDefault, extra; invalid: dateCreated: 2026-11-26T13:08:44Z " +
		"is not an ISO-8601 UTC date with milliseconds; state: authorized is not one of Unauthorized, Requested, Authorized, Revoked"
	if r.String() != want {
		t.Errorf("got  %s\nwant %s", r, want)
	}
	r = contract.Check(contract.OAuthAuthorizationListing, map[string]any{"total": 0})
	if r.String() != "required fields missing: entities" {
		t.Errorf("listing without entities: %s", r)
	}
	r = contract.Check(contract.OAuthAuthorization, map[string]any{"client": map[string]any{"id": "x", "name": "X"},
		"scope": []any{}, "state": "Revoked", "dateModified": "2026-11-26T13:08:44.243Z"})
	if !r.OK() {
		t.Errorf("a valid record: %s", r)
	}
}
