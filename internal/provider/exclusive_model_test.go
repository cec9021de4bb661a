package provider

import (
	"context"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// The nested objects are read through their typed models: what the
// provider writes reads back the same (an unknown state as ""), and a value
// of another shape, or a null where the provider always writes a value, is
// an error, never "".
func TestNestedObjects_wrongShapeIsAnError(t *testing.T) {
	ctx := context.Background()
	entries := []entry{
		{record: record{ClientID: "a", Name: "A", Builtin: true, State: genesys.StateAuthorized}, Action: actionKeep},
		{record: record{ClientID: "b", Name: "B", State: ""}, Action: actionDecline},
	}
	var diags diag.Diagnostics
	if got := entriesOf(ctx, unmanagedMap(entries, &diags), &diags); !reflect.DeepEqual(got, entries) || diags.HasError() {
		t.Errorf("round trip: %+v %v", got, diags)
	}
	records := []record{entries[0].record}
	if got := recordsOf(ctx, recordsMap(records, &diags), &diags); !reflect.DeepEqual(got, records) || diags.HasError() {
		t.Errorf("round trip: %+v %v", got, diags)
	}
	obj := func(vals map[string]attr.Value) types.Map {
		attrTypes := map[string]attr.Type{}
		for name, v := range vals {
			attrTypes[name] = v.Type(ctx)
		}
		o := types.ObjectValueMust(attrTypes, vals)
		return types.MapValueMust(o.Type(ctx), map[string]attr.Value{"c": o})
	}
	full := map[string]attr.Value{"client_name": types.StringValue("C"), "builtin": types.BoolValue(false),
		"state": types.StringValue(genesys.StateAuthorized), "action": types.StringValue(actionRevoke),
		"modified_by": types.StringNull(), "modified_at": types.StringNull()}
	nullName := maps.Clone(full)
	nullName["client_name"] = types.StringNull()
	unknownAction := maps.Clone(full)
	unknownAction["action"] = types.StringUnknown()
	cases := map[string]struct {
		m       types.Map
		records bool
		want    string
	}{
		"unmanaged read as authorizations": {m: unmanagedMap(entries, &diags), records: true},
		"authorizations read as unmanaged": {m: recordsMap(records, &diags)},
		"a null client_name":               {m: obj(nullName), want: "client_name is null"},
		"an unknown action":                {m: obj(unknownAction), want: "action is unknown"},
		"a string for builtin": {m: obj(map[string]attr.Value{"client_name": types.StringValue("C"),
			"builtin": types.StringValue("yes"), "state": types.StringValue("x"), "action": types.StringValue(actionRevoke)})},
	}
	for name, tc := range cases {
		var diags diag.Diagnostics
		var n int
		if tc.records {
			n = len(recordsOf(ctx, tc.m, &diags))
		} else {
			n = len(entriesOf(ctx, tc.m, &diags))
		}
		if !diags.HasError() || n != 0 {
			t.Errorf("%s: %d read, diagnostics %v; want an error and nothing read", name, n, diags)
			continue
		}
		if tc.want != "" && !strings.Contains(diags.Errors()[0].Detail(), tc.want) {
			t.Errorf("%s: %q lacks %q", name, diags.Errors()[0].Detail(), tc.want)
		}
	}
}

// The map-nested attributes of the schema have the object types the
// models are converted with: an attribute added to one and not the other
// fails here, not in a user's plan.
func TestExclusiveSchema_nestedTypesAreTheModels(t *testing.T) {
	s := exclusiveSchema()
	for name, want := range map[string]attr.Type{"authorizations": recordType, "unmanaged": entryType} {
		a, ok := s.Attributes[name].(schema.MapNestedAttribute)
		if !ok {
			t.Errorf("%s is a %T, not a map-nested attribute", name, s.Attributes[name])
			continue
		}
		if got := a.NestedObject.Type(); !got.Equal(want) {
			t.Errorf("%s: the schema's type %s, the model's %s", name, got, want)
		}
	}
}

// TestMapOf_mismatchIsAnError: a model that does not match the type asked
// for is an error diagnostic naming the bug, not a panic of the provider.
func TestMapOf_mismatchIsAnError(t *testing.T) {
	var diags diag.Diagnostics
	m := mapOf(types.StringType, map[string]recordModel{"a": {ClientName: types.StringValue("A")}}, &diags)
	if !diags.HasError() || !m.IsNull() {
		t.Fatalf("got %v, %v; want a null map and an error", m, diags)
	}
	if got := diags.Errors()[0].Summary(); got != "The exclusive resource's models do not match its schema" {
		t.Errorf("summary %q", got)
	}
}
