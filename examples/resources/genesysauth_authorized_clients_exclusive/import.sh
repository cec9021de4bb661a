# One per organization, imported by its fixed ID.
terraform import genesysauth_authorized_clients_exclusive.this authorized-clients-exclusive
