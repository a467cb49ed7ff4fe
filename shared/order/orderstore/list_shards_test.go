package orderstore

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

const (
	hotStore = "s-hot"
	hotDay   = "2026-11-21" // the day of every test order
)

// Issue 15 part 3's must-show: a store whose day is spread over 4 shards
// lists 2,000 orders of the day newest first, 40 a page, while new orders
// keep arriving (at least one between any two pages, at times all over the
// day, so in every shard and on both sides of the cursor): every order
// there before the paging began is listed exactly once, and the list is in
// order throughout. On DynamoDB Local and dynalite (DYNAMODB_ENDPOINT;
// .ci/run runs this package on both) as on bolt.
func TestShardedStoreDayPagesInOrderWhileOrdersArrive(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		ctx := context.Background()
		if err := repo.SetStoreShards(ctx, hotStore, 4); err != nil {
			t.Fatal(err)
		}
		start := c.Now()
		before := seedStoreDay(t, repo, start, 2000)
		wantSpread(t, repo, s, 4)
		arrivals := startArrivals(t, repo, start, 2000*time.Second)
		var listed []string
		cursor := ""
		for pages := 0; ; pages++ {
			page, err := repo.ListByStore(ctx, hotStore, hotDay, order.Status{}, 40, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page.Orders {
				listed = append(listed, o.OrderID)
			}
			if cursor = page.Cursor; cursor == "" || pages > 1000 {
				break
			}
			arrivals.awaitOne()
		}
		arrived := arrivals.stop()
		wantOnceInOrder(t, listed, before, arrived)
		t.Logf("%d orders listed: %d placed before the paging, %d of the %d placed during it",
			len(listed), len(before), len(listed)-len(before), len(arrived))
	})
}

// seedStoreDay writes the store-day copies of n orders of the hot store,
// placed a second apart from start, in batches (the copies the repository
// writes, in the layout it pins for the day); it returns their ids.
func seedStoreDay(t testing.TB, repo *Repository, start time.Time, n int) []string {
	t.Helper()
	ctx := context.Background()
	day, err := repo.writeLayout(ctx, hotStore, hotDay)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, n)
	var items []kv.Item
	for i := range n {
		rec := newDraftOrder(t, start.Add(time.Duration(i)*time.Second), "u-seed", hotStore).Record()
		ids = append(ids, rec.OrderID)
		for _, w := range storeCopyWrites(rec, day) {
			items = append(items, w.Item)
		}
	}
	if err := repo.store.WriteBatch(ctx, items, nil); err != nil {
		t.Fatal(err)
	}
	return ids
}

// wantSpread checks that the hot store's day is pinned to n shards and that
// each holds copies, the day's own partition none.
func wantSpread(t *testing.T, repo *Repository, s kv.Store, n int) {
	t.Helper()
	ctx := context.Background()
	if l, err := repo.StoreDayLayout(ctx, hotStore, hotDay); err != nil || l.Shards != n || !l.Pinned {
		t.Fatalf("layout %v, %v: want %d shards, pinned", l, err, n)
	}
	for shard := range n {
		page, err := s.Query(ctx, kv.Query{PK: storeDayShardPK(hotStore, hotDay, shard, n), Limit: 1})
		if err != nil || len(page.Items) == 0 {
			t.Fatalf("shard %d of %d: %v, %d items", shard, n, err, len(page.Items))
		}
	}
	if legacy, err := repo.hasUnshardedCopies(ctx, hotStore, hotDay); err != nil || (legacy && n > 1) {
		t.Fatalf("the day's own partition holds copies (%v) with %d shards", err, n)
	}
}

// arrivals places orders of the hot store through the repository, one
// after another, each at a random time of the span, until stopped.
type arrivals struct {
	placed chan string
	done   chan struct{}
	wg     sync.WaitGroup
	ids    []string
}

func startArrivals(t *testing.T, repo *Repository, start time.Time, span time.Duration) *arrivals {
	a := &arrivals{placed: make(chan string, 10_000), done: make(chan struct{})}
	a.wg.Go(func() {
		for {
			select {
			case <-a.done:
				return
			default:
			}
			at := start.Add(rand.N(span))
			rec, err := repo.Create(context.Background(), newDraftOrder(t, at, "u-late", hotStore))
			if err != nil {
				t.Error(err)
				close(a.placed)
				return
			}
			a.placed <- rec.OrderID
		}
	})
	return a
}

// awaitOne waits until at least one more order has been placed.
func (a *arrivals) awaitOne() {
	if id, ok := <-a.placed; ok {
		a.ids = append(a.ids, id)
	}
}

// stop ends the arrivals and returns the ids of every order placed.
func (a *arrivals) stop() []string {
	close(a.done)
	a.wg.Wait()
	for {
		select {
		case id, ok := <-a.placed:
			if !ok {
				return a.ids
			}
			a.ids = append(a.ids, id)
		default:
			return a.ids
		}
	}
}

// wantOnceInOrder checks that listed is strictly newest first (so without
// repetition), holds every id of before and nothing but ids of before
// and arrived.
func wantOnceInOrder(t *testing.T, listed, before, arrived []string) {
	t.Helper()
	for i := 1; i < len(listed); i++ {
		if listed[i] >= listed[i-1] {
			t.Fatalf("order %d of the list (%s) is not older than the one before (%s)", i, listed[i], listed[i-1])
		}
	}
	for _, id := range before {
		if _, found := slices.BinarySearchFunc(listed, id, descending); !found {
			t.Fatalf("order %s, placed before the paging, is not listed", id)
		}
	}
	known := map[string]bool{}
	for _, id := range append(slices.Clone(before), arrived...) {
		known[id] = true
	}
	for _, id := range listed {
		if !known[id] {
			t.Fatalf("listed %s, an order never placed", id)
		}
	}
	if len(arrived) == 0 {
		t.Fatal("no order arrived while paging")
	}
}

func descending(a, b string) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
