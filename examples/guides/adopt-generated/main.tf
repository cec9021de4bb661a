# Step 1: render one import block per authorized client.
#   terraform apply && terraform output -raw import_blocks > imports.tf
# Step 2: let Terraform write the resources:
#   terraform plan -generate-config-out=generated.tf
# Step 3: review generated.tf, then import:
#   terraform apply        # "N imported, 0 added, 0 changed, 0 destroyed"
#   terraform plan -detailed-exitcode   # exit 0: nothing left to change
terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

data "genesysauth_authorized_clients" "existing" {
  state = "Authorized"
}

output "import_blocks" {
  value = join("\n", [for c in data.genesysauth_authorized_clients.existing.clients : <<-EOT
    import {
      to = genesysauth_authorized_client.${replace(lower(c.client_name), "/[^a-z0-9]+/", "_")}
      id = "${c.client_id}"
    }
  EOT
  ])
}
