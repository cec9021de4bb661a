package provider

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

type authorizedClientModel struct {
	ID           types.String `tfsdk:"id"`
	ClientID     types.String `tfsdk:"client_id"`
	Scopes       types.Set    `tfsdk:"scopes"`
	Roles        types.Set    `tfsdk:"roles"`
	ClientName   types.String `tfsdk:"client_name"`
	Builtin      types.Bool   `tfsdk:"builtin"`
	State        types.String `tfsdk:"state"`
	AuthorizedAt types.String `tfsdk:"authorized_at"`
	AuthorizedBy types.String `tfsdk:"authorized_by"`
	ModifiedAt   types.String `tfsdk:"modified_at"`
	ModifiedBy   types.String `tfsdk:"modified_by"`
	// OrganizationID is the organization the plan was made against (see
	// organization_binding.go).
	OrganizationID types.String   `tfsdk:"organization_id"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// sameValues reports whether two models of one type hold equal values in
// every field (each field an attr.Value, as the framework's models are).
func sameValues[T any](a, b T) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() != reflect.Struct {
		return false
	}
	for i := range va.NumField() {
		x, ok := va.Field(i).Interface().(attr.Value)
		y, ok2 := vb.Field(i).Interface().(attr.Value)
		if !ok || !ok2 || !x.Equal(y) {
			return false
		}
	}
	return true
}

// setIdentity records the identity of a resource, when Terraform keeps one.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, clientID string, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root("client_id"), idKey(clientID))...)
}

// modelFromAPI fills the model from the API's answer: the remote truth.
func modelFromAPI(m *authorizedClientModel, a *genesys.OAuthAuthorization, builtin bool) {
	// Keep the configuration's spelling of the ID: UUIDs compare without case.
	if m.ClientID.IsNull() || m.ClientID.IsUnknown() || idKey(m.ClientID.ValueString()) != idKey(a.Client.ID) {
		m.ClientID = types.StringValue(a.Client.ID)
	}
	m.ID = m.ClientID
	m.Scopes = setOf(a.Scope)
	if len(a.Roles) == 0 {
		m.Roles = types.SetNull(types.StringType)
	} else {
		m.Roles = setOf(keepSpelling(m.Roles, a.Roles))
	}
	m.ClientName = types.StringValue(a.Client.Name)
	m.Builtin = types.BoolValue(builtin)
	m.State = types.StringValue(a.State)
	m.AuthorizedAt = types.StringValue(a.DateCreated)
	m.AuthorizedBy = types.StringNull()
	if a.CreatedBy != nil {
		m.AuthorizedBy = types.StringValue(a.CreatedBy.ID)
	}
	m.ModifiedAt = optionalString(a.DateModified)
	m.ModifiedBy = optionalString(modifiedByName(a))
}

// optionalString is a value the API may leave out: null when it is empty.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// modifiedByName is the name of who last changed the record, as the API
// gives it in modifiedBy.name: empty when the API does not name anyone. A
// name is never guessed, neither from an ID nor from createdBy.
func modifiedByName(a *genesys.OAuthAuthorization) string {
	if a.ModifiedBy == nil {
		return ""
	}
	return a.ModifiedBy.Name
}

// changedBy says who last changed the record and when, as far as the
// API says: "by Jane Doe at 2026-11-26T13:08:44Z".
func changedBy(a *genesys.OAuthAuthorization) string {
	who := modifiedByName(a)
	if who == "" && a.ModifiedBy != nil && a.ModifiedBy.ID != "" {
		who = "user " + a.ModifiedBy.ID
	}
	return whoWhen(who, a.DateModified)
}

// whoWhen words who changed a record and when; either may be unknown.
func whoWhen(who, when string) string {
	switch {
	case who != "" && when != "":
		return "by " + who + " at " + when
	case who != "":
		return "by " + who + ", when the API does not say"
	case when != "":
		return "at " + when + ", by someone the API does not name"
	}
	return "by someone the API does not name, when it does not say"
}

// keepSpelling returns the API's role IDs, each in the spelling the model
// (configuration or state) already has for it: IDs compare without case,
// so a role written in upper case is never a difference.
func keepSpelling(have types.Set, got []string) []string {
	known := idSetOf(have)
	out := make([]string, len(got))
	for i, g := range got {
		out[i] = known.spelling(g)
	}
	return out
}

// requestFromModel builds the PUT of a planned resource: the whole record.
func requestFromModel(ctx context.Context, m *authorizedClientModel, diags *diag.Diagnostics) genesys.AuthorizeRequest {
	return genesys.AuthorizeRequest{
		ClientID: m.ClientID.ValueString(),
		Scope:    stringsOf(ctx, m.Scopes, diags),
		Roles:    stringsOf(ctx, m.Roles, diags),
	}
}

// fromAPI fills the model from an API answer with the client's built-in
// mark from the catalogue (see builtinMark): what the resource, the list
// resource and the data source all record.
func (p *providerData) fromAPI(ctx context.Context, m *authorizedClientModel, a *genesys.OAuthAuthorization, diags *diag.Diagnostics) {
	modelFromAPI(m, a, p.builtinMark(ctx, a.Client.ID, diags))
}

// builtinMark is the one policy for the built-in mark: it comes from the
// client catalogue (read once per provider process), and a catalogue that
// cannot be read is an error naming the call; the mark is never guessed.
func (p *providerData) builtinMark(ctx context.Context, clientID string, diags *diag.Diagnostics) bool {
	builtin, err := p.isBuiltin(ctx, clientID)
	if err != nil {
		diags.AddError("Error reading the client catalogue", errorDetail(clientID, err)+
			"\n\nThe catalogue (GET /api/v2/oauth/clients) tells built-in clients apart; run the command again.")
	}
	return builtin
}

// modelFromState is the model of an update that needs no call (only the
// spelling of an ID changed): what the state knows of the organization's
// record, in the configuration's spelling.
func modelFromState(plan *authorizedClientModel, state authorizedClientModel) {
	roles := plan.Roles
	*plan = authorizedClientModel{
		ID: plan.ClientID, ClientID: plan.ClientID, Scopes: state.Scopes, Roles: state.Roles,
		ClientName: state.ClientName, Builtin: state.Builtin, State: state.State, AuthorizedAt: state.AuthorizedAt,
		AuthorizedBy: state.AuthorizedBy, ModifiedAt: state.ModifiedAt, ModifiedBy: state.ModifiedBy, OrganizationID: plan.OrganizationID,
		Timeouts: plan.Timeouts,
	}
	if !state.Roles.IsNull() {
		plan.Roles = setOf(keepSpelling(roles, idSetOf(state.Roles).sortedSpellings()))
	}
}

// listedModel is a list resource result's resource: what an import of the
// client followed by a read records.
func (p *providerData) listedModel(ctx context.Context, a *genesys.OAuthAuthorization, diags *diag.Diagnostics) authorizedClientModel {
	m := authorizedClientModel{
		ClientID: types.StringValue(idKey(a.Client.ID)),
		Roles:    types.SetNull(types.StringType),
		Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
	if o := p.currentOrganization(ctx, diags); o != nil {
		m.OrganizationID = types.StringValue(o.ID)
	}
	p.fromAPI(ctx, &m, a, diags)
	return m
}

// entryFromModel is the data source's entry of an authorization in any
// state: the resource's model, with no roles as an empty set.
func entryFromModel(m authorizedClientModel) authorizationEntryModel {
	roles := m.Roles
	if roles.IsNull() {
		roles = setOf(nil)
	}
	return authorizationEntryModel{
		ClientID: m.ClientID, ClientName: m.ClientName, State: m.State, Scopes: m.Scopes, Roles: roles,
		Builtin: m.Builtin, AuthorizedAt: m.AuthorizedAt, ModifiedAt: m.ModifiedAt, ModifiedBy: m.ModifiedBy,
	}
}
