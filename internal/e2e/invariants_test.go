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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// pool are the clients a scenario manages or changes by hand, each with
// the scopes it may take; a built-in client (Genesys Cloud's own app, which
// needs roles) also with the role sets it may be given.
var pool = []struct {
	id      string
	scopes  []string
	roles   [][]string
	builtin bool
}{
	{emulator.ClientAcmeCRM, []string{"users:readonly", "notifications", "external-contacts"}, nil, false},
	{emulator.ClientSlack, []string{"presence", "users:readonly"}, nil, false},
	{emulator.ClientHubSpot, []string{"external-contacts", "conversations:readonly"}, nil, false},
	{emulator.ClientServiceNow, []string{"integrations:readonly", "users:readonly"}, nil, false},
	{emulator.ClientTableau, []string{"analytics:readonly", "routing:readonly"}, nil, false},
	{emulator.BuiltinArchitect, []string{"architect", "architect:readonly"},
		[][]string{{emulator.RoleFlowDesigner}, {emulator.RoleFlowDesigner, emulator.RoleEmployee}}, true},
}

// otherProvider is the second organization's provider block (alias other):
// its endpoints come from variables, which play sets to a second emulator,
// so that a replay directory's main.tf does not name a port. Every
// configuration has it, so that a resource of the other organization
// removed from the configuration can still be destroyed.
const otherProvider = `
variable "other_api_url" {}
variable "other_token_url" {}

provider "genesysauth" {
  alias              = "other"
  api_url            = var.other_api_url
  token_url          = var.other_token_url
  oauthclient_id     = "` + emulator.AdminClientID + `"
  oauthclient_secret = "` + emulator.AdminClientSecret + `"
}
`

// config is a step's configuration, as data: main.tf is rendered from it
// (hcl), and the shrinker drops resources from it.
type config struct {
	Managed       map[string]managedClient `json:"managed"` // resource name -> client
	Exclusive     bool                     `json:"exclusive"`
	ForIDs        bool                     `json:"for_ids"` // client_ids = [for ...] over the resources, plus Extra
	Extra         []string                 `json:"extra"`   // literal IDs in client_ids besides (or instead of) the resources'
	Decline       bool                     `json:"decline_pending"`
	Budget        int                      `json:"max_revocations"` // 0: unset
	RevokeBuiltin bool                     `json:"revoke_builtin,omitempty"`
	// UnknownIDs: client_ids also takes terraform_data.ids.output, which
	// a replacement at every plan makes unknown at plan time.
	UnknownIDs bool     `json:"unknown_ids,omitempty"`
	Moved      []moved  `json:"moved,omitempty"`
	Imports    []string `json:"imports,omitempty"` // resources with an import block (by their client ID)
}

type managedClient struct {
	ID    string   `json:"client_id"`
	Scope string   `json:"scope"`
	Roles []string `json:"roles,omitempty"`
	Other bool     `json:"other,omitempty"` // the other organization's (provider = genesysauth.other)
}

type moved struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (c config) clone() config {
	c.Managed = maps.Clone(c.Managed)
	c.Extra = slices.Clone(c.Extra)
	c.Moved = slices.Clone(c.Moved)
	c.Imports = slices.Clone(c.Imports)
	return c
}

// without is the configuration less the resource name (and any moved or
// import block naming it).
func (c config) without(name string) config {
	c = c.clone()
	delete(c.Managed, name)
	c.Moved = slices.DeleteFunc(c.Moved, func(m moved) bool { return m.From == name || m.To == name })
	c.Imports = slices.DeleteFunc(c.Imports, func(n string) bool { return n == name })
	return c
}

func (c config) hcl() string {
	var b strings.Builder
	b.WriteString(cliProviderHeader)
	b.WriteString(otherProvider)
	for _, name := range slices.Sorted(maps.Keys(c.Managed)) {
		m := c.Managed[name]
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_client\" %q {\n", name)
		if m.Other {
			b.WriteString("  provider  = genesysauth.other\n")
		}
		fmt.Fprintf(&b, "  client_id = %q\n  scopes    = [%q]\n", m.ID, m.Scope)
		if len(m.Roles) > 0 {
			var roles []string
			for _, r := range m.Roles {
				roles = append(roles, strconv.Quote(r))
			}
			fmt.Fprintf(&b, "  roles     = [%s]\n", strings.Join(roles, ", "))
		}
		b.WriteString("}\n")
	}
	for _, m := range c.Moved {
		fmt.Fprintf(&b, "\nmoved {\n  from = genesysauth_authorized_client.%s\n  to   = genesysauth_authorized_client.%s\n}\n", m.From, m.To)
	}
	for _, name := range c.Imports {
		if m, ok := c.Managed[name]; ok {
			fmt.Fprintf(&b, "\nimport {\n  to = genesysauth_authorized_client.%s\n  id = %q\n}\n", name, m.ID)
		}
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
		if c.UnknownIDs {
			b.WriteString("\nresource \"terraform_data\" \"ids\" {\n  input            = []\n  triggers_replace = [plantimestamp()]\n}\n")
			list = "concat(" + list + ", terraform_data.ids.output)"
		}
		fmt.Fprintf(&b, "\nresource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = %s\n", list)
		if c.Decline {
			b.WriteString("  decline_pending = true\n")
		}
		if c.Budget > 0 {
			fmt.Fprintf(&b, "  max_revocations = %d\n", c.Budget)
		}
		if c.RevokeBuiltin {
			b.WriteString("  revoke_builtin = true\n")
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
	dup    string // a second resource for a client managed already, dropped by the next edit
	// authorized is the generator's guess of which clients the default
	// organization holds authorized outside the configuration (the seed's,
	// and those authorized or approved by hand since), so that an added
	// resource for one comes with an import block, as a user would write
	// it, most of the time.
	authorized map[string]bool
}

// noteHand updates the guess of what the organization holds after
// changes by hand.
func (m *model) noteHand(changes []emulator.ChangeRequest) {
	for _, c := range changes {
		switch c.Action {
		case "authorize":
			m.authorized[c.ClientID] = true
		case "revoke", "request", "unauthorize":
			m.authorized[c.ClientID] = false
		}
	}
}

// managedIDs is the clients the configuration manages, in either
// organization.
func (m *model) managedIDs() map[string]string {
	out := map[string]string{}
	for name, c := range m.Managed {
		out[c.ID] = name
	}
	return out
}

// newClient is a resource for the pool's client p, with a scope and (for a
// built-in client) roles drawn at random.
func newClient(r *rand.Rand, i int) managedClient {
	p := pool[i]
	c := managedClient{ID: p.id, Scope: p.scopes[r.IntN(len(p.scopes))]}
	if len(p.roles) > 0 {
		c.Roles = slices.Clone(p.roles[r.IntN(len(p.roles))])
	}
	return c
}

// edit changes the configuration at random, as a pull request would.
func (m *model) edit(r *rand.Rand) string {
	m.Moved, m.Imports = nil, nil
	prefix := ""
	if m.dup != "" {
		delete(m.Managed, m.dup)
		prefix = "drop " + m.dup + ", "
		m.dup = ""
	}
	ids := m.managedIDs()
	names := slices.Sorted(maps.Keys(m.Managed))
	choice := r.IntN(11)
	if len(names) == 0 && choice != 5 && choice != 6 && choice != 7 && choice != 10 {
		choice = 0 // an edit of a resource, and there is none: add one
	}
	switch choice {
	case 0, 1: // add a resource for a client not managed yet: in the other organization at times, imported at times
		for _, i := range r.Perm(len(pool)) {
			if _, ok := ids[pool[i].id]; !ok {
				m.serial++
				name := fmt.Sprintf("c%d", m.serial)
				c := newClient(r, i)
				c.Other = r.IntN(4) == 0
				m.Managed[name] = c
				how := ""
				if !c.Other && m.authorized[c.ID] != (r.IntN(5) == 0) {
					m.Imports = append(m.Imports, name)
					how = " with an import block"
				}
				if c.Other {
					how += " in the other organization"
				}
				return prefix + "add " + name + " " + c.ID + how
			}
		}
	case 2: // remove a resource (its destroy revokes the client)
		if len(names) > 0 {
			name := names[r.IntN(len(names))]
			m.authorized[m.Managed[name].ID] = false
			delete(m.Managed, name)
			return prefix + "remove " + name
		}
	case 3: // change a scope (to another one), or a built-in client's roles
		if len(names) > 0 {
			name := names[r.IntN(len(names))]
			c := m.Managed[name]
			for _, p := range pool {
				if p.id != c.ID {
					continue
				}
				if len(p.roles) > 1 && r.IntN(2) == 0 {
					i := slices.IndexFunc(p.roles, func(rs []string) bool { return slices.Equal(rs, c.Roles) })
					c.Roles = slices.Clone(p.roles[(i+1)%len(p.roles)])
				} else if len(p.scopes) > 1 {
					i := slices.Index(p.scopes, c.Scope)
					c.Scope = p.scopes[(i+1+r.IntN(len(p.scopes)-1))%len(p.scopes)]
				}
			}
			m.Managed[name] = c
			return fmt.Sprintf("%sscope %s %s roles %v", prefix, name, c.Scope, c.Roles)
		}
	case 4: // rename, with a moved block or without
		if len(names) > 0 {
			name := names[r.IntN(len(names))]
			m.serial++
			to := fmt.Sprintf("c%d", m.serial)
			m.Managed[to] = m.Managed[name]
			delete(m.Managed, name)
			withMoved := r.IntN(2) == 0
			if withMoved {
				m.Moved = append(m.Moved, moved{From: name, To: to})
			}
			return fmt.Sprintf("%srename %s -> %s (moved: %v)", prefix, name, to, withMoved)
		}
	case 5:
		m.Exclusive = !m.Exclusive
		return fmt.Sprintf("%sexclusive %v", prefix, m.Exclusive)
	case 6:
		m.ForIDs = r.IntN(3) > 0
		m.UnknownIDs = r.IntN(4) == 0
		m.Extra = nil
		for _, p := range pool {
			if r.IntN(3) == 0 {
				m.Extra = append(m.Extra, p.id)
			}
		}
		return fmt.Sprintf("%sclient_ids for=%v unknown=%v extra=%v", prefix, m.ForIDs, m.UnknownIDs, m.Extra)
	case 7:
		m.Decline = r.IntN(2) == 0
		m.RevokeBuiltin = r.IntN(3) == 0
		m.Budget = []int{0, 1, 10}[r.IntN(3)]
		return fmt.Sprintf("%sdecline_pending=%v revoke_builtin=%v max_revocations=%d", prefix, m.Decline, m.RevokeBuiltin, m.Budget)
	case 8: // change a resource's client_id (a replacement)
		if len(names) > 0 {
			name := names[r.IntN(len(names))]
			for _, i := range r.Perm(len(pool)) {
				if _, ok := ids[pool[i].id]; !ok {
					c := newClient(r, i)
					c.Other = m.Managed[name].Other
					m.Managed[name] = c
					return prefix + "client_id of " + name + " -> " + c.ID
				}
			}
		}
	case 9: // a second resource for a client managed already, in the same organization or the other
		if len(names) > 0 {
			c := m.Managed[names[r.IntN(len(names))]]
			c.Other = r.IntN(2) == 0
			m.serial++
			m.dup = fmt.Sprintf("c%d", m.serial)
			m.Managed[m.dup] = c
			return fmt.Sprintf("%sadd %s, a second resource for %s (other organization: %v)", prefix, m.dup, c.ID, c.Other)
		}
	}
	return prefix + "no edit"
}

// byHand is a change an administrator makes by hand, as the emulator's
// change requests (a request replaces an authorization: a revoke, then the
// app's request, which the administrator may then approve or decline).
func byHand(r *rand.Rand) []emulator.ChangeRequest {
	p := pool[r.IntN(len(pool))]
	switch r.IntN(7) {
	case 0:
		var roles []string
		if len(p.roles) > 0 {
			roles = p.roles[r.IntN(len(p.roles))]
		}
		return []emulator.ChangeRequest{{Action: "authorize", ClientID: p.id, Scopes: []string{p.scopes[r.IntN(len(p.scopes))]}, Roles: roles}}
	case 1:
		return []emulator.ChangeRequest{{Action: "revoke", ClientID: p.id}}
	case 2:
		return []emulator.ChangeRequest{{Action: "revoke", ClientID: p.id}, {Action: "request", ClientID: p.id, Scopes: p.scopes[:1]}}
	case 3: // a pending request approved by hand
		return []emulator.ChangeRequest{{Action: "revoke", ClientID: p.id}, {Action: "request", ClientID: p.id, Scopes: p.scopes[:1]},
			{Action: "authorize", ClientID: p.id, Scopes: p.scopes[:1], Roles: firstRoles(p.roles)}}
	case 4: // a pending request declined by hand
		return []emulator.ChangeRequest{{Action: "revoke", ClientID: p.id}, {Action: "request", ClientID: p.id, Scopes: p.scopes[:1]},
			{Action: "unauthorize", ClientID: p.id}}
	case 5: // a role added to or taken from a built-in client
		for _, q := range pool {
			if q.builtin {
				if r.IntN(2) == 0 {
					return []emulator.ChangeRequest{{Action: "add-role", ClientID: q.id, Role: emulator.RoleSupervisor}}
				}
				return []emulator.ChangeRequest{{Action: "remove-role", ClientID: q.id, Role: emulator.RoleEmployee}}
			}
		}
	}
	return []emulator.ChangeRequest{{Action: "set-scopes", ClientID: p.id, Scopes: p.scopes[len(p.scopes)-1:]}}
}

func firstRoles(sets [][]string) []string {
	if len(sets) == 0 {
		return nil
	}
	return sets[0]
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
	// OtherCredentials: the saved plan is applied first with the other
	// organization's credentials in the environment, then with its own.
	OtherCredentials bool `json:"other_credentials,omitempty"`
	// AutoApprove: instead of the saved plan, terraform apply
	// -auto-approve with the plan's flags, as a pipeline applies after the
	// plan it showed; no hand change comes between, so its own plan is
	// the one shown.
	AutoApprove bool `json:"auto_approve,omitempty"`
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
	m := &model{config: config{Managed: map[string]managedClient{}, ForIDs: true, Budget: 10},
		authorized: map[string]bool{emulator.ClientTableau: true}} // the default seed's one authorization
	sc := scenario{Seed: seed, SeedJSON: defaultSeedJSON()}
	for i := range n {
		st := step{N: i + 1, Edit: m.edit(r)}
		if r.IntN(3) == 0 {
			st.Hand = byHand(r)
			m.noteHand(st.Hand)
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
		if names := slices.Sorted(maps.Keys(m.Managed)); r.IntN(8) == 0 && len(names) > 0 {
			st.Plan = append(st.Plan, "-target=genesysauth_authorized_client."+names[r.IntN(len(names))])
		}
		if r.IntN(10) == 0 && !slices.ContainsFunc(st.Plan, func(f string) bool { return isTarget(f) || strings.HasPrefix(f, "-replace=") }) {
			st.Plan = append(st.Plan, "-destroy") // Terraform refuses -destroy with -replace ("Unsupported plan mode")
		}
		st.OtherCredentials = r.IntN(8) == 0
		st.AutoApprove = !st.OtherCredentials && r.IntN(6) == 0
		if r.IntN(3) == 0 && !st.AutoApprove {
			st.HandAfterPlan = byHand(r)
			m.noteHand(st.HandAfterPlan)
		}
		if r.IntN(4) == 0 {
			st.Fault = faultBeforeApply(r)
		}
		sc.Steps = append(sc.Steps, st)
	}
	return sc
}

// orgWrite is a write in one organization (its ID).
type orgWrite struct {
	Org string
	emulator.Write
}

// blockOf says which provider block a resource address belongs to: true for
// the other organization's (alias other). Creates take it from the
// configuration, every other change from the state the plan was made from,
// so that the organization a write must go to comes from the
// configuration, never from the provider's own organization_id.
type blockOf func(address string, create bool) (other bool)

// shownWrites is what a saved plan shows it writes, each in the
// organization of its resource's provider block: a PUT for each client a
// genesysauth_authorized_client creates or updates, a DELETE for each it
// destroys, and a DELETE for each client of the exclusive resource's
// unmanaged map whose revoke or decline differs between before and after.
// wrongOrg lists the changes whose organization_id names another
// organization than their block's (orgID gives each block's).
func shownWrites(planJSON string, block blockOf, orgID func(other bool) string) (shown map[orgWrite]bool, wrongOrg []string, err error) {
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Type    string `json:"type"`
			Change  struct {
				Actions      []string       `json:"actions"`
				Before       map[string]any `json:"before"`
				After        map[string]any `json:"after"`
				AfterUnknown map[string]any `json:"after_unknown"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		return nil, nil, err
	}
	shown = map[orgWrite]bool{}
	str := func(v map[string]any, k string) string { s, _ := v[k].(string); return strings.ToLower(s) }
	check := func(address string, v map[string]any, want string) {
		if got := str(v, "organization_id"); got != want {
			wrongOrg = append(wrongOrg, fmt.Sprintf("%s: organization_id %q, its provider block's organization is %s", address, got, want))
		}
	}
	for _, rc := range plan.ResourceChanges {
		ch := rc.Change
		switch rc.Type {
		case "genesysauth_authorized_client":
			for _, a := range ch.Actions {
				switch a {
				case "create", "update":
					org := orgID(block(rc.Address, a == "create"))
					check(rc.Address, ch.After, org)
					shown[orgWrite{org, emulator.Write{Route: emulator.RoutePutAuthorization, ClientID: str(ch.After, "client_id")}}] = true
				case "delete":
					org := orgID(block(rc.Address, false))
					check(rc.Address, ch.Before, org)
					shown[orgWrite{org, emulator.Write{Route: emulator.RouteRevoke, ClientID: str(ch.Before, "client_id")}}] = true
				}
			}
		case "genesysauth_authorized_clients_exclusive":
			after, _ := ch.After["unmanaged"].(map[string]any)
			before, _ := ch.Before["unmanaged"].(map[string]any)
			org := orgID(false) // the scenario's exclusive resource is the default block's
			for cid, e := range after {
				entry, _ := e.(map[string]any)
				if a := entry["action"]; (a == "revoke" || a == "decline") && !reflect.DeepEqual(before[cid], e) {
					check(rc.Address, ch.After, org)
					shown[orgWrite{org, emulator.Write{Route: emulator.RouteRevoke, ClientID: strings.ToLower(cid)}}] = true
				}
			}
		}
	}
	return shown, wrongOrg, nil
}

// in is the writes of shown in the organization org.
func in(shown map[orgWrite]bool, org string) map[emulator.Write]bool {
	out := map[emulator.Write]bool{}
	for w := range shown {
		if w.Org == org {
			out[w.Write] = true
		}
	}
	return out
}

// violation is one broken promise: its kind (what the shrinker keeps
// failing) and what was seen.
type violation struct {
	Kind string
	Msg  string
}

// Violation kinds.
const (
	vPlanWrote          = "a plan wrote"
	vPlanExit           = "a plan exited other than 0 or 1 with an error"
	vShow               = "show -json failed"
	vUnshownWrite       = "apply made a write its plan did not show"
	vState              = "state differs from the organization"
	vRefresh            = "a refresh after a fault failed or wrote"
	vDestroy            = "destroy failed"
	vDestroyWrite       = "destroy wrote what its state did not manage"
	vOtherCreds         = "apply with the other organization's credentials went ahead"
	vWrongOrg           = "a change bound to another organization than its provider block's"
	vShownNotDone       = "apply succeeded without doing what its plan showed"
	vInconsistentResult = "the provider's apply result differs from its plan"
)

// outcome is what one run of a scenario saw.
type outcome struct {
	steps, written    int
	refusedDestroys   int      // destroys stopped by the owners conflict, then run with -refresh=false
	faults, faultsHit int      // faults armed before an apply, and those a call of the apply met
	refusedPlans      []string // the first error of each plan that exited 1
	failedApplies     []string // the first error of each apply of a saved plan that failed
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
	other := startEmulator(t, emulator.Options{OrganizationName: "Other Corp"})
	otherSrv := other
	orgs := orgsOf(srv, other)
	c := newCLI(t, srv)
	c.env = append(c.env, "TF_VAR_other_api_url="+other.URL(), "TF_VAR_other_token_url="+other.TokenURL())
	o := outcome{log: []string{fmt.Sprintf("seed %d", sc.Seed)}}
	resetCalls := func() { srv.ResetCalls(); other.ResetCalls() }
	// checkWrites holds each organization's writes since the last reset to
	// the writes the plan shows there, and returns how many there were.
	checkWrites := func(shown map[orgWrite]bool, when, out string) int {
		n := 0
		for org, s := range orgs {
			for _, w := range s.Writes() {
				n++
				if !shown[orgWrite{org, w}] {
					o.violation(vUnshownWrite, "%s made a write its plan did not show: %s %s in %s\n%s", when, w.Route, w.ClientID, s.Organization().Name, out)
				}
			}
		}
		return n
	}
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
		resetCalls()
		out, code := c.run(st.Plan...)
		o.log = append(o.log, fmt.Sprintf("terraform %s: exit %d", strings.Join(st.Plan, " "), code))
		for _, s := range orgs {
			if w := s.Writes(); len(w) > 0 {
				o.violation(vPlanWrote, "the plan wrote in %s: %v", s.Organization().Name, w)
			}
		}
		if code != 0 {
			if code != 1 || !strings.Contains(out, "Error") {
				o.violation(vPlanExit, "plan exited %d:\n%s", code, out)
			}
			o.refusedPlans = append(o.refusedPlans, planError(out))
			o.log = append(o.log, "  "+planError(out))
			continue
		}
		js, jcode := c.run("show", "-json", "tfplan")
		inState := stateClients(c)
		block := func(address string, create bool) bool {
			if create {
				return st.Config.Managed[strings.TrimPrefix(address, "genesysauth_authorized_client.")].Other
			}
			return slices.ContainsFunc(inState, func(r stateClient) bool { return r.address == address && r.other })
		}
		orgID := func(other bool) string {
			return strings.ToLower(map[bool]*emulator.Server{false: srv, true: otherSrv}[other].Organization().ID)
		}
		shown, wrongOrg, err := shownWrites(js, block, orgID)
		if jcode != 0 || err != nil {
			o.violation(vShow, "show -json: exit %d, %v", jcode, err)
			continue
		}
		for _, w := range wrongOrg {
			o.violation(vWrongOrg, "the plan binds a change to another organization than its provider block's: %s", w)
		}
		ownOrg := orgID(false)
		o.hand(srv, "by hand after the plan", st.HandAfterPlan)
		var fault *emulator.FaultRequest
		if st.Fault != nil {
			f := *st.Fault
			f.Route = faultRoute(f.Route, in(shown, ownOrg))
			if err := srv.InjectFaultRequest(f); err != nil {
				t.Fatalf("fault %+v: %v", f, err)
			}
			fault = &f
			o.log = append(o.log, fmt.Sprintf("fault armed: %s, %d times, on %s (%s)", f.Fault, f.Times, f.Route, st.Fault.Route))
		}
		if st.OtherCredentials {
			// The reviewed plan applied with the other organization's
			// credentials in the environment: the default block's changes
			// are refused before any write; the other block's own (its
			// endpoints are its own) may go ahead, as its plan showed.
			resetCalls()
			c.useOrganization(other)
			out, code := c.run("apply", "-input=false", "tfplan")
			c.useOrganization(srv)
			n := checkWrites(shown, "apply with the other organization's credentials", out)
			o.written += n
			o.log = append(o.log, fmt.Sprintf("terraform apply tfplan with the other organization's credentials: exit %d, %d writes", code, n))
			if code == 0 && len(in(shown, ownOrg)) > 0 {
				o.violation(vOtherCreds, "apply with the other organization's credentials exited 0, its plan showed writes in %s:\n%s", srv.Organization().Name, out)
			}
		}
		resetCalls()
		apply := st.applyArgs()
		out, code = c.run(apply...)
		srv.ClearFaults()
		if f := fault; f != nil {
			o.faults++
			calls := srv.Calls(f.Route)
			if calls > 0 {
				o.faultsHit++
			}
			o.log = append(o.log, fmt.Sprintf("the fault met %d of the apply's %d calls to its route", min(calls, f.Times), calls))
		}
		if code != 0 {
			o.failedApplies = append(o.failedApplies, planError(out))
		}
		if strings.Contains(out, "Provider produced inconsistent result after apply") {
			// Terraform's own words: a bug in the provider (the state it
			// returned is not what it planned), never a documented refusal.
			o.violation(vInconsistentResult, "apply: Provider produced inconsistent result after apply:\n%s", out)
		}
		writes := slices.Concat(srv.Writes(), other.Writes())
		o.written += checkWrites(shown, "apply", out)
		o.log = append(o.log, fmt.Sprintf("terraform %s: exit %d, writes %v, shown %v", strings.Join(apply, " "), code, writes, slices.Collect(maps.Keys(shown))))
		if code == 0 && !slices.Contains(st.Plan, "-refresh=false") && !slices.ContainsFunc(st.Plan, isTarget) {
			stale = false
		}
		if code == 0 && len(st.HandAfterPlan) == 0 {
			// What the plan shows is what apply does: each write it shows
			// was sent, and the organization holds its outcome.
			sent := map[orgWrite]bool{}
			for org, s := range orgs {
				for _, w := range s.Writes() {
					sent[orgWrite{org, w}] = true
				}
			}
			for w := range shown {
				if !sent[w] {
					o.violation(vShownNotDone, "apply exited 0 without the write its plan showed: %s %s in %s\n%s", w.Route, w.ClientID, orgs[w.Org].Organization().Name, out)
				} else if a, _ := orgs[w.Org].Authorization(w.ClientID); w.Route == emulator.RouteRevoke && a.State == "Authorized" &&
					!shown[orgWrite{w.Org, emulator.Write{Route: emulator.RoutePutAuthorization, ClientID: w.ClientID}}] { // a replacement authorizes it again
					o.violation(vShownNotDone, "apply exited 0, its plan's revoke of %s in %s was sent, and the organization holds it Authorized", w.ClientID, orgs[w.Org].Organization().Name)
				}
			}
		}
		stale = stale || len(st.HandAfterPlan) > 0
		if code == 0 && !stale {
			stateMatches(&o, c, orgs, ownOrg, orgID(true), "after apply")
		}
		if st.Fault != nil {
			// Whatever the fault did to the apply, a refresh brings the
			// state to what the organization holds, and writes nothing.
			resetCalls()
			out, code := c.run("apply", "-refresh-only", "-auto-approve", "-input=false")
			o.log = append(o.log, fmt.Sprintf("terraform apply -refresh-only -auto-approve: exit %d", code))
			w := slices.Concat(srv.Writes(), other.Writes())
			if code != 0 || len(w) > 0 {
				o.violation(vRefresh, "the refresh after the fault exited %d and wrote %v:\n%s", code, w, out)
			} else {
				stale = false
				stateMatches(&o, c, orgs, ownOrg, orgID(true), "after the refresh that followed the fault")
			}
		}
	}
	// A destroy is never blocked, and revokes only what the state manages,
	// each in its own organization.
	resetCalls()
	state := managedInState(c, strings.ToLower(srv.Organization().ID), strings.ToLower(other.Organization().ID))
	out, code := c.run("destroy", "-auto-approve", "-input=false")
	o.log = append(o.log, fmt.Sprintf("terraform destroy: exit %d", code))
	if code != 0 && len(srv.Writes())+len(other.Writes()) == 0 && strings.Contains(flat(out), "terraform destroy -refresh=false") {
		// The one documented refusal (an owners conflict in the
		// configuration, a plan error by design): counted, and the way
		// out its error names is taken and checked instead.
		o.refusedDestroys++
		out, code = c.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
		o.log = append(o.log, fmt.Sprintf("terraform destroy -refresh=false: exit %d", code))
	}
	if code != 0 {
		o.violation(vDestroy, "destroy failed:\n%s", out)
	} else {
		for w := range state {
			if a, _ := orgs[w.Org].Authorization(w.ClientID); a.State == "Authorized" {
				o.violation(vDestroy, "destroy exited 0 and %s still holds %s Authorized, a client its state managed", orgs[w.Org].Organization().Name, w.ClientID)
			}
		}
	}
	for org, s := range orgs {
		for _, w := range s.Writes() {
			o.written++
			if w.Route != emulator.RouteRevoke || !state[orgWrite{org, emulator.Write{Route: emulator.RouteRevoke, ClientID: w.ClientID}}] {
				o.violation(vDestroyWrite, "destroy wrote %s %s in %s, not a client its state managed there (%v)", w.Route, w.ClientID, s.Organization().Name, state)
			}
		}
	}
	return o
}

// loopbackPort is an emulator's address, which differs from run to run.
var loopbackPort = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// planError is the summary of a refused plan's (or apply's) first error,
// the emulator's port left out so that the tally counts it once.
func planError(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if _, msg, ok := strings.Cut(line, "Error: "); ok {
			return loopbackPort.ReplaceAllString(strings.TrimSpace(msg), "127.0.0.1:PORT")
		}
	}
	return "(no error line)"
}

// applyArgs is the step's apply: of the saved plan, or (AutoApprove)
// terraform apply -auto-approve with the plan's flags.
func (st step) applyArgs() []string {
	if !st.AutoApprove {
		return []string{"apply", "-input=false", "tfplan"}
	}
	args := []string{"apply", "-input=false", "-auto-approve"}
	for _, f := range st.Plan[1:] {
		if f != "-input=false" && f != "-out=tfplan" {
			args = append(args, f)
		}
	}
	return args
}

func isTarget(arg string) bool { return strings.HasPrefix(arg, "-target=") }

// orgsOf is the emulators by their organization's ID (lower case, as
// shownWrites names it).
func orgsOf(servers ...*emulator.Server) map[string]*emulator.Server {
	out := map[string]*emulator.Server{}
	for _, s := range servers {
		out[strings.ToLower(s.Organization().ID)] = s
	}
	return out
}

// managedInState is the revokes a destroy of the state's
// genesysauth_authorized_client resources may make, by the organization of
// each one's provider block.
func managedInState(c *cli, own, other string) map[orgWrite]bool {
	out := map[orgWrite]bool{}
	for _, r := range stateClients(c) {
		org := own
		if r.other {
			org = other
		}
		out[orgWrite{org, emulator.Write{Route: emulator.RouteRevoke, ClientID: r.id}}] = true
	}
	return out
}

// stateClient is a genesysauth_authorized_client of the state: its
// address, whether its provider block is the other organization's (from
// the state's provider address, not from the provider's attributes), and
// what it records.
type stateClient struct {
	address       string
	other         bool
	org, id       string
	scopes, roles []string
}

// stateClients is the state's genesysauth_authorized_client resources, read
// from terraform state pull.
func stateClients(c *cli) []stateClient {
	js, _ := c.run("state", "pull")
	var st struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Provider  string `json:"provider"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	_ = json.Unmarshal([]byte(js), &st)
	list := func(v any) []string {
		var out []string
		if ss, ok := v.([]any); ok {
			for _, s := range ss {
				out = append(out, strings.ToLower(fmt.Sprint(s)))
			}
		}
		slices.Sort(out)
		return out
	}
	var out []stateClient
	for _, r := range st.Resources {
		if r.Mode != "managed" || r.Type != "genesysauth_authorized_client" {
			continue
		}
		for _, in := range r.Instances {
			id, _ := in.Attributes["client_id"].(string)
			org, _ := in.Attributes["organization_id"].(string)
			out = append(out, stateClient{r.Type + "." + r.Name, strings.HasSuffix(r.Provider, ".other"), strings.ToLower(org),
				strings.ToLower(id), list(in.Attributes["scopes"]), list(in.Attributes["roles"])})
		}
	}
	return out
}

// stateMatches: each client the state manages is authorized in the
// organization of its provider block, with the state's scopes and roles,
// and the state's organization_id names that organization.
func stateMatches(o *outcome, c *cli, orgs map[string]*emulator.Server, own, other string, when string) {
	lower := func(ss []string) []string {
		out := make([]string, 0, len(ss))
		for _, s := range ss {
			out = append(out, strings.ToLower(s))
		}
		slices.Sort(out)
		return out
	}
	for _, r := range stateClients(c) {
		org := own
		if r.other {
			org = other
		}
		srv := orgs[org]
		if r.org != org {
			o.violation(vWrongOrg, "%s the state's %s records organization_id %q, its provider block's organization is %s", when, r.address, r.org, org)
		}
		a, ok := srv.Authorization(r.id)
		if !ok || a.State != "Authorized" || !slices.Equal(lower(a.Scope), r.scopes) || !slices.Equal(lower(a.Roles), r.roles) {
			o.violation(vState, "%s the state manages %s in %s with scopes %v roles %v, the organization holds %s %v %v",
				when, r.id, srv.Organization().Name, r.scopes, r.roles, a.State, a.Scope, a.Roles)
		}
	}
}

// TestAccCLI_invariants runs INVARIANT_N scenarios (default 2) from
// INVARIANT_SEED (default 1) of INVARIANT_STEPS steps (default 6);
// INVARIANT_LOG=1 prints each scenario's steps and what they saw. A
// scenario that fails is shrunk (at most INVARIANT_SHRINK_RUNS more runs,
// default 40; 0: none) and written as a replay directory under
// INVARIANT_OUT (default: a new directory in the temporary directory),
// whose path the failure names.
func TestAccCLI_invariants(t *testing.T) {
	t.Parallel()
	n, seed, steps := envInt(t, "INVARIANT_N", 2), envInt(t, "INVARIANT_SEED", 1), envInt(t, "INVARIANT_STEPS", 6)
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
		total.refusedPlans = append(total.refusedPlans, o.refusedPlans...)
		total.failedApplies = append(total.failedApplies, o.failedApplies...)
		violations += len(o.violations)
		for _, v := range o.violations {
			t.Errorf("VIOLATION (%s): %s", v.Kind, v.Msg)
		}
		if os.Getenv("INVARIANT_LOG") != "" {
			fmt.Println(strings.Join(o.log, "\n"))
		}
		if progress {
			fmt.Printf("invariants: seed %d %s (%d/%d)\n", s, map[bool]string{true: "ok", false: "VIOLATION"}[len(o.violations) == 0], i+1, n)
		}
		if len(o.violations) > 0 {
			reportShrunk(t, sc, o.violations[0])
		}
	}
	fmt.Printf("invariants: %d faults armed before an apply, %d met a call of it\n", total.faults, total.faultsHit)
	for what, errs := range map[string][]string{"plans refused": total.refusedPlans, "applies failed": total.failedApplies} {
		tally := map[string]int{}
		for _, e := range errs {
			tally[e]++
		}
		for _, e := range slices.Sorted(maps.Keys(tally)) {
			fmt.Printf("invariants: %d %s: %s\n", tally[e], what, e)
		}
	}
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
		var err error
		if budget, err = strconv.Atoi(s); err != nil || budget < 0 {
			t.Fatalf("INVARIANT_SHRINK_RUNS=%q: a number of runs, 0 for none", s)
		}
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

// envInt is the positive integer the variable name holds, def when it is
// unset; any other value stops the test, so that a typo does not run
// another number of scenarios than asked for.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		t.Fatalf("%s=%q: a positive integer, or unset for %d", name, s, def)
	}
	return v
}
