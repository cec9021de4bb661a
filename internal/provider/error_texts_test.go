package provider_test

// The errors a user searches for, by their exact text: each names the
// setting or attribute at fault and the remedy (issue 22).

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// attrOf is the attribute a diagnostic points at, "" for none.
func attrOf(d *tfprotov6.Diagnostic) string {
	if d.Attribute == nil || len(d.Attribute.Steps()) == 0 {
		return ""
	}
	if name, ok := d.Attribute.Steps()[0].(tftypes.AttributeName); ok {
		return string(name)
	}
	return ""
}

func TestProtocol_configurationErrorsNameTheSetting(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	s := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	null := tftypes.NewValue(tftypes.String, nil)
	cases := []struct {
		name     string
		settings map[string]tftypes.Value
		severity tfprotov6.DiagnosticSeverity
		attr     string
		summary  string
		detail   []string
	}{
		{"api_url with a path", map[string]tftypes.Value{"api_url": s(emu.URL() + "/api/v2")}, failure, "api_url", "Invalid api_url",
			[]string{`api_url "` + emu.URL() + `/api/v2" has a path (/api/v2): give the base URL alone, such as https://api.mypurecloud.com`}},
		{"token_url answering 404", map[string]tftypes.Value{"token_url": s(emu.URL() + "/login/oauth/token")}, failure, "",
			"Error signing in to Genesys Cloud (API " + emu.URL() + ")",
			[]string{"getting an access token from token_url " + emu.URL() + "/login/oauth/token failed (404): Not Found; the URL is not a token endpoint",
				"the URL is not a token endpoint: check token_url (it ends in /oauth/token"}},
		{"unknown region beside both URLs", map[string]tftypes.Value{"region": s("mars-1")}, failure, "region", "Unknown region",
			[]string{`region names an unknown region "mars-1": use one of`}},
		{"region beside both URLs", map[string]tftypes.Value{"region": s("eu-west-1")}, warning, "region", "region is not used",
			[]string{`region is "eu-west-1", but api_url and token_url are both set, and they take its place`,
				"Remove the region, or remove both URLs to use the region's."}},
		{"blank region", map[string]tftypes.Value{"region": s(" "), "token_url": null, "access_token": s("t"),
			"oauthclient_id": null, "oauthclient_secret": null}, failure, "region", "Invalid region",
			[]string{"region is blank: give a region name such as us-east-1, or leave it out for us-east-1."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := unconfiguredProtoServer(t, emu, tc.settings).configure()
			diagIs(t, tc.name, diags, tc.severity, tc.summary, tc.detail...)
			if len(diags) == 1 && attrOf(diags[0]) != tc.attr {
				t.Errorf("%s: attribute %q, want %q", tc.name, attrOf(diags[0]), tc.attr)
			}
			if len(diags) == 1 && strings.Contains(diags[0].Detail, "client ID and secret") {
				t.Errorf("%s: blames the credentials: %s", tc.name, diags[0].Detail)
			}
		})
	}
}

// A host that does not resolve is a wrong setting: one attempt, and the
// error says which setting names the host, not the permission.
func TestProtocol_unresolvableHostIsNotRetried(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	null := tftypes.NewValue(tftypes.String, nil)
	p := unconfiguredProtoServer(t, emu, map[string]tftypes.Value{"api_url": tftypes.NewValue(tftypes.String, "https://api.nonexistent.invalid"),
		"token_url": null, "oauthclient_id": null, "oauthclient_secret": null, "region": tftypes.NewValue(tftypes.String, "eu-west-1"),
		"access_token": tftypes.NewValue(tftypes.String, "t")})
	start := time.Now()
	diags := p.configure()
	diagIs(t, "unresolvable", diags, failure, "Error reading the organization's authorizations (API https://api.nonexistent.invalid)",
		"GET /api/v2/oauth/authorizations failed after 1 attempt(s)",
		"The host api.nonexistent.invalid does not resolve: check api_url (or region), and the network's DNS.")
	if len(diags) == 1 && strings.Contains(diags[0].Detail, "permission") {
		t.Errorf("blames the permission: %s", diags[0].Detail)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s: retried", took)
	}
}

// roles = [] and scopes = [] say what to write instead.
func TestProtocol_emptySetsSayLeaveItOut(t *testing.T) {
	t.Parallel()
	p := newProtoServer(t, startEmulator(t, emulator.Options{}))
	s := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	for attr, c := range map[string]map[string]tftypes.Value{
		"scopes": {"client_id": s(emulator.ClientAcmeCRM), "scopes": strs()},
		"roles":  {"client_id": s(emulator.BuiltinDirectory), "scopes": strs("presence"), "roles": strs()},
	} {
		r, err := p.srv.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: clientType,
			Config: p.dynamic(p.object(p.resourceType(), c))})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"scopes": "scopes = [] is not allowed: give at least one scope the client asks for (an authorization grants its " +
				"scopes); to revoke the client, remove this resource.",
			"roles": "roles = [] is not allowed: leave roles out for none (roles are only for built-in clients).",
		}[attr]
		diagIs(t, attr, r.Diagnostics, failure, attr+" is empty", want)
		if len(r.Diagnostics) == 1 && attrOf(r.Diagnostics[0]) != attr {
			t.Errorf("%s: attribute %q", attr, attrOf(r.Diagnostics[0]))
		}
	}
}

// Importing a pending request says that a create authorizes it.
func TestProtocol_importOfAPendingRequest(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	p := newProtoServer(t, emu)
	imp, err := p.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: clientType, ID: emulator.ClientZapier})
	if err != nil {
		t.Fatal(err)
	}
	diagIs(t, "import", imp.Diagnostics, failure, "Cannot import a pending request",
		"OAuth client "+emulator.ClientZapier+" (Zapier Workflow Automation) is a pending request (Requested) in this organization, "+
			"not authorized: there is no authorization to import. A create authorizes it (the PUT approves the request)")
	if a, _ := emu.Authorization(emulator.ClientZapier); a.State != "Requested" || emu.Calls(emulator.RoutePutAuthorization) != 0 {
		t.Errorf("the import changed the organization: %s, PUT %d", a.State, emu.Calls(emulator.RoutePutAuthorization))
	}
}

// A client with only the client-credentials grant fails the plan when the
// catalogue has it; nothing is written.
func TestProtocol_grantCheckedAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{})
	p := newProtoServer(t, emu)
	plan := p.planCreate(map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, emulator.ClientNightlyExport),
		"scopes": strs("users:readonly")})
	diagIs(t, "plan", plan.Diagnostics, failure, "OAuth client uses the client-credentials grant",
		"OAuth client "+emulator.ClientNightlyExport+" (Nightly Export Job) uses the client-credentials grant",
		"Fix client_id: set it to a client with the code, token or SAML2 bearer grant")
	if len(plan.Diagnostics) == 1 && attrOf(plan.Diagnostics[0]) != "client_id" {
		t.Errorf("attribute %q", attrOf(plan.Diagnostics[0]))
	}
	if n := emu.Calls(emulator.RoutePutAuthorization); n != 0 {
		t.Errorf("PUT called %d times at plan time", n)
	}
}

// A data source's error names the organization it was read in.
func TestProtocol_dataSourceErrorNamesTheOrganization(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t, emulator.Options{OrganizationName: "Prod Corp"})
	org := emu.Organization()
	p := unconfiguredProtoServer(t, emu, map[string]tftypes.Value{"organization_id": tftypes.NewValue(tftypes.String, org.ID)})
	p.walk()
	emu.InjectFault(emulator.RouteListScopes, emulator.Fault500, 1)
	typ := p.schemas.DataSourceSchemas["genesysauth_scopes"].ValueType()
	ds, err := p.srv.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: "genesysauth_scopes",
		Config: p.dynamic(p.object(typ, nil))})
	if err != nil {
		t.Fatal(err)
	}
	diagIs(t, "scopes", ds.Diagnostics, failure, "Error listing OAuth scopes (organization Prod Corp ("+org.ID+"), API "+emu.URL()+")",
		"GET /api/v2/oauth/scopes: 500 internal.server.error")
}

// An answer the client does not understand says so, names the call, and
// asks for a report with the answer's contextId.
func TestProtocol_unexpectedAnswerAsksForAReport(t *testing.T) {
	t.Parallel()
	slack := emulator.ClientSlack
	emu := startEmulator(t, emulator.Options{})
	p := newProtoServer(t, emu)
	emu.InjectFault(emulator.RouteGetAuthorization, emulator.FaultMalformed, 1)
	read := p.readResource(p.imported(slack))
	diagIs(t, "malformed", read.Diagnostics, tfprotov6.DiagnosticSeverityError, "Error reading OAuth client authorization",
		"the answer is not the expected JSON",
		"The API answered GET /api/v2/oauth/authorizations/"+slack+" with something the provider does not understand: "+
			"the answer does not match the API contract the provider is written against. Nothing was concluded from it. "+
			"Please report it to the provider's maintainers, with the answer's contextId ")
	if len(read.Diagnostics) == 1 && !regexp.MustCompile(`contextId [0-9a-f-]{36}\.$`).MatchString(read.Diagnostics[0].Detail) {
		t.Errorf("the detail does not end with the contextId: %s", read.Diagnostics[0].Detail)
	}
}

// A refusal of a write is tied to its attribute by the field its error body
// names (details[].fieldName) and its code, never by its message text: here
// the message says nothing of the field.
func TestProtocol_refusalNamesTheAttributeByItsField(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, code, details, attribute, remedy string }{
		{"scope", "invalid.value", `[{"errorCode":"invalid.value","fieldName":"scope"}]`, "scopes",
			"Fix the scopes attribute: each scope must exist and be one the client asks for"},
		{"roles refused", "bad.request", `[{"errorCode":"bad.request","fieldName":"roles"}]`, "roles",
			"Fix the roles attribute: roles are only for built-in clients"},
		{"unknown role", "invalid.value", `[{"fieldName":"roles"}]`, "roles", "Fix the roles attribute: each role must exist"},
		{"client", "bad.request", `[{"fieldName":"client.id"}]`, "client_id",
			"Fix client_id: a client-credentials client gets its access from its own roles"},
		{"no field", "bad.request", `[]`, "", ""},
		{"another field", "bad.request", `[{"fieldName":"somethingElse"}]`, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emu := startEmulator(t, emulator.Options{})
			target, _ := url.Parse(emu.URL())
			proxy := httputil.NewSingleHostReverseProxy(target)
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPut {
					proxy.ServeHTTP(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"message":"The request could not be processed.","code":"`+tc.code+
					`","status":400,"contextId":"ctx-400","details":`+tc.details+`}`)
			}))
			t.Cleanup(api.Close)
			p := unconfiguredProtoServer(t, emu, map[string]tftypes.Value{"api_url": tftypes.NewValue(tftypes.String, api.URL)})
			p.walk()
			cfg := map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, emulator.ClientAcmeCRM), "scopes": strs("users:readonly")}
			plan := p.planCreate(cfg)
			if hasError(plan.Diagnostics) {
				t.Fatalf("plan: %s", diagText(plan.Diagnostics))
			}
			typ := p.resourceType()
			applied, err := p.srv.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{TypeName: clientType,
				PriorState: p.dynamic(tftypes.NewValue(typ, nil)), PlannedState: plan.PlannedState, Config: p.dynamic(p.object(typ, cfg)),
				PlannedIdentity: plan.PlannedIdentity, PlannedPrivate: plan.PlannedPrivate})
			if err != nil {
				t.Fatal(err)
			}
			diagIs(t, tc.name, applied.Diagnostics, tfprotov6.DiagnosticSeverityError, "Error authorizing OAuth client",
				"400 "+tc.code+": The request could not be processed. [contextId ctx-400]"+map[bool]string{true: "\n\n" + tc.remedy}[tc.remedy != ""])
			if len(applied.Diagnostics) == 1 {
				d := applied.Diagnostics[0]
				if got := attrOf(d); got != tc.attribute {
					t.Errorf("the error is on attribute %q, want %q", got, tc.attribute)
				}
				if tc.remedy == "" && strings.Contains(d.Detail, "Fix ") {
					t.Errorf("a refusal that names no known field names a remedy: %s", d.Detail)
				}
			}
		})
	}
}

// GENESYSAUTH_ORGANIZATION_ID exported beside a block with credentials of
// its own: the guard follows the credentials, so the variable is not used,
// and the plan says so (a pipeline that exports it believes it guarded).
func TestProtocol_environmentOrganizationIDNotUsedIsSaid(t *testing.T) {
	emu := startEmulator(t, emulator.Options{})
	p := unconfiguredProtoServer(t, emu, nil)
	t.Setenv("GENESYSAUTH_ORGANIZATION_ID", "11111111-2222-4333-8444-555555555555")
	diagIs(t, "organization ID in the environment", p.configure(), warning,
		"GENESYSAUTH_ORGANIZATION_ID is not used for this provider block",
		"This block is not guarded. Set organization_id in the block to guard it.")
}

// A sign-in that gets no answer names the request timeout and where it was
// set (the block or GENESYSAUTH_REQUEST_TIMEOUT), and never sends the user
// to a resource's timeouts block, which does not apply to the sign-in.
func TestProtocol_signInTimeoutNamesWhereTheTimeoutIsSet(t *testing.T) {
	cases := []struct {
		name, env string
		block     tftypes.Value
		from      string
	}{
		{"environment", "1s", tftypes.NewValue(tftypes.String, nil), "GENESYSAUTH_REQUEST_TIMEOUT in the environment"},
		{"provider block", "", tftypes.NewValue(tftypes.String, "1s"), "request_timeout in the provider block"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emu := startEmulator(t, emulator.Options{})
			p := unconfiguredProtoServer(t, emu, map[string]tftypes.Value{"request_timeout": tc.block})
			if tc.env != "" {
				t.Setenv("GENESYSAUTH_REQUEST_TIMEOUT", tc.env)
			}
			emu.InjectFault(emulator.RouteToken, emulator.FaultHang, 100)
			diags := p.configure()
			diagIs(t, tc.name, diags, failure, "Error signing in to Genesys Cloud (API "+emu.URL()+")",
				"The sign-in got no answer within 1s, the request timeout set by "+tc.from+
					" (a resource's timeouts block does not apply to the sign-in): raise it, or check that the token URL "+
					"(region or token_url) is reachable.")
			if len(diags) == 1 && strings.Contains(diags[0].Detail, "or the resource's timeouts block") {
				t.Errorf("sends the user to a resource's timeouts block: %s", diags[0].Detail)
			}
			if n := emu.Calls(emulator.RouteToken); n < 1 || emu.Calls(emulator.RouteListAuthorizations) != 0 {
				t.Errorf("calls: %v", emu.CallCounts())
			}
		})
	}
}
