package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var (
	_ resource.Resource                = (*authorizedClientResource)(nil)
	_ resource.ResourceWithConfigure   = (*authorizedClientResource)(nil)
	_ resource.ResourceWithImportState = (*authorizedClientResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*authorizedClientResource)(nil)
	_ resource.ResourceWithIdentity    = (*authorizedClientResource)(nil)
)

type authorizedClientResource struct {
	data *providerData
}

func newAuthorizedClientResource() resource.Resource { return &authorizedClientResource{} }

func (r *authorizedClientResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorized_client"
}

func (r *authorizedClientResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "Authorizes an OAuth client in the organization with a set of scopes, and for built-in " +
			"clients the roles whose users may use it, as Admin > Integrations > Authorized Applications does.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The client ID.",
				PlanModifiers: stable,
			},
			"client_id": schema.StringAttribute{
				// Required in effect (requiredString), but Optional and
				// Computed in the schema: Terraform holds the planned value
				// of an attribute that is not computed to the configuration's
				// spelling, so only a computed one can keep the state's when
				// the configuration writes the same ID in another case.
				Optional: true,
				Computed: true,
				Description: "Required. ID (a UUID) of the OAuth client to authorize. Changing it revokes the old client and " +
					"authorizes the new one; the same ID written in another case is the same client (no change).",
				// A new client replaces; the same ID in another case is no change.
				PlanModifiers: []planmodifier.String{sameIDKeepsState{}, stringplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = idKey(req.PlanValue.ValueString()) != idKey(req.StateValue.ValueString())
					},
					"Changing client_id to another client revokes the old one and authorizes the new one.",
					"Changing `client_id` to another client revokes the old one and authorizes the new one.",
				)},
				Validators: []validator.String{requiredString{"client_id", "the ID (a UUID) of the OAuth client to authorize"}, clientIDValidator()},
			},
			"scopes": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "Scopes approved for the client, such as `analytics:readonly`. At least one; each must be " +
					"a scope the client asks for.",
				Validators: []validator.Set{
					notEmpty{"scopes", "give at least one scope the client asks for (an authorization grants its scopes); " +
						"to revoke the client, remove this resource"},
					setvalidator.ValueStringsAre(
						stringvalidator.LengthAtLeast(1),
						stringvalidator.RegexMatches(scopePattern, "must be a Genesys Cloud OAuth scope: lower-case, no "+
							"spaces, words joined by ':' such as \"analytics:readonly\" (scopes are case-sensitive)"),
					),
				},
			},
			"roles": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "IDs of the roles whose users may use a built-in client. Only for built-in clients; leave " +
					"it out (rather than `[]`) for none. Look IDs up by name with the genesysauth_role data source.",
				Validators: []validator.Set{
					notEmpty{"roles", "leave roles out for none (roles are only for built-in clients)"},
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(uuidPattern,
						"must be a role ID (a UUID); look it up by name with data.genesysauth_role")),
				},
			},
			"client_name": schema.StringAttribute{
				Computed: true, Description: "Name of the OAuth client.", PlanModifiers: stable,
			},
			"builtin": schema.BoolAttribute{
				Computed: true, Description: "Whether the client is one of Genesys Cloud's built-in clients: read from the " +
					"client catalogue at create and import, then kept by refresh, since it never changes for a client (a " +
					"plan that changes nothing reads no catalogue page). A plan that revokes the client warns when the " +
					"catalogue disagrees with the state (a state edited by hand): `terraform state rm` and import it again.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"state": schema.StringAttribute{
				Computed: true, Description: "State of the authorization: `Authorized` while managed.", PlanModifiers: stable,
			},
			"authorized_at": schema.StringAttribute{
				Computed: true, Description: "When the client was authorized (ISO-8601, UTC).", PlanModifiers: stable,
			},
			"authorized_by": schema.StringAttribute{
				Computed: true, Description: "ID of who authorized the client.", PlanModifiers: stable,
			},
			"modified_at": schema.StringAttribute{
				Computed: true, Description: "When the authorization last changed (ISO-8601, UTC).",
			},
			"modified_by":     schema.StringAttribute{Computed: true, Description: modifiedByDescription},
			"organization_id": organizationIDAttribute(),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// IdentitySchema is the resource identity (Terraform 1.12 and later): the
// client ID, in lower case as the API writes it.
func (r *authorizedClientResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"client_id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "ID (a UUID) of the authorized OAuth client.",
		},
	}}
}

func (r *authorizedClientResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *authorizedClientResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan authorizedClientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultWriteTimeout, &resp.Diagnostics)
	defer cancel()

	areq := requestFromModel(ctx, &plan, &resp.Diagnostics)
	orgID := r.data.bindOrganization(ctx, recordedOrganization(plan.OrganizationID), describeClient(plan.ClientID),
		&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.OrganizationID = types.StringValue(orgID)
	// The PUT is an upsert: look the client up first (the listing of this
	// run, so no extra call), and refuse to take over what was authorized
	// outside Terraform. A pending request (Requested) is approved.
	existing, ok, err := r.data.auths.Lookup(ctx, areq.ClientID)
	if err != nil {
		resp.Diagnostics.AddError("Error authorizing OAuth client", errorDetail(areq.ClientID, err))
		return
	}
	if ok && existing.Active() {
		resp.Diagnostics.AddAttributeError(path.Root("client_id"), "OAuth client already authorized", alreadyAuthorized(areq.ClientID, existing))
		return
	}
	// One call carries scopes and roles, so a create cannot stop half-way.
	a, err := r.put(ctx, areq)
	if a != nil && err != nil {
		// The organization holds an authorization that is not the planned
		// one: the state records it (Terraform then marks the resource
		// tainted, and the next plan replaces it).
		r.data.fromAPI(ctx, &plan, a, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, a.Client.ID, &resp.Diagnostics)
	}
	if err != nil {
		addRefusal(&resp.Diagnostics, "Error authorizing OAuth client", areq.ClientID, err, "")
		return
	}
	r.data.fromAPI(ctx, &plan, a, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, a.Client.ID, &resp.Diagnostics)
}

func (r *authorizedClientResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state authorizedClientModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	// A state recorded in another organization is never read from this
	// one: the record read here would be another organization's.
	orgID := r.data.bindOrganization(ctx, recordedOrganization(state.OrganizationID), describeClient(state.ClientID),
		&resp.Diagnostics)
	if orgID == "" {
		return
	}
	state.OrganizationID = types.StringValue(orgID)
	clientID := state.ClientID.ValueString()
	a, err := r.data.auths.Get(ctx, clientID)
	if err != nil && !errors.Is(err, genesys.ErrNotFound) {
		resp.Diagnostics.AddError("Error reading OAuth client authorization", errorDetail(clientID, err))
		return
	}
	if err != nil || !a.Active() {
		what := "has no authorization in the organization (never authorized, or the record is gone)"
		if err == nil {
			what = fmt.Sprintf("(%s) is %s in the organization: its authorization was revoked, reset or is pending "+
				"outside Terraform", a.Client.Name, a.State)
		}
		if err == nil {
			what += "; last changed " + changedBy(a)
		}
		resp.Diagnostics.AddWarning("OAuth client authorization removed outside Terraform",
			fmt.Sprintf("OAuth client %s %s. It was removed from the Terraform state; the next plan authorizes it again.",
				clientID, what))
		resp.State.RemoveResource(ctx)
		// The framework wants the identity answered even for a resource
		// that is gone.
		setIdentity(ctx, resp.Identity, clientID, &resp.Diagnostics)
		return
	}
	warnChangedOutside(ctx, state, a, &resp.Diagnostics)
	prior := state
	if state.Builtin.IsNull() || state.Builtin.IsUnknown() {
		r.data.fromAPI(ctx, &state, a, &resp.Diagnostics)
	} else {
		// Whether a client is one of Genesys Cloud's own never changes:
		// the mark the state has (read from the catalogue when the
		// resource was created or imported) stands, and a plan that
		// changes nothing reads no catalogue page.
		modelFromAPI(&state, a, state.Builtin.ValueBool())
	}
	// resp.State starts as the prior state: written only when the
	// organization's record differs (in a plan of many resources, few do).
	if !sameValues(prior, state) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
	setIdentity(ctx, resp.Identity, a.Client.ID, &resp.Diagnostics)
}

// warnChangedOutside says, when the organization's scopes or roles differ
// from what the state recorded, what changed, by whom and when: the plan's
// diff shows the change, the API's record says who made it. A state with
// no scopes yet (an import) has nothing to compare.
func warnChangedOutside(ctx context.Context, state authorizedClientModel, a *genesys.OAuthAuthorization, diags *diag.Diagnostics) {
	if state.Scopes.IsNull() || state.Scopes.IsUnknown() {
		return
	}
	var changes []string
	added, removed := difference(stringsOf(ctx, state.Scopes, diags), a.Scope, func(s string) string { return s })
	if len(added)+len(removed) > 0 {
		changes = append(changes, "scopes: "+addedRemoved(added, removed))
	}
	added, removed = difference(stringsOf(ctx, state.Roles, diags), a.Roles, idKey)
	if len(added)+len(removed) > 0 {
		changes = append(changes, "roles: "+addedRemoved(added, removed))
	}
	if len(changes) == 0 {
		return
	}
	diags.AddWarning("OAuth client authorization changed outside Terraform",
		fmt.Sprintf("OAuth client %s (%s) was changed outside Terraform (%s), last changed %s. The plan shows the change; "+
			"apply sets the configuration's scopes and roles again.",
			state.ClientID.ValueString(), a.Client.Name, strings.Join(changes, "; "), changedBy(a)))
}

// difference is what got adds to have and what it lacks of it, each
// sorted, elements compared by key.
func difference(have, got []string, key func(string) string) (added, removed []string) {
	in := func(list []string, v string) bool {
		return slices.ContainsFunc(list, func(w string) bool { return key(w) == key(v) })
	}
	for _, g := range got {
		if !in(have, g) {
			added = append(added, g)
		}
	}
	for _, h := range have {
		if !in(got, h) {
			removed = append(removed, h)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

// addedRemoved words a change as "added a, b, removed c".
func addedRemoved(added, removed []string) string {
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+strings.Join(removed, ", "))
	}
	return strings.Join(parts, ", ")
}

// Update sends the planned record in one PUT: a change of scopes, of roles,
// or of both is one call. When it fails the state keeps what it had (the
// organization's record before the call, as far as this run knows), and
// the next refresh reads what the organization really has.
func (r *authorizedClientResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state authorizedClientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultWriteTimeout, &resp.Diagnostics)
	defer cancel()

	areq := requestFromModel(ctx, &plan, &resp.Diagnostics)
	areq.ClientID = state.ClientID.ValueString()
	haveScopes := stringsOf(ctx, state.Scopes, &resp.Diagnostics)
	haveRoles := stringsOf(ctx, state.Roles, &resp.Diagnostics)
	orgID := r.data.bindOrganization(ctx, recordedOrganization(state.OrganizationID), describeClient(state.ClientID),
		&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...) // nothing was sent: the state stays
		return
	}
	plan.OrganizationID = types.StringValue(orgID)
	if slices.Equal(areq.Scope, haveScopes) && sameIDs(areq.Roles, haveRoles) {
		// Only the spelling of an ID changed (IDs compare without case):
		// nothing to send; the state takes the configuration's spelling.
		modelFromState(&plan, state)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, state.ClientID.ValueString(), &resp.Diagnostics)
		return
	}
	// A saved plan applied later: the update must not authorize again a
	// client revoked since the plan (the PUT is an upsert). The lookup is
	// this apply's listing, so no extra call.
	if cur, err := r.data.auths.Get(ctx, areq.ClientID); err != nil && !errors.Is(err, genesys.ErrNotFound) {
		resp.Diagnostics.AddError("Error updating OAuth client authorization", errorDetail(areq.ClientID, err))
		return
	} else if err != nil || !cur.Active() {
		now := "has no record"
		if err == nil {
			now = "is " + cur.State
		}
		resp.Diagnostics.AddAttributeError(path.Root("client_id"), "OAuth client no longer authorized since the plan",
			fmt.Sprintf("OAuth client %s %s in the organization now; the plan this apply carries out changes the scopes "+
				"or roles of an authorization, and the update would authorize the client again. Nothing was sent. Run "+
				"terraform plan: its refresh takes the client out of the state, and the plan shows a create, for review.",
				areq.ClientID, now))
		return
	} else if again := authorizedAgain(state, cur); again != "" {
		// Authorized again since the plan (revoked, then approved or
		// authorized anew): the plan changes an authorization that is gone.
		resp.Diagnostics.AddAttributeError(path.Root("client_id"), "OAuth client authorized again since the plan",
			fmt.Sprintf("OAuth client %s was authorized again in the organization since the plan (%s); the plan this apply "+
				"carries out changes the scopes or roles of the earlier authorization, which the new one replaced. Nothing "+
				"was sent. Run terraform plan: its refresh records the new authorization, and the plan shows what would "+
				"change in it, for review.", areq.ClientID, again))
		return
	}
	a, err := r.put(ctx, areq)
	if err != nil {
		what := "The state keeps the authorization as it was before this call; run terraform apply again to finish."
		if a != nil && !holds(a, genesys.AuthorizeRequest{Scope: haveScopes, Roles: haveRoles}) {
			// Read back after a lost answer, the organization holds
			// neither the old record nor the planned one.
			r.data.fromAPI(ctx, &state, a, &resp.Diagnostics)
			what = "The state records what the organization holds now; the next plan shows what is left to change."
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		addRefusal(&resp.Diagnostics, "Error updating OAuth client authorization", areq.ClientID, err, what)
		return
	}
	r.data.fromAPI(ctx, &plan, a, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, a.Client.ID, &resp.Diagnostics)
}

// authorizedAgain describes how the organization's authorization cur is
// another than the one the state records (its authorized_at or
// authorized_by differ: revoked and authorized anew), or "" when it is the
// same, or when the state does not say.
func authorizedAgain(state authorizedClientModel, cur *genesys.OAuthAuthorization) string {
	at, by := state.AuthorizedAt.ValueString(), state.AuthorizedBy.ValueString()
	curBy := ""
	if cur.CreatedBy != nil {
		curBy = cur.CreatedBy.ID
	}
	if (at == "" || at == cur.DateCreated) && (by == "" || curBy == "" || by == curBy) {
		return ""
	}
	who := curBy
	if cur.CreatedBy != nil && cur.CreatedBy.Name != "" {
		who = cur.CreatedBy.Name
	}
	if who == "" {
		who = "someone the API does not name"
	}
	return fmt.Sprintf("authorized at %s by %s; the plan was made for the authorization of %s", cur.DateCreated, who, at)
}

func (r *authorizedClientResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state authorizedClientModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultWriteTimeout, &resp.Diagnostics)
	defer cancel()

	// The destroy plan's organization (Terraform hands Delete its private
	// data), else the state's: never a DELETE in another organization.
	recorded := plannedOrganization(ctx, req.Private)
	if recorded == "" {
		recorded = recordedOrganization(state.OrganizationID)
	}
	if r.data.bindOrganization(ctx, recorded, describeClient(state.ClientID), &resp.Diagnostics) == "" {
		return
	}
	clientID := state.ClientID.ValueString()
	err := r.data.auths.Revoke(ctx, clientID)
	var lost *lostAnswer
	if errors.As(err, &lost) {
		// The revoke may have been carried out: the record read back says.
		switch got := lost.back; {
		case lost.readErr != nil:
			err = fmt.Errorf("%w; reading the authorization back failed too: %w", lost.err, lost.readErr)
		case got == nil || !got.Active():
			err = nil
		default:
			err = fmt.Errorf("%w; read back, the client is still %s", lost.err, got.State)
		}
	}
	if err != nil && !errors.Is(err, genesys.ErrNotFound) {
		resp.Diagnostics.AddError("Error revoking OAuth client authorization", errorDetail(clientID, err)+
			"\n\nThe state keeps the authorization; run terraform apply again to revoke it.")
	}
}

// put sends the whole record through the snapshot. When the answer is lost
// the record read back decides: one that holds what was asked is the
// answer; one that holds something else is returned with an error, so that
// the state records what the organization holds; no record is the error.
func (r *authorizedClientResource) put(ctx context.Context, areq genesys.AuthorizeRequest) (*genesys.OAuthAuthorization, error) {
	a, err := r.data.auths.Authorize(ctx, areq)
	var lost *lostAnswer
	if !errors.As(err, &lost) {
		return a, err
	}
	got := lost.back
	switch {
	case lost.readErr != nil:
		return nil, fmt.Errorf("%w\n\nThe write may have been carried out, and reading the authorization back failed "+
			"too (%w). Run terraform plan: it reads the organization again. If it reports the client as already "+
			"authorized outside Terraform, this apply authorized it: import it", lost.err, lost.readErr)
	case got != nil && holds(got, areq):
		tflog.Warn(ctx, "the answer to a write was lost; the record read back holds what was asked",
			map[string]any{"client_id": areq.ClientID})
		return got, nil
	case got != nil && got.Active():
		return got, fmt.Errorf("%w\n\nRead back after the lost answer, the organization holds scopes [%s] and "+
			"roles [%s], not what was planned", lost.err, strings.Join(got.Scope, ", "), strings.Join(got.Roles, ", "))
	}
	return nil, fmt.Errorf("%w\n\nRead back after the lost answer, the client is not authorized: the write was not "+
		"carried out", lost.err)
}

// holds reports whether an authorization is active with exactly the
// scopes and roles of a request (scopes are case-sensitive, role IDs are
// not).
func holds(a *genesys.OAuthAuthorization, req genesys.AuthorizeRequest) bool {
	return a.Active() && sameIDs(a.Roles, req.Roles) &&
		slices.Equal(slices.Sorted(slices.Values(a.Scope)), slices.Sorted(slices.Values(req.Scope)))
}

// ImportState takes the client ID from the import ID (terraform import, an
// import block's id) or from the identity (an import block's identity, on
// Terraform 1.12 and later).
func (r *authorizedClientResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	raw := req.ID
	if raw == "" && req.Identity != nil {
		var fromIdentity types.String
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("client_id"), &fromIdentity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		raw = fromIdentity.ValueString()
	}
	id, err := parseImportID(raw)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	// The API writes IDs in lower case; so does the state of an import,
	// whatever the case of the import ID.
	id = idKey(id)
	if r.data != nil {
		// A pending request has nothing to import; Terraform would say only
		// "Cannot import non-existent remote object". The lookup is this
		// run's listing.
		if a, ok, err := r.data.auths.Lookup(ctx, id); err == nil && ok && a.State == genesys.StateRequested {
			resp.Diagnostics.AddError("Cannot import a pending request",
				fmt.Sprintf("OAuth client %s (%s) is a pending request (Requested) in this organization, not authorized: "+
					"there is no authorization to import. A create authorizes it (the PUT approves the request): remove "+
					"the import block (or do not run terraform import) and apply the genesysauth_authorized_client "+
					"resource with the scopes to approve.", id, a.Client.Name))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("client_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// parseImportID checks an import ID: the OAuth client ID, a UUID.
func parseImportID(raw string) (string, error) {
	id := strings.TrimSpace(raw)
	if !uuidPattern.MatchString(id) {
		return "", fmt.Errorf("the import ID %q is not an OAuth client ID: give the client's ID, a UUID such as "+
			"9e829b65-c0e3-599f-a9f0-7422a0506daa (see the genesysauth_authorized_clients data source or "+
			"Admin > Integrations > Authorized Applications)", raw)
	}
	return id, nil
}
