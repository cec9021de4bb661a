package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// One owner per client in a configuration. A provider configuration is one
// process for a whole plan, and every resource of it is planned through
// that process: each ModifyPlan records what its instance claims (the
// client it keeps authorized after apply, the client its apply revokes, or
// the organization's exclusive list), and the plan that meets a second
// claim on one client fails. Whichever of the two is planned second fails,
// so the order Terraform plans them in does not matter. Across workspaces,
// state files or provider configurations nothing is shared, so nothing is
// seen: the README says so.

// ownerKey is the private state key of an instance's token. Terraform plans
// a replacement twice (the change, then the create with a null prior
// state), handing the first answer's private data to the second: the token
// tells that second call from another resource's.
const ownerKey = "owner"

// claim is what one resource instance's plan does with clients. IDs are in
// lower case.
type claim struct {
	keeps     string // authorized after apply: a create, an import, an update or no change
	revokes   string // revoked by apply: a destroy, or the old client of a replacement
	exclusive bool   // the organization's exclusive list
	// allowed is an exclusive list's client_ids, nil while not known at plan
	// time; revokeBuiltin its revoke_builtin.
	allowed       idSet
	revokeBuiltin bool
}

// merge is what one instance claims over its plan calls: Terraform plans a
// replacement twice, the change (prior state: the old client revoked) and
// then the create (null prior state), and the second call knows nothing of
// the first's revocation. An instance's claims only add up within one plan.
func (c claim) merge(later claim) claim {
	if later.keeps == "" {
		later.keeps = c.keeps
	}
	if later.revokes == "" {
		later.revokes = c.revokes
	}
	later.exclusive = later.exclusive || c.exclusive
	if later.allowed == nil {
		later.allowed, later.revokeBuiltin = c.allowed, c.revokeBuiltin
	}
	return later
}

// revokesKept reports whether an exclusive list revokes the client another
// instance keeps authorized: the client is outside its client_ids, and
// either not built-in or revoke_builtin is set. A list not known at plan
// time is refused by its own plan.
func (c claim) revokesKept(ctx context.Context, id string, builtin func(context.Context, string) bool) bool {
	if !c.exclusive || c.allowed == nil || id == "" || c.allowed.has(id) {
		return false
	}
	return c.revokeBuiltin || builtin == nil || !builtin(ctx, id)
}

// owners holds every instance's claims and indexes them by client, so that
// recording one is a few map look-ups however many resources the plan has
// (a plan of N resources records at least N claims).
type owners struct {
	mu     sync.Mutex
	claims map[string]claim // instance token -> its claims, merged
	// keepers and revokers are the tokens whose claim keeps or revokes each
	// client; exclusives the tokens of exclusive lists.
	keepers, revokers map[string]map[string]bool
	exclusives        map[string]bool
	// builtin tells a built-in client (which an exclusive list without
	// revoke_builtin leaves alone); read only when a conflict depends on it.
	builtin func(ctx context.Context, clientID string) bool
}

// conflict is a second claim on one client (or a second exclusive list),
// as a plan error's summary and detail.
type conflict struct{ summary, detail string }

// record merges c into the instance's claims and returns the conflict they
// make with another instance's, if any.
func (o *owners) record(ctx context.Context, token string, c claim) *conflict {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.claims == nil {
		o.claims = map[string]claim{}
		o.keepers, o.revokers, o.exclusives = map[string]map[string]bool{}, map[string]map[string]bool{}, map[string]bool{}
	}
	if earlier, ok := o.claims[token]; ok {
		c = earlier.merge(c)
		o.unindex(token, earlier)
	}
	o.claims[token] = c
	o.index(token, c)
	others := func(set map[string]bool) bool { return len(set) > 1 || (len(set) == 1 && !set[token]) }
	switch {
	case c.keeps != "" && others(o.keepers[c.keeps]):
		return duplicateClient(c.keeps)
	case c.keeps != "" && others(o.revokers[c.keeps]):
		return revokedAndKept(c.keeps)
	case c.revokes != "" && others(o.keepers[c.revokes]):
		return revokedAndKept(c.revokes)
	case c.exclusive && others(o.exclusives):
		return &conflict{"Two genesysauth_authorized_clients_exclusive resources for one organization",
			"This provider configuration has two genesysauth_authorized_clients_exclusive resources. Each takes its " +
				"client_ids as the whole truth, so each would revoke the clients that only the other lists, and the " +
				"first apply would change what the second planned. Keep one per organization (per provider " +
				"configuration) and list every client allowed to stay authorized in its client_ids."}
	}
	for other := range o.exclusives {
		if other != token && o.claims[other].revokesKept(ctx, c.keeps, o.builtin) {
			return keptOutsideExclusive(c.keeps)
		}
	}
	if c.exclusive && c.allowed != nil {
		// The one claim that meets every other: an exclusive list against
		// each client kept. The first such client in order, so the error
		// names the same client on every run.
		var first string
		for id, tokens := range o.keepers {
			if (first == "" || id < first) && others(tokens) && c.revokesKept(ctx, id, o.builtin) {
				first = id
			}
		}
		if first != "" {
			return keptOutsideExclusive(first)
		}
	}
	return nil
}

func (o *owners) index(token string, c claim) {
	add := func(m map[string]map[string]bool, id string) {
		if id == "" {
			return
		}
		if m[id] == nil {
			m[id] = map[string]bool{}
		}
		m[id][token] = true
	}
	add(o.keepers, c.keeps)
	add(o.revokers, c.revokes)
	if c.exclusive {
		o.exclusives[token] = true
	}
}

func (o *owners) unindex(token string, c claim) {
	drop := func(m map[string]map[string]bool, id string) {
		if delete(m[id], token); len(m[id]) == 0 {
			delete(m, id)
		}
	}
	drop(o.keepers, c.keeps)
	drop(o.revokers, c.revokes)
	delete(o.exclusives, token)
}

func keptOutsideExclusive(id string) *conflict {
	return &conflict{"OAuth client managed outside the exclusive resource's client_ids",
		fmt.Sprintf("OAuth client %s is declared by a genesysauth_authorized_client resource of this provider "+
			"configuration, and the genesysauth_authorized_clients_exclusive resource of the same configuration does not "+
			"list it in client_ids, so it would revoke the client: each apply would revoke what the other resource "+
			"authorizes, and the next would authorize it again, an outage every other run. Nothing was written.\n\n"+
			"List the client in client_ids (client IDs compare without case), for example by taking the list from the "+
			"resources: client_ids = [for c in genesysauth_authorized_client.all : c.client_id]. Or, to have the client "+
			"revoked, remove its genesysauth_authorized_client resource in the same change. (terraform destroy meets "+
			"this check too, in its first, normal plan: fix the configuration, or run terraform destroy -refresh=false.)", id)}
}

func duplicateClient(id string) *conflict {
	return &conflict{"Two resources for one OAuth client",
		fmt.Sprintf("OAuth client %s is declared by two genesysauth_authorized_client resources of this provider "+
			"configuration (client IDs compare without case). Each apply would overwrite the other's scopes and roles, "+
			"and destroying either revokes the client for both. Keep one resource per client: remove one of them, and "+
			"put the scopes and roles you want into the other. (terraform destroy meets this check too, in its first, "+
			"normal plan: remove one of them, or run terraform destroy -refresh=false, which destroys what the state "+
			"holds.)", id)}
}

func revokedAndKept(id string) *conflict {
	return &conflict{"OAuth client revoked and authorized in one plan",
		fmt.Sprintf("OAuth client %s is managed by a resource that this plan destroys or replaces, and declared by "+
			"another genesysauth_authorized_client that this plan creates, imports or keeps. Apply would revoke the "+
			"client and authorize it, in an order Terraform does not fix, and could leave it revoked for every user.\n\n"+
			"If you renamed the resource, tell Terraform with a moved block (with your resources' addresses), which "+
			"keeps the authorization as it is, and run terraform plan again:\n\n"+
			"moved {\n  from = genesysauth_authorized_client.old_name\n  to   = genesysauth_authorized_client.new_name\n}\n\n"+
			"Do not import it instead: the import would succeed and the destroy of the old address would then revoke "+
			"the client. To move a client between two resources on purpose, apply the removal first, then the "+
			"addition. (terraform destroy meets this check too, in its first, normal plan: write the moved block, "+
			"or run terraform destroy -refresh=false.)", id)}
}

// instanceToken reads the instance's token from its private state, or makes
// one for an instance that has none yet (a create, an import, a state
// written by an earlier version). The token goes into the planned private
// state.
func instanceToken(ctx context.Context, p privateReader, out privateWriter, diags *diag.Diagnostics) string {
	if p != nil {
		if data, _ := p.GetKey(ctx, ownerKey); len(data) > 0 {
			var token string
			if json.Unmarshal(data, &token) == nil && token != "" {
				return token
			}
		}
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	if out != nil {
		data, _ := json.Marshal(token)
		diags.Append(out.SetKey(ctx, ownerKey, data)...)
	}
	return token
}
