resource "genesysauth_authorized_client" "acme" {
  client_id = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
  scopes    = ["users:readonly"]
}

locals {
  declared = [genesysauth_authorized_client.acme.client_id]
}

# Fails the plan (exit code 1) while an authorization exists that the
# configuration does not declare: the gate for a pipeline.
data "genesysauth_authorized_clients" "live" {
  state = "Authorized"

  lifecycle {
    postcondition {
      condition     = length([for c in self.clients : c if !contains(local.declared, c.client_id)]) == 0
      error_message = "Authorized outside this configuration: ${join(", ", [for c in self.clients : c.client_name if !contains(local.declared, c.client_id)])}."
    }
  }
}
