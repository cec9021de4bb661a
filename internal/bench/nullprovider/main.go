// Command nullprovider is a measuring fixture for make bench, never shipped:
// a terraform-plugin-framework provider with the same resource schema as
// genesysauth_authorized_client whose methods do nothing. Its plan time is
// the floor of any framework provider, as terraform_data's is Terraform's.
package main

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type p struct{}

func (p) Metadata(_ context.Context, _ provider.MetadataRequest, r *provider.MetadataResponse) {
	r.TypeName = "genesysauth"
}
func (p) Schema(_ context.Context, _ provider.SchemaRequest, r *provider.SchemaResponse) {
	r.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"api_url": pschema.StringAttribute{Optional: true}, "token_url": pschema.StringAttribute{Optional: true},
		"oauthclient_id": pschema.StringAttribute{Optional: true}, "oauthclient_secret": pschema.StringAttribute{Optional: true},
		"requests_per_minute": pschema.Int64Attribute{Optional: true}}}
}
func (p) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}
func (p) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return r{} }}
}
func (p) DataSources(context.Context) []func() datasource.DataSource { return nil }

type r struct{}

func (r) Metadata(_ context.Context, _ resource.MetadataRequest, x *resource.MetadataResponse) {
	x.TypeName = "genesysauth_authorized_client"
}
func (r) Schema(ctx context.Context, _ resource.SchemaRequest, x *resource.SchemaResponse) {
	st := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	x.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":              schema.StringAttribute{Computed: true, PlanModifiers: st},
		"client_id":       schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
		"scopes":          schema.SetAttribute{Required: true, ElementType: types.StringType},
		"roles":           schema.SetAttribute{Optional: true, ElementType: types.StringType},
		"client_name":     schema.StringAttribute{Computed: true, PlanModifiers: st},
		"builtin":         schema.BoolAttribute{Computed: true},
		"state":           schema.StringAttribute{Computed: true, PlanModifiers: st},
		"authorized_at":   schema.StringAttribute{Computed: true, PlanModifiers: st},
		"authorized_by":   schema.StringAttribute{Computed: true, PlanModifiers: st},
		"modified_at":     schema.StringAttribute{Computed: true},
		"modified_by":     schema.StringAttribute{Computed: true},
		"organization_id": schema.StringAttribute{Computed: true},
	}, Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true})}}
}
func (r) Create(ctx context.Context, req resource.CreateRequest, x *resource.CreateResponse) {
	x.State.Raw = req.Plan.Raw
	var id types.String
	x.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("client_id"), &id)...)
	for _, a := range []string{"id", "client_name", "state", "authorized_at", "authorized_by", "modified_at", "modified_by", "organization_id"} {
		x.Diagnostics.Append(x.State.SetAttribute(ctx, path.Root(a), id)...)
	}
	x.Diagnostics.Append(x.State.SetAttribute(ctx, path.Root("builtin"), false)...)
	if x.Identity != nil {
		x.Diagnostics.Append(x.Identity.SetAttribute(ctx, path.Root("client_id"), id)...)
	}
}

// IdentitySchema is the real resource's identity (Terraform 1.12 and later).
func (r) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, x *resource.IdentitySchemaResponse) {
	x.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"client_id": identityschema.StringAttribute{RequiredForImport: true},
	}}
}

// Read answers the identity, which the framework requires after every Read
// of a resource that has one; the state is left as it was.
func (r) Read(ctx context.Context, req resource.ReadRequest, x *resource.ReadResponse) {
	if x.Identity == nil {
		return
	}
	var id types.String
	x.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("client_id"), &id)...)
	x.Diagnostics.Append(x.Identity.SetAttribute(ctx, path.Root("client_id"), id)...)
}
func (r) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func main() {
	// As the real provider does when Terraform logs nothing.
	for _, env := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		_ = os.Setenv(env, "OFF")
	}
	_ = providerserver.Serve(context.Background(), func() provider.Provider { return p{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/genesysauth/genesysauth"})
}
