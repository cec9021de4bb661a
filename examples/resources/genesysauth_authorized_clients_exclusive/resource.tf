terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

locals {
  approved = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly", "conversations:readonly"] # Acme CRM Connector
    "96c21a95-9350-55e0-9f21-92d37913d11f" = ["presence", "users:readonly"]               # Slack Presence Bridge
  }
}

resource "genesysauth_authorized_client" "all" {
  for_each  = local.approved
  client_id = each.key
  scopes    = each.value
}

# Every other authorized client shows in the plan under `unmanaged`, by ID
# and name with action = "revoke", and apply revokes exactly those.
# Referencing the resources orders this one after them.
resource "genesysauth_authorized_clients_exclusive" "this" {
  client_ids = [for r in genesysauth_authorized_client.all : r.client_id]

  # Also decline pending consent requests of other apps.
  decline_pending = true

  # Built-in clients with a record (Architect, Directory Web Client, ... once
  # an admin gave them roles) are kept unless this is true.
  revoke_builtin = false

  # The most clients one apply may revoke or decline (default 3): a plan
  # over it fails, naming them. Adopting an organization that revokes
  # dozens takes this one deliberate line, for that apply:
  # max_revocations = 40
}
