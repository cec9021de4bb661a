# The configuration the pipelines in examples/pipelines/ apply: one
# authorization per approved client, reviewed in pull requests. The
# provider reads its credentials from GENESYSCLOUD_OAUTHCLIENT_ID,
# GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION, which the
# pipelines set from the repository's secrets.
terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
  # Keep the state in a remote backend that every run of the pipelines
  # shares (without one each run starts from an empty state, plans every
  # client as new, and apply refuses them as already authorized), e.g.
  # GitLab's HTTP backend or an S3 bucket:
  #
  # backend "http" {}
}

provider "genesysauth" {}

locals {
  # Client ID => scopes: the whole list of third-party apps this
  # organization has approved. IDs compare in lower case below, so either
  # spelling works here.
  approved = {
    "9e829b65-c0e3-599f-a9f0-7422a0506daa" = ["users:readonly", "conversations:readonly"] # Acme CRM Connector
    "96c21a95-9350-55e0-9f21-92d37913d11f" = ["presence", "users:readonly"]               # Slack Presence Bridge
  }
}

locals {
  declared = [for id in keys(local.approved) : lower(id)]
}

resource "genesysauth_authorized_client" "approved" {
  for_each  = local.approved
  client_id = each.key
  scopes    = each.value
}

# The gate: the plan fails (exit code 1) while a client is authorized that
# this configuration does not declare, so a pull request cannot pass and
# the scheduled drift job reports it, naming who authorized it and when.
# The data source reads every state (not only Authorized), so that the
# drift job's table also says who revoked a declared client.
data "genesysauth_authorized_clients" "live" {
  lifecycle {
    postcondition {
      condition     = length([for c in self.clients : c if c.state == "Authorized" && !contains(local.declared, c.client_id)]) == 0
      error_message = "Authorized outside this configuration: ${join(", ", [for c in self.clients : "${c.client_name} (${c.client_id}, last changed by ${coalesce(c.modified_by, "someone the API does not name")} at ${coalesce(c.modified_at, "a time the API does not give")})" if c.state == "Authorized" && !contains(local.declared, c.client_id)])}. Declare them here or revoke them."
    }
  }
}
