package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var (
	_ resource.ResourceWithConfigure   = (*exclusiveResource)(nil)
	_ resource.ResourceWithImportState = (*exclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*exclusiveResource)(nil)
)

// exclusiveID is the fixed ID of genesysauth_authorized_clients_exclusive:
// there is one per organization (per provider configuration).
const exclusiveID = "authorized-clients-exclusive"

// exclusiveNamed names the resource in errors.
const exclusiveNamed = "genesysauth_authorized_clients_exclusive"

// exclusiveResource makes the configuration the whole truth of which
// clients may be authorized. What apply revokes is decided at plan time,
// from the refreshed state and the configuration alone, and shown in the
// plan (unmanaged, keyed by client ID, each with its action); apply
// carries out exactly those actions. The maps' values are in
// exclusive_model.go, the decisions in exclusive_plan.go, the calls in
// exclusive_apply.go.
type exclusiveResource struct {
	data *providerData
}

func newExclusiveResource() resource.Resource { return &exclusiveResource{} }

type exclusiveModel struct {
	ID             types.String `tfsdk:"id"`
	ClientIDs      types.Set    `tfsdk:"client_ids"`
	DeclinePending types.Bool   `tfsdk:"decline_pending"`
	RevokeBuiltin  types.Bool   `tfsdk:"revoke_builtin"`
	MaxRevocations types.Int64  `tfsdk:"max_revocations"`
	Unmanaged      types.Map    `tfsdk:"unmanaged"`
	Authorizations types.Map    `tfsdk:"authorizations"`
	OrganizationID types.String `tfsdk:"organization_id"`
}

func (r *exclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorized_clients_exclusive"
}

func (r *exclusiveResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = exclusiveSchema()
}

// exclusiveSchema is the resource's schema; its nested objects' types are
// recordType and entryType, the types of the models recordModel and
// entryModel.
func exclusiveSchema() schema.Schema {
	recordAttrs := func(state string) map[string]schema.Attribute {
		return map[string]schema.Attribute{
			"client_name": schema.StringAttribute{Computed: true, Description: "Client name."},
			"builtin": schema.BoolAttribute{Computed: true, Description: "Whether the client is one of Genesys Cloud's " +
				"built-in clients (Architect, Directory Web Client, ...): revoking one cuts it off for every user."},
			"state": schema.StringAttribute{Computed: true, Description: state},
			"modified_by": schema.StringAttribute{Computed: true, Description: modifiedByDescription +
				" In a plan, as the refresh found it."},
			"modified_at": schema.StringAttribute{Computed: true, Description: "When the authorization last changed " +
				"(ISO-8601, UTC), null when the API does not say. In a plan, as the refresh found it."},
		}
	}
	unmanaged := recordAttrs("`Authorized` or `Requested` as the last refresh found it; in a plan, `Revoked` for " +
		"each client apply revokes and (known after apply) for each request it declines.")
	unmanaged["action"] = schema.StringAttribute{Computed: true, Description: "What apply does with the client: " +
		"`revoke`, `decline` or `keep`."}
	return schema.Schema{
		Description: "Makes the configuration the whole truth of which OAuth clients may be authorized in the " +
			"organization: the plan names, in `unmanaged`, every client authorized or pending outside `client_ids` " +
			"with what apply does with it, and apply does exactly that. One per organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "Always `" + exclusiveID + "`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "The clients allowed to stay authorized, usually " +
					"`[for r in genesysauth_authorized_client.all : r.client_id]`. It must be known at plan time.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(clientIDValidator())},
			},
			"decline_pending": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Also decline pending requests (`Requested`: apps asking an administrator for consent) of " +
					"clients outside `client_ids`. Default false; it must be known at plan time.",
			},
			"revoke_builtin": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Also revoke built-in clients (Genesys Cloud's own apps) outside `client_ids`. Default " +
					"false; it must be known at plan time.",
			},
			"max_revocations": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(defaultMaxRevocations),
				Description: fmt.Sprintf("The most clients one apply may revoke or decline; a plan that would revoke "+
					"more warns, naming them, and its apply is refused before any revocation. Default %d (see the budget's rationale above); 0 refuses every "+
					"revocation.", defaultMaxRevocations),
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"unmanaged": schema.MapNestedAttribute{
				Computed: true,
				Description: "Every client authorized or pending outside `client_ids`, keyed by client ID, with what " +
					"apply does with it.",
				NestedObject: schema.NestedAttributeObject{Attributes: unmanaged},
			},
			"authorizations": schema.MapNestedAttribute{
				Computed: true,
				Description: "Every client authorized or pending in the organization, keyed by client ID, as the last " +
					"refresh found it.",
				NestedObject: schema.NestedAttributeObject{Attributes: recordAttrs("`Authorized` or `Requested`.")},
			},
			"organization_id": organizationIDAttribute(),
		},
	}
}

func (r *exclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// Read records every authorized or pending client of the organization, and
// those outside the state's client_ids as unmanaged with the action keep:
// the plan decides what to do with them.
func (r *exclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state exclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.ClientIDs.IsNull() {
		// Imported: nothing is declared yet, so everything authorized is
		// outside; the plan against the configuration revokes what it omits.
		state.ClientIDs = setOf(nil)
	}
	for _, b := range []*types.Bool{&state.DeclinePending, &state.RevokeBuiltin} {
		if b.IsNull() {
			*b = types.BoolValue(false)
		}
	}
	if state.MaxRevocations.IsNull() {
		state.MaxRevocations = types.Int64Value(defaultMaxRevocations)
	}
	state.ID = types.StringValue(exclusiveID)
	// A state recorded in another organization is never read from this one.
	orgID := r.data.bindOrganization(ctx, recordedOrganization(state.OrganizationID), exclusiveNamed, &resp.Diagnostics)
	if orgID == "" {
		return
	}
	state.OrganizationID = types.StringValue(orgID)
	records, err := r.organization(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error reading OAuth client authorizations", errorDetail("", err))
		return
	}
	allowed, _ := knownIDs(state.ClientIDs)
	state.Authorizations = recordsMap(records, &resp.Diagnostics)
	state.Unmanaged = unmanagedMap(refreshEntries(records, allowed), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	// Forget requests the organization did not decline once they are no
	// longer pending.
	undeclined := readUndeclined(ctx, req.Private, &resp.Diagnostics)
	if kept := undeclined.stillPending(records); len(kept) != len(undeclined) {
		writeUndeclined(ctx, resp.Private, kept, &resp.Diagnostics)
	}
}

// ModifyPlan decides what apply does, from the refreshed state (for an
// update) or the organization as it stands (for a create) and the
// configuration; see planExclusive.
func (r *exclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := claim{exclusive: true, revokeBuiltin: plan.RevokeBuiltin.ValueBool()}
	if ids, known := knownIDs(plan.ClientIDs); known && !plan.RevokeBuiltin.IsUnknown() {
		c.allowed = ids
	}
	token := instanceToken(ctx, req.Private, resp.Private, &resp.Diagnostics)
	if bad := r.data.owners.record(ctx, token, c); bad != nil {
		resp.Diagnostics.AddError(bad.summary, bad.detail)
		return
	}
	// Bound to the organization of the credentials (organization_binding.go).
	var priorOrg types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("organization_id"), &priorOrg)...)
	}
	orgID := r.data.bindOrganization(ctx, recordedOrganization(priorOrg), exclusiveNamed, &resp.Diagnostics)
	if orgID == "" {
		return
	}
	plan.OrganizationID = types.StringValue(orgID)
	unknown := warnUnknown(plan, &resp.Diagnostics)
	var records []record
	prior := map[string]entry{}
	if req.State.Raw.IsNull() {
		// A create: the organization as this plan finds it. The plan that
		// Terraform makes again at apply time reads it again; if what it
		// would revoke changed meanwhile, Terraform stops the apply before
		// anything is revoked (see its registry page).
		var err error
		if records, err = r.organization(ctx); err != nil {
			resp.Diagnostics.AddError("Error reading OAuth client authorizations at plan time", errorDetail("", err))
			return
		}
		plan.Authorizations = types.MapUnknown(recordType)
		plan.ID = types.StringValue(exclusiveID)
	} else {
		var state exclusiveModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		records = recordsOf(ctx, state.Authorizations, &resp.Diagnostics)
		plan.Authorizations = state.Authorizations
		for _, e := range entriesOf(ctx, state.Unmanaged, &resp.Diagnostics) {
			prior[e.ClientID] = e
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if unknown {
		// What apply revokes would be decided at apply time, unreviewed:
		// this plan revokes nothing, and shows so (see warnUnknown).
		if req.State.Raw.IsNull() {
			plan.Unmanaged = unmanagedMap(refreshEntries(records, knownOnly(plan.ClientIDs)), &resp.Diagnostics)
		} else {
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("unmanaged"), &plan.Unmanaged)...)
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	undeclined := readUndeclined(ctx, req.Private, &resp.Diagnostics)
	entries := planExclusive(plan, records, prior, undeclined, &resp.Diagnostics)
	warnBudget(plan, entries, prior, undeclined, &resp.Diagnostics)
	if req.State.Raw.IsNull() {
		outcomeAfterApply(entries)
	}
	if names := describe(entries, actionRevoke, actionDecline); req.State.Raw.IsNull() && len(names) > 0 {
		detail := "This create revokes, as the organization stands now: " + strings.Join(names, "; ") + ". If what it would " +
			"revoke changes before the plan is applied (a client authorized, changed or revoked by hand), Terraform stops " +
			"the apply with \"Provider produced inconsistent final plan\" before anything is revoked: run " +
			"terraform plan again and review the new list."
		// Every plan gives it, the one Terraform makes again at apply time
		// included, so `apply -auto-approve` may print it twice: nothing
		// tells the two plans apart soundly, and a warning hidden is worse
		// than one repeated. The summary names the organization, so two
		// provider configurations' warnings are never taken for one.
		resp.Diagnostics.AddWarning(r.data.failed("Applying this plan later"), detail)
	}
	plan.Unmanaged = unmanagedMap(entries, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *exclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(exclusiveID)
	orgID := r.data.bindOrganization(ctx, recordedOrganization(plan.OrganizationID), exclusiveNamed, &resp.Diagnostics)
	if orgID == "" {
		return
	}
	plan.OrganizationID = types.StringValue(orgID)
	records, err := r.organization(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error reading OAuth client authorizations", errorDetail("", err))
		return
	}
	plan.Authorizations = recordsMap(records, &resp.Diagnostics)
	if refuseOverBudget(plan, nil, nil, entriesOf(ctx, plan.Unmanaged, &resp.Diagnostics), &resp.Diagnostics) ||
		resp.Diagnostics.HasError() {
		return // nothing revoked, nothing created
	}
	undeclined := r.apply(ctx, &plan, nil, nil, true, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	writeUndeclined(ctx, resp.Private, undeclined, &resp.Diagnostics)
}

func (r *exclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state exclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := r.data.bindOrganization(ctx, recordedOrganization(state.OrganizationID), exclusiveNamed, &resp.Diagnostics)
	if orgID == "" {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...) // nothing was revoked: the state stays
		return
	}
	plan.OrganizationID = types.StringValue(orgID)
	prior := map[string]entry{}
	for _, e := range entriesOf(ctx, state.Unmanaged, &resp.Diagnostics) {
		prior[e.ClientID] = e
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The requests the organization did not decline, as the plan read them
	// (priorDone); what reading them says is for an apply that goes ahead.
	var private diag.Diagnostics
	undeclined := readUndeclined(ctx, req.Private, &private)
	if refuseOverBudget(plan, prior, undeclined, entriesOf(ctx, plan.Unmanaged, &resp.Diagnostics), &resp.Diagnostics) ||
		resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...) // nothing was revoked: the state stays
		return
	}
	resp.Diagnostics.Append(private...)
	undeclined.add(r.apply(ctx, &plan, prior, undeclined, false, &resp.Diagnostics))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	writeUndeclined(ctx, resp.Private, undeclined, &resp.Diagnostics)
}

// Delete stops enforcing: nothing is revoked.
func (r *exclusiveResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *exclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != exclusiveID {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("genesysauth_authorized_clients_exclusive is one per organization: import it with the ID %q, not %q.", exclusiveID, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), exclusiveID)...)
}

// organization lists every authorized or pending client, marking the
// built-in ones from the client catalogue. Both are read once per provider
// process.
func (r *exclusiveResource) organization(ctx context.Context) ([]record, error) {
	all, err := r.data.auths.All(ctx)
	if err != nil {
		return nil, err
	}
	var out []record
	for _, a := range all {
		if a.State != genesys.StateAuthorized && a.State != genesys.StateRequested {
			continue
		}
		builtin, err := r.data.isBuiltin(ctx, a.Client.ID)
		if err != nil {
			return nil, fmt.Errorf("telling built-in clients apart: %w", err)
		}
		out = append(out, record{ClientID: idKey(a.Client.ID), Name: a.Client.Name, Builtin: builtin, State: a.State,
			ModifiedBy: modifiedByName(&a), ModifiedAt: a.DateModified})
	}
	return out, nil
}
