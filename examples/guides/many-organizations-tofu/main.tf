# OpenTofu 1.9 and later: one provider instance per organization with
# for_each on the provider block. Terraform has no for_each on providers:
# use the aliases example there.
#
# The provider instances come from organizations, the resources from the
# organizations not retired: an organization's resources need its provider
# instance to be destroyed, so it leaves in two steps.
#   Add one:    an entry in organizations (and its secrets); one apply.
#   Remove one: 1. add its key to retired and apply: its authorizations are
#                  revoked (or use a removed block to keep them);
#               2. delete it from organizations and from retired; apply.
# Deleting it from organizations at once fails the plan with "Provider
# instance not present", since its resources are still in the state.
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

variable "retired" {
  description = "Organizations (keys of organizations) whose authorizations are removed before the organization itself."
  type        = set(string)
  default     = []
}

locals {
  approved = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly", "conversations:readonly"] # Acme CRM Connector
  }
  # One entry per organization and approved client.
  authorizations = merge([
    for org in setsubtract(keys(var.organizations), var.retired) : {
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
