terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# The organization this provider configuration's credentials belong to.
data "genesysauth_organization" "this" {}

output "organization" {
  value = {
    id         = data.genesysauth_organization.this.id # the value for the provider's organization_id
    name       = data.genesysauth_organization.this.name
    short_name = data.genesysauth_organization.this.short_name
    api_url    = data.genesysauth_organization.this.api_url
  }
}

# Fail the run when a pipeline is pointed at another organization than the
# one this configuration manages (the provider's organization_id does the
# same before any other call).
check "production_organization" {
  assert {
    condition     = data.genesysauth_organization.this.short_name == "examplecorp"
    error_message = "These credentials belong to ${data.genesysauth_organization.this.name} (${data.genesysauth_organization.this.short_name}), not examplecorp."
  }
}
