// Package contract holds the field lists and enums of API.md beside it
// (contract version 2), written out once, and checks raw JSON answers
// against them. The emulator's tests use it on every route, so that the
// emulator serves exactly the contract's models (the emulator and the
// client share Go structs, which could be wrong on both sides at once);
// `make testacc-live` uses it to report which fields a real organization
// sends.
package contract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Version is the contract version these lists transcribe.
const Version = 2

// Model is one model of the contract: its fields, which of them an answer
// must carry, the enum of each enumerated field, and the model of each
// nested object or array of objects.
type Model struct {
	Name     string
	Fields   []string
	Required []string
	Enums    map[string][]string
	Nested   map[string]*Model
	Dates    []string // ISO-8601 UTC with milliseconds
}

// The models, as API.md lists them.
var (
	EntityRef = &Model{Name: "EntityRef", Fields: []string{"id", "name", "selfUri"}, Required: []string{"id"}}

	// OAuthClient (public), plus the modelled builtIn mark.
	OAuthClient = &Model{
		Name: "OAuthClient",
		Fields: []string{"id", "name", "description", "accessTokenValiditySeconds", "registeredRedirectUri",
			"authorizedGrantType", "scope", "roleDivisions", "state", "dateCreated", "dateModified", "createdBy",
			"modifiedBy", "selfUri", "builtIn"},
		Required: []string{"id", "name"},
		Enums: map[string][]string{
			"authorizedGrantType": {"CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"},
			"state":               {"active", "disabled", "inactive"},
		},
		Nested: map[string]*Model{"createdBy": EntityRef, "modifiedBy": EntityRef, "roleDivisions": EntityRef},
		Dates:  []string{"dateCreated", "dateModified"},
	}

	// OAuthAuthorization (public).
	OAuthAuthorization = &Model{
		Name: "OAuthAuthorization",
		Fields: []string{"client", "scope", "roles", "resourceOwner", "createdBy", "modifiedBy", "dateCreated",
			"dateModified", "pending", "state", "selfUri"},
		Required: []string{"client", "scope", "state"},
		Enums:    map[string][]string{"state": {"Unauthorized", "Requested", "Authorized", "Revoked"}},
		Nested: map[string]*Model{"client": OAuthClient, "resourceOwner": EntityRef, "createdBy": EntityRef,
			"modifiedBy": EntityRef},
		Dates: []string{"dateCreated", "dateModified"},
	}

	// OAuthAuthorizationListing (public): not paged.
	OAuthAuthorizationListing = &Model{
		Name: "OAuthAuthorizationListing", Fields: []string{"entities", "total", "selfUri"},
		Required: []string{"entities"}, Nested: map[string]*Model{"entities": OAuthAuthorization},
	}

	// OAuthClientEntityListing (public): the paging envelope.
	OAuthClientEntityListing = paged("OAuthClientEntityListing", OAuthClient)

	// Role (public DomainOrganizationRole, the fields the contract lists).
	Role = &Model{Name: "Role", Fields: []string{"id", "name", "description", "permissions", "default"},
		Required: []string{"id", "name"}}
	RoleListing = paged("OrganizationRoleEntityListing", Role)

	// OAuthScope and OAuthScopeListing (public; not paged).
	Scope        = &Model{Name: "OAuthScope", Fields: []string{"id", "description", "selfUri"}, Required: []string{"id"}}
	ScopeListing = &Model{Name: "OAuthScopeListing", Fields: []string{"entities", "total", "selfUri"},
		Required: []string{"entities"}, Nested: map[string]*Model{"entities": Scope}}

	// Organization (public): GET /api/v2/organizations/me.
	Organization = &Model{
		Name: "Organization",
		Fields: []string{"id", "name", "defaultLanguage", "defaultCountryCode", "thirdPartyOrgName", "thirdPartyURI",
			"domain", "version", "state", "defaultSiteId", "supportURI", "voicemailEnabled", "productPlatform", "selfUri",
			"features"},
		Required: []string{"id", "name", "version"},
	}

	// ErrorBody (public).
	ErrorDetail = &Model{Name: "Detail", Fields: []string{"errorCode", "fieldName", "entityId", "entityName"}}
	Limit       = &Model{Name: "Limit", Fields: []string{"key", "namespace", "value"}}
	ErrorBody   = &Model{
		Name: "ErrorBody",
		Fields: []string{"message", "code", "status", "entityId", "entityName", "messageWithParams", "messageParams",
			"contextId", "details", "errors", "limit"},
		Required: []string{"message", "code", "status"},
		Nested:   map[string]*Model{"details": ErrorDetail, "limit": Limit},
	}

	// The token endpoint's answers (public).
	Token      = &Model{Name: "token", Fields: []string{"access_token", "token_type", "expires_in"}, Required: []string{"access_token", "token_type", "expires_in"}}
	TokenError = &Model{Name: "token error", Fields: []string{"error", "description", "error_description"}, Required: []string{"error"}}
)

// Models returns every model of the contract, in the order API.md lists
// them: a new slice each call, so no caller changes another's list.
func Models() []*Model { return slices.Clone(models[:]) }

var models = [...]*Model{OAuthAuthorization, OAuthAuthorizationListing, OAuthClient, OAuthClientEntityListing, Role,
	RoleListing, Scope, ScopeListing, Organization, ErrorBody, ErrorDetail, Limit, EntityRef, Token, TokenError}

func init() {
	ErrorBody.Nested["errors"] = ErrorBody
}

func paged(name string, of *Model) *Model {
	return &Model{
		Name: name,
		Fields: []string{"entities", "pageSize", "pageNumber", "total", "pageCount", "selfUri", "firstUri", "nextUri",
			"previousUri", "lastUri"},
		Required: []string{"entities", "pageSize", "pageNumber", "total", "pageCount"},
		Nested:   map[string]*Model{"entities": of},
	}
}

// dateFormat is ISO-8601 UTC with milliseconds, as the contract says.
var dateFormat = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// Report is what Check found in one answer.
type Report struct {
	Unknown []string // fields the contract does not list, as JSON paths
	Missing []string // required fields absent
	Invalid []string // enum values outside the enum, dates in another format, wrong shapes
	Present []string // fields present, as JSON paths (for the live report)
}

// OK reports whether the answer is exactly of the contract.
func (r *Report) OK() bool { return len(r.Unknown)+len(r.Missing)+len(r.Invalid) == 0 }

func (r *Report) String() string {
	var parts []string
	if len(r.Unknown) > 0 {
		parts = append(parts, "fields the contract does not list: "+strings.Join(r.Unknown, ", "))
	}
	if len(r.Missing) > 0 {
		parts = append(parts, "required fields missing: "+strings.Join(r.Missing, ", "))
	}
	if len(r.Invalid) > 0 {
		parts = append(parts, "invalid: "+strings.Join(r.Invalid, "; "))
	}
	if len(parts) == 0 {
		return "as the contract says"
	}
	return strings.Join(parts, "; ")
}

// Check walks a decoded JSON value (maps and slices, as encoding/json
// decodes into any) against a model.
func Check(m *Model, v any) *Report {
	r := &Report{}
	check(m, v, "", r)
	for _, l := range [][]string{r.Unknown, r.Missing, r.Invalid, r.Present} {
		sort.Strings(l)
	}
	r.Unknown, r.Missing, r.Invalid, r.Present = slices.Compact(r.Unknown), slices.Compact(r.Missing),
		slices.Compact(r.Invalid), slices.Compact(r.Present)
	return r
}

func check(m *Model, v any, at string, r *Report) {
	obj, ok := v.(map[string]any)
	if !ok {
		r.Invalid = append(r.Invalid, fmt.Sprintf("%s: want a %s object, got %T", orRoot(at), m.Name, v))
		return
	}
	for k, val := range obj {
		p := join(at, k)
		if !slices.Contains(m.Fields, k) {
			r.Unknown = append(r.Unknown, p)
			continue
		}
		r.Present = append(r.Present, p)
		if enum, ok := m.Enums[k]; ok {
			if s, isStr := val.(string); !isStr || !slices.Contains(enum, s) {
				r.Invalid = append(r.Invalid, fmt.Sprintf("%s: %v is not one of %s", p, val, strings.Join(enum, ", ")))
			}
		}
		if slices.Contains(m.Dates, k) {
			if s, isStr := val.(string); !isStr || !dateFormat.MatchString(s) {
				r.Invalid = append(r.Invalid, fmt.Sprintf("%s: %v is not an ISO-8601 UTC date with milliseconds", p, val))
			}
		}
		if sub, ok := m.Nested[k]; ok && val != nil {
			if arr, isArr := val.([]any); isArr {
				for _, e := range arr {
					check(sub, e, p+"[]", r)
				}
			} else {
				check(sub, val, p, r)
			}
		}
	}
	for _, k := range m.Required {
		if _, ok := obj[k]; !ok {
			r.Missing = append(r.Missing, join(at, k))
		}
	}
}

func join(at, k string) string {
	if at == "" {
		return k
	}
	return at + "." + k
}

func orRoot(at string) string {
	if at == "" {
		return "(the answer)"
	}
	return at
}
