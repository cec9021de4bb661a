package provider

import (
	"context"
	"testing"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

// BenchmarkSnapshotGet is one Read answered from a loaded snapshot of 1000
// authorizations.
func BenchmarkSnapshotGet(b *testing.B) {
	srv, err := emulator.Start(emulator.Options{RateLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ids, err := srv.AddClients("Bench", 1000, []string{"users:readonly"})
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range ids {
		if err := srv.AuthorizeByHand(id, []string{"users:readonly"}, nil); err != nil {
			b.Fatal(err)
		}
	}
	_, data := snapshotFixtureB(b, srv)
	ctx := context.Background()
	if _, err := data.auths.All(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := data.auths.Get(ctx, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	if n := srv.Calls(emulator.RouteGetAuthorization); n != 0 {
		b.Fatalf("snapshot lookups made %d GETs", n)
	}
}
