package catalog_test

import (
	"testing"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
)

// BenchmarkGetItems measures one items call of a typical order (three
// skus) against the built-in catalog over loopback HTTP.
func BenchmarkGetItems(b *testing.B) {
	c := serve(b, builtin.Demo())
	ids := []string{"har-gow", "egg-tarts", "chrysanthemum-tea"}
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		items, err := c.GetItems(ctx, "s-dimsum", ids)
		if err != nil || len(items) != 3 {
			b.Fatalf("GetItems = %v, %v", items, err)
		}
	}
}

// BenchmarkGetItemsParallel is BenchmarkGetItems from many goroutines, as
// at a lunch peak.
func BenchmarkGetItemsParallel(b *testing.B) {
	c := serve(b, builtin.Demo())
	ids := []string{"har-gow", "egg-tarts", "chrysanthemum-tea"}
	ctx := b.Context()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.GetItems(ctx, "s-dimsum", ids); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
