terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

locals {
  # Client ID => scopes: every client this configuration declares. The
  # check reads this map, never the resources' attributes: a data source
  # that depends on a resource with a pending change is read only at apply.
  approved = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly"] # Acme CRM Connector
  }
  # lower(): the API writes client IDs in lower case, the map may not.
  declared = [for id in keys(local.approved) : lower(id)]
}

resource "genesysauth_authorized_client" "approved" {
  for_each  = local.approved
  client_id = each.key
  scopes    = each.value
}

# Reported on every plan and apply (as a warning) while an authorization
# exists that the configuration does not declare.
check "no_unmanaged_authorizations" {
  data "genesysauth_authorized_clients" "live" {
    state = "Authorized"
  }

  assert {
    condition     = length([for c in data.genesysauth_authorized_clients.live.clients : c if !contains(local.declared, c.client_id)]) == 0
    error_message = "Authorized outside this configuration: ${join(", ", [for c in data.genesysauth_authorized_clients.live.clients : "${c.client_name} (${c.client_id})" if !contains(local.declared, c.client_id)])}."
  }
}
