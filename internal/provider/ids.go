package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The one rule for IDs and names: Genesys Cloud IDs are UUIDs and compare
// without case (RFC 4122), and the API writes them in lower case; names
// are matched without case.

// idKey is the key an ID is compared and indexed by.
func idKey(id string) string { return strings.ToLower(id) }

// idSet is a set of IDs compared without case, remembering the spelling
// each was first given in: client_ids, role sets, the undeclined requests
// of private state.
type idSet map[string]string

func newIDSet(ids ...string) idSet {
	s := make(idSet, len(ids))
	for _, id := range ids {
		s.put(id)
	}
	return s
}

// idSetOf is the set of the known elements of a set of strings.
func idSetOf(v types.Set) idSet {
	s := idSet{}
	for _, e := range v.Elements() {
		if str, ok := e.(types.String); ok && !str.IsNull() && !str.IsUnknown() {
			s.put(str.ValueString())
		}
	}
	return s
}

func (s idSet) has(id string) bool { _, ok := s[idKey(id)]; return ok }

func (s idSet) put(id string) {
	if !s.has(id) {
		s[idKey(id)] = id
	}
}

func (s idSet) add(other idSet) {
	for _, id := range other {
		s.put(id)
	}
}

// equal reports whether both sets hold the same IDs, whatever their case.
func (s idSet) equal(other idSet) bool {
	if len(s) != len(other) {
		return false
	}
	for k := range s {
		if _, ok := other[k]; !ok {
			return false
		}
	}
	return true
}

// spelling is the set's spelling of id, or id itself when it has none.
func (s idSet) spelling(id string) string {
	if have, ok := s[idKey(id)]; ok {
		return have
	}
	return id
}

// keys are the set's IDs in lower case, sorted.
func (s idSet) keys() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sortedSpellings are the set's IDs as first spelled, sorted by key.
func (s idSet) sortedSpellings() []string {
	keys := s.keys()
	for i, k := range keys {
		keys[i] = s[k]
	}
	return keys
}

// sameIDs compares two lists of IDs as sets, without case.
func sameIDs(a, b []string) bool { return newIDSet(a...).equal(newIDSet(b...)) }

// nameHas is the name filter of the data sources and the list resource: a
// name containing the filter, without case; an empty filter keeps all.
func nameHas(name, filter string) bool {
	return strings.Contains(strings.ToLower(name), strings.ToLower(filter))
}

// knownNames lists names quoted, for an error that says which exist.
func knownNames[T any](items []T, name func(T) string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%q", name(it))
	}
	return strings.Join(out, ", ")
}

// clientIDValidator is the one check of an OAuth client ID in a
// configuration, with the message that says where to find one.
func clientIDValidator() validator.String {
	return stringvalidator.RegexMatches(uuidPattern,
		"must be an OAuth client ID, a UUID such as 9e829b65-c0e3-599f-a9f0-7422a0506daa; copy it from "+
			"Admin > Integrations > OAuth, or from the genesysauth_builtin_clients data source")
}

// sameIDKeepsState plans the prior state's spelling of an ID that the
// configuration writes in another case: the API compares IDs without case,
// so it is the same client, and the plan shows no change.
type sameIDKeepsState struct{}

func (sameIDKeepsState) Description(context.Context) string {
	return "the same ID in another case keeps the state's spelling"
}

func (m sameIDKeepsState) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameIDKeepsState) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if idKey(req.ConfigValue.ValueString()) == idKey(req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// requiredString refuses a null value of an attribute that the schema
// declares optional for a reason of its own (see client_id).
type requiredString struct{ attr, what string }

func (v requiredString) Description(context.Context) string {
	return v.attr + " is required: " + v.what
}

func (v requiredString) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v requiredString) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() {
		resp.Diagnostics.AddAttributeError(req.Path, "Missing required argument",
			"The argument \""+v.attr+"\" is required: set it to "+v.what+".")
	}
}
