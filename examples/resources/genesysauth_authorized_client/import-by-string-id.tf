terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Adopt an authorization made by hand (Terraform 1.5 and later): the
# import block beside the resource it fills, written as the organization
# has it (the plan then shows no change).
resource "genesysauth_authorized_client" "acme_crm" {
  client_id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
  scopes    = ["users:readonly", "conversations:readonly"]
}

import {
  to = genesysauth_authorized_client.acme_crm
  id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
}
