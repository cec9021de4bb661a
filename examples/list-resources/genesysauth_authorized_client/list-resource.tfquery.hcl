# terraform query -generate-config-out=generated.tf writes a
# genesysauth_authorized_client block, and its import block, for every
# client authorized in the organization.
list "genesysauth_authorized_client" "all" {
  provider         = genesysauth
  include_resource = true
}

# Pending requests of apps whose name contains "crm".
list "genesysauth_authorized_client" "pending_crm" {
  provider = genesysauth

  config {
    state = "Requested"
    name  = "crm"
  }
}
