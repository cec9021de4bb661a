resource "genesysauth_authorized_client" "acme" {
  client_id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
  scopes    = ["users:readonly"]
}

locals {
  # Every client this configuration declares.
  declared = [genesysauth_authorized_client.acme.client_id]
}

# Reported on every plan and apply (as a warning) while an authorization
# exists that the configuration does not declare.
check "no_unmanaged_authorizations" {
  data "genesysauth_authorized_clients" "live" {
    state = "Authorized"
  }

  assert {
    condition     = length([for c in data.genesysauth_authorized_clients.live.clients : c if !contains(local.declared, c.client_id)]) == 0
    error_message = "Authorized outside this configuration: ${join(", ", [for c in data.genesysauth_authorized_clients.live.clients : "${c.client_name} (${c.client_id})" if !contains(local.declared, c.client_id)])}."
  }
}
