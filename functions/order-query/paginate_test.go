package function

import (
	"context"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/order/orderstore/orderstoretest"
)

// placeMany places n orders of spec's store and day, a few at a time, and
// returns their ids.
func placeMany(t testing.TB, repo *orderstore.Repository, spec orderstoretest.Spec, n int) map[string]bool {
	t.Helper()
	var mu sync.Mutex
	ids := make(map[string]bool, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				rec, err := repo.Create(context.Background(), orderstoretest.NewOrder(t, spec))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids[rec.OrderID] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return ids
}

// Paging through a store's 1,000 orders of a day returns each once, newest
// first, while new orders keep arriving: those come before the cursor and
// so only ever on the first page.
func TestPagingThroughAThousandOrdersWhileNewOnesArrive(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		f := newFixture(t, store, time.Time{})
		spec := orderstoretest.Spec{StoreID: uniq(t, "s"), Day: "2026-11-21"}
		initial := placeMany(t, f.repo, spec, 1000)
		ctx, stop := context.WithCancel(context.Background())
		made := make(chan struct{}, 1)
		var arrived atomic.Int64
		var creator sync.WaitGroup
		creator.Go(func() {
			for ctx.Err() == nil {
				if _, err := f.repo.Create(ctx, orderstoretest.NewOrder(t, spec)); err != nil && ctx.Err() == nil {
					t.Error(err)
					return
				}
				arrived.Add(1)
				select {
				case made <- struct{}{}:
				default:
				}
			}
		})
		pages := f.pageAll(t, spec.StoreID, made)
		stop()
		creator.Wait()
		checkPages(t, pages, initial)
		t.Logf("%d pages; %d orders arrived while paging", len(pages), arrived.Load())
	})
}

// pageAll reads a store's list page by page as its merchant, waiting for
// a new order to arrive before each page.
func (f *fixture) pageAll(t *testing.T, storeID string, made <-chan struct{}) [][]string {
	var pages [][]string
	cursor := ""
	for {
		<-made
		target := "/stores/" + storeID + "/orders?date=2026-11-21&limit=37&cursor=" + url.QueryEscape(cursor)
		resp := f.get(t, orderstoretest.Merchant(storeID), target)
		if resp.StatusCode != 200 {
			t.Fatalf("page %d: %d %s", len(pages)+1, resp.StatusCode, resp.Body)
		}
		list := decode[listBody](t, resp)
		pages = append(pages, idsOf(list))
		if cursor = list.NextCursor; cursor == "" {
			return pages
		}
	}
}

func checkPages(t *testing.T, pages [][]string, initial map[string]bool) {
	seen := map[string]int{}
	last := "~"
	for i, page := range pages {
		for _, id := range page {
			seen[id]++
			if id >= last {
				t.Fatalf("page %d: %s after %s, not newest first", i+1, id, last)
			}
			last = id
			if !initial[id] && i > 0 {
				t.Errorf("order %s placed while paging showed up on page %d", id, i+1)
			}
		}
	}
	for id := range initial {
		if seen[id] != 1 {
			t.Errorf("order %s listed %d times", id, seen[id])
		}
	}
}
