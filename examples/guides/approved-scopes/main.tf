terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Only read-only scopes may be approved for third-party apps: a plan that
# asks for any other scope fails before anything is applied.
locals {
  third_party = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly", "conversations:readonly"] # Acme CRM Connector
    "58a22557-78a6-5af4-a735-23158cf3f7a0" = ["recordings:readonly"]                      # Verint Recording Archive
  }
}

data "genesysauth_scopes" "approved" {
  readonly = true
}

resource "genesysauth_authorized_client" "third_party" {
  for_each  = local.third_party
  client_id = each.key
  scopes    = each.value

  lifecycle {
    precondition {
      condition     = length(setsubtract(each.value, data.genesysauth_scopes.approved.ids)) == 0
      error_message = "Client ${each.key} asks for scopes outside the approved (read-only) list: ${join(", ", setsubtract(each.value, data.genesysauth_scopes.approved.ids))}."
    }
  }
}
