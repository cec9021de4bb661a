terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Adopt an authorization made by hand (Terraform 1.5 and later).
import {
  to = genesysauth_authorized_client.acme_crm
  id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
}
