terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

data "genesysauth_role" "supervisor" {
  name = "supervisor"
}

output "supervisor_role_id" {
  value = data.genesysauth_role.supervisor.id
}
