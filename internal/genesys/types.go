package genesys

// Wire types of the Authorized Applications API. Field names follow the
// Genesys Cloud Platform API models exactly (see ../shared/API.md); the
// comments say which parts are public models and which are modelled by this
// project's contract.

// EntityRef is the {id, selfUri} reference Genesys Cloud uses for users,
// organizations and other linked objects (public).
type EntityRef struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	SelfURI string `json:"selfUri,omitempty"`
}

// ClientRef is the client object embedded in an authorization (public).
type ClientRef struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	SelfURI     string `json:"selfUri,omitempty"`
}

// Authorization states (public model field `state`).
const (
	StateAuthorized = "Authorized"
	StateRequested  = "Requested"
	StateRevoked    = "Revoked"
)

// OAuthAuthorization is the public OAuthAuthorization model.
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
	State         string     `json:"state"`
	SelfURI       string     `json:"selfUri,omitempty"`
}

// Active reports whether the authorization currently grants access.
func (a *OAuthAuthorization) Active() bool { return a.State == StateAuthorized }

// AuthorizeRequest is the body of the modelled authorize call.
type AuthorizeRequest struct {
	Client ClientRef `json:"client"`
	Scope  []string  `json:"scope"`
	Roles  []string  `json:"roles,omitempty"`
}

// Grant types of an OAuth client (public).
const (
	GrantClientCredentials = "CLIENT-CREDENTIALS" //nolint:gosec // a grant type name, not a credential
	GrantCode              = "CODE"
	GrantPKCE              = "PKCE"
	GrantToken             = "TOKEN"
	GrantSAML2Bearer       = "SAML2BEARER"
	GrantPassword          = "PASSWORD"
)

// OAuthClient is the public OAuthClient model with the fields this provider
// uses, plus the contract's builtIn and enabledByDefault flags (modelled).
type OAuthClient struct {
	ID                  string   `json:"id"`
	Name                string   `json:"name"`
	Description         string   `json:"description,omitempty"`
	DateCreated         string   `json:"dateCreated,omitempty"`
	AuthorizedGrantType string   `json:"authorizedGrantType"`
	Scope               []string `json:"scope"`
	State               string   `json:"state,omitempty"`
	BuiltIn             bool     `json:"builtIn"`
	EnabledByDefault    bool     `json:"enabledByDefault"`
	SelfURI             string   `json:"selfUri,omitempty"`
}

// Role is the public DomainOrganizationRole model (fields used here).
type Role struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
	Default     bool     `json:"default"`
	SelfURI     string   `json:"selfUri,omitempty"`
}

// Scope is the public OAuthScope model.
type Scope struct {
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
}

// Listing is the Genesys Cloud paging envelope.
type Listing[T any] struct {
	Entities   []T    `json:"entities"`
	PageSize   int    `json:"pageSize"`
	PageNumber int    `json:"pageNumber"`
	Total      int    `json:"total"`
	PageCount  int    `json:"pageCount"`
	SelfURI    string `json:"selfUri,omitempty"`
	NextURI    string `json:"nextUri,omitempty"`
	FirstURI   string `json:"firstUri,omitempty"`
	LastURI    string `json:"lastUri,omitempty"`
}

// ErrorBody is the error body of every non-2xx answer under /api/v2 (public).
type ErrorBody struct {
	Message       string            `json:"message"`
	Code          string            `json:"code"`
	Status        int               `json:"status"`
	MessageParams map[string]string `json:"messageParams"`
	ContextID     string            `json:"contextId"`
	Details       []any             `json:"details"`
	Errors        []any             `json:"errors"`
}

// MaxPageSize is the largest pageSize the API accepts.
const MaxPageSize = 500

// PermissionAuthorize is the permission every call of this API needs.
const PermissionAuthorize = "oauth:client:authorize"
