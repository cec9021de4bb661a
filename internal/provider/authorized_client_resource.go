package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var (
	_ resource.Resource                = (*authorizedClientResource)(nil)
	_ resource.ResourceWithConfigure   = (*authorizedClientResource)(nil)
	_ resource.ResourceWithImportState = (*authorizedClientResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*authorizedClientResource)(nil)
)

// uuidPattern is the shape of a Genesys Cloud OAuth client ID or role ID.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// scopePattern is the shape of an OAuth scope: lower-case words joined by
// colons, such as `analytics:readonly` (scopes are case-sensitive).
var scopePattern = regexp.MustCompile(`^[a-z0-9]+([-_.][a-z0-9]+)*(:[a-z0-9]+([-_.][a-z0-9]+)*)*$`)

const (
	defaultWriteTimeout = 20 * time.Minute
	defaultReadTimeout  = 5 * time.Minute
)

type authorizedClientResource struct {
	data *providerData
}

func newAuthorizedClientResource() resource.Resource { return &authorizedClientResource{} }

type authorizedClientModel struct {
	ID           types.String   `tfsdk:"id"`
	ClientID     types.String   `tfsdk:"client_id"`
	Scopes       types.Set      `tfsdk:"scopes"`
	Roles        types.Set      `tfsdk:"roles"`
	ClientName   types.String   `tfsdk:"client_name"`
	Builtin      types.Bool     `tfsdk:"builtin"`
	State        types.String   `tfsdk:"state"`
	AuthorizedAt types.String   `tfsdk:"authorized_at"`
	AuthorizedBy types.String   `tfsdk:"authorized_by"`
	ModifiedAt   types.String   `tfsdk:"modified_at"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (r *authorizedClientResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorized_client"
}

func (r *authorizedClientResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "Authorizes an OAuth client in the organization with a set of scopes, and for built-in " +
			"clients the roles whose users may use it, as Admin > Integrations > Authorized Applications does. " +
			"Create authorizes (POST /api/v2/oauth/authorizations, roles included); a scope change is one " +
			"PUT .../scope; a role change is one PUT or DELETE .../roles/{roleId} per role added or removed; " +
			"destroy revokes (DELETE /api/v2/oauth/authorizations/{clientId}), which cuts access for every role. " +
			"Refresh reads the paged list of authorizations (GET /api/v2/oauth/authorizations).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The client ID.",
				PlanModifiers: stable,
			},
			"client_id": schema.StringAttribute{
				Required:      true,
				Description:   "ID (a UUID) of the OAuth client to authorize. Changing it revokes the old client and authorizes the new one.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(uuidPattern,
					"must be an OAuth client ID, a UUID such as 9e829b65-c0e3-599f-a9f0-7422a0506daa; copy it from "+
						"Admin > Integrations > OAuth, or from the genesysauth_builtin_clients data source")},
			},
			"scopes": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "Scopes approved for the client, such as `analytics:readonly`. At least one; each must be " +
					"a scope the client asks for.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
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
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(uuidPattern,
						"must be a role ID (a UUID); look it up by name with data.genesysauth_role")),
				},
			},
			"client_name": schema.StringAttribute{
				Computed: true, Description: "Name of the OAuth client.", PlanModifiers: stable,
			},
			"builtin": schema.BoolAttribute{
				Computed: true, Description: "Whether the client is one of Genesys Cloud's built-in clients.",
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
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *authorizedClientResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// withTimeout bounds ctx by the operation's value in the timeouts block, or
// its default.
func withTimeout(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diagsT) (context.Context, context.CancelFunc) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}

// stringsOf reads a set of strings; a null set is empty.
func stringsOf(ctx context.Context, s types.Set, diags *diagsT) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

func setOf(values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// modelFromAPI fills the model from the API's answer: the remote truth.
func modelFromAPI(m *authorizedClientModel, a *genesys.OAuthAuthorization, builtin bool) {
	// Keep the configuration's spelling of the ID: UUIDs compare without case.
	if m.ClientID.IsNull() || m.ClientID.IsUnknown() || !strings.EqualFold(m.ClientID.ValueString(), a.Client.ID) {
		m.ClientID = types.StringValue(a.Client.ID)
	}
	m.ID = m.ClientID
	m.Scopes = setOf(a.Scope)
	if len(a.Roles) == 0 {
		m.Roles = types.SetNull(types.StringType)
	} else {
		m.Roles = setOf(a.Roles)
	}
	m.ClientName = types.StringValue(a.Client.Name)
	m.Builtin = types.BoolValue(builtin)
	m.State = types.StringValue(a.State)
	m.AuthorizedAt = types.StringValue(a.DateCreated)
	m.AuthorizedBy = types.StringNull()
	if a.CreatedBy != nil {
		m.AuthorizedBy = types.StringValue(a.CreatedBy.ID)
	}
	m.ModifiedAt = types.StringValue(a.DateModified)
}

// requestFromModel builds the authorize call of a planned resource.
func requestFromModel(ctx context.Context, m *authorizedClientModel, diags *diagsT) genesys.AuthorizeRequest {
	return genesys.AuthorizeRequest{
		Client: genesys.ClientRef{ID: m.ClientID.ValueString()},
		Scope:  stringsOf(ctx, m.Scopes, diags),
		Roles:  stringsOf(ctx, m.Roles, diags),
	}
}

func (r *authorizedClientResource) fill(ctx context.Context, m *authorizedClientModel, a *genesys.OAuthAuthorization, diags *diagsT) {
	builtin, err := r.data.isBuiltin(ctx, a.Client.ID)
	if err != nil {
		diags.AddWarning("Could not tell whether the client is built-in", errorDetail(a.Client.ID, err))
	}
	modelFromAPI(m, a, builtin)
}

// ModifyPlan refuses at plan time what the configuration alone shows to be
// wrong against the organization's catalogues: an unknown scope or role, and
// roles on a client that is not built-in. The catalogues are read once per
// provider process, and only when something is to change.
func (r *authorizedClientResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, state authorizedClientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.ClientID.IsUnknown() || plan.Scopes.IsUnknown() || plan.Roles.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if plan.Scopes.Equal(state.Scopes) && plan.Roles.Equal(state.Roles) {
			return
		}
	}
	clientID := plan.ClientID.ValueString()
	scopes := stringsOf(ctx, plan.Scopes, &resp.Diagnostics)
	roles := stringsOf(ctx, plan.Roles, &resp.Diagnostics)

	if catalog, err := r.data.scopeList(ctx); err == nil {
		for _, s := range scopes {
			if !slices.ContainsFunc(catalog, func(c genesys.Scope) bool { return c.ID == s }) {
				resp.Diagnostics.AddAttributeError(path.Root("scopes"), "Unknown scope",
					fmt.Sprintf("Scope %q does not exist in this organization's scope catalogue (GET /api/v2/oauth/scopes). "+
						"Use one of the scopes the client asks for, spelled exactly (scopes are case-sensitive).", s))
			}
		}
	}
	if len(roles) == 0 {
		return
	}
	if builtin, err := r.data.isBuiltin(ctx, clientID); err == nil && !builtin {
		resp.Diagnostics.AddAttributeError(path.Root("roles"), "Roles on a client that is not built-in",
			fmt.Sprintf("OAuth client %s is not one of the organization's built-in clients, and roles can be set only "+
				"on built-in clients. Remove the roles attribute: a third-party client's access is set by its scopes.", clientID))
	}
	if catalog, err := r.data.roleList(ctx); err == nil {
		for _, id := range roles {
			if !slices.ContainsFunc(catalog, func(c genesys.Role) bool { return strings.EqualFold(c.ID, id) }) {
				resp.Diagnostics.AddAttributeError(path.Root("roles"), "Unknown role",
					fmt.Sprintf("Role %s does not exist in this organization. Look the role up by name with the "+
						"genesysauth_role data source and use its id.", id))
			}
		}
	}
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
	if resp.Diagnostics.HasError() {
		return
	}
	// One call carries scopes and roles, so a create cannot stop half-way.
	a, err := r.data.client.Authorize(ctx, areq)
	if err != nil {
		if errors.Is(err, genesys.ErrConflict) {
			resp.Diagnostics.AddAttributeError(path.Root("client_id"), "OAuth client already authorized",
				fmt.Sprintf("OAuth client %s is already authorized in this organization, outside Terraform. "+
					"To manage the existing authorization, import it instead of creating it: add this block "+
					"(with the name of your resource) and run terraform plan again:\n\n"+
					"import {\n  to = genesysauth_authorized_client.this\n  id = %q\n}\n\n"+
					"or run: terraform import genesysauth_authorized_client.this %s\n\nAPI answer: %v",
					areq.Client.ID, areq.Client.ID, areq.Client.ID, err))
			return
		}
		resp.Diagnostics.AddError("Error authorizing OAuth client", errorDetail(areq.Client.ID, attributeHint(err)))
		return
	}
	r.data.auths.Put(*a)
	r.fill(ctx, &plan, a, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// attributeHint names the attribute an API refusal is about.
func attributeHint(err error) error {
	var apiErr *genesys.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 {
		return err
	}
	msg := strings.ToLower(apiErr.Message)
	switch {
	case strings.Contains(msg, "client-credentials"):
		return fmt.Errorf("%w\n\nFix client_id: a client-credentials client gets its access from its own roles", err)
	case strings.Contains(msg, "scope"):
		return fmt.Errorf("%w\n\nFix the scopes attribute: each scope must exist and be one the client asks for", err)
	case strings.Contains(msg, "role"):
		return fmt.Errorf("%w\n\nFix the roles attribute: roles are only for built-in clients, and each must exist", err)
	}
	return err
}

func (r *authorizedClientResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state authorizedClientModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	clientID := state.ClientID.ValueString()
	a, err := r.data.auths.Get(ctx, clientID)
	if errors.Is(err, genesys.ErrNotFound) {
		resp.Diagnostics.AddWarning("OAuth client authorization removed outside Terraform",
			fmt.Sprintf("OAuth client %s has no authorization in the organization (never authorized, or the "+
				"record is gone). It was removed from the Terraform state; the next plan authorizes it again.", clientID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading OAuth client authorization", errorDetail(clientID, err))
		return
	}
	if !a.Active() {
		resp.Diagnostics.AddWarning("OAuth client authorization removed outside Terraform",
			fmt.Sprintf("OAuth client %s (%s) is %s in the organization: its authorization was revoked or is "+
				"pending outside Terraform. It was removed from the Terraform state; the next plan authorizes it again.",
				clientID, a.Client.Name, a.State))
		resp.State.RemoveResource(ctx)
		return
	}
	r.fill(ctx, &state, a, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update turns the difference between state and plan into the API's calls:
// each role removed, each role added, then the whole scope set if it
// changed. State keeps what the API answered, also when a call fails
// half-way, so the next plan shows exactly what is left to do.
func (r *authorizedClientResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state authorizedClientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultWriteTimeout, &resp.Diagnostics)
	defer cancel()

	clientID := state.ClientID.ValueString()
	wantScopes := stringsOf(ctx, plan.Scopes, &resp.Diagnostics)
	haveScopes := stringsOf(ctx, state.Scopes, &resp.Diagnostics)
	wantRoles := stringsOf(ctx, plan.Roles, &resp.Diagnostics)
	haveRoles := stringsOf(ctx, state.Roles, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	// known is the remote record as the last answer showed it.
	known := &genesys.OAuthAuthorization{
		Client:       genesys.ClientRef{ID: clientID, Name: state.ClientName.ValueString()},
		Scope:        slices.Clone(haveScopes),
		Roles:        slices.Clone(haveRoles),
		State:        state.State.ValueString(),
		DateCreated:  state.AuthorizedAt.ValueString(),
		CreatedBy:    &genesys.EntityRef{ID: state.AuthorizedBy.ValueString()},
		DateModified: state.ModifiedAt.ValueString(),
	}
	// fresh: whether known is a whole answer of the API. Removals answer 204
	// and come first, so only an add-role or the scope update makes it true.
	fresh := false
	fail := func(summary string, err error) {
		r.data.auths.Forget(clientID)
		modelFromAPI(&plan, known, state.Builtin.ValueBool())
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddError(summary, errorDetail(clientID, attributeHint(err))+
			"\n\nThe state keeps the changes made before this error; run terraform apply again to finish.")
	}
	for _, role := range haveRoles {
		if slices.Contains(wantRoles, role) {
			continue
		}
		if err := r.data.client.RemoveRole(ctx, clientID, role); err != nil {
			fail("Error removing role from OAuth client", fmt.Errorf("role %s: %w", role, err))
			return
		}
		known.Roles = slices.DeleteFunc(known.Roles, func(x string) bool { return x == role })
	}
	for _, role := range wantRoles {
		if slices.Contains(haveRoles, role) {
			continue
		}
		a, err := r.data.client.AddRole(ctx, clientID, role)
		if err != nil {
			fail("Error adding role to OAuth client", fmt.Errorf("role %s: %w", role, err))
			return
		}
		known, fresh = a, true
	}
	if !slices.Equal(wantScopes, haveScopes) {
		a, err := r.data.client.UpdateScope(ctx, clientID, wantScopes)
		if err != nil {
			fail("Error updating OAuth client scopes", err)
			return
		}
		known, fresh = a, true
	}
	if !fresh {
		// The last write answered 204 (or nothing was sent): read the record back.
		a, err := r.data.client.GetAuthorization(ctx, clientID)
		if err != nil {
			fail("Error reading OAuth client authorization after update", err)
			return
		}
		known = a
	}
	r.data.auths.Put(*known)
	r.fill(ctx, &plan, known, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *authorizedClientResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state authorizedClientModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultWriteTimeout, &resp.Diagnostics)
	defer cancel()

	clientID := state.ClientID.ValueString()
	err := r.data.client.Revoke(ctx, clientID)
	if err != nil && !errors.Is(err, genesys.ErrNotFound) {
		resp.Diagnostics.AddError("Error revoking OAuth client authorization", errorDetail(clientID, err))
		return
	}
	r.data.auths.Forget(clientID)
}

func (r *authorizedClientResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := ParseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("client_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// ParseImportID checks an import ID: the OAuth client ID, a UUID.
func ParseImportID(raw string) (string, error) {
	id := strings.TrimSpace(raw)
	if !uuidPattern.MatchString(id) {
		return "", fmt.Errorf("the import ID %q is not an OAuth client ID: give the client's ID, a UUID such as "+
			"9e829b65-c0e3-599f-a9f0-7422a0506daa (see the genesysauth_authorized_clients data source or "+
			"Admin > Integrations > Authorized Applications)", raw)
	}
	return id, nil
}
