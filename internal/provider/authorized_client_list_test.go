package provider_test

// Tests of the list resource genesysauth_authorized_client: through the
// protocol server in-process, and through terraform query where the CLI has
// it (1.14 and later; it skips on older CLIs).

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

type listed struct {
	name, id string
	resource map[string]tftypes.Value
}

func (p *protoServer) list(cfg map[string]tftypes.Value, include bool, limit int64) ([]listed, string) {
	p.t.Helper()
	ctx := context.Background()
	lister, ok := p.srv.(tfprotov6.ListResourceServer)
	if !ok {
		p.t.Fatal("the provider server does not serve list resources")
	}
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{TypeName: clientType,
		Config: p.dynamic(p.object(p.schemas.ListResourceSchemas[clientType].ValueType(), cfg)), IncludeResource: include, Limit: limit})
	if err != nil {
		p.t.Fatal(err)
	}
	var out []listed
	var diags []*tfprotov6.Diagnostic
	for r := range stream.Results {
		diags = append(diags, r.Diagnostics...)
		if r.Identity == nil {
			continue
		}
		l := listed{name: r.DisplayName, id: str(p.t, p.attrs(r.Identity.IdentityData, p.identityType())["client_id"])}
		if r.Resource != nil {
			l.resource = p.attrs(r.Resource, p.resourceType())
		}
		out = append(out, l)
	}
	return out, diagText(diags)
}

func TestProtocol_listResource(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	if err := emu.AuthorizeByHand(emulator.BuiltinDirectory, []string{"conversations", "presence"}, []string{emulator.RoleEmployee}); err != nil {
		t.Fatal(err)
	}
	if err := emu.AuthorizeByHand(emulator.ClientAcmeCRM, []string{"users:readonly"}, nil); err != nil {
		t.Fatal(err)
	}
	p := newProtoServer(t, emu)
	if p.schemas.ListResourceSchemas[clientType] == nil {
		t.Fatalf("no list resource schema for %s", clientType)
	}
	names := func(ls []listed) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = l.name + "=" + l.id
		}
		return out
	}
	s := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }

	// The authorized clients of the seed, the only ones that can be
	// imported; the pending (Zapier) and revoked (PagerDuty) records are not
	// listed.
	authorized := []string{"Acme CRM Connector=" + emulator.ClientAcmeCRM, "Directory Web Client (Unified App)=" + emulator.BuiltinDirectory,
		"Tableau Analytics Export=" + emulator.ClientTableau}
	cases := []struct {
		cfg  map[string]tftypes.Value
		want []string
	}{
		{nil, authorized},
		{map[string]tftypes.Value{"state": s("Authorized")}, authorized},
		{map[string]tftypes.Value{"name": s("TABLEAU")}, []string{"Tableau Analytics Export=" + emulator.ClientTableau}},
	}
	// A state whose records cannot be imported is refused at validation,
	// pointing at the data source.
	lister, ok := p.srv.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("the provider server does not serve list resources")
	}
	for _, state := range []string{"Requested", "Revoked", "Unauthorized"} {
		resp, err := lister.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{TypeName: clientType,
			Config: p.dynamic(p.object(p.schemas.ListResourceSchemas[clientType].ValueType(), map[string]tftypes.Value{"state": s(state)}))})
		if err != nil {
			t.Fatal(err)
		}
		if d := diagText(resp.Diagnostics); !hasError(resp.Diagnostics) ||
			!strings.Contains(d, `state = "`+state+`" lists records that genesysauth_authorized_client cannot import`) ||
			!strings.Contains(d, "genesysauth_authorized_clients data source") {
			t.Errorf("state %s: %s", state, d)
		}
	}
	for _, tc := range cases {
		got, diags := p.list(tc.cfg, false, 0)
		if !slices.Equal(names(got), tc.want) || diags != "" {
			t.Errorf("list %v: %v %s; want %v", tc.cfg, names(got), diags, tc.want)
		}
		for _, l := range got {
			if l.resource != nil {
				t.Errorf("a resource without include_resource: %v", l)
			}
		}
	}

	// A limit is honoured.
	if got, _ := p.list(nil, false, 2); len(got) != 2 {
		t.Errorf("limit 2: %d results", len(got))
	}

	// include_resource: each resource is what import then read gives.
	got, diags := p.list(nil, true, 0)
	if len(got) != 3 || diags != "" {
		t.Fatalf("include_resource: %v %s", names(got), diags)
	}
	ctx := context.Background()
	for _, l := range got {
		imp, err := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: clientType, ID: l.id})
		if err != nil || hasError(imp.Diagnostics) {
			t.Fatalf("import %s: %v %s", l.id, err, diagText(imp.Diagnostics))
		}
		read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: clientType, CurrentState: imp.ImportedResources[0].State,
			CurrentIdentity: imp.ImportedResources[0].Identity})
		if err != nil || hasError(read.Diagnostics) {
			t.Fatalf("read %s: %v %s", l.id, err, diagText(read.Diagnostics))
		}
		want := p.attrs(read.NewState, p.resourceType())
		for name, v := range want {
			if !v.Equal(l.resource[name]) {
				t.Errorf("%s: list resource %s = %v, import reads %v", l.name, name, l.resource[name], v)
			}
		}
	}
	var builtin bool
	dir := got[1]
	if err := dir.resource["builtin"].As(&builtin); err != nil || !builtin || strings.Join(strSet(t, dir.resource["roles"]), ",") != emulator.RoleEmployee {
		t.Errorf("the built-in client's resource: %v", dir.resource)
	}
}

func TestAccQuery_listAuthorizedClients(t *testing.T) {
	t.Parallel()
	testcli.SkipOnOpenTofu(t, "query command and no list resources")
	srv := startEmulator(t, emulator.Options{})
	if err := srv.AuthorizeByHand(emulator.ClientAcmeCRM, []string{"users:readonly"}, nil); err != nil {
		t.Fatal(err)
	}
	accTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Query: true,
			Config: providerBlock(srv) + `
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true
}

list "genesysauth_authorized_client" "tableau" {
  provider = genesysauth
  config {
    name = "tableau"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("genesysauth_authorized_client.all", 2),
				querycheck.ExpectIdentity("genesysauth_authorized_client.all", map[string]knownvalue.Check{
					"client_id": knownvalue.StringExact(emulator.ClientAcmeCRM),
				}),
				querycheck.ExpectIdentity("genesysauth_authorized_client.all", map[string]knownvalue.Check{
					"client_id": knownvalue.StringExact(emulator.ClientTableau),
				}),
				querycheck.ExpectLength("genesysauth_authorized_client.tableau", 1),
				querycheck.ExpectTotalLengthForMatching(regexp.MustCompile("genesysauth_authorized_client"), 3),
			},
		}},
	})
}
