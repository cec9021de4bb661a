# A third-party app: its access is the scopes approved for it.
resource "genesysauth_authorized_client" "acme_crm" {
  client_id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
  scopes    = ["users:readonly", "conversations:readonly", "notifications"]
}

# A built-in client: scopes plus the roles whose users may use it.
data "genesysauth_role" "salesforce_agent" {
  name = "Salesforce Agent"
}

data "genesysauth_role" "supervisor" {
  name = "supervisor"
}

resource "genesysauth_authorized_client" "salesforce" {
  client_id = "c0936a09-db0c-5408-90ea-a3e5e77e3d42"
  scopes    = ["conversations", "presence", "users:readonly", "notifications"]
  roles = [
    data.genesysauth_role.salesforce_agent.id,
    data.genesysauth_role.supervisor.id,
  ]

  timeouts {
    create = "10m"
  }
}
