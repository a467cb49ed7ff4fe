package boltkv

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// benchModes are the stores benchmarked: without fsync, and durable as the
// local runner opens it.
var benchModes = []struct {
	name string
	opts Options
}{
	{"nosync", Options{NoSync: true}},
	{"sync", Options{}},
}

// benchItem is an item of a typical order record's size.
func benchItem(pk string, i int) kv.Item {
	return kv.Item{PK: pk, SK: fmt.Sprintf("order#%08d", i), SK2: fmt.Sprintf("status#open#%08d", i),
		Version: 1, Data: make([]byte, 512)}
}

func eachMode(b *testing.B, fn func(b *testing.B, s *Store)) {
	for _, m := range benchModes {
		b.Run(m.name, func(b *testing.B) {
			s, _ := openTemp(b, m.opts)
			fn(b, s)
		})
	}
}

func BenchmarkPut(b *testing.B) {
	eachMode(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			if err := s.Put(ctx, benchItem("p", i), kv.Always()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkPutIfVersion(b *testing.B) {
	eachMode(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		it := benchItem("p", 0)
		it.Version = 0
		mustPut(b, s, it, kv.Always())
		for b.Loop() {
			it.Version++
			if err := s.Put(ctx, it, kv.IfVersion(it.Version-1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPutParallel writes from many goroutines at once: the case group
// commit is for.
func BenchmarkPutParallel(b *testing.B) {
	eachMode(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		var n atomic.Int64
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := s.Put(ctx, benchItem("p", int(n.Add(1))), kv.IfAbsent()); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func BenchmarkGet(b *testing.B) {
	eachMode(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		seedBench(b, s, 1000)
		for i := 0; b.Loop(); i++ {
			if _, err := s.Get(ctx, "p", benchItem("p", i%1000).SK); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkQuery reads pages of 20 items, by SK and by SK2.
func BenchmarkQuery(b *testing.B) {
	for _, bySK2 := range []bool{false, true} {
		b.Run(fmt.Sprintf("bySK2=%v", bySK2), func(b *testing.B) {
			eachMode(b, func(b *testing.B, s *Store) {
				ctx := context.Background()
				seedBench(b, s, 1000)
				for i := 0; b.Loop(); i++ {
					q := kv.Query{PK: "p", BySK2: bySK2, Limit: 20, Cursor: benchCursor(i, bySK2)}
					page, err := s.Query(ctx, q)
					if err != nil || len(page.Items) != 20 {
						b.Fatalf("%d items, %v", len(page.Items), err)
					}
				}
			})
		})
	}
}

// benchCursor starts a page at one of the first 900 items.
func benchCursor(i int, bySK2 bool) string {
	if i%900 == 0 {
		return ""
	}
	return kv.EncodeCursor(benchItem("p", i%900), bySK2)
}

func seedBench(b *testing.B, s *Store, n int) {
	b.Helper()
	items := make([]kv.Item, n)
	for i := range items {
		items[i] = benchItem("p", i)
	}
	if err := s.WriteBatch(context.Background(), items, nil); err != nil {
		b.Fatal(err)
	}
}
