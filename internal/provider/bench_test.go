package provider

import (
	"context"
	"fmt"
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

// BenchmarkOwnersRecord is the plan of N resources' claims, each recorded
// once beside an exclusive list that names them all: the time per claim
// stays the same as N grows (before the claims were indexed by client,
// each record compared itself with every other claim).
func BenchmarkOwnersRecord(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			ids := make([]string, n)
			allowed := newIDSet()
			for i := range ids {
				ids[i] = fmt.Sprintf("client-%06d", i)
				allowed[ids[i]] = ids[i]
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				o := owners{}
				if bad := o.record(ctx, "exclusive", claim{exclusive: true, allowed: allowed}); bad != nil {
					b.Fatal(bad.summary)
				}
				for i, id := range ids {
					if bad := o.record(ctx, fmt.Sprint(i), claim{keeps: id}); bad != nil {
						b.Fatal(bad.summary)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/claim")
		})
	}
}
