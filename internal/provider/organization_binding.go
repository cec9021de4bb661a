package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// A plan is bound to the organization it was made against. Both resources
// record, in their computed attribute organization_id, the organization of
// the credentials (GET /api/v2/organizations/me, no permission needed, read
// once per provider process): the plan sets it, a refresh and every write
// keep it. Apply meets it before its first write, in one of three ways:
//
//   - an update or a replacement: the plan Terraform makes again at apply
//     time sees the state the plan was made from (a saved plan carries its
//     refreshed state), whose organization_id names the plan's organization;
//     ModifyPlan refuses another, with both organizations named;
//   - a create: that second plan has no prior state, and neither Terraform
//     up to 1.15 nor OpenTofu hands it the first plan's private data, so the
//     binding is the planned value itself: the second plan sets this
//     process's organization, and Terraform stops the apply ("Provider
//     produced inconsistent final plan ... organization_id: was A, but now
//     B") before Create is called;
//   - a destroy: Terraform does not plan a delete again, and hands Delete the
//     destroy plan's private data, where ModifyPlan recorded the
//     organization (orgKey); Delete compares it before the DELETE.
//
// A state written by an earlier version has no organization_id: the first
// refresh or plan records the organization of its credentials (there is
// nothing to compare it with), and binds from then on.

// orgKey is the private key where a destroy plan records its organization.
const orgKey = "organization"

// currentOrganization is the organization of this provider configuration's
// credentials; a failure to read it is an error naming the call.
func (p *providerData) currentOrganization(ctx context.Context, diags *diag.Diagnostics) *genesys.Organization {
	o, err := p.organization(ctx)
	if err != nil {
		diags.AddError(p.failed("Error reading the organization of the credentials"),
			errorDetail("", err)+"\n\nEvery plan and apply that writes records the organization it is made against "+
				"(GET "+genesys.OrganizationPath+", which needs no permission), so that a saved plan is never applied "+
				"in another. Nothing was written; run the command again.")
		return nil
	}
	return o
}

// bindOrganization compares the organization a plan or state recorded
// (empty: none, from an earlier version) with the credentials' and adds an
// error when they differ. what names the object ("genesysauth_authorized_client
// for OAuth client X"). It returns the current organization's ID, or "" on
// an error.
func (p *providerData) bindOrganization(ctx context.Context, recorded, what string, diags *diag.Diagnostics) string {
	o := p.currentOrganization(ctx, diags)
	if o == nil {
		return ""
	}
	if recorded == "" || strings.EqualFold(recorded, o.ID) {
		return o.ID
	}
	diags.AddAttributeError(path.Root("organization_id"), "Wrong Genesys Cloud organization for this plan: made "+
		"against "+recorded+", the credentials belong to "+o.ID+" ("+o.Name+")",
		fmt.Sprintf("%s is bound to organization %s (its organization_id, recorded by the plan, or by the state the "+
			"plan was made from), but the credentials of this run (%s) belong to organization %s (%q; %s). Nothing was "+
			"written in either organization.\n\nA plan is applied in the organization it was made against. Apply it "+
			"with organization %s's credentials (in a pipeline, the plan job and the apply job must be given the same "+
			"organization's credentials), or plan again with the credentials of the organization meant, against that "+
			"organization's own state (a state records the organization its resources are in: each organization has "+
			"its own state, or its own provider alias).",
			what, recorded, p.credentials, o.ID, o.Name, p.where, recorded))
	return ""
}

// recordedOrganization reads organization_id of a state or plan: "" for
// none (a state of an earlier version, or unknown).
func recordedOrganization(v types.String) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	return v.ValueString()
}

// recordPlanOrganization writes the organization of a destroy plan to its
// private data, which Terraform hands to Delete as planned.
func recordPlanOrganization(ctx context.Context, out privateWriter, orgID string, diags *diag.Diagnostics) {
	if out == nil || orgID == "" {
		return
	}
	data, _ := json.Marshal(orgID)
	diags.Append(out.SetKey(ctx, orgKey, data)...)
}

// plannedOrganization reads what recordPlanOrganization wrote; "" when the
// plan recorded none.
func plannedOrganization(ctx context.Context, in privateReader) string {
	if in == nil {
		return ""
	}
	data, _ := in.GetKey(ctx, orgKey)
	var id string
	if len(data) == 0 || json.Unmarshal(data, &id) != nil {
		return ""
	}
	return id
}

// organizationIDAttribute is the computed organization_id of both resources.
func organizationIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed: true,
		Description: "ID of the organization this resource is in: the organization of the credentials the plan " +
			"was made with (`GET " + genesys.OrganizationPath + "`, whether or not the provider sets `organization_id`). " +
			"A plan applied with another organization's credentials fails before any write.",
	}
}
