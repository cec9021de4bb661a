// Command profprovider is a measuring fixture for make bench, never shipped:
// the genesysauth provider, served as main.go serves it, that writes a CPU
// profile and a heap profile of its own process to BENCH_PROFILE_DIR when
// Terraform stops it (one pair per process: Terraform starts the provider
// more than once in a plan). The bench merges them and reports the top
// entries.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/provider"
)

func main() {
	dir := os.Getenv("BENCH_PROFILE_DIR")
	if dir == "" {
		log.Fatal("BENCH_PROFILE_DIR is not set")
	}
	// As main.go does: the SDK's loggers follow Terraform's level (off here).
	for _, env := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if _, set := os.LookupEnv(env); !set {
			_ = os.Setenv(env, "OFF")
		}
	}
	cpu, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Fatal(err)
	}
	serveErr := providerserver.Serve(context.Background(), provider.New("bench"), providerserver.ServeOpts{
		Address: "registry.terraform.io/genesysauth/genesysauth",
	})
	pprof.StopCPUProfile()
	_ = cpu.Close()
	heap, err := os.Create(filepath.Join(dir, fmt.Sprintf("heap-%d.pprof", os.Getpid())))
	if err == nil {
		runtime.GC()
		_ = pprof.Lookup("allocs").WriteTo(heap, 0)
		_ = heap.Close()
	}
	if serveErr != nil {
		log.Fatal(serveErr)
	}
}
