# The configuration `make demo` applies against the emulator. The provider
# reads its endpoint and credentials from the environment the demo sets
# (GENESYSAUTH_API_URL, GENESYSAUTH_TOKEN_URL, GENESYSCLOUD_OAUTHCLIENT_ID,
# GENESYSCLOUD_OAUTHCLIENT_SECRET).
terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

provider "genesysauth" {}

# Genesys Cloud's own clients (Android Collaborate, Architect, Directory Web
# Client (Unified App), iOS Collaborate), read live.
data "genesysauth_builtin_clients" "all" {}

data "genesysauth_builtin_clients" "architect" {
  name = "Architect"
}

data "genesysauth_role" "flow_designer" {
  name = "Flow Designer"
}

data "genesysauth_role" "supervisor" {
  name = "supervisor"
}

# Third-party apps: their scopes are their access.
resource "genesysauth_authorized_client" "acme_crm" {
  client_id = "9e829b65-c0e3-599f-a9f0-7422a0506daa" # Acme CRM Connector
  scopes    = ["users:readonly", "conversations:readonly", "notifications"]
}

resource "genesysauth_authorized_client" "slack_presence" {
  client_id = "96c21a95-9350-55e0-9f21-92d37913d11f" # Slack Presence Bridge
  scopes    = ["presence", "users:readonly"]
}

# A built-in client with the roles whose users may use it.
resource "genesysauth_authorized_client" "architect" {
  client_id = data.genesysauth_builtin_clients.architect.clients[0].client_id
  scopes    = ["architect", "routing:readonly", "users:readonly"]
  roles = [
    data.genesysauth_role.flow_designer.id,
    data.genesysauth_role.supervisor.id,
  ]
}

# The configuration is the whole truth: anything else authorized in the
# organization (Tableau Analytics Export was, by hand) is revoked, and shows
# in the plan by ID and name first.
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [
    genesysauth_authorized_client.acme_crm.client_id,
    genesysauth_authorized_client.slack_presence.client_id,
    genesysauth_authorized_client.architect.client_id,
  ]
}

output "authorized" {
  value = {
    for r in [
      genesysauth_authorized_client.acme_crm,
      genesysauth_authorized_client.slack_presence,
      genesysauth_authorized_client.architect,
    ] : r.client_name => { scopes = sort(tolist(r.scopes)), roles = r.roles == null ? [] : sort(tolist(r.roles)) }
  }
}

output "builtin_clients" {
  value = data.genesysauth_builtin_clients.all.clients[*].name
}
