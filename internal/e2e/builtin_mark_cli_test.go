package e2e_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// TestAccCLI_wrongBuiltinMarkIsNamed: refresh keeps the state's built-in
// mark (it never changes for a client, and a plan that changes nothing
// reads no catalogue page), so a mark made wrong by hand stays. The plan
// that revokes the client says so, naming the remedy, and the remedy
// (state rm, import) records the catalogue's mark again.
func TestAccCLI_wrongBuiltinMarkIsNamed(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	c.write("main.tf", cliProviderHeader+fmt.Sprintf(`
resource "genesysauth_authorized_client" "architect" {
  client_id = %q
  scopes    = ["architect"]
  roles     = [%q]
}
`, emulator.BuiltinArchitect, emulator.RoleFlowDesigner))
	c.must(0, "apply", "-auto-approve", "-input=false")
	mark := func() any {
		t.Helper()
		var st struct {
			Resources []struct {
				Instances []struct {
					Attributes map[string]any `json:"attributes"`
				} `json:"instances"`
			} `json:"resources"`
		}
		if err := json.Unmarshal([]byte(c.must(0, "state", "pull")), &st); err != nil {
			t.Fatal(err)
		}
		return st.Resources[0].Instances[0].Attributes["builtin"]
	}
	if got := mark(); got != true {
		t.Fatalf("builtin after the create = %v, want true", got)
	}
	// The state edited by hand: builtin = false. The state is decoded, not
	// matched as text: Terraform indents `state pull`, OpenTofu does not.
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(c.must(0, "state", "pull")))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	num, ok := doc["serial"].(json.Number)
	if !ok {
		t.Fatalf("state has no serial: %v", doc["serial"])
	}
	serial, err := num.Int64()
	if err != nil {
		t.Fatalf("state serial: %v", err)
	}
	doc["serial"] = serial + 1
	attrs, ok := dig(doc, "resources", 0, "instances", 0, "attributes").(map[string]any)
	if !ok {
		t.Fatalf("state has no attributes of its first instance:\n%v", doc)
	}
	attrs["builtin"] = false
	editedJSON, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	edited := string(editedJSON)
	c.write("edited.tfstate", edited)
	c.must(0, "state", "push", "edited.tfstate")
	c.must(0, "plan", "-detailed-exitcode", "-input=false") // refresh keeps the mark: no change
	if got := mark(); got != false {
		t.Fatalf("builtin after the edit and a plan = %v, want the edit's false kept", got)
	}
	srv.ResetCalls()
	out := flat(c.must(0, "plan", "-destroy", "-input=false"))
	for _, want := range []string{"The state's built-in mark is wrong", emulator.BuiltinArchitect,
		"is one of Genesys Cloud's built-in clients", "records builtin = false", "terraform state rm", "terraform import"} {
		if !strings.Contains(out, want) {
			t.Errorf("the destroy plan does not say %q:\n%s", want, out)
		}
	}
	if n := writes(srv); n != 0 {
		t.Errorf("a plan wrote: %v", srv.CallCounts())
	}
	c.must(0, "state", "rm", "genesysauth_authorized_client.architect")
	c.must(0, "import", "-input=false", "genesysauth_authorized_client.architect", emulator.BuiltinArchitect)
	if got := mark(); got != true {
		t.Fatalf("builtin after state rm and import = %v, want true", got)
	}
	if out := flat(c.must(0, "plan", "-destroy", "-input=false")); strings.Contains(out, "built-in mark is wrong") {
		t.Errorf("the warning stays after the remedy:\n%s", out)
	}
}
