# Credentials of an OAuth client (client-credentials grant) whose roles grant
# OAuth > Client > Authorize (oauth:client:authorize). Prefer the environment:
# GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION.
provider "genesysauth" {
  region = "eu-west-1"

  # Optional tuning; these are the defaults.
  max_retries         = 5
  requests_per_minute = 280
  request_timeout     = "2m"
}
