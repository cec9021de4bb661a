terraform {
  required_providers {
    genesysauth = { source = "genesysauth/genesysauth" }
  }
}

provider "genesysauth" {}

variable "other_api_url" {}
variable "other_token_url" {}

provider "genesysauth" {
  alias              = "other"
  api_url            = var.other_api_url
  token_url          = var.other_token_url
  oauthclient_id     = "f3c14f2f-aa23-5ce8-82eb-50a12813c632"
  oauthclient_secret = "emulator-admin-secret-do-not-use-in-production"
}

resource "genesysauth_authorized_client" "c2" {
  client_id = "96c21a95-9350-55e0-9f21-92d37913d11f"
  scopes    = ["presence"]
}
