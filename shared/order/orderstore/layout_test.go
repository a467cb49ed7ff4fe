package orderstore

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// A day's layout is pinned by its first write: a shard count set later
// applies from the next day, never to a day already written.
func TestStoreShardsApplyFromTheNextDayWritten(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		ctx := context.Background()
		if err := repo.SetStoreShards(ctx, hotStore, 4); err != nil {
			t.Fatal(err)
		}
		first := createAt(t, repo, c.Now(), hotDay)
		if err := repo.SetStoreShards(ctx, hotStore, 2); err != nil {
			t.Fatal(err)
		}
		second := createAt(t, repo, c.Now(), hotDay)
		wantCopyIn(t, s, first, 4)
		wantCopyIn(t, s, second, 4)
		wantCopyIn(t, s, createAt(t, repo, c.Now(), "2026-11-22"), 2)
		if n, err := repo.StoreShards(ctx, hotStore); err != nil || n != 2 {
			t.Errorf("store shards %d, %v: want 2", n, err)
		}
		if err := repo.SetStoreShards(ctx, hotStore, MaxStoreShards+1); !errors.Is(err, ErrInvalidShards) {
			t.Errorf("%d shards: %v, want ErrInvalidShards", MaxStoreShards+1, err)
		}
	})
}

// A day with copies in its own partition from before layouts existed is
// pinned to one shard, whatever the store's count, so none is lost.
func TestDayWrittenBeforeLayoutsStaysUnsharded(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := New(s, c.options(nil))
		ctx := context.Background()
		old := newDraftOrder(t, c.Now(), "u-old", hotStore).Record()
		if err := s.Put(ctx, copyItem(storeDayPK(hotStore, hotDay), old, storeStatusSK2(old.Status, old.OrderID)), kv.Always()); err != nil {
			t.Fatal(err)
		}
		if err := repo.SetStoreShards(ctx, hotStore, 4); err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Second)
		rec := createAt(t, repo, c.Now(), hotDay)
		wantCopyIn(t, s, rec, 1)
		wantIDs(t, "store", readAll(t, func(cur string) (Page, error) {
			return repo.ListByStore(ctx, hotStore, hotDay, order.Status{}, 1, cur)
		}), []string{rec.OrderID, old.OrderID})
	})
}

// Writers racing to pin a day agree on its layout while the store's count
// changes under them: every copy is in the one layout pinned.
func TestRacingFirstWritesAgreeOnTheLayout(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		ctx := context.Background()
		var wg sync.WaitGroup
		recs := make([]order.Record, 8)
		for i := range recs {
			wg.Go(func() {
				repo := New(s, c.options(nil)) // a function instance of its own
				if err := repo.SetStoreShards(ctx, hotStore, 2+i%3); err != nil {
					t.Error(err)
				}
				recs[i] = createAt(t, repo, c.Now(), hotDay)
			})
		}
		wg.Wait()
		l, err := New(s, c.options(nil)).StoreDayLayout(ctx, hotStore, hotDay)
		if err != nil || !l.Pinned {
			t.Fatalf("layout %v, %v", l, err)
		}
		for _, rec := range recs {
			wantCopyIn(t, s, rec, l.Shards)
		}
	})
}

// createAt places an order of the hot store on day at now.
func createAt(t *testing.T, repo *Repository, now time.Time, day string) order.Record {
	t.Helper()
	rec, err := repo.Create(context.Background(), newOrderOnDay(t, now, order.NewID(now), "u-layout", hotStore, day))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// wantCopyIn checks that the order's store-day copy is in the layout of n
// shards.
func wantCopyIn(t *testing.T, s kv.Store, rec order.Record, n int) {
	t.Helper()
	if _, err := s.Get(context.Background(), storeCopyPK(rec, n), rec.OrderID); err != nil {
		t.Errorf("order %s of %s: no copy in the layout of %d shards: %v", rec.OrderID, rec.StoreDay, n, err)
	}
}
