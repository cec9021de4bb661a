package e2e_test

// The invariant checker: seeded random scenarios of configuration edits,
// changes by hand, saved plans (with the flags users pass) applied now or
// after more hand changes, and a destroy, through the CLI under test. Its
// oracle reads only what a reviewer and the organization see: the writes
// the saved plan shows (terraform show -json) and the emulator's log of
// the writes its apply made. See DESIGN.md, "The invariant checker".
//
//	make check-invariants N=200 SEED=7 TERRAFORM=/path/to/terraform

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// pool are the third-party clients a scenario manages or changes by hand,
// each with the scopes it may take.
var pool = []struct {
	id     string
	scopes []string
}{
	{emulator.ClientAcmeCRM, []string{"users:readonly", "notifications"}},
	{emulator.ClientSlack, []string{"presence"}},
	{emulator.ClientHubSpot, []string{"external-contacts"}},
	{emulator.ClientServiceNow, []string{"integrations:readonly"}},
	{emulator.ClientTableau, []string{"analytics:readonly"}},
}

// config is a step's configuration, as data: main.tf is rendered from it
// (hcl), and the shrinker drops resources from it.
type config struct {
	Managed   map[string]managedClient `json:"managed"` // resource name -> client
	Exclusive bool                     `json:"exclusive"`
	ForIDs    bool                     `json:"for_ids"` // client_ids = [for ...] over the resources, plus Extra
	Extra     []string                 `json:"extra"`   // literal IDs in client_ids besides (or instead of) the resources'
	Decline   bool                     `json:"decline_pending"`
	Budget    int                      `json:"max_revocations"` // 0: unset
	Moved     []moved                  `json:"moved,omitempty"`
}

type managedClient struct {
	ID    string `json:"client_id"`
	Scope string `json:"scope"`
}

type moved struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (c config) clone() config {
	c.Managed = maps.Clone(c.Managed)
	c.Extra = slices.Clone(c.Extra)
	c.Moved = slices.Clone(c.Moved)
	return c
}

// without is the configuration less the resource name (and any moved
// block naming it).
func (c config) without(name string) config {
	c = c.clone()
	delete(c.Managed, name)
	c.Moved = slices.DeleteFunc(c.Moved, func(m moved) bool { return m.From == name || m.To == name })
	return c
}

func (c config) hcl() string {
	var b strings.Builder
	b.WriteString(cliProviderHeader)
	for _, name := range slices.Sorted(maps.Keys(c.Managed)) {
		m := c.Managed[name]
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_client\" %q {\n  client_id = %q\n  scopes    = [%q]\n}\n", name, m.ID, m.Scope)
	}
	for _, m := range c.Moved {
		fmt.Fprintf(&b, "\nmoved {\n  from = genesysauth_authorized_client.%s\n  to   = genesysauth_authorized_client.%s\n}\n", m.From, m.To)
	}
	if c.Exclusive {
		var ids []string
		for _, id := range c.Extra {
			ids = append(ids, strconv.Quote(id))
		}
		list := "[" + strings.Join(ids, ", ") + "]"
		if c.ForIDs {
			var refs []string
			for _, name := range slices.Sorted(maps.Keys(c.Managed)) {
				refs = append(refs, "genesysauth_authorized_client."+name+".client_id")
			}
			list = "concat([" + strings.Join(refs, ", ") + "], " + list + ")"
		}
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = %s\n", list)
		if c.Decline {
			b.WriteString("  decline_pending = true\n")
		}
		if c.Budget > 0 {
			fmt.Fprintf(&b, "  max_revocations = %d\n", c.Budget)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// model is the generator's configuration: the current config and the
// counter that names new resources.
type model struct {
	config
	serial int
}

func (m *model) managedIDs() map[string]string {
	out := map[string]string{}
	for name, c := range m.Managed {
		out[c.ID] = name
	}
	return out
}

// edit changes the configuration at random, as a pull request would.
func (m *model) edit(r *rand.Rand) string {
	m.Moved = nil
	ids := m.managedIDs()
	switch r.IntN(8) {
	case 0, 1: // add a resource for a client not managed yet
		for _, p := range pool {
			if _, ok := ids[p.id]; !ok {
				m.serial++
				m.Managed[fmt.Sprintf("c%d", m.serial)] = managedClient{p.id, p.scopes[r.IntN(len(p.scopes))]}
				return "add " + p.id
			}
		}
	case 2: // remove a resource (its destroy revokes the client)
		if names := slices.Sorted(maps.Keys(m.Managed)); len(names) > 0 {
			delete(m.Managed, names[0])
			return "remove " + names[0]
		}
	case 3: // change a scope
		if names := slices.Sorted(maps.Keys(m.Managed)); len(names) > 0 {
			name := names[0]
			c := m.Managed[name]
			for _, p := range pool {
				if p.id == c.ID {
					c.Scope = p.scopes[r.IntN(len(p.scopes))]
				}
			}
			m.Managed[name] = c
			return "scope " + name + " " + c.Scope
		}
	case 4: // rename, with a moved block or without
		if names := slices.Sorted(maps.Keys(m.Managed)); len(names) > 0 {
			name := names[0]
			m.serial++
			to := fmt.Sprintf("c%d", m.serial)
			m.Managed[to] = m.Managed[name]
			delete(m.Managed, name)
			withMoved := r.IntN(2) == 0
			if withMoved {
				m.Moved = append(m.Moved, moved{From: name, To: to})
			}
			return fmt.Sprintf("rename %s -> %s (moved: %v)", name, to, withMoved)
		}
	case 5:
		m.Exclusive = !m.Exclusive
		return fmt.Sprintf("exclusive %v", m.Exclusive)
	case 6:
		m.ForIDs = r.IntN(3) > 0
		m.Extra = nil
		for _, p := range pool {
			if r.IntN(3) == 0 {
				m.Extra = append(m.Extra, p.id)
			}
		}
		return fmt.Sprintf("client_ids for=%v extra=%v", m.ForIDs, m.Extra)
	case 7:
		m.Decline = r.IntN(2) == 0
		m.Budget = []int{0, 1, 10}[r.IntN(3)]
		return fmt.Sprintf("decline_pending=%v max_revocations=%d", m.Decline, m.Budget)
	}
	return "no edit"
}

// byHand is a change an administrator makes by hand, as the emulator's
// change requests (a request replaces an authorization: a revoke, then the
// app's request).
func byHand(r *rand.Rand) []emulator.ChangeRequest {
	p := pool[r.IntN(len(pool))]
	switch r.IntN(4) {
	case 0:
		return []emulator.ChangeRequest{{Action: "authorize", ClientID: p.id, Scopes: []string{p.scopes[r.IntN(len(p.scopes))]}}}
	case 1:
		return []emulator.ChangeRequest{{Action: "revoke", ClientID: p.id}}
	case 2:
		return []emulator.ChangeRequest{{Action: "revoke", ClientID: p.id}, {Action: "request", ClientID: p.id, Scopes: p.scopes[:1]}}
	default:
		return []emulator.ChangeRequest{{Action: "set-scopes", ClientID: p.id, Scopes: p.scopes[len(p.scopes)-1:]}}
	}
}

// A fault's route may name the write its plan shows instead of a route:
// resolved when the scenario is played, from the saved plan (the route of
// that kind it shows, else the other write route it shows, else the
// listing), so that the fault meets a call of the apply.
const (
	shownPut    = "a PUT its plan shows"
	shownDelete = "a DELETE its plan shows"
)

// faultBeforeApply is a fault armed after the plan, for the apply of the
// saved plan: a lost answer (the write is carried out, its answer never
// arrives: once, or on every attempt), a 500, or a storm of 429s.
func faultBeforeApply(r *rand.Rand) *emulator.FaultRequest {
	writes := []string{shownPut, shownDelete}
	switch r.IntN(3) {
	case 0:
		return &emulator.FaultRequest{Route: writes[r.IntN(2)], Fault: "drop-after-write", Times: []int{1, 6}[r.IntN(2)]}
	case 1:
		routes := append(writes, emulator.RouteListAuthorizations)
		return &emulator.FaultRequest{Route: routes[r.IntN(len(routes))], Fault: "500", Times: 1}
	default:
		routes := append(writes, emulator.RouteListAuthorizations, emulator.RouteGetAuthorization)
		return &emulator.FaultRequest{Route: routes[r.IntN(len(routes))], Fault: "429", Times: 3}
	}
}

// faultRoute resolves a fault's route against the writes its plan shows.
func faultRoute(route string, shown map[emulator.Write]bool) string {
	has := func(r string) bool {
		return slices.ContainsFunc(slices.Collect(maps.Keys(shown)), func(w emulator.Write) bool { return w.Route == r })
	}
	var order []string
	switch route {
	case shownPut:
		order = []string{emulator.RoutePutAuthorization, emulator.RouteRevoke}
	case shownDelete:
		order = []string{emulator.RouteRevoke, emulator.RoutePutAuthorization}
	default:
		return route
	}
	for _, r := range order {
		if has(r) {
			return r
		}
	}
	return emulator.RouteListAuthorizations
}

// scenario is a run of the checker as data: the organization it starts
// from (the emulator's seed, JSON), its steps, and at the end a destroy.
// generate draws one from a seed; run replays one from a fresh emulator;
// shrink and the replay directory work on it.
type scenario struct {
	Seed     uint64 `json:"seed"` // the generator's seed it was drawn from
	Steps    []step `json:"steps"`
	SeedJSON []byte `json:"-"` // emulator-seed.json
}

// step is one step: a configuration, hand changes, a saved plan, maybe
// hand changes and a fault after the plan, and the apply of the plan.
type step struct {
	N             int                      `json:"n"` // its number in the generated scenario, kept by shrinking
	Edit          string                   `json:"edit"`
	Config        config                   `json:"config"`
	MainTF        string                   `json:"-"` // steps/NN/main.tf; the hcl of Config unless edited by hand
	Hand          []emulator.ChangeRequest `json:"hand,omitempty"`
	Plan          []string                 `json:"plan"`
	HandAfterPlan []emulator.ChangeRequest `json:"hand_after_plan,omitempty"`
	Fault         *emulator.FaultRequest   `json:"fault,omitempty"`
}

// defaultSeedJSON is the emulator's default seed, read as the emulator
// embeds it.
func defaultSeedJSON() []byte {
	b, err := os.ReadFile(filepath.Join("..", "emulator", "seed.json"))
	if err != nil {
		panic(err)
	}
	return b
}

// generate draws a scenario of n steps from a seed.
func generate(seed uint64, n int) scenario {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	m := &model{config: config{Managed: map[string]managedClient{}, ForIDs: true, Budget: 10}}
	sc := scenario{Seed: seed, SeedJSON: defaultSeedJSON()}
	for i := range n {
		st := step{N: i + 1, Edit: m.edit(r)}
		if r.IntN(3) == 0 {
			st.Hand = byHand(r)
		}
		st.Config = m.clone()
		st.MainTF = st.Config.hcl()
		st.Plan = []string{"plan", "-input=false", "-out=tfplan"}
		if r.IntN(4) == 0 {
			st.Plan = append(st.Plan, "-refresh=false")
		}
		if r.IntN(5) == 0 && m.Exclusive {
			st.Plan = append(st.Plan, "-replace=genesysauth_authorized_clients_exclusive.this")
		}
		if r.IntN(3) == 0 {
			st.HandAfterPlan = byHand(r)
		}
		if r.IntN(4) == 0 {
			st.Fault = faultBeforeApply(r)
		}
		sc.Steps = append(sc.Steps, st)
	}
	return sc
}

// shownWrites is what a saved plan shows it writes: a PUT for each client a
// genesysauth_authorized_client creates or updates, a DELETE for each it
// destroys, and a DELETE for each client of the exclusive resource's
// unmanaged map whose revoke or decline differs between before and after.
func shownWrites(planJSON string) (map[emulator.Write]bool, error) {
	var plan struct {
		ResourceChanges []struct {
			Type   string `json:"type"`
			Change struct {
				Actions      []string       `json:"actions"`
				Before       map[string]any `json:"before"`
				After        map[string]any `json:"after"`
				AfterUnknown map[string]any `json:"after_unknown"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		return nil, err
	}
	out := map[emulator.Write]bool{}
	id := func(v map[string]any) string { s, _ := v["client_id"].(string); return strings.ToLower(s) }
	for _, rc := range plan.ResourceChanges {
		ch := rc.Change
		switch rc.Type {
		case "genesysauth_authorized_client":
			for _, a := range ch.Actions {
				switch a {
				case "create", "update":
					out[emulator.Write{Route: emulator.RoutePutAuthorization, ClientID: id(ch.After)}] = true
				case "delete":
					out[emulator.Write{Route: emulator.RouteRevoke, ClientID: id(ch.Before)}] = true
				}
			}
		case "genesysauth_authorized_clients_exclusive":
			after, _ := ch.After["unmanaged"].(map[string]any)
			before, _ := ch.Before["unmanaged"].(map[string]any)
			for cid, e := range after {
				entry, _ := e.(map[string]any)
				if a := entry["action"]; (a == "revoke" || a == "decline") && !reflect.DeepEqual(before[cid], e) {
					out[emulator.Write{Route: emulator.RouteRevoke, ClientID: strings.ToLower(cid)}] = true
				}
			}
		}
	}
	return out, nil
}

// violation is one broken promise: its kind (what the shrinker keeps
// failing) and what was seen.
type violation struct {
	Kind string
	Msg  string
}

// Violation kinds.
const (
	vPlanWrote    = "a plan wrote"
	vPlanExit     = "a plan exited other than 0 or 1 with an error"
	vShow         = "show -json failed"
	vUnshownWrite = "apply made a write its plan did not show"
	vState        = "state differs from the organization"
	vRefresh      = "a refresh after a fault failed or wrote"
	vDestroy      = "destroy failed"
	vDestroyWrite = "destroy wrote what its state did not manage"
)

// outcome is what one run of a scenario saw.
type outcome struct {
	steps, written    int
	refusedDestroys   int // destroys stopped by the owners conflict, then run with -refresh=false
	faults, faultsHit int // faults armed before an apply, and those a call of the apply met
	violations        []violation
	log               []string
}

func (o *outcome) violation(kind, format string, args ...any) {
	o.violations = append(o.violations, violation{kind, fmt.Sprintf(format, args...) + "\n    steps:\n      " + strings.Join(o.log, "\n      ")})
}

// failsAs reports whether o has a violation of the kind.
func (o outcome) failsAs(kind string) bool {
	return slices.ContainsFunc(o.violations, func(v violation) bool { return v.Kind == kind })
}

// hand makes changes by hand and logs them.
func (o *outcome) hand(srv *emulator.Server, label string, changes []emulator.ChangeRequest) {
	for _, c := range changes {
		line := fmt.Sprintf("%s: %s %s %v", label, c.Action, c.ClientID, c.Scopes)
		if err := srv.Apply(c); err != nil {
			line += " (" + err.Error() + ")"
		}
		o.log = append(o.log, line)
	}
}

// runScenario replays a scenario from a fresh emulator and a fresh working
// directory, in a subtest of its own (so a fatal error of the CLI stops this
// run alone), and returns what it saw; it reports nothing itself.
func runScenario(t *testing.T, name string, sc scenario) outcome {
	var o outcome
	t.Run(name, func(t *testing.T) { o = play(t, sc) })
	return o
}

func play(t *testing.T, sc scenario) outcome {
	seed, err := emulator.ParseSeed(sc.SeedJSON)
	if err != nil {
		t.Fatalf("emulator seed: %v", err)
	}
	srv := startEmulator(t, emulator.Options{Seed: seed})
	c := newCLI(t, srv)
	o := outcome{log: []string{fmt.Sprintf("seed %d", sc.Seed)}}
	// stale: a hand change no refresh has brought into the state yet (a
	// plan's refresh is kept only by the apply of that plan). Until one
	// does, the state may lag the organization by design: -refresh=false
	// tells Terraform not to look.
	stale := false
	for _, st := range sc.Steps {
		o.steps++
		o.log = append(o.log, fmt.Sprintf("step %d, edit: %s", st.N, st.Edit))
		o.hand(srv, "by hand", st.Hand)
		stale = stale || len(st.Hand) > 0
		c.write("main.tf", st.MainTF)
		srv.ResetCalls()
		out, code := c.run(st.Plan...)
		o.log = append(o.log, fmt.Sprintf("terraform %s: exit %d", strings.Join(st.Plan, " "), code))
		if w := srv.Writes(); len(w) > 0 {
			o.violation(vPlanWrote, "the plan wrote: %v", w)
		}
		if code != 0 {
			if code != 1 || !strings.Contains(out, "Error") {
				o.violation(vPlanExit, "plan exited %d:\n%s", code, out)
			}
			continue
		}
		js, jcode := c.run("show", "-json", "tfplan")
		shown, err := shownWrites(js)
		if jcode != 0 || err != nil {
			o.violation(vShow, "show -json: exit %d, %v", jcode, err)
			continue
		}
		o.hand(srv, "by hand after the plan", st.HandAfterPlan)
		var fault *emulator.FaultRequest
		if st.Fault != nil {
			f := *st.Fault
			f.Route = faultRoute(f.Route, shown)
			if err := srv.InjectFaultRequest(f); err != nil {
				t.Fatalf("fault %+v: %v", f, err)
			}
			fault = &f
			o.log = append(o.log, fmt.Sprintf("fault armed: %s, %d times, on %s (%s)", f.Fault, f.Times, f.Route, st.Fault.Route))
		}
		srv.ResetCalls()
		out, code = c.run("apply", "-input=false", "tfplan")
		srv.ClearFaults()
		if f := fault; f != nil {
			o.faults++
			calls := srv.Calls(f.Route)
			if calls > 0 {
				o.faultsHit++
			}
			o.log = append(o.log, fmt.Sprintf("the fault met %d of the apply's %d calls to its route", min(calls, f.Times), calls))
		}
		writes := srv.Writes()
		o.written += len(writes)
		o.log = append(o.log, fmt.Sprintf("terraform apply tfplan: exit %d, writes %v, shown %v", code, writes, slices.Collect(maps.Keys(shown))))
		for _, w := range writes {
			if !shown[w] {
				o.violation(vUnshownWrite, "apply made a write its plan did not show: %s %s\n%s", w.Route, w.ClientID, out)
			}
		}
		if code == 0 && !slices.Contains(st.Plan, "-refresh=false") {
			stale = false
		}
		stale = stale || len(st.HandAfterPlan) > 0
		if code == 0 && !stale {
			stateMatches(&o, c, srv, "after apply")
		}
		if st.Fault != nil {
			// Whatever the fault did to the apply, a refresh brings the
			// state to what the organization holds, and writes nothing.
			srv.ResetCalls()
			out, code := c.run("apply", "-refresh-only", "-auto-approve", "-input=false")
			o.log = append(o.log, fmt.Sprintf("terraform apply -refresh-only -auto-approve: exit %d", code))
			if w := srv.Writes(); code != 0 || len(w) > 0 {
				o.violation(vRefresh, "the refresh after the fault exited %d and wrote %v:\n%s", code, w, out)
			} else {
				stale = false
				stateMatches(&o, c, srv, "after the refresh that followed the fault")
			}
		}
	}
	// A destroy is never blocked, and revokes only what the state manages.
	srv.ResetCalls()
	state := managedInState(c)
	out, code := c.run("destroy", "-auto-approve", "-input=false")
	o.log = append(o.log, fmt.Sprintf("terraform destroy: exit %d", code))
	if code != 0 && len(srv.Writes()) == 0 && strings.Contains(flat(out), "terraform destroy -refresh=false") {
		// The one documented refusal (an owners conflict in the
		// configuration, a plan error by design): counted, and the way
		// out its error names is taken and checked instead.
		o.refusedDestroys++
		out, code = c.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
		o.log = append(o.log, fmt.Sprintf("terraform destroy -refresh=false: exit %d", code))
	}
	if code != 0 {
		o.violation(vDestroy, "destroy failed:\n%s", out)
	}
	for _, w := range srv.Writes() {
		o.written++
		if w.Route != emulator.RouteRevoke || !state[w.ClientID] {
			o.violation(vDestroyWrite, "destroy wrote %s %s, not a client its state managed (%v)", w.Route, w.ClientID, state)
		}
	}
	return o
}

// managedInState is the clients of the state's genesysauth_authorized_client
// resources.
func managedInState(c *cli) map[string]bool {
	out := map[string]bool{}
	for id := range stateScopes(c) {
		out[id] = true
	}
	return out
}

// stateScopes is the clients of the state's genesysauth_authorized_client
// resources, with their scopes.
func stateScopes(c *cli) map[string][]string {
	js, _ := c.run("show", "-json")
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	_ = json.Unmarshal([]byte(js), &st)
	out := map[string][]string{}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type != "genesysauth_authorized_client" {
			continue
		}
		id, _ := r.Values["client_id"].(string)
		var scopes []string
		if ss, ok := r.Values["scopes"].([]any); ok {
			for _, s := range ss {
				scopes = append(scopes, fmt.Sprint(s))
			}
		}
		slices.Sort(scopes)
		out[strings.ToLower(id)] = scopes
	}
	return out
}

// stateMatches: each client the state manages is authorized in the
// organization with the state's scopes.
func stateMatches(o *outcome, c *cli, srv *emulator.Server, when string) {
	for id, scopes := range stateScopes(c) {
		a, ok := srv.Authorization(id)
		have := slices.Clone(a.Scope)
		slices.Sort(have)
		if !ok || a.State != "Authorized" || !slices.Equal(have, scopes) {
			o.violation(vState, "%s the state manages %s with %v, the organization holds %s %v", when, id, scopes, a.State, a.Scope)
		}
	}
}

// TestAccCLI_invariants runs INVARIANT_N scenarios (default 2) from
// INVARIANT_SEED (default 1) of INVARIANT_STEPS steps (default 6). A
// scenario that fails is shrunk (at most INVARIANT_SHRINK_RUNS more runs,
// default 40; 0: none) and written as a replay directory under
// INVARIANT_OUT (default: a new directory in the temporary directory),
// whose path the failure names.
func TestAccCLI_invariants(t *testing.T) {
	t.Parallel()
	n, seed, steps := envInt("INVARIANT_N", 2), envInt("INVARIANT_SEED", 1), envInt("INVARIANT_STEPS", 6)
	progress := testing.Verbose() || os.Getenv("INVARIANT_N") != ""
	var total outcome
	var scenarios, violations int
	for i := range n {
		s := uint64(seed + i)
		sc := generate(s, steps)
		o := runScenario(t, fmt.Sprintf("seed-%d", s), sc)
		scenarios++
		total.steps += o.steps
		total.written += o.written
		total.refusedDestroys += o.refusedDestroys
		total.faults += o.faults
		total.faultsHit += o.faultsHit
		violations += len(o.violations)
		for _, v := range o.violations {
			t.Errorf("VIOLATION (%s): %s", v.Kind, v.Msg)
		}
		if progress {
			fmt.Printf("invariants: seed %d %s (%d/%d)\n", s, map[bool]string{true: "ok", false: "VIOLATION"}[len(o.violations) == 0], i+1, n)
		}
		if len(o.violations) > 0 {
			reportShrunk(t, sc, o.violations[0])
		}
	}
	fmt.Printf("invariants: %d faults armed before an apply, %d met a call of it\n", total.faults, total.faultsHit)
	fmt.Printf("invariants: %d destroys stopped by an owners conflict, then run with -refresh=false as the error says\n", total.refusedDestroys)
	fmt.Printf("%d scenarios, %d steps, %d writes checked, %d violations\n", scenarios, total.steps, total.written, violations)
}

// reportShrunk shrinks a failing scenario to the fewest steps and resources
// that still fail with the same kind of violation, and writes it as a
// replay directory.
func reportShrunk(t *testing.T, sc scenario, v violation) {
	t.Helper()
	budget := 40
	if s := os.Getenv("INVARIANT_SHRINK_RUNS"); s != "" {
		budget, _ = strconv.Atoi(s)
	}
	runs := 0
	shrunk := shrink(sc, budget, func(c scenario) bool {
		runs++
		fmt.Printf("invariants: seed %d: shrinking, run %d, %d steps\n", sc.Seed, runs, len(c.Steps))
		return runScenario(t, fmt.Sprintf("seed-%d-shrink-%d", sc.Seed, runs), c).failsAs(v.Kind)
	})
	last := runScenario(t, fmt.Sprintf("seed-%d-shrunk", sc.Seed), shrunk)
	why := v
	if i := slices.IndexFunc(last.violations, func(x violation) bool { return x.Kind == v.Kind }); i >= 0 {
		why = last.violations[i]
	} else {
		shrunk = sc // the shrunk one passed on its last run (a flaky seed): keep the whole scenario
	}
	dir, err := replayDir(sc.Seed)
	if err == nil {
		err = writeReplay(dir, shrunk, why)
	}
	if err != nil {
		t.Errorf("seed %d: writing the replay directory: %v", sc.Seed, err)
		return
	}
	t.Errorf("seed %d shrunk from %d to %d steps (%d runs): %s\n  replay: make replay-invariant DIR=%s", sc.Seed,
		len(sc.Steps), len(shrunk.Steps), runs, why.Kind, dir)
	fmt.Printf("invariants: seed %d shrunk to %d steps, replay: make replay-invariant DIR=%s\n", sc.Seed, len(shrunk.Steps), dir)
}

// replayDir is where a failing seed's replay directory goes: under
// INVARIANT_OUT when set, else a new directory in the temporary directory
// (not the test's, which is removed when the test ends).
func replayDir(seed uint64) (string, error) {
	if out := os.Getenv("INVARIANT_OUT"); out != "" {
		dir := filepath.Join(out, fmt.Sprintf("seed-%d", seed))
		return dir, os.MkdirAll(dir, 0o750)
	}
	return os.MkdirTemp("", fmt.Sprintf("invariant-seed-%d-", seed)) //nolint:usetesting // kept after the test, see above
}

// TestAccCLI_invariantsReplay replays the scenario of the directory
// INVARIANT_REPLAY (as the checker writes it for a failing seed) from a
// fresh emulator, and fails on each violation it sees again.
//
//	make replay-invariant DIR=/tmp/invariant-seed-7-123
func TestAccCLI_invariantsReplay(t *testing.T) {
	dir := os.Getenv("INVARIANT_REPLAY")
	if dir == "" {
		t.Skip("INVARIANT_REPLAY not set: it names a replay directory the checker wrote")
	}
	sc, err := readReplay(dir)
	if err != nil {
		t.Fatal(err)
	}
	o := runScenario(t, "replay", sc)
	fmt.Println(strings.Join(o.log, "\n"))
	for _, v := range o.violations {
		t.Errorf("VIOLATION (%s): %s", v.Kind, v.Msg)
	}
	fmt.Printf("1 scenarios, %d steps, %d writes checked, %d violations\n", o.steps, o.written, len(o.violations))
}

// TestAccCLI_invariantsRegressions replays every replay directory kept
// under testdata/invariants (each a shrunk seed the checker once failed,
// its README says why) and fails on any violation: what the checker found
// stays fixed, in the provider or in the oracle.
func TestAccCLI_invariantsRegressions(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("testdata", "invariants", "*", replayScenario))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no replay directory under testdata/invariants (%v)", err)
	}
	for _, path := range dirs {
		dir := filepath.Dir(path)
		sc, err := readReplay(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range runScenario(t, filepath.Base(dir), sc).violations {
			t.Errorf("%s: VIOLATION (%s): %s", dir, v.Kind, v.Msg)
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
