// Command terraform-provider-genesysauth serves the genesysauth provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers such as delve")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/genesysauth/genesysauth",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
