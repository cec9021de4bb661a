# main.tf, beside list.tfquery.hcl: the provider the list block uses.
terraform {
  required_providers {
    genesysauth = {
      source  = "genesysauth/genesysauth"
      version = "~> 0.1"
    }
  }
}

provider "genesysauth" {}
