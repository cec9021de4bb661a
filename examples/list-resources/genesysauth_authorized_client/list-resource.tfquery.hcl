# terraform query -generate-config-out=generated.tf writes a
# genesysauth_authorized_client block, and its import block, for every
# client authorized in the organization. One list block: two whose results
# overlap (all, and a name filter) would write two resources for one client.
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true

  # To adopt only some clients, filter this block instead of adding another:
  # config {
  #   name = "crm" # the clients whose name contains "crm"
  # }
}
