terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Every built-in client of the organization, read live.
data "genesysauth_builtin_clients" "all" {}

# One of them by name.
data "genesysauth_builtin_clients" "architect" {
  name = "Architect"
}

output "builtin_client_names" {
  value = data.genesysauth_builtin_clients.all.clients[*].name
}
