package reserve

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// storeReserver makes a reserver over a Redis of the test's own (it is
// flushed) and the store.
func storeReserver(t *testing.T, rdb redis.UniversalClient, s kv.Store, c *clocktest.Clock, maxUnpaid int) *Reserver {
	repo := orderstore.New(s, orderstore.Options{Now: c.Now})
	return New(rdb, Config{MaxUnpaid: maxUnpaid, Now: c.Now, Store: repo})
}

// race runs n orders of one unit of a sku limited to limit, each client
// retrying what is not a final answer when retry is set; the client
// whose hold is the k-th answered calls onHold(k). It returns how many
// orders hold the unit.
func race(t *testing.T, r *Reserver, c *clocktest.Clock, n, limit int, retry bool, onHold func(k int32)) int {
	t.Helper()
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = request(c, fmt.Sprintf("u-%d", i%26), Line{"hot", 1, limit})
	}
	return raceHolds(r, reqs, ErrOutOfStock, retry, onHold)
}

// raceHolds holds every request at once, each client retrying what is
// neither a success nor final (nor anything, without retry); the client
// whose hold is the k-th answered calls onHold(k). It returns how many
// were held.
func raceHolds(r *Reserver, reqs []Request, final error, retry bool, onHold func(k int32)) int {
	var ok atomic.Int32
	var wg sync.WaitGroup
	for _, req := range reqs {
		wg.Go(func() {
			for {
				err := r.Hold(context.Background(), req)
				switch {
				case err == nil:
					onHold(ok.Add(1))
					return
				case errors.Is(err, final), !retry:
					return
				}
				time.Sleep(time.Millisecond) // a 503: the client tries again
			}
		})
	}
	wg.Wait()
	return int(ok.Load())
}

// flushes empties Redis when the 5th, 15th, 25th... hold is answered,
// while the others keep racing.
func flushes(t *testing.T, rdb *redis.Client, times int) func(int32) {
	return func(k int32) {
		if k%10 == 5 && k/10 < int32(times) {
			if err := rdb.FlushAll(context.Background()).Err(); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestFlushAllNeverOversells(t *testing.T) {
	for _, tc := range []struct {
		name    string
		retry   bool
		flushes int
	}{{"once", false, 1}, {"once, clients retry", true, 1}, {"repeated, clients retry", true, 3}} {
		eachStore(t, tc.name, func(t *testing.T, s kv.Store) {
			rdb, c := redistest.Own(t), clocktest.New(time.Now())
			r := storeReserver(t, rdb, s, c, 0)
			got := race(t, r, c, 300, 50, tc.retry, flushes(t, rdb, tc.flushes))
			if n := held(t, r, "hot"); n != got {
				t.Fatalf("%d holds answered, %d units held in the store", got, n)
			}
			if got > 50 || (tc.retry && got != 50) {
				t.Fatalf("%d orders hold the item, limit 50", got)
			}
		})
	}
}

// eachStore runs fn in a subtest per backend, each with a fresh store.
func eachStore(t *testing.T, name string, fn func(t *testing.T, s kv.Store)) {
	t.Run(name, func(t *testing.T) { backends.Each(t, fn) })
}

// raceCoupon has two orders of the user race for the coupon: how many won.
func raceCoupon(t *testing.T, r *Reserver, c *clocktest.Clock) int {
	t.Helper()
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 2 {
		req := request(c, "u-1")
		req.CouponID, req.CouponExpires = "cp-1", c.Now().Add(time.Hour)
		wg.Go(func() {
			switch err := r.Hold(context.Background(), req); {
			case err == nil:
				won.Add(1)
			case !errors.Is(err, ErrCouponHeld):
				t.Error(err)
			}
		})
	}
	wg.Wait()
	return int(won.Load())
}

// A coupon held, spent or free is told by the store after Redis forgot it.
// (Two orders racing for it: at most one wins.)
func TestFlushAllNeverReusesACoupon(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 0)
		ctx := context.Background()
		first := request(c, "u-1")
		first.CouponID, first.CouponExpires = "cp-1", c.Now().Add(time.Hour)
		if err := r.Hold(ctx, first); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, repoOf(r), withCoupon(t, c.Now(), first.OrderID, "cp-1"))
		rdb.FlushAll(ctx)
		if n := raceCoupon(t, r, c); n != 0 {
			t.Fatalf("held coupon: %d orders won it after a flush", n)
		}
		// Cancelled unpaid while Redis has forgotten the hold: the store's
		// part is found from the order.
		if got, err := r.Release(ctx, first.OrderID, true); err != nil || got != NoHold {
			t.Fatalf("release after the flush: %v %v", got, err)
		}
		if n := raceCoupon(t, r, c); n != 1 {
			t.Fatalf("free coupon: %d orders won it", n)
		}
		// The winner crashed before writing its order, and Redis forgets:
		// past its deadline, its slot is taken over.
		rdb.FlushAll(ctx)
		if n := raceCoupon(t, r, c); n != 0 {
			t.Fatalf("coupon of an order being placed: %d orders won it", n)
		}
		c.Advance(DefaultOrphanGrace + time.Second)
		rdb.FlushAll(ctx)
		if n := raceCoupon(t, r, c); n != 1 {
			t.Fatalf("coupon of an orphan: %d orders won it", n)
		}
	})
}

// A spent coupon stays spent after Redis forgot it.
func TestFlushAllKeepsACouponSpent(t *testing.T) {
	backends.Each(t, func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 0)
		ctx := context.Background()
		paid := request(c, "u-1")
		paid.CouponID, paid.CouponExpires = "cp-1", c.Now().Add(time.Hour)
		if err := r.Hold(ctx, paid); err != nil {
			t.Fatal(err)
		}
		if got, err := r.Confirm(ctx, paid.OrderID); err != nil || got != Done {
			t.Fatalf("confirm: %v %v", got, err)
		}
		rdb.FlushAll(ctx)
		if _, err := r.Release(ctx, paid.OrderID, false); err != nil { // cancelled after payment
			t.Fatal(err)
		}
		if n := raceCoupon(t, r, c); n != 0 {
			t.Fatalf("spent coupon: %d orders won it", n)
		}
	})
}

// withCoupon makes a valid new order of u-1 using the coupon.
func withCoupon(t *testing.T, now time.Time, id, coupon string) *order.Order {
	t.Helper()
	o, err := order.New(order.Draft{ID: id, UserID: "u-1", StoreID: "s-1", StoreDay: "2026-11-21",
		Lines: []order.Line{line("a", 1)}, Amounts: order.Amounts{Items: 100, Total: 100}, CouponID: coupon,
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
