package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

var (
	_ list.ListResourceWithConfigure      = (*authorizedClientList)(nil)
	_ list.ListResourceWithValidateConfig = (*authorizedClientList)(nil)
)

// authorizedClientList is the list resource genesysauth_authorized_client
// for `terraform query` (Terraform 1.14 and later): every authorization of
// the organization, each with its identity, the client's name as display
// name, and with include_resource the resource as import would read it,
// so that `terraform query -generate-config-out=...` writes the
// configuration of an organization in one command.
type authorizedClientList struct {
	data *providerData
}

func newAuthorizedClientList() list.ListResource { return &authorizedClientList{} }

type authorizedClientListConfig struct {
	State types.String `tfsdk:"state"`
	Name  types.String `tfsdk:"name"`
}

func (l *authorizedClientList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorized_client"
}

func (l *authorizedClientList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The organization's authorized clients as genesysauth_authorized_client resources, from one " +
			"listing (GET /api/v2/oauth/authorizations). Only `Authorized` records: they are the ones a configuration " +
			"can import and manage (a revoked, pending or unauthorized record cannot be imported). To find those, use " +
			"the genesysauth_authorized_clients data source.",
		Attributes: map[string]schema.Attribute{
			"state": schema.StringAttribute{
				Optional: true,
				Description: "`Authorized`, the only state whose records can be imported (the default). Other " +
					"states are refused: list pending, revoked or unauthorized records with the " +
					"genesysauth_authorized_clients data source.",
			},
			"name": schema.StringAttribute{
				Optional:    true,
				Description: "Keep only the clients whose name contains this text (case-insensitive).",
			},
		},
	}
}

// ValidateListResourceConfig refuses a state filter whose results could not
// be imported: every result must import and then plan no change.
func (l *authorizedClientList) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var state types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("state"), &state)...)
	if state.IsNull() || state.IsUnknown() || state.ValueString() == genesys.StateAuthorized {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("state"), "Records that cannot be imported",
		fmt.Sprintf("state = %q lists records that genesysauth_authorized_client cannot import: only Authorized "+
			"ones can be imported and managed. Remove state, or find %s records with the "+
			"genesysauth_authorized_clients data source (its state filter).", state.ValueString(), state.ValueString()))
}

func (l *authorizedClientList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (l *authorizedClientList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg authorizedClientListConfig
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.data == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider not configured", "The genesysauth provider was not configured before listing.")
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	auths, err := l.data.auths.All(ctx)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError(l.data.failed("Error listing OAuth client authorizations"), errorDetail("", err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	state := genesys.StateAuthorized
	name := cfg.Name.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for _, a := range auths {
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
			if a.State != state || !nameHas(a.Client.Name, name) {
				continue
			}
			result := req.NewListResult(ctx)
			result.DisplayName = a.Client.Name
			setIdentity(ctx, result.Identity, a.Client.ID, &result.Diagnostics)
			if req.IncludeResource {
				m := l.data.listedModel(ctx, &a, &result.Diagnostics)
				result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
			}
			sent++
			if !push(result) {
				return
			}
		}
	}
}
