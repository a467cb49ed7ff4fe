package dynamokv

import (
	"fmt"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// benchData is a payload of the size of a typical order record.
var benchData = make([]byte, 2048)

// BenchmarkPut: unconditional puts of new items.
func BenchmarkPut(b *testing.B) {
	s := newTestStore(b)
	i := 0
	for b.Loop() {
		i++
		it := kv.Item{PK: "bench", SK: fmt.Sprintf("k%08d", i), Version: 1, Data: benchData}
		if err := s.Put(b.Context(), it, kv.Always()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutConditional: optimistic updates of one item, each guarded by
// the version the last one wrote.
func BenchmarkPutConditional(b *testing.B) {
	s := newTestStore(b)
	it := kv.Item{PK: "bench", SK: "order", Version: 1, Data: benchData}
	if err := s.Put(b.Context(), it, kv.IfAbsent()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		it.Version++
		if err := s.Put(b.Context(), it, kv.IfVersion(it.Version-1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet: consistent reads of one item.
func BenchmarkGet(b *testing.B) {
	s := newTestStore(b)
	it := kv.Item{PK: "bench", SK: "order", Version: 1, Data: benchData}
	if err := s.Put(b.Context(), it, kv.Always()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Get(b.Context(), "bench", "order"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetParallel: consistent reads from many goroutines, which the
// connection pool must serve without opening a connection per call.
func BenchmarkGetParallel(b *testing.B) {
	s := newTestStore(b)
	it := kv.Item{PK: "bench", SK: "order", Version: 1, Data: benchData}
	if err := s.Put(b.Context(), it, kv.Always()); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Get(b.Context(), "bench", "order"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkQuery20: one page of 20 items out of 50, by sort key.
func BenchmarkQuery20(b *testing.B) {
	s := newTestStore(b)
	var items []kv.Item
	for i := range 50 {
		items = append(items, kv.Item{PK: "bench", SK: fmt.Sprintf("k%02d", i), Version: 1, Data: benchData})
	}
	if err := s.WriteBatch(b.Context(), items, nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		page, err := s.Query(b.Context(), kv.Query{PK: "bench", Limit: 20})
		if err != nil || len(page.Items) != 20 || page.Cursor == "" {
			b.Fatalf("query: %d items, cursor %q, %v", len(page.Items), page.Cursor, err)
		}
	}
}
