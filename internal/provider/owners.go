package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
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
}

type owners struct {
	mu     sync.Mutex
	claims map[string]claim // instance token -> its claim
}

// conflict is a second claim on one client (or a second exclusive list),
// as a plan error's summary and detail.
type conflict struct{ summary, detail string }

// record replaces the instance's claim with c and returns the conflict it
// makes with another instance's, if any.
func (o *owners) record(token string, c claim) *conflict {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.claims == nil {
		o.claims = map[string]claim{}
	}
	o.claims[token] = c
	for other, oc := range o.claims {
		if other == token {
			continue
		}
		switch {
		case c.keeps != "" && oc.keeps == c.keeps:
			return duplicateClient(c.keeps)
		case c.keeps != "" && oc.revokes == c.keeps:
			return revokedAndKept(c.keeps)
		case c.revokes != "" && oc.keeps == c.revokes:
			return revokedAndKept(c.revokes)
		case c.exclusive && oc.exclusive:
			return &conflict{"Two genesysauth_authorized_clients_exclusive resources for one organization",
				"This provider configuration has two genesysauth_authorized_clients_exclusive resources. Each takes its " +
					"client_ids as the whole truth, so each would revoke the clients that only the other lists, and the " +
					"first apply would change what the second planned. Keep one per organization (per provider " +
					"configuration) and list every client allowed to stay authorized in its client_ids."}
		}
	}
	return nil
}

// revokes reports whether an instance of this plan revokes the client.
func (o *owners) revokes(clientID string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := idKey(clientID)
	for _, c := range o.claims {
		if c.revokes == id {
			return true
		}
	}
	return false
}

func duplicateClient(id string) *conflict {
	return &conflict{"Two resources for one OAuth client",
		fmt.Sprintf("OAuth client %s is declared by two genesysauth_authorized_client resources of this provider "+
			"configuration (client IDs compare without case). Each apply would overwrite the other's scopes and roles, "+
			"and destroying either revokes the client for both. Keep one resource per client: remove one of them, and "+
			"put the scopes and roles you want into the other.", id)}
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
func instanceToken(ctx context.Context, p privateReader, out privateWriter, diags *diagsT) string {
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
