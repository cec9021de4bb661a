terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

locals {
  # Client ID => scopes: every client this configuration declares. The gate
  # reads this map, never the resources' attributes: a data source that
  # depends on a resource with a pending change is read only at apply, so a
  # pull request that also changes a client would pass the plan.
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

# Fails the plan (exit code 1) while an authorization exists that the
# configuration does not declare: the gate for a pipeline.
data "genesysauth_authorized_clients" "live" {
  state = "Authorized"

  lifecycle {
    postcondition {
      condition     = length([for c in self.clients : c if !contains(local.declared, c.client_id)]) == 0
      error_message = "Authorized outside this configuration: ${join(", ", [for c in self.clients : c.client_name if !contains(local.declared, c.client_id)])}."
    }
  }
}
