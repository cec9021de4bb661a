// Command terraform-provider-genesysauth serves the genesysauth provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// sdkLogLevels makes the plugin SDK's own loggers follow Terraform's log
// level. Left unset, they produce TRACE records for every call, which
// Terraform then throws away: a third of the provider's CPU on a large plan.
// A level set explicitly for any of them is kept.
func sdkLogLevels() {
	level := os.Getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = os.Getenv("TF_LOG")
	}
	if level == "" {
		level = "OFF"
	}
	for _, env := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if _, set := os.LookupEnv(env); !set {
			_ = os.Setenv(env, level)
		}
	}
}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers such as delve")
	flag.Parse()
	sdkLogLevels()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/genesysauth/genesysauth",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
