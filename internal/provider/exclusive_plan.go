package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// What genesysauth_authorized_clients_exclusive does with each client
// outside client_ids, decided at plan time from the refreshed state and the
// configuration, so that the plan Terraform makes again at apply time (a
// saved plan's included) is the same one.

// Actions of an unmanaged client.
const (
	actionRevoke  = "revoke"  // an authorized client: apply revokes it
	actionDecline = "decline" // a pending request, with decline_pending: apply declines it
	actionKeep    = "keep"    // left as it is
)

// record is one authorized or pending client as a refresh found it.
type record struct {
	ClientID string // lower case, as the API writes IDs
	Name     string
	Builtin  bool
	State    string
	// ModifiedBy and ModifiedAt say who last changed the record and when,
	// as the API says it: empty where it does not.
	ModifiedBy string
	ModifiedAt string
}

// entry is a record outside client_ids with what apply does with it. An
// empty State is unknown (a request apply declines: the organization's
// answer is recorded).
type entry struct {
	record
	Action string
}

// recordModel is an element of authorizations; entryModel one of
// unmanaged. Their object types come from the schema (recordType,
// entryType), so the two are never spelled out twice.
type recordModel struct {
	ClientName types.String `tfsdk:"client_name"`
	Builtin    types.Bool   `tfsdk:"builtin"`
	State      types.String `tfsdk:"state"`
	ModifiedBy types.String `tfsdk:"modified_by"`
	ModifiedAt types.String `tfsdk:"modified_at"`
}

type entryModel struct {
	ClientName types.String `tfsdk:"client_name"`
	Builtin    types.Bool   `tfsdk:"builtin"`
	State      types.String `tfsdk:"state"` // unknown: a request apply declines
	Action     types.String `tfsdk:"action"`
	ModifiedBy types.String `tfsdk:"modified_by"`
	ModifiedAt types.String `tfsdk:"modified_at"`
}

var (
	recordType = nestedType("authorizations")
	entryType  = nestedType("unmanaged")
)

// nestedType is the object type of a map-nested attribute of the schema.
func nestedType(name string) attr.Type {
	a, ok := exclusiveSchema().Attributes[name].(schema.MapNestedAttribute)
	if !ok {
		panic("genesysauth_authorized_clients_exclusive has no map-nested attribute " + name)
	}
	return a.NestedObject.Type()
}

// stateValue is a record's state, unknown when empty.
func stateValue(state string) types.String {
	if state == "" {
		return types.StringUnknown()
	}
	return types.StringValue(state)
}

// mapOf builds a map value of elemType from typed elements; the models
// match the schema's types, so a failure is a bug in this provider.
func mapOf[T any](elemType attr.Type, elems map[string]T) types.Map {
	m, diags := types.MapValueFrom(context.Background(), elemType, elems)
	if diags.HasError() {
		panic(fmt.Sprintf("the exclusive resource's models do not match its schema: %v", diags))
	}
	return m
}

func recordsMap(records []record) types.Map {
	m := make(map[string]recordModel, len(records))
	for _, r := range records {
		m[r.ClientID] = recordModel{ClientName: types.StringValue(r.Name), Builtin: types.BoolValue(r.Builtin),
			State: stateValue(r.State), ModifiedBy: optionalString(r.ModifiedBy), ModifiedAt: optionalString(r.ModifiedAt)}
	}
	return mapOf(recordType, m)
}

func unmanagedMap(entries []entry) types.Map {
	m := make(map[string]entryModel, len(entries))
	for _, e := range entries {
		m[e.ClientID] = entryModel{ClientName: types.StringValue(e.Name), Builtin: types.BoolValue(e.Builtin),
			State: stateValue(e.State), Action: types.StringValue(e.Action),
			ModifiedBy: optionalString(e.ModifiedBy), ModifiedAt: optionalString(e.ModifiedAt)}
	}
	return mapOf(entryType, m)
}

// known reads the values of one element that must be known: an element of
// another shape, or with a null or unknown value where the provider always
// writes one, is an error naming the attribute and the client.
func known(attribute, id string, diags *diagsT, vals map[string]attr.Value) bool {
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		if v := vals[name]; v.IsNull() || v.IsUnknown() {
			diags.AddAttributeError(path.Root(attribute).AtMapKey(id).AtName(name), "Unexpected value in "+attribute,
				fmt.Sprintf("Client %s: %s is %s, where this provider always writes a value. This is a bug in the "+
					"provider: please report it.", id, name, map[bool]string{true: "null", false: "unknown"}[v.IsNull()]))
			return false
		}
	}
	return true
}

// recordsOf reads the authorizations map, sorted by client ID. A value of
// another shape is an error, never an empty record.
func recordsOf(ctx context.Context, m types.Map, diags *diagsT) []record {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var models map[string]recordModel
	if d := m.ElementsAs(ctx, &models, false); d.HasError() {
		diags.Append(d...)
		return nil
	}
	out := make([]record, 0, len(models))
	for _, id := range slices.Sorted(maps.Keys(models)) {
		r := models[id]
		if !known("authorizations", id, diags, map[string]attr.Value{"client_name": r.ClientName, "builtin": r.Builtin,
			"state": r.State}) {
			return nil
		}
		out = append(out, record{ClientID: id, Name: r.ClientName.ValueString(), Builtin: r.Builtin.ValueBool(),
			State: r.State.ValueString(), ModifiedBy: r.ModifiedBy.ValueString(), ModifiedAt: r.ModifiedAt.ValueString()})
	}
	return out
}

// entriesOf reads the unmanaged map, sorted by client ID. An unknown state
// is "" (a request apply declines); a value of another shape is an error.
func entriesOf(ctx context.Context, m types.Map, diags *diagsT) []entry {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var models map[string]entryModel
	if d := m.ElementsAs(ctx, &models, false); d.HasError() {
		diags.Append(d...)
		return nil
	}
	out := make([]entry, 0, len(models))
	for _, id := range slices.Sorted(maps.Keys(models)) {
		e := models[id]
		vals := map[string]attr.Value{"client_name": e.ClientName, "builtin": e.Builtin, "action": e.Action}
		if e.State.IsNull() {
			vals["state"] = e.State
		}
		if !known("unmanaged", id, diags, vals) {
			return nil
		}
		out = append(out, entry{
			record: record{ClientID: id, Name: e.ClientName.ValueString(), Builtin: e.Builtin.ValueBool(),
				State: e.State.ValueString(), ModifiedBy: e.ModifiedBy.ValueString(), ModifiedAt: e.ModifiedAt.ValueString()},
			Action: e.Action.ValueString(),
		})
	}
	return out
}

// knownIDs reads client_ids element by element: the known IDs, and whether
// every element (and the set itself) is known.
func knownIDs(s types.Set) (idSet, bool) {
	ids := idSet{}
	if s.IsUnknown() {
		return ids, false
	}
	complete := true
	for _, v := range s.Elements() {
		str, ok := v.(types.String)
		switch {
		case !ok || str.IsUnknown():
			complete = false
		case !str.IsNull():
			ids.put(str.ValueString())
		}
	}
	return ids, complete
}

// refreshEntries is what a refresh records: every record outside client_ids,
// kept as it is. The plan decides the actions.
func refreshEntries(records []record, allowed idSet) []entry {
	var out []entry
	for _, r := range records {
		if !allowed.has(r.ClientID) {
			out = append(out, entry{record: r, Action: actionKeep})
		}
	}
	return out
}

// decide gives each record outside client_ids its action: an authorized
// client is revoked and a pending request declined (with decline_pending)
// unless it is built-in (without revoke_builtin) or a request the
// organization already did not decline.
func decide(records []record, allowed idSet, decline, revokeBuiltin bool, undeclined idSet) []entry {
	out := refreshEntries(records, allowed)
	for i := range out {
		e := &out[i]
		if e.Builtin && !revokeBuiltin {
			continue
		}
		switch {
		case e.State == genesys.StateAuthorized:
			e.Action, e.State = actionRevoke, genesys.StateRevoked
		case e.State == genesys.StateRequested && decline && !undeclined.has(e.ClientID):
			e.Action, e.State = actionDecline, ""
		}
	}
	return out
}

// warnUnknown reports whether client_ids, decline_pending or revoke_builtin
// is unknown, wholly or an element of it, and warns on each: which clients
// are outside, and so what apply revokes, would be computed by the plan
// Terraform makes again at apply time, which nobody reviews. Such a plan
// revokes nothing: it keeps unmanaged as the state has it (a create: every
// client outside the known IDs, kept), a known value, so that if the plan
// made again at apply time would revoke or decline anything, Terraform
// stops the apply before any write ("Provider produced inconsistent final
// plan"). Not an error: terraform destroy begins with a normal plan of the
// configuration, and an error would block it.
func warnUnknown(plan exclusiveModel, diags *diagsT) bool {
	_, idsKnown := knownIDs(plan.ClientIDs)
	what := "An element of client_ids has"
	if plan.ClientIDs.IsUnknown() {
		what = "client_ids has"
	}
	unknown := false
	for _, u := range []struct {
		attr, what, literal string
		unknown             bool
	}{
		{"client_ids", what, "write the client ID as a literal", !idsKnown},
		{"decline_pending", "decline_pending has", "write true or false", plan.DeclinePending.IsUnknown()},
		{"revoke_builtin", "revoke_builtin has", "write true or false", plan.RevokeBuiltin.IsUnknown()},
	} {
		if !u.unknown {
			continue
		}
		unknown = true
		diags.AddAttributeWarning(path.Root(u.attr), u.attr+" is known only after apply: this plan revokes nothing",
			u.what+" a value known only after apply. Which clients this resource revokes or declines depends on it, "+
				"so they would be decided at apply time, unreviewed: this plan revokes and declines nothing (unmanaged "+
				"shows no change). If, once the value is known at apply time, this resource would revoke or decline a "+
				"client, Terraform stops the apply before anything is revoked (\"Provider produced inconsistent final "+
				"plan\" on unmanaged). Apply what the value depends on first, for example terraform apply "+
				"-target=<the resource it depends on>, then plan again and review the revocations; or "+u.literal+"."+
				"\n\nThis is a warning, not an error: terraform destroy begins with a normal plan of the whole "+
				"configuration, which the provider cannot tell from this one, and an error here would block it.")
	}
	return unknown
}

// knownOnly is the known IDs of client_ids (its unknown elements left out).
func knownOnly(s types.Set) idSet {
	ids, _ := knownIDs(s)
	return ids
}

// planExclusive decides the plan's unmanaged map; every value it reads is
// known (warnUnknown).
func planExclusive(plan exclusiveModel, records []record, prior map[string]entry, undeclined idSet, diags *diagsT) []entry {
	allowed, _ := knownIDs(plan.ClientIDs)
	entries := decide(records, allowed, plan.DeclinePending.ValueBool(), plan.RevokeBuiltin.ValueBool(), undeclined)
	for i, e := range entries {
		if p, ok := prior[e.ClientID]; ok && done(e, p, undeclined) {
			entries[i] = p
		}
	}
	if plan.DeclinePending.ValueBool() {
		var kept []string
		for _, e := range entries {
			if e.State == genesys.StateRequested && undeclined.has(e.ClientID) {
				kept = append(kept, fmt.Sprintf("%s (%s)", e.Name, e.ClientID))
			}
		}
		if len(kept) > 0 {
			diags.AddWarning("Pending requests the organization did not decline",
				"When apply asked, the organization kept these requests pending (DELETE /api/v2/oauth/authorizations/"+
					"{clientId} changed nothing): "+strings.Join(kept, "; ")+". They are kept (action \"keep\") and not "+
					"asked again; decline them in Admin > Integrations > Authorized Applications.")
		}
	}
	return entries
}

// outcomeAfterApply leaves the state of each client a create revokes known
// only after apply, as a decline's already is. A create's plan is shown
// against the object it replaces, if any (-replace, taint, a change that
// requires a new resource), and the provider is not told that object:
// Terraform plans a tainted object's replacement as a plain create. Planned
// as "Revoked", an entry would read the same as the old object's record of
// a revocation its last apply made; with -refresh=false, a client
// authorized again by hand since would then be revoked with its entry
// shown unchanged, hidden by the CLI and "already done" to the policies.
// Unknown, it is a change in the plan's text and JSON whatever the old
// object held.
func outcomeAfterApply(entries []entry) {
	for i := range entries {
		if entries[i].Action == actionRevoke {
			entries[i].State = ""
		}
	}
}

// done reports whether the prior state's entry p shows the last apply
// already did what the plan's entry e asks: the state keeps the entry as
// apply left it until a refresh reads the organization again, so a plan
// without a refresh (-refresh=false) shows no change that would do nothing.
// A revoke or decline is done once its state moved on; a decline the
// organization refused is kept (undeclined) and stays as apply recorded it.
func done(e, p entry, undeclined idSet) bool {
	if e.Name != p.Name || e.Builtin != p.Builtin {
		return false
	}
	switch {
	case e.Action == p.Action && (p.Action == actionRevoke || p.Action == actionDecline):
		return p.State != "" && p.State != stateBefore(p.Action)
	case e.Action == actionKeep && p.Action == actionDecline:
		return undeclined.has(e.ClientID) && p.State == genesys.StateRequested && e.State == genesys.StateRequested
	}
	return false
}

// describe names the entries with one of the actions: "Name (ID, revoke,
// built-in)".
func describe(entries []entry, actions ...string) []string {
	var out []string
	for _, e := range entries {
		if !slices.Contains(actions, e.Action) {
			continue
		}
		s := fmt.Sprintf("%s (%s, %s", e.Name, e.ClientID, e.Action)
		if e.Builtin {
			s += ", built-in"
		}
		out = append(out, s+"), last changed "+e.changedBy())
	}
	return out
}

// changedBy says who last changed the record and when, as far as the API
// said at the refresh.
func (r record) changedBy() string { return whoWhen(r.ModifiedBy, r.ModifiedAt) }

// undeclinedKey is the private state key of the requests the organization
// did not decline when apply asked: the plan keeps them instead of asking
// again on every run.
const undeclinedKey = "undeclined_requests"

type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func readUndeclined(ctx context.Context, p privateReader, diags *diagsT) idSet {
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

func writeUndeclined(ctx context.Context, p privateWriter, ids idSet, diags *diagsT) {
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
