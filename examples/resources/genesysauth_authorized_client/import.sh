# Import an authorization made by hand, by the client's ID.
terraform import genesysauth_authorized_client.acme_crm 9e829b65-c0e3-599f-a9f0-7422a0506daa
