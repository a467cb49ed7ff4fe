package orderstore

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// reshardSettle stands for LayoutTTL plus the longest write in the tests,
// whose repositories keep no layout (LayoutTTL < 0).
const reshardSettle = 300 * time.Millisecond

// Resharding a day while its orders are placed and paid moves every copy
// to the new layout at its master's version, deletes the old copies, and
// keeps a cursor handed out before it valid; run again, it does nothing.
func TestReshardWhileWritersWrite(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := uncachedRepo(s, c)
		ctx := context.Background()
		ids := placeAll(t, repo, c, 40)
		older := ids[:30]
		first, err := repo.ListByStore(ctx, hotStore, hotDay, order.Status{}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		w := startWriters(t, uncachedRepo(s, c), c)
		rep, err := repo.Reshard(ctx, hotStore, hotDay, 4, ReshardOptions{Settle: reshardSettle})
		ids = append(ids, w.stop()...)
		if err != nil {
			t.Fatal(err)
		}
		if rep.From != 1 || rep.To != 4 || rep.Copied == 0 || rep.Deleted < 40 {
			t.Errorf("report %+v", rep)
		}
		wantSettledIn(t, s, repo, ids, 4)
		wantListFrom(t, repo, first.Cursor, older, "cursor of before the reshard")
		if again, err := repo.Reshard(ctx, hotStore, hotDay, 4, ReshardOptions{Settle: reshardSettle}); err != nil || again.Copied+again.Deleted != 0 {
			t.Errorf("again: %+v, %v: want nothing done", again, err)
		}
	})
}

// A reshard stopped in any phase continues where it was when run again;
// one to another count meanwhile is refused.
func TestReshardResumes(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		c := newClock()
		repo := uncachedRepo(s, c)
		ids := placeAll(t, repo, c, 30)
		for _, stopAt := range []string{"copying 1 shards into 3", "deleting the copies of 1 shards"} {
			ctx, cancel := context.WithCancel(context.Background())
			_, err := repo.Reshard(ctx, hotStore, hotDay, 3, ReshardOptions{Settle: reshardSettle,
				Progress: func(step string) {
					if step == stopAt {
						cancel()
					}
				}})
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped at %q: %v, want context.Canceled", stopAt, err)
			}
			if _, err := repo.Reshard(context.Background(), hotStore, hotDay, 2, ReshardOptions{Settle: reshardSettle}); !errors.Is(err, ErrReshardUnderWay) {
				t.Errorf("another count while stopped at %q: %v, want ErrReshardUnderWay", stopAt, err)
			}
			wantListFrom(t, repo, "", ids, "stopped at "+stopAt)
		}
		if _, err := repo.Reshard(context.Background(), hotStore, hotDay, 3, ReshardOptions{Settle: reshardSettle}); err != nil {
			t.Fatal(err)
		}
		wantSettledIn(t, s, repo, ids, 3)
		if _, err := repo.Reshard(context.Background(), hotStore, hotDay, 1, ReshardOptions{Settle: reshardSettle}); err != nil {
			t.Fatal(err)
		}
		wantSettledIn(t, s, repo, ids, 1)
	})
}

// uncachedRepo is a repository that reads the layout at every write and
// list, so that reshardSettle covers its writes.
func uncachedRepo(s kv.Store, c *clock) *Repository {
	opts := c.options(nil)
	opts.LayoutTTL = -1
	return New(s, opts)
}

// placeAll places n orders of the hot store a second apart; it returns
// their ids, oldest first.
func placeAll(t *testing.T, repo *Repository, c *clock, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		c.Advance(time.Second)
		ids[i] = createAt(t, repo, c.Now(), hotDay).OrderID
	}
	return ids
}

// writers place and pay orders of the hot store until stopped.
type writers struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	ids  []string
}

func startWriters(t *testing.T, repo *Repository, c *clock) *writers {
	w := &writers{done: make(chan struct{})}
	for range 2 {
		w.wg.Go(func() {
			for {
				select {
				case <-w.done:
					return
				default:
				}
				rec := createAt(t, repo, c.Now(), hotDay)
				w.mu.Lock()
				w.ids = append(w.ids, rec.OrderID)
				w.mu.Unlock()
				if _, err := repo.Update(context.Background(), rec.OrderID, 1, payFull(c)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	return w
}

// stop ends the writers and returns the orders they placed, oldest first.
func (w *writers) stop() []string {
	close(w.done)
	w.wg.Wait()
	slices.Sort(w.ids)
	return w.ids
}

// wantSettledIn checks that the day's layout is plain n and that each
// order's copy is there at its master's version, in no other layout.
func wantSettledIn(t *testing.T, s kv.Store, repo *Repository, ids []string, n int) {
	t.Helper()
	ctx := context.Background()
	if l, err := repo.StoreDayLayout(ctx, hotStore, hotDay); err != nil || l.Shards != n || l.Next+l.Drop != 0 {
		t.Fatalf("layout %v, %v: want %d shards", l, err, n)
	}
	for _, id := range ids {
		o, err := repo.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		rec := o.Record()
		for _, m := range []int{1, 2, 3, 4} {
			it, err := s.Get(ctx, storeCopyPK(rec, m), id)
			switch {
			case m == n && (err != nil || it.Version != rec.Version):
				t.Fatalf("order %s: copy in %d shards %v (version %d), want version %d", id, n, err, it.Version, rec.Version)
			case m != n && !errors.Is(err, kv.ErrNotFound):
				t.Fatalf("order %s: a copy left in %d shards (%v)", id, m, err)
			}
		}
	}
}

// wantListFrom checks that the day's list from cursor holds want, newest
// first (want is oldest first).
func wantListFrom(t *testing.T, repo *Repository, cursor string, want []string, what string) {
	t.Helper()
	var got []string
	for {
		page, err := repo.ListByStore(context.Background(), hotStore, hotDay, order.Status{}, 7, cursor)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for _, o := range page.Orders {
			got = append(got, o.OrderID)
		}
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	wantIDs(t, what, got, reversed(want))
}
