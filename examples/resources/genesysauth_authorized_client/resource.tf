terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# A third-party app: its access is the scopes approved for it.
resource "genesysauth_authorized_client" "acme_crm" {
  client_id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
  scopes    = ["users:readonly", "conversations:readonly", "notifications"]
}

# A built-in client: scopes plus the roles whose users may use it.
data "genesysauth_role" "flow_designer" {
  name = "Flow Designer"
}

data "genesysauth_role" "supervisor" {
  name = "supervisor"
}

# Architect, a built-in client.
resource "genesysauth_authorized_client" "architect" {
  client_id = "92ab1e71-d113-56c6-bb54-d2e956ed4b67"
  scopes    = ["architect", "routing:readonly", "users:readonly"]
  roles = [
    data.genesysauth_role.flow_designer.id,
    data.genesysauth_role.supervisor.id,
  ]

  timeouts {
    create = "10m"
  }
}
