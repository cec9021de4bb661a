terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Adopt every authorized client in one apply: import blocks with for_each
# over the discovery data source, into one resource with the same keys.
data "genesysauth_authorized_clients" "existing" {
  state = "Authorized"
}

locals {
  existing = { for c in data.genesysauth_authorized_clients.existing.clients : c.client_id => c }
}

import {
  for_each = local.existing
  to       = genesysauth_authorized_client.adopted[each.key]
  id       = each.key
}

resource "genesysauth_authorized_client" "adopted" {
  for_each  = local.existing
  client_id = each.key
  scopes    = each.value.scopes
  roles     = length(each.value.roles) > 0 ? each.value.roles : null
}
