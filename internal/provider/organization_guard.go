package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// The organization guard: a provider block (or the environment, with the
// environment's credentials) that names an organization_id is refused in
// Configure, before any other call, when the credentials belong to another
// organization. organization_binding.go binds each plan to its organization
// in the same way.

// guardOrganization reads the organization of the credentials and refuses
// it unless it is the one the settings name. org names the organization the
// configuration speaks to (organization); the guard returns it with the
// organization's name and ID once they are known, and ok false after an
// error.
func guardOrganization(ctx context.Context, data *providerData, s settings, org string, d *diag.Diagnostics) (string, bool) {
	if s.organizationID == "" {
		return org, true
	}
	o, err := data.organization(ctx)
	if err != nil {
		d.AddAttributeError(path.Root("organization_id"), "Error reading the organization of the credentials ("+org+")",
			errorDetail("", err)+"\n\n"+s.guard.placed()+" is set, so the provider checks which organization the "+
				"credentials belong to (GET "+genesys.OrganizationPath+", which needs no permission) before any other "+
				"call. Nothing was read or written.")
		return org, false
	}
	if !strings.EqualFold(o.ID, s.organizationID) {
		d.AddAttributeError(path.Root("organization_id"), "Wrong Genesys Cloud organization: "+
			"expected "+s.organizationID+", the credentials belong to "+o.ID+" ("+o.Name+")",
			fmt.Sprintf("%s expects organization %s, but the credentials (%s) belong to organization %s (%q, "+
				"short name %q; %s). Nothing was read or written in either.\n\nGive this provider block the "+
				"credentials of organization %s (check the provider alias, and the variables or secrets it takes "+
				"them from); or, if organization %q is the one meant, set %s to %s.",
				s.guard.placed(), s.organizationID, s.credentialsNamed(), o.ID, o.Name, o.ThirdPartyOrgName,
				org, s.organizationID, o.Name, s.guard.name(), o.ID))
		return org, false
	}
	return namedOrganization(o, org), true
}

// organization names the organization a provider configuration speaks to,
// for its errors: its API, and the region unless api_url overrides it.
func organization(cfg genesys.Config, apiURL string) string {
	if cfg.APIURL != "" {
		return "API " + apiURL
	}
	return "region " + regionOrDefault(cfg.Region) + ", API " + apiURL
}

// namedOrganization is organization's text with the organization's name and
// id, once they are known.
func namedOrganization(o *genesys.Organization, where string) string {
	return "organization " + o.Name + " (" + o.ID + "), " + where
}

func regionOrDefault(r string) string {
	if strings.TrimSpace(r) == "" {
		return genesys.DefaultRegion
	}
	return r
}
