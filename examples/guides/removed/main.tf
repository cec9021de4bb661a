terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Hand a client back to manual management: Terraform forgets it, and the
# authorization stays as it is in the organization (no revoke).
removed {
  from = genesysauth_authorized_client.acme

  lifecycle {
    destroy = false
  }
}
