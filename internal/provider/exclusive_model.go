package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The values of genesysauth_authorized_clients_exclusive's unmanaged and
// authorizations maps, and their conversion to and from the plain records
// and entries that the plan's decisions (exclusive_plan.go) and apply
// (exclusive_apply.go) work on.

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
// unmanaged. Their object types are recordType and entryType.
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

// recordType and entryType are the object types of recordModel and
// entryModel, field by field; the schema's map-nested attributes
// authorizations and unmanaged have the same types
// (TestExclusiveSchema_nestedTypesAreTheModels holds the two together).
var (
	recordType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"client_name": types.StringType, "builtin": types.BoolType, "state": types.StringType,
		"modified_by": types.StringType, "modified_at": types.StringType,
	}}
	entryType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"client_name": types.StringType, "builtin": types.BoolType, "state": types.StringType,
		"action": types.StringType, "modified_by": types.StringType, "modified_at": types.StringType,
	}}
)

// stateValue is a record's state, unknown when empty.
func stateValue(state string) types.String {
	if state == "" {
		return types.StringUnknown()
	}
	return types.StringValue(state)
}

// mapOf builds a map value of elemType from typed elements. The models
// match the schema's types (TestExclusiveSchema_nestedTypesAreTheModels),
// so an error here is a bug in this provider, reported as one.
func mapOf[T any](elemType attr.Type, elems map[string]T, diags *diag.Diagnostics) types.Map {
	m, d := types.MapValueFrom(context.Background(), elemType, elems)
	if d.HasError() {
		diags.AddError("The exclusive resource's models do not match its schema",
			fmt.Sprintf("%v\n\nThis is a bug in the provider: nothing was written for it; report it.", d))
		return types.MapNull(elemType)
	}
	return m
}

func recordsMap(records []record, diags *diag.Diagnostics) types.Map {
	m := make(map[string]recordModel, len(records))
	for _, r := range records {
		m[r.ClientID] = recordModel{ClientName: types.StringValue(r.Name), Builtin: types.BoolValue(r.Builtin),
			State: stateValue(r.State), ModifiedBy: optionalString(r.ModifiedBy), ModifiedAt: optionalString(r.ModifiedAt)}
	}
	return mapOf(recordType, m, diags)
}

func unmanagedMap(entries []entry, diags *diag.Diagnostics) types.Map {
	m := make(map[string]entryModel, len(entries))
	for _, e := range entries {
		m[e.ClientID] = entryModel{ClientName: types.StringValue(e.Name), Builtin: types.BoolValue(e.Builtin),
			State: stateValue(e.State), Action: types.StringValue(e.Action),
			ModifiedBy: optionalString(e.ModifiedBy), ModifiedAt: optionalString(e.ModifiedAt)}
	}
	return mapOf(entryType, m, diags)
}

// known reads the values of one element that must be known: an element of
// another shape, or with a null or unknown value where the provider always
// writes one, is an error naming the attribute and the client.
func known(attribute, id string, diags *diag.Diagnostics, vals map[string]attr.Value) bool {
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
func recordsOf(ctx context.Context, m types.Map, diags *diag.Diagnostics) []record {
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
func entriesOf(ctx context.Context, m types.Map, diags *diag.Diagnostics) []entry {
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

// knownOnly is the known IDs of client_ids (its unknown elements left out).
func knownOnly(s types.Set) idSet {
	ids, _ := knownIDs(s)
	return ids
}

// changedBy says who last changed the record and when, as far as the API
// said at the refresh.
func (r record) changedBy() string { return whoWhen(r.ModifiedBy, r.ModifiedAt) }
