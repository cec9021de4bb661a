package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// What a plan of genesysauth_authorized_client checks and shows before
// anything is applied.

// ModifyPlan refuses at plan time what the configuration alone shows to be
// wrong against the organization: a client already authorized outside
// Terraform (for a create), an unknown scope or role, and roles on a client
// that is not built-in. The listing and the catalogues are read once per
// provider process, and only for resources that are to change. A catalogue
// that cannot be read because of the credentials fails the plan; for any
// other reason the check is skipped with a warning.
func (r *authorizedClientResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil && !r.claim(ctx, req, resp) {
		return
	}
	if req.Plan.Raw.IsNull() {
		if r.data != nil && !req.State.Raw.IsNull() {
			r.planDestroy(ctx, req, resp)
		}
		return
	}
	if r.data != nil && !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		// No change (in a plan of many resources, most): nothing to
		// check against the organization, and the plan is bound to it
		// without reading either whole value.
		if done, ok := r.planUnchanged(ctx, req, resp); done || !ok {
			return
		}
	}
	var plan, state authorizedClientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil && !r.planOrganization(ctx, req, plan.ClientID, plan.OrganizationID, resp) {
		return
	}
	if plan.ClientID.IsUnknown() {
		return
	}
	// id is client_id as configured, whatever the case of the state's.
	if !plan.ID.Equal(plan.ClientID) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.ClientID)...)
	}
	// The same client ID written in another case (sameIDKeepsState planned
	// the state's spelling) and nothing else changed: no change. The
	// framework marked the computed values unknown because the
	// configuration's text differed from the state; nothing will be called,
	// so they keep the state's.
	if !creating && plan.ClientID.Equal(state.ClientID) && plan.Scopes.Equal(state.Scopes) &&
		plan.Roles.Equal(state.Roles) && plan.Timeouts.Equal(state.Timeouts) {
		resp.Plan.Raw = req.State.Raw.Copy()
		return
	}
	if r.data == nil {
		return
	}
	if plan.ClientName.IsUnknown() || plan.Builtin.IsUnknown() {
		r.planName(ctx, &plan, resp)
	}
	if partlyUnknown(plan.Scopes) || partlyUnknown(plan.Roles) {
		// Checked by the plan Terraform makes again at apply time, with
		// every value known, before any write.
		return
	}
	if !creating {
		creating = idKey(plan.ClientID.ValueString()) != idKey(state.ClientID.ValueString())
		if !creating && plan.Scopes.Equal(state.Scopes) &&
			sameIDs(stringsOf(ctx, plan.Roles, &resp.Diagnostics), stringsOf(ctx, state.Roles, &resp.Diagnostics)) {
			return
		}
	}
	r.checkAgainstOrganization(ctx, plan, creating, &resp.Diagnostics)
}

// planOrganization binds the plan to the organization of the credentials
// (see organization_binding.go): a prior state recorded in another fails
// the plan; the plan records this one. It reports whether the plan goes on.
func (r *authorizedClientResource) planOrganization(ctx context.Context, req resource.ModifyPlanRequest,
	clientID, planned types.String, resp *resource.ModifyPlanResponse) bool {
	var prior types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("organization_id"), &prior)...)
	}
	orgID := r.data.bindOrganization(ctx, recordedOrganization(prior), describeClient(clientID), &resp.Diagnostics)
	if orgID == "" {
		return false
	}
	if !planned.Equal(types.StringValue(orgID)) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("organization_id"), orgID)...)
	}
	return !resp.Diagnostics.HasError()
}

// planUnchanged is the plan of an instance whose proposed new state is its
// prior state: bound to the organization like any other plan, with only
// the attributes that takes read. It reports whether the plan is done, and
// whether it may go on (false after an error). An id that differs from
// client_id (a state written by an earlier version) is left to the full
// plan.
func (r *authorizedClientResource) planUnchanged(ctx context.Context, req resource.ModifyPlanRequest,
	resp *resource.ModifyPlanResponse) (done, ok bool) {
	var id, clientID, org types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("client_id"), &clientID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("organization_id"), &org)...)
	if resp.Diagnostics.HasError() {
		return false, false
	}
	if !id.Equal(clientID) {
		return false, true
	}
	return true, r.planOrganization(ctx, req, clientID, org, resp)
}

// planDestroy binds a destroy to the organization of the credentials: the
// state's organization must be theirs, and the plan records it for Delete,
// which Terraform calls with this plan's private data.
func (r *authorizedClientResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state authorizedClientModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := r.data.bindOrganization(ctx, recordedOrganization(state.OrganizationID), describeClient(state.ClientID),
		&resp.Diagnostics)
	recordPlanOrganization(ctx, resp.Private, orgID, &resp.Diagnostics)
	if orgID != "" {
		r.checkBuiltinMark(ctx, state, &resp.Diagnostics)
	}
}

// checkBuiltinMark compares, for a client this plan revokes, the state's
// built-in mark with the catalogue's. Refresh keeps the state's mark (it
// never changes for a client), so a mark that is wrong, from a state
// edited by hand, would otherwise reach the plan's JSON, where the
// policies read it. A warning, since nothing may block a destroy.
func (r *authorizedClientResource) checkBuiltinMark(ctx context.Context, state authorizedClientModel, diags *diag.Diagnostics) {
	if state.Builtin.IsNull() || state.Builtin.IsUnknown() {
		return
	}
	clientID := state.ClientID.ValueString()
	builtin, err := r.data.isBuiltin(ctx, clientID)
	if err != nil || builtin == state.Builtin.ValueBool() {
		return // a catalogue that cannot be read leaves the mark as the state has it
	}
	what := map[bool]string{true: "is one of Genesys Cloud's built-in clients", false: "is not a built-in client"}
	diags.AddAttributeWarning(path.Root("builtin"), "The state's built-in mark is wrong: this plan's JSON shows it",
		fmt.Sprintf("OAuth client %s %s according to the organization's client catalogue, but the state records "+
			"builtin = %t (a state edited by hand or pushed from elsewhere: refresh keeps the mark, which never "+
			"changes for a client). This plan revokes the client, and its JSON carries the state's mark, so a "+
			"policy that reads before.builtin is misled.%s\n\nTo record the mark again: terraform state rm the "+
			"resource, then terraform import it (client ID %s), and plan again.", clientID, what[builtin],
			state.Builtin.ValueBool(), map[bool]string{true: " Revoking a built-in client cuts it off for every user, " +
				"administrators included.", false: ""}[builtin], clientID))
}

// describeClient names a genesysauth_authorized_client for errors.
func describeClient(clientID types.String) string {
	if clientID.IsUnknown() || clientID.IsNull() {
		return "genesysauth_authorized_client"
	}
	return "genesysauth_authorized_client for OAuth client " + clientID.ValueString()
}

// claim records what this instance's plan does with clients (see
// owners.go) and fails the plan on a second claim on one client. It reports
// whether the plan goes on.
func (r *authorizedClientResource) claim(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	var c claim
	var out privateWriter
	if !req.Plan.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("client_id"), &id)...)
		if !id.IsUnknown() {
			c.keeps = idKey(id.ValueString())
		}
		out = resp.Private
	}
	if !req.State.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("client_id"), &id)...)
		if old := idKey(id.ValueString()); old != "" && old != c.keeps && !id.IsUnknown() {
			c.revokes = old
		}
	}
	if resp.Diagnostics.HasError() {
		return false
	}
	token := instanceToken(ctx, req.Private, out, &resp.Diagnostics)
	if bad := r.data.owners.record(ctx, token, c); bad != nil {
		resp.Diagnostics.AddAttributeError(path.Root("client_id"), bad.summary, bad.detail)
		return false
	}
	return true
}

// checkAgainstOrganization refuses what the organization's listing and
// catalogues show to be wrong: a client already authorized (for a create),
// an unknown scope, roles on a client that is not built-in, an unknown role.
func (r *authorizedClientResource) checkAgainstOrganization(ctx context.Context, plan authorizedClientModel, creating bool, diags *diag.Diagnostics) {
	clientID := plan.ClientID.ValueString()
	scopes := stringsOf(ctx, plan.Scopes, diags)
	roles := stringsOf(ctx, plan.Roles, diags)
	unchecked := func(what string, err error) {
		if fatal(err) {
			diags.AddError("Error reading the organization at plan time", errorDetail(clientID, err))
			return
		}
		diags.AddWarning("Could not check "+what+" at plan time",
			errorDetail(clientID, err)+"\n\nThe check is left to the API at apply.")
	}
	// A create of a client already authorized is a warning here and a
	// refusal in Create, before any write: an error would also stop
	// terraform destroy, whose first step is a normal plan of the whole
	// configuration (see the README). A client that another resource of
	// this plan revokes is a rename, refused by claim before this.
	if creating {
		if a, ok, err := r.data.auths.Lookup(ctx, clientID); err != nil {
			unchecked("whether the client is already authorized", err)
		} else if ok && a.Active() {
			diags.AddAttributeWarning(path.Root("client_id"), "OAuth client already authorized: apply will refuse to create it",
				alreadyAuthorized(clientID, a)+"\n\nApply refuses this create before any write. (If this resource is "+
					"being replaced, after terraform taint or -replace, its destroy revokes the client first and the create "+
					"authorizes it again: then this warning does not apply.)")
		}
	}
	if c, err := r.data.catalogued(ctx, clientID); err == nil && c != nil && creating &&
		c.AuthorizedGrantType == genesys.GrantClientCredentials {
		diags.AddAttributeError(path.Root("client_id"), "OAuth client uses the client-credentials grant",
			fmt.Sprintf("OAuth client %s (%s) uses the client-credentials grant: it acts for its own organization "+
				"through its own roles, and no organization authorizes it (the API refuses the PUT). Fix client_id: set "+
				"it to a client with the code, token or SAML2 bearer grant (the third-party application that asks for "+
				"these scopes), or remove this resource.", clientID, c.Name))
	}
	if catalog, err := r.data.scopeList(ctx); err != nil {
		unchecked("the scopes", err)
	} else {
		for _, s := range scopes {
			if !slices.ContainsFunc(catalog, func(c genesys.Scope) bool { return c.ID == s }) {
				diags.AddAttributeError(path.Root("scopes"), "Unknown scope",
					fmt.Sprintf("Scope %q does not exist in this organization's scope catalogue (GET /api/v2/oauth/scopes). "+
						"Use one of the scopes the client asks for, spelled exactly (scopes are case-sensitive).", s))
			}
		}
	}
	if len(roles) == 0 {
		return
	}
	var mark diag.Diagnostics
	if builtin := r.data.builtinMark(ctx, clientID, &mark); !mark.HasError() && !builtin {
		diags.AddAttributeError(path.Root("roles"), "Roles on a client that is not built-in",
			fmt.Sprintf("OAuth client %s is not one of the organization's built-in clients, and roles can be set only "+
				"on built-in clients. Remove the roles attribute: a third-party client's access is set by its scopes.", clientID))
	}
	diags.Append(mark...)
	if catalog, err := r.data.roleList(ctx); err != nil {
		unchecked("the roles", err)
	} else {
		known := idSet{}
		for _, c := range catalog {
			known.put(c.ID)
		}
		for _, id := range roles {
			if !known.has(id) {
				diags.AddAttributeError(path.Root("roles"), "Unknown role",
					fmt.Sprintf("Role %s does not exist in this organization. Look the role up by name with the "+
						"genesysauth_role data source and use its id.", id))
			}
		}
	}
}

// planName fills client_name and builtin of a client to authorize from the
// client catalogue this run reads anyway, so that a reviewer reads the
// client's name in the plan rather than "(known after apply)". A client the
// catalogue does not list (one of another organization) is not built-in;
// its name stays unknown until the API answers. When the catalogue cannot
// be read, both stay unknown.
func (r *authorizedClientResource) planName(ctx context.Context, plan *authorizedClientModel, resp *resource.ModifyPlanResponse) {
	c, err := r.data.catalogued(ctx, plan.ClientID.ValueString())
	if err != nil {
		return // the checks below meet the same failure and say so
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("builtin"), c != nil && c.BuiltIn)...)
	if c != nil {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("client_name"), c.Name)...)
	}
}

// alreadyAuthorized is the error of a create that would take over an
// authorization made outside Terraform: a PUT is an upsert, so the
// provider itself refuses, and says how to import it instead.
func alreadyAuthorized(clientID string, a *genesys.OAuthAuthorization) string {
	return fmt.Sprintf("OAuth client %s (%s) is already authorized in this organization, and not by this resource "+
		"(scopes: %s). Creating it would take over that authorization. To manage the existing authorization, "+
		"import it instead of creating it: add this block (with the name of your resource) and run terraform plan "+
		"again:\n\n"+
		"import {\n  to = genesysauth_authorized_client.this\n  id = %q\n}\n\n"+
		"or run: terraform import genesysauth_authorized_client.this %s\n\n"+
		"If another resource of this configuration manages it (you renamed a resource), write a moved block "+
		"from the old address to the new one instead of importing.",
		clientID, a.Client.Name, strings.Join(a.Scope, ", "), clientID, clientID)
}
