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

// model is a scenario's configuration.
type model struct {
	managed   map[string]managedClient // resource name -> client
	exclusive bool
	forIDs    bool     // client_ids = [for ...] over the resources, plus extra
	extra     []string // literal IDs in client_ids besides (or instead of) the resources'
	decline   bool
	budget    int // 0: unset
	moved     []string
	serial    int
}

type managedClient struct {
	id    string
	scope string
}

func (m *model) hcl() string {
	var b strings.Builder
	b.WriteString(cliProviderHeader)
	for _, name := range slices.Sorted(maps.Keys(m.managed)) {
		c := m.managed[name]
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_client\" %q {\n  client_id = %q\n  scopes    = [%q]\n}\n", name, c.id, c.scope)
	}
	b.WriteString(strings.Join(m.moved, ""))
	if m.exclusive {
		var ids []string
		for _, id := range m.extra {
			ids = append(ids, strconv.Quote(id))
		}
		list := "[" + strings.Join(ids, ", ") + "]"
		if m.forIDs {
			var refs []string
			for _, name := range slices.Sorted(maps.Keys(m.managed)) {
				refs = append(refs, "genesysauth_authorized_client."+name+".client_id")
			}
			list = "concat([" + strings.Join(refs, ", ") + "], " + list + ")"
		}
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = %s\n", list)
		if m.decline {
			b.WriteString("  decline_pending = true\n")
		}
		if m.budget > 0 {
			fmt.Fprintf(&b, "  max_revocations = %d\n", m.budget)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func (m *model) managedIDs() map[string]string {
	out := map[string]string{}
	for name, c := range m.managed {
		out[c.id] = name
	}
	return out
}

// edit changes the configuration at random, as a pull request would.
func (m *model) edit(r *rand.Rand) string {
	m.moved = nil
	ids := m.managedIDs()
	switch r.IntN(8) {
	case 0, 1: // add a resource for a client not managed yet
		for _, p := range pool {
			if _, ok := ids[p.id]; !ok {
				m.serial++
				m.managed[fmt.Sprintf("c%d", m.serial)] = managedClient{p.id, p.scopes[r.IntN(len(p.scopes))]}
				return "add " + p.id
			}
		}
	case 2: // remove a resource (its destroy revokes the client)
		if names := slices.Sorted(maps.Keys(m.managed)); len(names) > 0 {
			delete(m.managed, names[0])
			return "remove " + names[0]
		}
	case 3: // change a scope
		if names := slices.Sorted(maps.Keys(m.managed)); len(names) > 0 {
			name := names[0]
			c := m.managed[name]
			for _, p := range pool {
				if p.id == c.id {
					c.scope = p.scopes[r.IntN(len(p.scopes))]
				}
			}
			m.managed[name] = c
			return "scope " + name + " " + c.scope
		}
	case 4: // rename, with a moved block or without
		if names := slices.Sorted(maps.Keys(m.managed)); len(names) > 0 {
			name := names[0]
			m.serial++
			to := fmt.Sprintf("c%d", m.serial)
			m.managed[to] = m.managed[name]
			delete(m.managed, name)
			withMoved := r.IntN(2) == 0
			if withMoved {
				m.moved = append(m.moved, fmt.Sprintf("\nmoved {\n  from = genesysauth_authorized_client.%s\n  to   = genesysauth_authorized_client.%s\n}\n", name, to))
			}
			return fmt.Sprintf("rename %s -> %s (moved: %v)", name, to, withMoved)
		}
	case 5:
		m.exclusive = !m.exclusive
		return fmt.Sprintf("exclusive %v", m.exclusive)
	case 6:
		m.forIDs = r.IntN(3) > 0
		m.extra = nil
		for _, p := range pool {
			if r.IntN(3) == 0 {
				m.extra = append(m.extra, p.id)
			}
		}
		return fmt.Sprintf("client_ids for=%v extra=%v", m.forIDs, m.extra)
	case 7:
		m.decline = r.IntN(2) == 0
		m.budget = []int{0, 1, 10}[r.IntN(3)]
		return fmt.Sprintf("decline_pending=%v max_revocations=%d", m.decline, m.budget)
	}
	return "no edit"
}

// byHand changes the organization as an administrator would.
func byHand(r *rand.Rand, srv *emulator.Server) string {
	p := pool[r.IntN(len(pool))]
	switch r.IntN(4) {
	case 0:
		if err := srv.AuthorizeByHand(p.id, []string{p.scopes[r.IntN(len(p.scopes))]}, nil); err != nil {
			return "authorize " + p.id + ": " + err.Error()
		}
		return "authorize " + p.id
	case 1:
		srv.RevokeByHand(p.id)
		return "revoke " + p.id
	case 2:
		srv.RevokeByHand(p.id)
		_ = srv.RequestByHand(p.id, p.scopes[:1])
		return "request " + p.id
	default:
		if err := srv.SetScopesByHand(p.id, p.scopes[len(p.scopes)-1:]); err != nil {
			return "re-scope " + p.id + ": " + err.Error()
		}
		return "re-scope " + p.id
	}
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

type checker struct {
	t                         *testing.T
	scenarios, steps, written int
	// refusedDestroys counts destroys stopped by the owners conflict,
	// whose error names terraform destroy -refresh=false.
	refusedDestroys int
	violations      []string
}

func (k *checker) violation(log []string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	k.violations = append(k.violations, msg+"\n    steps:\n      "+strings.Join(log, "\n      "))
	k.t.Errorf("VIOLATION: %s\n  steps:\n    %s", msg, strings.Join(log, "\n    "))
}

// scenario runs one seed: steps of edits, hand changes, saved plans applied
// and a destroy, checking each apply's writes against its plan.
func (k *checker) scenario(seed uint64, steps int) {
	t := k.t
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	srv := startEmulator(t, emulator.Options{})
	c := newCLI(t, srv)
	m := &model{managed: map[string]managedClient{}, forIDs: true, budget: 10}
	log := []string{fmt.Sprintf("seed %d", seed)}
	k.scenarios++
	for i := 0; i < steps; i++ {
		k.steps++
		log = append(log, "edit: "+m.edit(r))
		if r.IntN(3) == 0 {
			log = append(log, "by hand: "+byHand(r, srv))
		}
		c.write("main.tf", m.hcl())
		args := []string{"plan", "-input=false", "-out=tfplan"}
		if r.IntN(4) == 0 {
			args = append(args, "-refresh=false")
		}
		if r.IntN(5) == 0 && m.exclusive {
			args = append(args, "-replace=genesysauth_authorized_clients_exclusive.this")
		}
		srv.ResetCalls()
		out, code := c.run(args...)
		log = append(log, fmt.Sprintf("terraform %s: exit %d", strings.Join(args, " "), code))
		if w := srv.Writes(); len(w) > 0 {
			k.violation(log, "the plan wrote: %v", w)
		}
		if code != 0 {
			if code != 1 || !strings.Contains(out, "Error") {
				k.violation(log, "plan exited %d:\n%s", code, out)
			}
			continue
		}
		js, jcode := c.run("show", "-json", "tfplan")
		shown, err := shownWrites(js)
		if jcode != 0 || err != nil {
			k.violation(log, "show -json: exit %d, %v", jcode, err)
			continue
		}
		handAfterPlan := r.IntN(3) == 0
		if handAfterPlan {
			log = append(log, "by hand after the plan: "+byHand(r, srv))
		}
		srv.ResetCalls()
		out, code = c.run("apply", "-input=false", "tfplan")
		writes := srv.Writes()
		k.written += len(writes)
		log = append(log, fmt.Sprintf("terraform apply tfplan: exit %d, writes %v, shown %v", code, writes, slices.Collect(maps.Keys(shown))))
		for _, w := range writes {
			if !shown[w] {
				k.violation(log, "apply made a write its plan did not show: %s %s\n%s", w.Route, w.ClientID, out)
			}
		}
		if code == 0 && !handAfterPlan {
			k.stateMatches(c, srv, log)
		}
	}
	// A destroy is never blocked, and revokes only what the state manages.
	srv.ResetCalls()
	state := k.managedInState(c)
	out, code := c.run("destroy", "-auto-approve", "-input=false")
	log = append(log, fmt.Sprintf("terraform destroy: exit %d", code))
	if code != 0 && len(srv.Writes()) == 0 && strings.Contains(flat(out), "terraform destroy -refresh=false") {
		// The one documented refusal (an owners conflict in the
		// configuration, a plan error by design): counted, and the way
		// out its error names is taken and checked instead.
		k.refusedDestroys++
		out, code = c.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
		log = append(log, fmt.Sprintf("terraform destroy -refresh=false: exit %d", code))
	}
	if code != 0 {
		k.violation(log, "destroy failed:\n%s", out)
	}
	for _, w := range srv.Writes() {
		k.written++
		if w.Route != emulator.RouteRevoke || !state[w.ClientID] {
			k.violation(log, "destroy wrote %s %s, not a client its state managed (%v)", w.Route, w.ClientID, state)
		}
	}
}

// managedInState is the clients of the state's genesysauth_authorized_client
// resources, with their scopes.
func (k *checker) managedInState(c *cli) map[string]bool {
	out := map[string]bool{}
	for id := range k.stateScopes(c) {
		out[id] = true
	}
	return out
}

func (k *checker) stateScopes(c *cli) map[string][]string {
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

// stateMatches: after an apply that no hand change raced, each client the
// state manages is authorized in the organization with the state's scopes.
func (k *checker) stateMatches(c *cli, srv *emulator.Server, log []string) {
	for id, scopes := range k.stateScopes(c) {
		a, ok := srv.Authorization(id)
		have := slices.Clone(a.Scope)
		slices.Sort(have)
		if !ok || a.State != "Authorized" || !slices.Equal(have, scopes) {
			k.violation(log, "after apply the state manages %s with %v, the organization holds %s %v", id, scopes, a.State, a.Scope)
		}
	}
}

// TestAccCLI_invariants runs INVARIANT_N scenarios (default 2) from
// INVARIANT_SEED (default 1) of INVARIANT_STEPS steps (default 6).
func TestAccCLI_invariants(t *testing.T) {
	t.Parallel()
	n, seed, steps := envInt("INVARIANT_N", 2), envInt("INVARIANT_SEED", 1), envInt("INVARIANT_STEPS", 6)
	k := &checker{t: t}
	for i := range n {
		s := uint64(seed + i)
		ok := t.Run(fmt.Sprintf("seed-%d", s), func(t *testing.T) {
			k.t = t
			k.scenario(s, steps)
		})
		k.t = t
		if testing.Verbose() || os.Getenv("INVARIANT_N") != "" {
			fmt.Printf("invariants: seed %d %s (%d/%d)\n", s, map[bool]string{true: "ok", false: "VIOLATION"}[ok], i+1, n)
		}
	}
	fmt.Printf("invariants: %d destroys stopped by an owners conflict, then run with -refresh=false as the error says\n", k.refusedDestroys)
	fmt.Printf("%d scenarios, %d steps, %d writes checked, %d violations\n", k.scenarios, k.steps, k.written, len(k.violations))
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
