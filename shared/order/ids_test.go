package order_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/order"
)

func TestNewIDUniqueAcrossGoroutines(t *testing.T) {
	const workers, each = 8, 12500
	out := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range each {
				out[w] = append(out[w], order.NewID(time.Now()))
			}
		})
	}
	wg.Wait()
	seen := make(map[string]bool, workers*each)
	for _, ids := range out {
		if !slices.IsSorted(ids) {
			t.Fatal("one goroutine's ids are not increasing")
		}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("duplicate id %s", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != workers*each {
		t.Fatalf("%d ids, want %d", len(seen), workers*each)
	}
}

func TestNewIDSortsInCreationOrder(t *testing.T) {
	var ids []string
	now := t0
	for i := range 10000 {
		if i%1000 == 0 {
			now = now.Add(time.Millisecond)
		}
		ids = append(ids, order.NewID(now))
	}
	if !slices.IsSorted(ids) {
		t.Fatal("ids do not sort in creation order")
	}
	// Up to a second back: still after the last one; further: its own time.
	if back := order.NewID(now.Add(-time.Second)); back <= ids[len(ids)-1] {
		t.Fatal("an id made a second back sorts before the last one")
	}
	if order.NewID(t0.Add(24*time.Hour)) <= ids[len(ids)-1] {
		t.Fatal("a later id sorts before an earlier one")
	}
	if order.NewID(t0.Add(-time.Hour)) >= ids[0] {
		t.Fatal("an id of an hour earlier sorts after a later one")
	}
}

func TestNewIDForm(t *testing.T) {
	for _, now := range []time.Time{time.Now(), time.Unix(0, 0), time.Date(10889, 8, 2, 5, 31, 50, 0, time.UTC)} {
		id := order.NewID(now)
		if len(id) != 26 || !order.ValidID(id) || strings.Trim(id, "0123456789abcdefghjkmnpqrstvwxyz") != "" {
			t.Fatalf("NewID(%v) = %q", now, id)
		}
	}
	// The timestamp is encoded as a ULID's is (lower case).
	for ms, prefix := range map[int64]string{1: "0000000001",
		1469922850259: "01arz3ndek", 1<<48 - 1: "7zzzzzzzzz"} {
		if id := order.NewID(time.UnixMilli(ms)); !strings.HasPrefix(id, prefix) {
			t.Fatalf("timestamp %d encodes as %q, want prefix %q", ms, id, prefix)
		}
	}
}

func TestValidID(t *testing.T) {
	good := order.NewID(t0)
	for _, s := range []string{"", "o-1", good[:25], good + "0", strings.ToUpper(good),
		"8" + good[1:], good[:25] + "u", good[:25] + "-", good[:25] + "é"[:1]} {
		if order.ValidID(s) {
			t.Errorf("ValidID(%q) = true", s)
		}
	}
	if !order.ValidID(good) || !order.ValidID("7zzzzzzzzzzzzzzzzzzzzzzzzz") {
		t.Error("ValidID refuses a good id")
	}
}

func BenchmarkNewID(b *testing.B) {
	now := time.Now()
	for b.Loop() {
		order.NewID(now)
	}
}
