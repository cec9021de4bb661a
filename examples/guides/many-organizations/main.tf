# One configuration, two organizations: development and production, each
# with its own region and credentials. Keep the secrets out of the
# repository: TF_VAR_organizations in the pipeline, or a tfvars file it
# writes from the CI system's secrets.
terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

variable "organizations" {
  description = "Each organization's region and OAuth client (client credentials, with OAuth > Client > Authorize)."
  sensitive   = true
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

provider "genesysauth" {
  alias              = "dev"
  region             = var.organizations["dev"].region
  oauthclient_id     = var.organizations["dev"].client_id
  oauthclient_secret = var.organizations["dev"].client_secret
  organization_id    = var.organizations["dev"].organization_id
  api_url            = var.organizations["dev"].api_url
  token_url          = var.organizations["dev"].token_url
}

provider "genesysauth" {
  alias              = "prod"
  region             = var.organizations["prod"].region
  oauthclient_id     = var.organizations["prod"].client_id
  oauthclient_secret = var.organizations["prod"].client_secret
  organization_id    = var.organizations["prod"].organization_id
  api_url            = var.organizations["prod"].api_url
  token_url          = var.organizations["prod"].token_url
}

locals {
  # Every client the team approved, with its scopes: authorized in
  # development first.
  approved = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly", "conversations:readonly"] # Acme CRM Connector
    "96c21a95-9350-55e0-9f21-92d37913d11f" = ["presence", "users:readonly"]               # Slack Presence Bridge
  }
  # Promoted to production once tried in development: adding an ID here is
  # the pull request that promotes it, with the same scopes.
  promoted = ["9e829b65-c0e3-599f-a9f0-7422a0506daa"]
}

resource "genesysauth_authorized_client" "dev" {
  provider  = genesysauth.dev
  for_each  = local.approved
  client_id = each.key
  scopes    = each.value
}

resource "genesysauth_authorized_client" "prod" {
  provider  = genesysauth.prod
  for_each  = { for id in local.promoted : id => local.approved[id] }
  client_id = each.key
  scopes    = each.value
}
