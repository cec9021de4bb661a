package genesys

import "slices"

// Wire types of the Authorized Applications API, contract version 2
// (internal/contract/API.md). Field names follow the Genesys Cloud Platform API
// models exactly; each type says whether its model is public (the public
// reference and SDKs) or modelled (this project's contract).

// EntityRef is the {id, name, selfUri} reference Genesys Cloud uses for
// users, organizations and other linked objects (public).
type EntityRef struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	SelfURI string `json:"selfUri,omitempty"`
}

// ClientRef is the OAuthClient embedded in an authorization: the public
// model, of which the API sends at least id and name.
type ClientRef struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	SelfURI     string `json:"selfUri,omitempty"`
}

// Authorization states (public enum of OAuthAuthorization.state). Only
// Authorized grants access.
const (
	StateUnauthorized = "Unauthorized"
	StateRequested    = "Requested"
	StateAuthorized   = "Authorized"
	StateRevoked      = "Revoked"
)

// states lists the enum in the order of the public model.
var states = [...]string{StateUnauthorized, StateRequested, StateAuthorized, StateRevoked}

// States returns the authorization states in the order of the public model,
// a copy the caller may change.
func States() []string { return slices.Clone(states[:]) }

// OAuthAuthorization is the public OAuthAuthorization model. It is also the
// body of the internal PUT (authorize, update-scope, add-role, remove-role):
// the whole desired record, of which the client reads client.id, scope and
// roles.
type OAuthAuthorization struct {
	Client        ClientRef  `json:"client"`
	Scope         []string   `json:"scope"`
	Roles         []string   `json:"roles"`
	ResourceOwner *EntityRef `json:"resourceOwner,omitempty"`
	DateCreated   string     `json:"dateCreated,omitempty"`
	DateModified  string     `json:"dateModified,omitempty"`
	CreatedBy     *EntityRef `json:"createdBy,omitempty"`
	ModifiedBy    *EntityRef `json:"modifiedBy,omitempty"`
	Pending       bool       `json:"pending"`
	State         string     `json:"state,omitempty"`
	SelfURI       string     `json:"selfUri,omitempty"`
}

// Active reports whether the authorization currently grants access.
func (a *OAuthAuthorization) Active() bool { return a.State == StateAuthorized }

// AuthorizeRequest is what the provider asks a PUT to make of a client's
// record: the client, its whole scope set and its whole role set.
type AuthorizeRequest struct {
	ClientID string
	Scope    []string
	Roles    []string
}

// Grant types of an OAuth client (public enum OAuthClient.authorizedGrantType).
const (
	GrantCode              = "CODE"
	GrantToken             = "TOKEN"
	GrantSAML2Bearer       = "SAML2-BEARER" //nolint:gosec // a grant type name, not a credential
	GrantPassword          = "PASSWORD"
	GrantClientCredentials = "CLIENT-CREDENTIALS" //nolint:gosec // a grant type name, not a credential
)

var grantTypes = [...]string{GrantCode, GrantToken, GrantSAML2Bearer, GrantPassword, GrantClientCredentials}

// GrantTypes returns the public enum of grant types, a copy the caller may
// change.
func GrantTypes() []string { return slices.Clone(grantTypes[:]) }

var clientStates = [...]string{"active", "disabled", "inactive"}

// ClientStates returns the client states (public enum OAuthClient.state), a
// copy the caller may change.
func ClientStates() []string { return slices.Clone(clientStates[:]) }

// OAuthClient is the public OAuthClient model, plus the contract's builtIn
// mark (modelled: nothing public says how to tell Genesys Cloud's own
// clients apart; the contract marks them in the client listing).
type OAuthClient struct {
	ID                         string      `json:"id"`
	Name                       string      `json:"name"`
	Description                string      `json:"description,omitempty"`
	AccessTokenValiditySeconds int         `json:"accessTokenValiditySeconds,omitempty"`
	RegisteredRedirectURI      []string    `json:"registeredRedirectUri,omitempty"`
	AuthorizedGrantType        string      `json:"authorizedGrantType"`
	Scope                      []string    `json:"scope"`
	RoleDivisions              []EntityRef `json:"roleDivisions,omitempty"`
	State                      string      `json:"state,omitempty"`
	DateCreated                string      `json:"dateCreated,omitempty"`
	DateModified               string      `json:"dateModified,omitempty"`
	CreatedBy                  *EntityRef  `json:"createdBy,omitempty"`
	ModifiedBy                 *EntityRef  `json:"modifiedBy,omitempty"`
	SelfURI                    string      `json:"selfUri,omitempty"`
	BuiltIn                    bool        `json:"builtIn,omitempty"` // modelled
}

// Role is the public DomainOrganizationRole model (fields used here).
type Role struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
	Default     bool     `json:"default"`
}

// Scope is the public OAuthScope model.
type Scope struct {
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
	SelfURI     string `json:"selfUri,omitempty"`
}

// ErrorDetail is an entry of ErrorBody.details (public).
type ErrorDetail struct {
	ErrorCode  string `json:"errorCode,omitempty"`
	FieldName  string `json:"fieldName,omitempty"`
	EntityID   string `json:"entityId,omitempty"`
	EntityName string `json:"entityName,omitempty"`
}

// Limit is ErrorBody.limit: which limit a 429 met (public).
type Limit struct {
	Key       string `json:"key,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Value     int64  `json:"value,omitempty"`
}

// ErrorBody is the error body of every non-2xx answer under /api/v2 (public).
type ErrorBody struct {
	Message           string            `json:"message"`
	Code              string            `json:"code"`
	Status            int               `json:"status"`
	EntityID          string            `json:"entityId,omitempty"`
	EntityName        string            `json:"entityName,omitempty"`
	MessageWithParams string            `json:"messageWithParams,omitempty"`
	MessageParams     map[string]string `json:"messageParams"`
	ContextID         string            `json:"contextId"`
	Details           []ErrorDetail     `json:"details"`
	Errors            []ErrorBody       `json:"errors"`
	Limit             *Limit            `json:"limit,omitempty"`
}

// MaxPageSize is the largest pageSize the paged listings accept.
const MaxPageSize = 500

// PermissionAuthorize is the permission every call of this API needs.
const PermissionAuthorize = "oauth:client:authorize"

// Organization is the public Organization model: the organization the
// caller's credentials belong to (GET /api/v2/organizations/me).
// ThirdPartyOrgName is its short name, globally unique and never changed.
type Organization struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	DefaultLanguage    string          `json:"defaultLanguage,omitempty"`
	DefaultCountryCode string          `json:"defaultCountryCode,omitempty"`
	ThirdPartyOrgName  string          `json:"thirdPartyOrgName,omitempty"`
	ThirdPartyURI      string          `json:"thirdPartyURI,omitempty"`
	Domain             string          `json:"domain,omitempty"`
	Version            int             `json:"version"`
	State              string          `json:"state,omitempty"`
	DefaultSiteID      string          `json:"defaultSiteId,omitempty"`
	SupportURI         string          `json:"supportURI,omitempty"`
	VoicemailEnabled   bool            `json:"voicemailEnabled,omitempty"`
	ProductPlatform    string          `json:"productPlatform,omitempty"`
	SelfURI            string          `json:"selfUri,omitempty"`
	Features           map[string]bool `json:"features,omitempty"`
}
