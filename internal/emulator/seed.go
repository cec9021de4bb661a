package emulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

//go:embed seed.json
var defaultSeed []byte

// Credential is an OAuth client that can get tokens from the emulator, with
// the permissions its roles grant.
type Credential struct {
	ID          string   `json:"id"`
	Secret      string   `json:"secret"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
}

// SeedAuthorization is an authorization the organization starts with.
type SeedAuthorization struct {
	ClientID string   `json:"clientId"`
	Scope    []string `json:"scope"`
	Roles    []string `json:"roles,omitempty"`
	State    string   `json:"state"` // Authorized (default), Requested, Revoked or Unauthorized
	// By names the administrator who authorized it (createdBy, modifiedBy);
	// empty: HandAdminName.
	By string `json:"by,omitempty"`
}

// Seed is an organization in JSON: see seed.json for the default one.
// Organization is the answer of GET /api/v2/organizations/me; its id may be
// left out (the default seed leaves it out), and each emulator started then
// is an organization of its own with a random id (see Options.OrganizationID).
type Seed struct {
	Organization   genesys.Organization  `json:"organization"`
	Credentials    []Credential          `json:"credentials"`
	Scopes         []genesys.Scope       `json:"scopes"`
	Roles          []genesys.Role        `json:"roles"`
	Clients        []genesys.OAuthClient `json:"clients"`
	Authorizations []SeedAuthorization   `json:"authorizations"`
}

// The default seed's well-known identities, for tests, examples and the demo.
const (
	AdminClientID      = "f3c14f2f-aa23-5ce8-82eb-50a12813c632"
	AdminClientSecret  = "emulator-admin-secret-do-not-use-in-production" //nolint:gosec // the emulator's public seed
	ViewerClientID     = "bfbf29ca-2968-5583-8fd0-2a0a42a0e8aa"
	ViewerClientSecret = "emulator-viewer-secret-do-not-use-in-production" //nolint:gosec // the emulator's public seed

	ClientAcmeCRM       = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
	ClientTableau       = "b2abfab4-2360-5587-a6af-99094c67a56f" // authorized by hand in the seed
	ClientSlack         = "96c21a95-9350-55e0-9f21-92d37913d11f"
	ClientServiceNow    = "cfa2e832-b525-5d2b-a4c1-a99fba5797cb"
	ClientVerint        = "58a22557-78a6-5af4-a735-23158cf3f7a0"
	ClientPagerDuty     = "b53f0141-44dc-5f5e-b926-6df405182b2b" // revoked in the seed
	ClientHubSpot       = "63b584ac-59c6-5e48-b20d-4cf02b476e03"
	ClientZapier        = "398fee8d-a756-59e8-a09e-3ab77ee73dc2" // pending request in the seed
	ClientCalabrio      = "2726336c-5648-5d4e-bfb3-69d962a895df"
	ClientNightlyExport = "f141e4f1-9447-5a5c-a874-eaab30fc35ce" // client-credentials grant
	// The built-in clients the help page names.
	BuiltinDirectory          = "c0936a09-db0c-5408-90ea-a3e5e77e3d42" // Directory Web Client (Unified App)
	BuiltinAndroidCollaborate = "c42e6d35-ce8a-54b5-a07b-1a9d8dddf08e"
	BuiltinArchitect          = "92ab1e71-d113-56c6-bb54-d2e956ed4b67"
	BuiltinIOSCollaborate     = "e04a6bfb-87cd-59e8-929f-47848b3f16f1"
	RoleAdmin                 = "45987e4c-caf8-5874-88af-b862f3224afb"
	RoleEmployee              = "15d6b9fa-390c-5b1e-8a63-809b8be4e8c4"
	RoleSupervisor            = "9e512a8d-9ac6-5d71-b910-4747fee986ca"
	RoleFlowDesigner          = "6529a6b1-5bd2-5edb-b6eb-d30ff3d6974d"
	RoleCollaborateUser       = "055c7606-b49c-5a68-897f-ce70d06af036"
)

// DefaultSeed returns a fresh copy of the embedded organization.
func DefaultSeed() (*Seed, error) {
	return ParseSeed(defaultSeed)
}

// LoadSeed reads a seed from a JSON file.
func LoadSeed(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading seed: %w", err)
	}
	return ParseSeed(data)
}

// ParseSeed decodes a seed, refusing unknown fields (a misspelled key
// would otherwise be ignored silently) and a seed the emulator cannot serve.
func ParseSeed(data []byte) (*Seed, error) {
	var s Seed
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decoding seed: %w", err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return &s, nil
}

// check refuses what would make the emulator fail later.
func (sd *Seed) check() error {
	if len(sd.Credentials) == 0 {
		return errors.New(`at least one credential ("credentials": [{"id", "secret", "name", "permissions"}]) is needed to get a token`)
	}
	for i, c := range sd.Credentials {
		if c.ID == "" || c.Secret == "" {
			return fmt.Errorf("credentials[%d] needs an id and a secret", i)
		}
	}
	for i, c := range sd.Clients {
		if c.ID == "" || c.Name == "" {
			return fmt.Errorf("clients[%d] needs an id and a name", i)
		}
		if !slices.Contains(genesys.GrantTypes(), c.AuthorizedGrantType) {
			return fmt.Errorf("clients[%d] (%s): authorizedGrantType %q is not one of %v", i, c.ID, c.AuthorizedGrantType, genesys.GrantTypes())
		}
		if c.State != "" && !slices.Contains(genesys.ClientStates(), c.State) {
			return fmt.Errorf("clients[%d] (%s): state %q is not one of %v", i, c.ID, c.State, genesys.ClientStates())
		}
	}
	for i, r := range sd.Roles {
		if r.ID == "" || r.Name == "" {
			return fmt.Errorf("roles[%d] needs an id and a name", i)
		}
	}
	for i, sc := range sd.Scopes {
		if sc.ID == "" {
			return fmt.Errorf("scopes[%d] needs an id", i)
		}
	}
	return nil
}

func (sd *Seed) build(opts Options) (*store, error) {
	if err := sd.check(); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	org := organization(sd.Organization, opts)
	st := &store{organization: org, org: genesys.EntityRef{ID: org.ID, Name: org.Name, SelfURI: org.SelfURI},
		creds: map[string]*Credential{}, now: opts.Now, omitWho: opts.OmitWho}
	for i := range sd.Credentials {
		c := sd.Credentials[i]
		st.creds[c.ID] = &c
	}
	st.scopes = slices.Clone(sd.Scopes)
	for i := range st.scopes {
		st.scopes[i].SelfURI = "/api/v2/oauth/scopes/" + url.PathEscape(st.scopes[i].ID)
	}
	st.roles = slices.Clone(sd.Roles)
	for _, c := range sd.Clients {
		c.SelfURI = "/api/v2/oauth/clients/" + c.ID
		c.Scope = slices.Clone(c.Scope)
		if c.Scope == nil {
			c.Scope = []string{}
		}
		st.clients = append(st.clients, &c)
	}
	for _, a := range sd.Authorizations {
		var e *apiError
		who := admin(a.By)
		switch a.State {
		case genesys.StateAuthorized, "":
			_, e = st.put(who, a.ClientID, a.Scope, a.Roles)
		case genesys.StateRequested:
			e = st.request(a.ClientID, a.Scope)
		case genesys.StateRevoked, genesys.StateUnauthorized:
			scope := a.Scope
			if len(scope) == 0 {
				if c := st.client(a.ClientID); c != nil && len(c.Scope) > 0 {
					scope = c.Scope[:1]
				}
			}
			if _, e = st.put(who, a.ClientID, scope, nil); e == nil {
				if a.State == genesys.StateRevoked {
					st.revoke(who, a.ClientID)
				} else {
					e = st.unauthorize(who, a.ClientID)
				}
			}
		default:
			return nil, fmt.Errorf("seed: authorization of %s has unknown state %q", a.ClientID, a.State)
		}
		if e != nil {
			return nil, fmt.Errorf("seed: authorization of %s: %s", a.ClientID, e.message)
		}
	}
	return st, nil
}

// organization is the seed's organization as GET /api/v2/organizations/me
// answers it: the id from Options.OrganizationID, else the seed's, else a
// random one (so two emulators are two organizations); the name from
// Options.OrganizationName, else the seed's; the short name
// (thirdPartyOrgName, globally unique) the seed's, else made of the name and
// the id; the other fields the seed's or an active en-us organization's.
func organization(o genesys.Organization, opts Options) genesys.Organization {
	if opts.OrganizationID != "" {
		o.ID = opts.OrganizationID
	}
	if o.ID == "" {
		o.ID = newContextID()
	}
	if opts.OrganizationName != "" {
		o.Name = opts.OrganizationName
	}
	if o.Name == "" {
		o.Name = "Example Corp"
	}
	if o.ThirdPartyOrgName == "" {
		slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(o.Name), "-"), "-")
		o.ThirdPartyOrgName = slug + "-" + strings.ToLower(o.ID[:min(8, len(o.ID))])
	}
	if o.Version == 0 {
		o.Version = 1
	}
	if o.State == "" {
		o.State = "active"
	}
	if o.DefaultLanguage == "" {
		o.DefaultLanguage = "en-us"
	}
	if o.DefaultCountryCode == "" {
		o.DefaultCountryCode = "US"
	}
	o.Features = maps.Clone(o.Features)
	o.SelfURI = genesys.OrganizationPath
	return o
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)
