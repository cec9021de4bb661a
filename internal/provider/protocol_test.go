package provider_test

// Protocol-level tests of what Terraform 1.11 cannot run end to end:
// resource identity (Terraform 1.12) and the list resource of
// `terraform query` (Terraform 1.14). The provider is called through the
// framework's protocol 6 server in-process, as Terraform would call it.

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

const clientType = "genesysauth_authorized_client"

// protoServer is a configured provider server talking to an emulator.
type protoServer struct {
	t       *testing.T
	srv     tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
	ids     *tfprotov6.GetResourceIdentitySchemasResponse
	config  tftypes.Value
}

func newProtoServer(t *testing.T, emu *emulator.Server) *protoServer {
	t.Helper()
	p := unconfiguredProtoServer(t, emu, nil)
	p.walk()
	return p
}

// unconfiguredProtoServer is a provider server whose configuration is the
// emulator's with the admin's credentials, with settings replaced (a null
// value removes one); nothing is configured yet (see configure).
func unconfiguredProtoServer(t *testing.T, emu *emulator.Server, settings map[string]tftypes.Value) *protoServer {
	t.Helper()
	preCheck(t)
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, diagText(schemas.Diagnostics))
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || hasError(ids.Diagnostics) {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, diagText(ids.Diagnostics))
	}
	p := &protoServer{t: t, srv: srv, schemas: schemas, ids: ids}
	vals := map[string]tftypes.Value{
		"api_url":            tftypes.NewValue(tftypes.String, emu.URL()),
		"token_url":          tftypes.NewValue(tftypes.String, emu.TokenURL()),
		"oauthclient_id":     tftypes.NewValue(tftypes.String, emulator.AdminClientID),
		"oauthclient_secret": tftypes.NewValue(tftypes.String, emulator.AdminClientSecret),
	}
	for k, v := range settings {
		vals[k] = v
	}
	p.config = p.object(schemas.Provider.ValueType(), vals)
	return p
}

// configure configures the provider and returns its diagnostics.
func (p *protoServer) configure() []*tfprotov6.Diagnostic {
	p.t.Helper()
	resp, err := p.srv.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0",
		Config: p.dynamic(p.config)})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

// walk configures the provider again, as Terraform does at the start of
// each graph walk (a plan, an apply): what a configuration keeps for one
// plan (the snapshot, the owners of each client) starts afresh.
func (p *protoServer) walk() {
	p.t.Helper()
	if diags := p.configure(); hasError(diags) {
		p.t.Fatalf("ConfigureProvider: %v", diagText(diags))
	}
}

// object builds an object value of type typ, null where vals has nothing.
func (p *protoServer) object(typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		p.t.Fatalf("%v is not an object type", typ)
	}
	all := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := vals[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(obj, all)
}

func (p *protoServer) dynamic(v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

func (p *protoServer) resourceType() tftypes.Type {
	return p.schemas.ResourceSchemas[clientType].ValueType()
}

func (p *protoServer) identityType() tftypes.Type {
	return p.ids.IdentitySchemas[clientType].ValueType()
}

// attrs decodes a dynamic value of type typ into its attributes.
func (p *protoServer) attrs(dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]tftypes.Value {
	p.t.Helper()
	if dv == nil {
		p.t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		p.t.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	if err := v.As(&out); err != nil {
		p.t.Fatal(err)
	}
	return out
}

func str(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if v.IsNull() {
		return "<null>"
	}
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func strSet(t *testing.T, v tftypes.Value) []string {
	t.Helper()
	if v.IsNull() {
		return nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		out[i] = str(t, e)
	}
	slices.Sort(out)
	return out
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError })
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

func TestProtocol_identitySchemaIsServed(t *testing.T) {
	t.Parallel()
	p := newProtoServer(t, startEmulator(t, emulator.Options{}))
	s := p.ids.IdentitySchemas[clientType]
	if s == nil || len(s.IdentityAttributes) != 1 {
		t.Fatalf("identity schema of %s: %+v", clientType, s)
	}
	a := s.IdentityAttributes[0]
	if a.Name != "client_id" || !a.RequiredForImport || !a.Type.Is(tftypes.String) {
		t.Errorf("identity attribute: %+v", a)
	}
	if _, ok := p.ids.IdentitySchemas["genesysauth_authorized_clients_exclusive"]; ok {
		t.Error("the exclusive resource has no identity")
	}
}

// Create, Read and Update answer the identity; import by identity fills
// the state as import by ID does.
func TestProtocol_identityThroughTheLifecycle(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	p := newProtoServer(t, emu)
	ctx := context.Background()
	id := emulator.ClientAcmeCRM
	scopes := func(ss ...string) tftypes.Value {
		vals := make([]tftypes.Value, len(ss))
		for i, s := range ss {
			vals[i] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals)
	}
	config := func(ss ...string) tftypes.Value {
		return p.object(p.resourceType(), map[string]tftypes.Value{
			"client_id": tftypes.NewValue(tftypes.String, strings.ToUpper(id)),
			"scopes":    scopes(ss...),
		})
	}
	nullState := tftypes.NewValue(p.resourceType(), nil)
	wantIdentity := func(step string, got *tfprotov6.ResourceIdentityData) {
		t.Helper()
		if got == nil {
			t.Fatalf("%s answered no identity", step)
		}
		if v := str(t, p.attrs(got.IdentityData, p.identityType())["client_id"]); v != id {
			t.Errorf("%s: identity client_id = %q, want %q (lower case)", step, v, id)
		}
	}

	// Create.
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: clientType,
		PriorState: p.dynamic(nullState), ProposedNewState: p.dynamic(config("users:readonly")), Config: p.dynamic(config("users:readonly"))})
	if err != nil || hasError(plan.Diagnostics) {
		t.Fatalf("plan: %v %s", err, diagText(plan.Diagnostics))
	}
	created, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: clientType,
		PriorState: p.dynamic(nullState), PlannedState: plan.PlannedState, Config: p.dynamic(config("users:readonly")),
		PlannedIdentity: plan.PlannedIdentity, PlannedPrivate: plan.PlannedPrivate})
	if err != nil || hasError(created.Diagnostics) {
		t.Fatalf("apply: %v %s", err, diagText(created.Diagnostics))
	}
	wantIdentity("create", created.NewIdentity)

	// Read.
	read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: clientType, CurrentState: created.NewState,
		CurrentIdentity: created.NewIdentity, Private: created.Private})
	if err != nil || hasError(read.Diagnostics) {
		t.Fatalf("read: %v %s", err, diagText(read.Diagnostics))
	}
	wantIdentity("read", read.NewIdentity)

	// Update: one more scope, in the next terraform command.
	p.walk()
	prior, _ := read.NewState.Unmarshal(p.resourceType())
	plan, err = p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: clientType,
		PriorState: read.NewState, ProposedNewState: p.dynamic(config("users:readonly", "notifications")),
		Config: p.dynamic(config("users:readonly", "notifications")), PriorIdentity: read.NewIdentity,
		PriorPrivate: read.Private})
	if err != nil || hasError(plan.Diagnostics) {
		t.Fatalf("plan update: %v %s", err, diagText(plan.Diagnostics))
	}
	updated, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: clientType,
		PriorState: p.dynamic(prior), PlannedState: plan.PlannedState, Config: p.dynamic(config("users:readonly", "notifications")),
		PlannedIdentity: plan.PlannedIdentity, PlannedPrivate: plan.PlannedPrivate})
	if err != nil || hasError(updated.Diagnostics) {
		t.Fatalf("apply update: %v %s", err, diagText(updated.Diagnostics))
	}
	wantIdentity("update", updated.NewIdentity)
	if a, _ := emu.Authorization(id); strings.Join(slices.Sorted(slices.Values(a.Scope)), ",") != "notifications,users:readonly" {
		t.Errorf("the update did not reach the emulator: %v", a.Scope)
	}

	// Import by identity, and by ID: the same state.
	identity := p.object(p.identityType(), map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, emulator.ClientTableau)})
	byIdentity, err := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: clientType,
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: p.dynamic(identity)}})
	if err != nil || hasError(byIdentity.Diagnostics) || len(byIdentity.ImportedResources) != 1 {
		t.Fatalf("import by identity: %v %s", err, diagText(byIdentity.Diagnostics))
	}
	imported := byIdentity.ImportedResources[0]
	if got := str(t, p.attrs(imported.State, p.resourceType())["client_id"]); got != emulator.ClientTableau {
		t.Errorf("import by identity: state client_id = %q", got)
	}
	wantImported := func(step string, st *tfprotov6.DynamicValue, ident *tfprotov6.ResourceIdentityData) {
		t.Helper()
		r, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: clientType, CurrentState: st, CurrentIdentity: ident})
		if err != nil || hasError(r.Diagnostics) {
			t.Fatalf("%s read: %v %s", step, err, diagText(r.Diagnostics))
		}
		got := p.attrs(r.NewState, p.resourceType())
		if str(t, got["client_id"]) != emulator.ClientTableau || str(t, got["client_name"]) != "Tableau Analytics Export" ||
			strings.Join(strSet(t, got["scopes"]), ",") != "analytics:readonly,routing:readonly" || str(t, got["state"]) != "Authorized" {
			t.Errorf("%s: state after read = %v", step, got)
		}
		if v := str(t, p.attrs(r.NewIdentity.IdentityData, p.identityType())["client_id"]); v != emulator.ClientTableau {
			t.Errorf("%s: identity = %q", step, v)
		}
	}
	wantImported("import by identity", imported.State, imported.Identity)
	byID, err := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: clientType, ID: strings.ToUpper(emulator.ClientTableau)})
	if err != nil || hasError(byID.Diagnostics) {
		t.Fatalf("import by ID: %v %s", err, diagText(byID.Diagnostics))
	}
	wantImported("import by ID", byID.ImportedResources[0].State, byID.ImportedResources[0].Identity)

	// An identity that is not a client ID is refused.
	bad := p.object(p.identityType(), map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, "tableau")})
	refused, _ := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: clientType,
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: p.dynamic(bad)}})
	if !hasError(refused.Diagnostics) || !strings.Contains(diagText(refused.Diagnostics), "is not an OAuth client ID") {
		t.Errorf("import of a bad identity: %s", diagText(refused.Diagnostics))
	}
}

// strs is a set of strings as Terraform sends it.
func strs(ss ...string) tftypes.Value {
	vals := make([]tftypes.Value, len(ss))
	for i, s := range ss {
		vals[i] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals)
}

// planCreate plans a create of genesysauth_authorized_client with the configuration's values.
func (p *protoServer) planCreate(vals map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	p.t.Helper()
	typeName := clientType
	typ := p.schemas.ResourceSchemas[typeName].ValueType()
	cfg := p.dynamic(p.object(typ, vals))
	resp, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
		PriorState: p.dynamic(tftypes.NewValue(typ, nil)), ProposedNewState: cfg, Config: cfg})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp
}

// imported is the state of genesysauth_authorized_client imported by ID.
func (p *protoServer) imported(id string) *tfprotov6.ImportedResource {
	p.t.Helper()
	imp, err := p.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: clientType, ID: id})
	if err != nil || hasError(imp.Diagnostics) || len(imp.ImportedResources) != 1 {
		p.t.Fatalf("import %s: %v %s", id, err, diagText(imp.Diagnostics))
	}
	return imp.ImportedResources[0]
}

// readResource refreshes a genesysauth_authorized_client state.
func (p *protoServer) readResource(r *tfprotov6.ImportedResource) *tfprotov6.ReadResourceResponse {
	p.t.Helper()
	resp, err := p.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: clientType,
		CurrentState: r.State, CurrentIdentity: r.Identity})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp
}

// diagIs checks that diags hold exactly one diagnostic, of the severity,
// with the summary and every text in its detail.
func diagIs(t *testing.T, step string, diags []*tfprotov6.Diagnostic, sev tfprotov6.DiagnosticSeverity, summary string, detail ...string) {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity != sev || diags[0].Summary != summary {
		t.Errorf("%s: diagnostics\n%s\nwant one of severity %d: %q", step, diagText(diags), sev, summary)
		return
	}
	for _, d := range detail {
		if !strings.Contains(diags[0].Detail, d) {
			t.Errorf("%s: detail\n%s\nlacks %q", step, diags[0].Detail, d)
		}
	}
}

// isNull reports whether a read answered a removed resource.
func (p *protoServer) isNull(dv *tfprotov6.DynamicValue) bool {
	p.t.Helper()
	v, err := dv.Unmarshal(p.resourceType())
	if err != nil {
		p.t.Fatal(err)
	}
	return v.IsNull()
}
