terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

# Credentials of an OAuth client (client-credentials grant) whose roles grant
# OAuth > Client > Authorize (oauth:client:authorize). Prefer the environment:
# GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION.
# A block that sets no credential takes them all from the environment; one
# that sets region (or api_url / token_url) takes no endpoint from it.
provider "genesysauth" {
  region = "eu-west-1"

  # Optional: fail the plan when the credentials belong to another
  # organization (the id of data.genesysauth_organization).
  # organization_id = "0f4a7c1e-9d3b-4f6a-8e2d-5b1c3a9e7f60"

  # Optional tuning; these are the defaults.
  max_retries         = 5
  requests_per_minute = 280
  request_timeout     = "2m"
}
