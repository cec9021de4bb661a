# terraform query -generate-config-out=generated.tf writes a
# genesysauth_authorized_client block, and its import block, for every
# client authorized in the organization.
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true
}

# The authorized clients whose name contains "crm". Only authorized
# clients are listed, since only they can be imported; pending requests and
# revoked records are in the genesysauth_authorized_clients data source.
list "genesysauth_authorized_client" "crm" {
  provider = genesysauth

  config {
    name = "crm"
  }
}
