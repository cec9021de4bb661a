package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var (
	_ resource.ResourceWithConfigure   = (*exclusiveResource)(nil)
	_ resource.ResourceWithImportState = (*exclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*exclusiveResource)(nil)
)

// ExclusiveID is the fixed ID of genesysauth_authorized_clients_exclusive:
// there is one per organization (per provider configuration).
const ExclusiveID = "authorized-clients-exclusive"

// exclusiveResource makes the configuration the whole truth of which
// clients may be authorized: every Authorized client outside client_ids
// (and every pending request, with decline_pending) is revoked. It never
// authorizes anything.
type exclusiveResource struct {
	data *providerData
}

func newExclusiveResource() resource.Resource { return &exclusiveResource{} }

type exclusiveModel struct {
	ID             types.String `tfsdk:"id"`
	ClientIDs      types.Set    `tfsdk:"client_ids"`
	DeclinePending types.Bool   `tfsdk:"decline_pending"`
	Unmanaged      types.Set    `tfsdk:"unmanaged"`
}

var unmanagedType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"client_id": types.StringType, "client_name": types.StringType, "state": types.StringType,
}}

// unmanagedEntry is one client authorized (or pending) outside client_ids.
type unmanagedEntry struct {
	ClientID   string
	ClientName string
	State      string
}

func (e unmanagedEntry) value() attr.Value {
	return types.ObjectValueMust(unmanagedType.AttrTypes, map[string]attr.Value{
		"client_id": types.StringValue(e.ClientID), "client_name": types.StringValue(e.ClientName), "state": types.StringValue(e.State),
	})
}

func unmanagedSet(entries []unmanagedEntry) types.Set {
	slices.SortFunc(entries, func(a, b unmanagedEntry) int { return strings.Compare(a.ClientID, b.ClientID) })
	values := make([]attr.Value, len(entries))
	for i, e := range entries {
		values[i] = e.value()
	}
	return types.SetValueMust(unmanagedType, values)
}

func entriesOf(s types.Set) []unmanagedEntry {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []unmanagedEntry
	for _, v := range s.Elements() {
		obj, ok := v.(types.Object)
		if !ok {
			continue
		}
		get := func(k string) string {
			sv, _ := obj.Attributes()[k].(types.String)
			return sv.ValueString()
		}
		out = append(out, unmanagedEntry{ClientID: get("client_id"), ClientName: get("client_name"), State: get("state")})
	}
	return out
}

func (r *exclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorized_clients_exclusive"
}

func (r *exclusiveResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Makes the configuration the whole truth of which OAuth clients may be authorized in the " +
			"organization: every client authorized outside `client_ids` shows in the plan (by ID and name) and apply " +
			"revokes it, one DELETE /api/v2/oauth/authorizations/{clientId} each. It never authorizes anything (the " +
			"`genesysauth_authorized_client` resources do). Pending requests outside the list are left alone unless " +
			"`decline_pending` is true. Built-in clients without a record are never touched; ones with a record count " +
			"like any client. Destroying it stops enforcing and revokes nothing. One per organization; import it with " +
			"the ID `" + ExclusiveID + "`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "Always `" + ExclusiveID + "`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "The clients allowed to stay authorized, usually " +
					"`[for r in genesysauth_authorized_client.all : r.client_id]` plus any others the team accepts. An " +
					"ID here that is not authorized causes no change. Referencing the resources' `client_id` also orders " +
					"this resource after them, so a client replaced in the same apply is never revoked by mistake.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(uuidPattern,
					"must be an OAuth client ID, a UUID such as 9e829b65-c0e3-599f-a9f0-7422a0506daa"))},
			},
			"decline_pending": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Also decline pending requests (`Requested`: apps asking an administrator for consent) of " +
					"clients outside `client_ids`. Default false: they are left alone.",
			},
			"unmanaged": schema.SetNestedAttribute{
				Computed: true,
				Description: "Clients authorized, or pending, outside `client_ids` as the last refresh found them. In a " +
					"plan, each one apply revokes shows with `state` going to `Revoked`, so a reviewer sees exactly what " +
					"apply does.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"client_id":   schema.StringAttribute{Computed: true, Description: "Client ID."},
					"client_name": schema.StringAttribute{Computed: true, Description: "Client name."},
					"state":       schema.StringAttribute{Computed: true, Description: "`Authorized` or `Requested`; `Revoked` once apply revoked it."},
				}},
			},
		},
	}
}

func (r *exclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// foldSet is a set of IDs compared without case.
type foldSet map[string]bool

func foldSetOf(ids []string) foldSet {
	s := foldSet{}
	for _, id := range ids {
		s[strings.ToLower(id)] = true
	}
	return s
}

func (s foldSet) has(id string) bool { return s[strings.ToLower(id)] }

// outside lists the organization's Authorized and Requested records of
// clients not in allowed.
func (r *exclusiveResource) outside(ctx context.Context, allowed foldSet) ([]unmanagedEntry, error) {
	all, err := r.data.auths.All(ctx)
	if err != nil {
		return nil, err
	}
	var out []unmanagedEntry
	for _, a := range all {
		if (a.State == genesys.StateAuthorized || a.State == genesys.StateRequested) && !allowed.has(a.Client.ID) {
			out = append(out, unmanagedEntry{ClientID: a.Client.ID, ClientName: a.Client.Name, State: a.State})
		}
	}
	return out, nil
}

// toRevoke is what is outside now, each entry apply revokes marked
// Revoked: the plan of a create, or of an update whose client_ids was
// unknown at plan time.
func (r *exclusiveResource) toRevoke(ctx context.Context, allowed foldSet, declinePending bool) ([]unmanagedEntry, error) {
	entries, err := r.outside(ctx, allowed)
	for i := range entries {
		if revocable(entries[i], declinePending) {
			entries[i].State = genesys.StateRevoked
		}
	}
	return entries, err
}

// revocable reports whether apply revokes an entry: an authorized client,
// or a pending request when decline_pending is set.
func revocable(e unmanagedEntry, declinePending bool) bool {
	return e.State == genesys.StateAuthorized || (e.State == genesys.StateRequested && declinePending)
}

func (r *exclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state exclusiveModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.ClientIDs.IsNull() {
		// Imported: nothing is declared yet, so everything authorized is
		// outside; the plan against the configuration revokes what it omits.
		state.ClientIDs = types.SetValueMust(types.StringType, []attr.Value{})
	}
	if state.DeclinePending.IsNull() {
		state.DeclinePending = types.BoolValue(false)
	}
	state.ID = types.StringValue(ExclusiveID)
	entries, err := r.outside(ctx, foldSetOf(stringsOf(ctx, state.ClientIDs, &resp.Diagnostics)))
	if err != nil {
		resp.Diagnostics.AddError("Error reading OAuth client authorizations", errorDetail("", err))
		return
	}
	state.Unmanaged = unmanagedSet(entries)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// ModifyPlan plans, for an update, each client of the last refresh that
// apply revokes: its state goes to Revoked in the plan. The plan is made
// from the refreshed state and the configuration alone, so the plan that
// Terraform makes again at apply time is the same. For a create, what is
// outside is known only after apply; a warning lists it now.
func (r *exclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, state exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.ClientIDs.IsUnknown() || plan.DeclinePending.IsUnknown() {
		return
	}
	allowed := foldSetOf(stringsOf(ctx, plan.ClientIDs, &resp.Diagnostics))
	decline := plan.DeclinePending.ValueBool()
	if req.State.Raw.IsNull() {
		entries, err := r.outside(ctx, allowed)
		if err != nil {
			if fatal(err) {
				resp.Diagnostics.AddError("Error reading the organization at plan time", errorDetail("", err))
			}
			return
		}
		var names []string
		for _, e := range entries {
			if revocable(e, decline) {
				names = append(names, fmt.Sprintf("%s (%s, %s)", e.ClientName, e.ClientID, e.State))
			}
		}
		if len(names) > 0 {
			resp.Diagnostics.AddWarning("Apply revokes clients authorized outside client_ids",
				fmt.Sprintf("Creating genesysauth_authorized_clients_exclusive revokes, as the organization stands now: %s.",
					strings.Join(names, "; ")))
		}
		return
	}
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var planned []unmanagedEntry
	for _, e := range entriesOf(state.Unmanaged) {
		if allowed.has(e.ClientID) {
			continue // now declared: kept, and no longer outside
		}
		if revocable(e, decline) {
			e.State = genesys.StateRevoked
		}
		planned = append(planned, e)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("unmanaged"), unmanagedSet(planned))...)
}

func (r *exclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	allowed := foldSetOf(stringsOf(ctx, plan.ClientIDs, &resp.Diagnostics))
	entries, err := r.toRevoke(ctx, allowed, plan.DeclinePending.ValueBool())
	if err != nil {
		resp.Diagnostics.AddError("Error reading OAuth client authorizations", errorDetail("", err))
		return
	}
	plan.ID = types.StringValue(ExclusiveID)
	r.apply(ctx, &plan, nil, entries, &resp.State, &resp.Diagnostics)
}

func (r *exclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state exclusiveModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned := entriesOf(plan.Unmanaged)
	if plan.Unmanaged.IsUnknown() {
		// client_ids was unknown at plan time: what is outside is read now.
		entries, err := r.toRevoke(ctx, foldSetOf(stringsOf(ctx, plan.ClientIDs, &resp.Diagnostics)), plan.DeclinePending.ValueBool())
		if err != nil {
			resp.Diagnostics.AddError("Error reading OAuth client authorizations", errorDetail("", err))
			return
		}
		planned = entries
	}
	r.apply(ctx, &plan, entriesOf(state.Unmanaged), planned, &resp.State, &resp.Diagnostics)
}

// apply revokes each planned entry whose state goes to Revoked, one DELETE
// each, never one in client_ids. The state records what really happened:
// when a revoke fails, the clients not revoked keep their state, so the
// next plan revokes only those.
func (r *exclusiveResource) apply(ctx context.Context, plan *exclusiveModel, prior, planned []unmanagedEntry,
	state *tfsdk.State, diags *diagsT) {
	allowed := foldSetOf(stringsOf(ctx, plan.ClientIDs, diags))
	was := map[string]string{}
	for _, e := range prior {
		was[strings.ToLower(e.ClientID)] = e.State
	}
	result := slices.Clone(planned)
	var failure error
	var failed string
	for i, e := range result {
		before, known := was[strings.ToLower(e.ClientID)]
		if e.State != genesys.StateRevoked || allowed.has(e.ClientID) || (known && before == genesys.StateRevoked) {
			if known {
				result[i].State = before
			}
			continue
		}
		if failure == nil {
			if failure = r.data.client.Revoke(ctx, e.ClientID); failure == nil {
				r.data.auths.Put(genesys.OAuthAuthorization{
					Client: genesys.ClientRef{ID: e.ClientID, Name: e.ClientName}, Scope: []string{}, Roles: []string{},
					State: genesys.StateRevoked,
				})
				continue
			}
			failed = e.ClientID
			r.data.auths.Forget(e.ClientID)
		}
		// Not revoked (this one failed, or one before it did): as it was.
		result[i].State = genesys.StateAuthorized
		if known {
			result[i].State = before
		}
	}
	plan.Unmanaged = unmanagedSet(result)
	diags.Append(state.Set(ctx, plan)...)
	if failure != nil {
		var remaining []string
		for _, e := range result {
			if e.State != genesys.StateRevoked && revocable(e, plan.DeclinePending.ValueBool()) {
				remaining = append(remaining, e.ClientID)
			}
		}
		diags.AddError("Error revoking an OAuth client authorized outside client_ids",
			errorDetail(failed, failure)+fmt.Sprintf("\n\nStill authorized outside client_ids, as the state records: %s. "+
				"Run terraform apply again to revoke them.", strings.Join(remaining, ", ")))
	}
}

// Delete stops enforcing: nothing is revoked.
func (r *exclusiveResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *exclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != ExclusiveID {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("genesysauth_authorized_clients_exclusive is one per organization: import it with the ID %q, not %q.", ExclusiveID, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ExclusiveID)...)
}
