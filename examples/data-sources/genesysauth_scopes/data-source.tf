terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Every read-only scope of the organization.
data "genesysauth_scopes" "readonly" {
  readonly = true
}

# The analytics scopes, both kinds.
data "genesysauth_scopes" "analytics" {
  prefix = "analytics"
}

output "readonly_scopes" {
  value = data.genesysauth_scopes.readonly.ids
}
