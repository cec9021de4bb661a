package e2e_test

// The invariant checker's shrinker and replay directory: a failing scenario
// cut down to the fewest steps and resources that still fail, written as a
// directory that replays it with one command. See DESIGN.md, "The invariant
// checker".

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// shrink returns the smallest scenario it finds that still fails: delta
// debugging (ddmin) over the steps, then each resource name dropped from
// every step's configuration in turn, then each step's fault and hand
// changes. fails replays a candidate from a fresh
// emulator; it is called at most budget times, after which the smallest
// failing scenario so far is returned. sc itself is taken to fail.
func shrink(sc scenario, budget int, fails func(scenario) bool) scenario {
	try := func(c scenario) bool {
		if budget <= 0 {
			return false
		}
		budget--
		return fails(c)
	}
	with := func(steps []step) scenario { c := sc; c.Steps = steps; return c }
	steps := ddmin(sc.Steps, func(s []step) bool { return try(with(s)) })
	sc = with(steps)
	for _, name := range resourceNames(sc) {
		c := sc
		c.Steps = make([]step, len(sc.Steps))
		for i, st := range sc.Steps {
			st.Config = st.Config.without(name)
			st.MainTF = st.Config.hcl()
			c.Steps[i] = st
		}
		if try(c) {
			sc = c
		}
	}
	// Last, each step's hand changes and fault, where the failure does
	// without them.
	for i := range sc.Steps {
		for _, drop := range []func(*step) bool{
			func(s *step) bool { f := s.Fault != nil; s.Fault = nil; return f },
			func(s *step) bool { h := len(s.Hand) > 0; s.Hand = nil; return h },
			func(s *step) bool { h := len(s.HandAfterPlan) > 0; s.HandAfterPlan = nil; return h },
			func(s *step) bool { o := s.OtherCredentials; s.OtherCredentials = false; return o },
			func(s *step) bool { a := s.AutoApprove; s.AutoApprove = false; return a },
		} {
			c := sc
			c.Steps = slices.Clone(sc.Steps)
			if drop(&c.Steps[i]) && try(c) {
				sc = c
			}
		}
	}
	return sc
}

// ddmin is Zeller's delta debugging, complements only: it cuts items into n
// chunks and keeps the first complement that still fails, and doubles n when
// none does, until n is the number of items. The result fails and no item of
// it can be removed alone (1-minimal) when fails is deterministic.
func ddmin[T any](items []T, fails func([]T) bool) []T {
	n := 2
	for len(items) >= 2 {
		chunk := (len(items) + n - 1) / n
		reduced := false
		for start := 0; start < len(items); start += chunk {
			end := min(start+chunk, len(items))
			comp := append(slices.Clone(items[:start]), items[end:]...)
			if fails(comp) {
				items, n, reduced = comp, max(n-1, 2), true
				break
			}
		}
		if !reduced {
			if n >= len(items) {
				break
			}
			n = min(2*n, len(items))
		}
	}
	if len(items) == 1 && fails(nil) {
		return nil
	}
	return items
}

// resourceNames is every genesysauth_authorized_client name of the
// scenario's configurations, sorted.
func resourceNames(sc scenario) []string {
	names := map[string]bool{}
	for _, st := range sc.Steps {
		for name := range st.Config.Managed {
			names[name] = true
		}
		for _, m := range st.Config.Moved {
			names[m.From], names[m.To] = true, true
		}
	}
	return slices.Sorted(maps.Keys(names))
}

// A replay directory:
//
//	README.md           what failed, the one command, each step in words
//	scenario.json       the steps as data: edits, hand changes, plan flags, faults
//	emulator-seed.json  the organization the emulator starts from (absent: the default seed)
//	steps/NN/main.tf    each step's configuration
const (
	replayScenario = "scenario.json"
	replaySeed     = "emulator-seed.json"
	replaySteps    = "steps"
)

func stepTF(dir string, i int) string {
	return filepath.Join(dir, replaySteps, fmt.Sprintf("%02d", i+1), "main.tf")
}

// writeReplay writes sc as a replay directory; v is the violation it shows.
func writeReplay(dir string, sc scenario, v violation) error {
	js, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return err
	}
	files := map[string][]byte{
		filepath.Join(dir, replayScenario): append(js, '\n'),
		filepath.Join(dir, replaySeed):     sc.SeedJSON,
		filepath.Join(dir, "README.md"):    []byte(replayReadme(dir, sc, v)),
	}
	for i, st := range sc.Steps {
		files[stepTF(dir, i)] = []byte(st.MainTF)
	}
	for path, body := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return err
		}
		if err := os.WriteFile(path, body, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// readReplay reads a replay directory: the steps of scenario.json, each
// with the main.tf of its directory (which may have been edited by hand),
// and the emulator's seed.
func readReplay(dir string) (scenario, error) {
	var sc scenario
	js, err := os.ReadFile(filepath.Join(dir, replayScenario))
	if err != nil {
		return sc, err
	}
	if err := json.Unmarshal(js, &sc); err != nil {
		return sc, fmt.Errorf("%s: %w", replayScenario, err)
	}
	// A directory kept in the repository may leave the seed out: then it
	// is the emulator's default seed.
	if sc.SeedJSON, err = os.ReadFile(filepath.Join(dir, replaySeed)); errors.Is(err, fs.ErrNotExist) {
		sc.SeedJSON = defaultSeedJSON()
	} else if err != nil {
		return sc, err
	}
	for i := range sc.Steps {
		tf, err := os.ReadFile(stepTF(dir, i))
		if err != nil {
			return sc, err
		}
		sc.Steps[i].MainTF = string(tf)
	}
	return sc, nil
}

// replayReadme tells a reader what failed and how to replay it, each step
// in the commands a user would type.
func replayReadme(dir string, sc scenario, v violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Invariant checker: seed %d, shrunk to %d steps\n\n", sc.Seed, len(sc.Steps))
	fmt.Fprintf(&b, "Violation: %s.\n\n```\n%s\n```\n\n", v.Kind, v.Msg)
	fmt.Fprintf(&b, "Replay it (a fresh emulator on 127.0.0.1, the CLI on PATH or TERRAFORM=...), from the repository:\n\n"+
		"    make replay-invariant DIR=%s\n\n", dir)
	b.WriteString("The emulator starts from `emulator-seed.json`. `scenario.json` holds the steps as data; each step's\n" +
		"configuration is `steps/NN/main.tf` (edit it and replay again). In commands, each step is:\n\n")
	hand := func(label string, cs []emulator.ChangeRequest) {
		for _, c := range cs {
			fmt.Fprintf(&b, "   - %s: `%s` of %s %v (the emulator's change request)\n", label, c.Action, c.ClientID, c.Scopes)
		}
	}
	for i, st := range sc.Steps {
		fmt.Fprintf(&b, "%d. (generated step %d: %s)\n", i+1, st.N, st.Edit)
		hand("by hand", st.Hand)
		fmt.Fprintf(&b, "   - `cp steps/%02d/main.tf main.tf`\n   - `terraform %s`, then `terraform show -json tfplan`\n", i+1, strings.Join(st.Plan, " "))
		hand("by hand after the plan", st.HandAfterPlan)
		if f := st.Fault; f != nil {
			fmt.Fprintf(&b, "   - fault armed: the next %d calls to `%s` answer `%s`\n", f.Times, f.Route, f.Fault)
		}
		if st.OtherCredentials {
			b.WriteString("   - `terraform apply -input=false tfplan` with the other organization's endpoints in the environment " +
				"(GENESYSAUTH_API_URL and GENESYSAUTH_TOKEN_URL of the second emulator), then with its own\n")
		}
		fmt.Fprintf(&b, "   - `terraform %s`\n", strings.Join(st.applyArgs(), " "))
		if st.Fault != nil {
			b.WriteString("   - `terraform apply -refresh-only -auto-approve`\n")
		}
	}
	b.WriteString("\nThen `terraform destroy -auto-approve`.\n")
	return b.String()
}

// The shrinker finds exactly the steps and the resource a failure needs:
// a fake runner (no Terraform) fails when steps 2, 5 and 7 are all present,
// step 5 with its fault, and some step manages c2; every other fault and
// hand change is dropped.
func TestInvariantsShrink_keepsExactlyTheFailingSubset(t *testing.T) {
	t.Parallel()
	sc := generate(3, 10)
	for i := range sc.Steps {
		sc.Steps[i].Config.Managed = map[string]managedClient{
			"c1": {ID: emulator.ClientAcmeCRM, Scope: "notifications"}, "c2": {ID: emulator.ClientSlack, Scope: "presence"}, "c3": {ID: emulator.ClientHubSpot, Scope: "external-contacts"}}
		sc.Steps[i].MainTF = sc.Steps[i].Config.hcl()
	}
	need := []int{2, 5, 7}
	sc.Steps[4].Fault = &emulator.FaultRequest{Route: emulator.RouteRevoke, Fault: "500", Times: 1} // step 5's, which it needs
	runs := 0
	fails := func(c scenario) bool {
		runs++
		var ns []int
		c2 := false
		for _, st := range c.Steps {
			ns = append(ns, st.N)
			_, ok := st.Config.Managed["c2"]
			c2 = c2 || ok
			if _, ok := st.Config.Managed["c1"]; ok != strings.Contains(st.MainTF, `"c1"`) {
				t.Errorf("step %d: main.tf does not follow its configuration", st.N)
			}
		}
		return c2 && !slices.ContainsFunc(need, func(n int) bool { return !slices.Contains(ns, n) }) &&
			slices.ContainsFunc(c.Steps, func(s step) bool { return s.N == 5 && s.Fault != nil })
	}
	got := shrink(sc, 100, fails)
	var ns []int
	for _, st := range got.Steps {
		ns = append(ns, st.N)
		if names := slices.Sorted(maps.Keys(st.Config.Managed)); !slices.Equal(names, []string{"c2"}) {
			t.Errorf("step %d manages %v, want only c2", st.N, names)
		}
		if (st.Fault != nil) != (st.N == 5) || st.Hand != nil || st.HandAfterPlan != nil {
			t.Errorf("step %d keeps a fault or hand changes the failure does without: %+v", st.N, st)
		}
	}
	if !slices.Equal(ns, need) {
		t.Errorf("shrunk to steps %v, want %v", ns, need)
	}
	t.Logf("%d runs", runs)

	// Within a budget it stops, with a scenario that fails.
	if got := shrink(sc, 3, fails); !fails(got) {
		t.Errorf("a shrink cut short returned a scenario that passes: %d steps", len(got.Steps))
	}
	// A failure that needs no step shrinks to none.
	if got := shrink(sc, 100, func(scenario) bool { return true }); len(got.Steps) != 0 {
		t.Errorf("shrunk to %d steps, want 0", len(got.Steps))
	}
}

// A replay directory reads back as the scenario it was written from, with
// every step, hand change, fault and the emulator's seed; its main.tf files
// are what terraform reads.
func TestInvariantsReplay_roundTrip(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 7, 42} {
		sc := generate(seed, 12)
		if !slices.ContainsFunc(sc.Steps, func(s step) bool { return s.Fault != nil }) && seed == 7 {
			t.Errorf("seed %d: no fault step in 12 steps", seed)
		}
		dir := t.TempDir()
		if err := writeReplay(dir, sc, violation{Kind: vUnshownWrite, Msg: "example"}); err != nil {
			t.Fatal(err)
		}
		got, err := readReplay(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, sc) {
			a, _ := json.Marshal(sc)
			b, _ := json.Marshal(got)
			t.Errorf("seed %d: read back differs:\n%s\n%s", seed, a, b)
		}
		tf, _ := os.ReadFile(stepTF(dir, 0))
		if string(tf) != sc.Steps[0].Config.hcl() {
			t.Errorf("steps/01/main.tf is not the step's configuration:\n%s", tf)
		}
		if _, err := emulator.ParseSeed(got.SeedJSON); err != nil {
			t.Errorf("emulator-seed.json: %v", err)
		}
		readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
		if !strings.Contains(string(readme), "make replay-invariant DIR="+dir) {
			t.Errorf("README.md does not name the one command:\n%s", readme)
		}
	}
	// The same seed draws the same scenario.
	if !reflect.DeepEqual(generate(9, 8), generate(9, 8)) {
		t.Error("generate(9, 8) differs between two calls")
	}
}

// A fault on "a write its plan shows" lands on a route the apply calls.
func TestInvariantsFaultRoute(t *testing.T) {
	t.Parallel()
	del := map[emulator.Write]bool{{Route: emulator.RouteRevoke, ClientID: "x"}: true}
	both := map[emulator.Write]bool{{Route: emulator.RouteRevoke, ClientID: "x"}: true, {Route: emulator.RoutePutAuthorization, ClientID: "y"}: true}
	for _, c := range []struct {
		route string
		shown map[emulator.Write]bool
		want  string
	}{
		{shownPut, both, emulator.RoutePutAuthorization},
		{shownDelete, both, emulator.RouteRevoke},
		{shownPut, del, emulator.RouteRevoke},
		{shownDelete, nil, emulator.RouteListAuthorizations},
		{emulator.RouteGetAuthorization, both, emulator.RouteGetAuthorization},
	} {
		if got := faultRoute(c.route, c.shown); got != c.want {
			t.Errorf("faultRoute(%q, %v) = %q, want %q", c.route, c.shown, got, c.want)
		}
	}
}
