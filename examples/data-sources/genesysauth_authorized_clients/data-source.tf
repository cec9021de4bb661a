terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Every authorization of the organization: authorized, pending, revoked
# and unauthorized.
data "genesysauth_authorized_clients" "all" {}

# Pending requests from apps asking an administrator for consent.
data "genesysauth_authorized_clients" "pending" {
  state = "Requested"
}

# Authorized clients whose name contains "export".
data "genesysauth_authorized_clients" "exports" {
  state = "Authorized"
  name  = "export"
}

output "pending_requests" {
  value = { for c in data.genesysauth_authorized_clients.pending.clients : c.client_id => c.client_name }
}
