# OpenTofu 1.9 and later: one provider instance per organization with
# for_each on the provider block, from one map. Adding an organization is
# one entry in organizations (and its secrets); every approved client is
# authorized in each. Terraform has no for_each on providers: use the
# aliases example there.
variable "organizations" {
  description = "Each organization's region and OAuth client (client credentials, with OAuth > Client > Authorize)."
  type = map(object({
    region        = string
    client_id     = string
    client_secret = string
    # The organization the credentials must belong to (Admin > Organization
    # Settings): a plan with another organization's credentials fails
    # before anything is read or written, so swapped secrets never move
    # the resources to another organization.
    organization_id = string
    api_url         = optional(string) # only for the emulator or a private endpoint
    token_url       = optional(string)
  }))
}

locals {
  approved = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly", "conversations:readonly"] # Acme CRM Connector
  }
  # One entry per organization and approved client.
  authorizations = merge([
    for org in keys(var.organizations) : {
      for id, scopes in local.approved : "${org}/${id}" => { org = org, client_id = id, scopes = scopes }
    }
  ]...)
}

provider "genesysauth" {
  alias              = "org"
  for_each           = var.organizations
  region             = each.value.region
  oauthclient_id     = each.value.client_id
  oauthclient_secret = each.value.client_secret
  organization_id    = each.value.organization_id
  api_url            = each.value.api_url
  token_url          = each.value.token_url
}

resource "genesysauth_authorized_client" "approved" {
  for_each  = local.authorizations
  provider  = genesysauth.org[each.value.org]
  client_id = each.value.client_id
  scopes    = each.value.scopes
}
