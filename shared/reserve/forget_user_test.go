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
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// raceUnpaid runs n orders of one user, each client retrying what is not
// a final answer when retry is set; the client whose hold is the k-th
// answered calls onHold(k). It returns how many orders were held.
func raceUnpaid(t *testing.T, r *Reserver, c *clocktest.Clock, n int, retry bool, onHold func(k int32)) int {
	t.Helper()
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = request(c, "u-1")
	}
	return raceHolds(r, reqs, ErrTooManyUnpaid, retry, onHold)
}

// unpaidHeld is the user's unpaid slots the store holds.
func unpaidHeld(t *testing.T, r *Reserver, user string) int {
	t.Helper()
	owners, err := repoOf(r).SlotOwners(context.Background(), orderstore.UnpaidSlots(user))
	if err != nil {
		t.Fatal(err)
	}
	return len(owners)
}

func TestFlushAllNeverPassesTheUnpaidCap(t *testing.T) {
	for _, tc := range []struct {
		name    string
		retry   bool
		flushes int
	}{{"once", false, 1}, {"once, clients retry", true, 1}, {"repeated, clients retry", true, 3}} {
		eachStore(t, tc.name, func(t *testing.T, s kv.Store) {
			rdb, c := redistest.Own(t), clocktest.New(time.Now())
			r := storeReserver(t, rdb, s, c, 5)
			flush := func(k int32) { // at the 2nd, 3rd and 4th hold answered
				if k >= 2 && k < 2+int32(tc.flushes) {
					if err := rdb.FlushAll(context.Background()).Err(); err != nil {
						t.Error(err)
					}
				}
			}
			got := raceUnpaid(t, r, c, 60, tc.retry, flush)
			if n := unpaidHeld(t, r, "u-1"); n != got {
				t.Fatalf("%d holds answered, %d unpaid slots held in the store", got, n)
			}
			if got > 5 || (tc.retry && got != 5) {
				t.Fatalf("%d unpaid orders held, cap 5", got)
			}
		})
	}
}

// A paid order frees its place among the unpaid orders, also when Redis
// forgot its hold; the store refuses the cap after a flush.
func TestPaidOrderFreesItsUnpaidSlot(t *testing.T) {
	eachStore(t, "cap 2", func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 2)
		ctx := context.Background()
		a, b, more := request(c, "u-1"), request(c, "u-1"), request(c, "u-1")
		mustHold(t, r, a, b)
		if err := r.Hold(ctx, more); !errors.Is(err, ErrTooManyUnpaid) {
			t.Fatalf("third unpaid order: %v", err)
		}
		if got, err := r.Confirm(ctx, a.OrderID); err != nil || got != Done {
			t.Fatalf("confirm: %v %v", got, err)
		}
		mustHold(t, r, more) // a's place
		rdb.FlushAll(ctx)
		if err := r.Hold(ctx, request(c, "u-1")); !errors.Is(err, ErrTooManyUnpaid) {
			t.Fatalf("after a flush, b and the third hold the places: %v", err)
		}
		// b is paid while Redis has forgotten its hold: its order tells whose slot.
		mustCreate(t, repoOf(r), newOrder(t, c.Now(), b.OrderID, "u-1", line("a", 1)))
		rdb.FlushAll(ctx)
		if got, err := r.Confirm(ctx, b.OrderID); err != nil || got != NoHold {
			t.Fatalf("confirm after the flush: %v %v", got, err)
		}
		mustHold(t, r, request(c, "u-1"))
		if n := unpaidHeld(t, r, "u-1"); n != 2 {
			t.Fatalf("%d unpaid slots held, want 2", n)
		}
	})
}

// A cancelled order gives its unpaid place back, with or without its
// hold in Redis; a slot past the pay deadline counts no more.
func TestReleasedOrExpiredUnpaidSlotIsFree(t *testing.T) {
	eachStore(t, "cap 1", func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 1)
		ctx := context.Background()
		a := request(c, "u-1")
		mustHold(t, r, a)
		if _, err := r.Release(ctx, a.OrderID, true); err != nil {
			t.Fatal(err)
		}
		b := request(c, "u-1")
		mustHold(t, r, b)
		mustCreate(t, repoOf(r), newOrder(t, c.Now(), b.OrderID, "u-1", line("a", 1)))
		rdb.FlushAll(ctx)
		if got, err := r.Release(ctx, b.OrderID, true); err != nil || got != NoHold {
			t.Fatalf("release after the flush: %v %v", got, err)
		}
		d := request(c, "u-1")
		mustHold(t, r, d)
		rdb.FlushAll(ctx)
		if err := r.Hold(ctx, request(c, "u-1")); !errors.Is(err, ErrTooManyUnpaid) {
			t.Fatalf("cap 1 with an order unpaid: %v", err)
		}
		c.Advance(16 * time.Minute) // past d's pay deadline
		mustHold(t, r, request(c, "u-1"))
	})
}

func mustHold(t *testing.T, r *Reserver, reqs ...Request) {
	t.Helper()
	for _, req := range reqs {
		if err := r.Hold(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
}

// placeFirst holds an order as place-order does: priced as the user's
// first when the standing says so, again without the waiver when the
// hold says it is not. It tells whether the order is waived.
func placeFirst(ctx context.Context, r *Reserver, req Request) (bool, error) {
	first, err := r.FirstOrder(ctx, req.UserID, repoOf(r))
	if err != nil {
		return false, err
	}
	if first {
		req.Standing = Claim
		if err = r.Hold(ctx, req); !errors.Is(err, ErrNotFirstOrder) {
			return err == nil, err
		}
	}
	req.Standing = Count
	return false, r.Hold(ctx, req)
}

// waiver is the order holding the user's first-order waiver ("" for none).
func waiver(t *testing.T, r *Reserver, user string) string {
	t.Helper()
	owners, err := repoOf(r).SlotOwners(context.Background(), orderstore.FirstOrderSlots(user))
	if err != nil {
		t.Fatal(err)
	}
	return owners[0]
}

// A user whose first order is live gets no second waiver after Redis
// forgot everything: the order is written (the standing is counted from
// the store) or still being placed (its waiver slot refuses).
func TestFlushAllNeverWaivesTwice(t *testing.T) {
	backendsEach(t, func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 0)
		ctx := context.Background()
		for _, written := range []bool{true, false} {
			user := fmt.Sprintf("u-written-%v", written)
			first := request(c, user)
			if waived, err := placeFirst(ctx, r, first); err != nil || !waived {
				t.Fatalf("first order: waived %v, %v", waived, err)
			}
			if written {
				mustCreate(t, repoOf(r), newOrder(t, c.Now(), first.OrderID, user, line("a", 1)))
			}
			rdb.FlushAll(ctx)
			second := request(c, user)
			if waived, err := placeFirst(ctx, r, second); err != nil || waived {
				t.Fatalf("written %v: second order waived %v, %v", written, waived, err)
			}
			if got := waiver(t, r, user); got != first.OrderID {
				t.Fatalf("written %v: the waiver is %q's, want the first order's", written, got)
			}
		}
	})
}

// Racing orders of a new user, with Redis flushed in the middle or
// knowing nothing of the other orders (each through a Redis prefix of
// its own, over the one store): exactly one is waived.
func TestRacingFirstOrdersOneWaived(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ownPrefix bool
	}{{"flush after the first hold", false}, {"each order its own Redis", true}} {
		eachStore(t, tc.name, func(t *testing.T, s kv.Store) {
			rdb, c := redistest.Own(t), clocktest.New(time.Now())
			r := storeReserver(t, rdb, s, c, 0)
			ctx := context.Background()
			var waived, held atomic.Int32
			var flushed sync.Once
			var wg sync.WaitGroup
			for i := range 8 {
				req, r := request(c, "u-new"), r
				if tc.ownPrefix {
					r = New(rdb, Config{Prefix: fmt.Sprintf("p%d:", i), Now: c.Now, Store: r.cfg.Store})
				}
				wg.Go(func() {
					w, err := placeFirst(ctx, r, req)
					if err != nil {
						t.Error(err)
						return
					}
					held.Add(1)
					if w {
						waived.Add(1)
					}
					flushed.Do(func() { rdb.FlushAll(ctx) })
				})
			}
			wg.Wait()
			if held.Load() != 8 || waived.Load() != 1 {
				t.Fatalf("%d orders held, %d waived; want 8, 1", held.Load(), waived.Load())
			}
		})
	}
}

// A cancelled first order gives the waiver back, with or without its
// hold in Redis; a full refund of an order that is not cancelled keeps it.
func TestCancelledFirstOrderFreesTheWaiver(t *testing.T) {
	backendsEach(t, func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 0)
		repo, ctx := repoOf(r), context.Background()
		for _, forgotten := range []bool{false, true} {
			user := fmt.Sprintf("u-forgotten-%v", forgotten)
			first := request(c, user)
			if waived, err := placeFirst(ctx, r, first); err != nil || !waived {
				t.Fatalf("first order: waived %v, %v", waived, err)
			}
			mustCreate(t, repo, newOrder(t, c.Now(), first.OrderID, user, line("a", 1)))
			if _, err := repo.Update(ctx, first.OrderID, 1, func(o *order.Order) error {
				return o.Apply(order.ActionCancel, order.Actor{Role: order.RoleUser, ID: user}, "", c.Now())
			}); err != nil {
				t.Fatal(err)
			}
			if forgotten {
				rdb.FlushAll(ctx)
			}
			if _, err := r.Release(ctx, first.OrderID, true); err != nil {
				t.Fatal(err)
			}
			if got := waiver(t, r, user); got != "" {
				t.Fatalf("forgotten %v: the waiver is still %q's", forgotten, got)
			}
			rdb.FlushAll(ctx)
			again := request(c, user)
			if waived, err := placeFirst(ctx, r, again); err != nil || !waived {
				t.Fatalf("forgotten %v: order after the cancelled first: waived %v, %v", forgotten, waived, err)
			}
		}
		// Released as a full refund releases it: the order stays, so does its waiver.
		user := "u-refunded"
		paid := request(c, user)
		if waived, err := placeFirst(ctx, r, paid); err != nil || !waived {
			t.Fatalf("first order: waived %v, %v", waived, err)
		}
		mustCreate(t, repo, newOrder(t, c.Now(), paid.OrderID, user, line("a", 1)))
		if _, err := r.Release(ctx, paid.OrderID, false); err != nil {
			t.Fatal(err)
		}
		if got := waiver(t, r, user); got != paid.OrderID {
			t.Fatalf("refunded first order: the waiver is %q's", got)
		}
		rdb.Set(ctx, r.k.live(user), 0, 0) // as the release left it
		if waived, err := placeFirst(ctx, r, request(c, user)); err != nil || waived {
			t.Fatalf("order after a refunded first: waived %v, %v", waived, err)
		}
		if n, _ := rdb.Get(ctx, r.k.live(user)).Int(); n != 2 {
			t.Fatalf("first-order count %d after the store told of the live order, want 2 (it and the new one)", n)
		}
	})
}

// backendsEach runs fn per backend, each with a fresh store.
func backendsEach(t *testing.T, fn func(t *testing.T, s kv.Store)) { eachStore(t, "store", fn) }

// A Redis that counts an order the store does not (a replica promoted
// without the payment) is set right by the store; one that counts an
// order awaiting payment without a slot (placed before the slots) is not.
func TestUnpaidRefusalCheckedAgainstTheStore(t *testing.T) {
	eachStore(t, "cap 1", func(t *testing.T, s kv.Store) {
		rdb, c := redistest.Own(t), clocktest.New(time.Now())
		r := storeReserver(t, rdb, s, c, 1)
		ctx := context.Background()
		paid := request(c, "u-1")
		mustHold(t, r, paid)
		if _, err := r.Confirm(ctx, paid.OrderID); err != nil {
			t.Fatal(err)
		}
		stale := redis.Z{Score: float64(paid.PayDeadline.UnixMilli()), Member: paid.OrderID}
		rdb.ZAdd(ctx, r.k.unpaid("u-1"), stale)
		next := request(c, "u-1")
		mustHold(t, r, next)
		if _, err := r.Release(ctx, next.OrderID, true); err != nil {
			t.Fatal(err)
		}
		old := newOrder(t, c.Now(), orderID(c.Now()), "u-1", line("a", 1))
		mustCreate(t, repoOf(r), old)
		rdb.ZAdd(ctx, r.k.unpaid("u-1"), redis.Z{Score: stale.Score, Member: old.ID()})
		if err := r.Hold(ctx, request(c, "u-1")); !errors.Is(err, ErrTooManyUnpaid) {
			t.Fatalf("an unpaid order without a slot: %v", err)
		}
	})
}
