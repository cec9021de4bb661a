package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// The private state of a resource: bytes per key that Terraform keeps
// beside the state and hands back on the next call. Its reader and writer
// are the framework's (the request's and the response's Private); the keys
// live with what uses them: ownerKey (owners.go), orgKey
// (organization_binding.go) and undeclinedKey below.

type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// undeclinedKey is the private state key of the requests the organization
// did not decline when apply asked: the plan keeps them instead of asking
// again on every run.
const undeclinedKey = "undeclined_requests"

func readUndeclined(ctx context.Context, p privateReader, diags *diag.Diagnostics) idSet {
	out := idSet{}
	if p == nil {
		return out
	}
	data, d := p.GetKey(ctx, undeclinedKey)
	diags.Append(d...)
	if len(data) == 0 {
		return out
	}
	var ids []string
	if err := json.Unmarshal(data, &ids); err != nil {
		diags.AddWarning("Unreadable private state", "The list of undeclined requests was unreadable and is dropped: "+err.Error())
		return out
	}
	for _, id := range ids {
		out.put(id)
	}
	return out
}

func writeUndeclined(ctx context.Context, p privateWriter, ids idSet, diags *diag.Diagnostics) {
	if p == nil {
		return
	}
	var data []byte
	if len(ids) > 0 {
		data, _ = json.Marshal(ids.keys())
	}
	diags.Append(p.SetKey(ctx, undeclinedKey, data)...)
}

// stillPending keeps the IDs whose record is still a pending request.
func (s idSet) stillPending(records []record) idSet {
	out := idSet{}
	for _, r := range records {
		if s.has(r.ClientID) && r.State == genesys.StateRequested {
			out.put(r.ClientID)
		}
	}
	return out
}
