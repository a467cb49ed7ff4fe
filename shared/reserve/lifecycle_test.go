package reserve

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

func TestOrphanTaskReleasesHoldsWithoutOrders(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		repo := repoOf(r)
		ctx := context.Background()
		orphan := request(c, "u-1", Line{"a", 2, 10}) // crashed before the order was written
		written := request(c, "u-2", Line{"a", 1, 10})
		for _, req := range []Request{orphan, written} {
			if err := r.Hold(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
		mustCreate(t, repo, newOrder(t, c.Now(), written.OrderID, "u-2", line("a", 1)))
		task := OrphanTask{Reserver: r, Orders: repo, Grace: time.Minute}
		if got, err := task.Run(ctx); err != nil || got != (OrphanReport{}) {
			t.Fatalf("young holds judged: %+v %v", got, err)
		}
		c.Advance(2 * time.Minute)
		got, err := task.Run(ctx)
		if err != nil || got != (OrphanReport{Released: 1, Committed: 1}) {
			t.Fatalf("run: %+v %v", got, err)
		}
		if counter(t, r, "a") != 1 || held(t, r, "a") != 1 {
			t.Fatalf("counter %d, held %d, want 1 (the written order's)", counter(t, r, "a"), held(t, r, "a"))
		}
		if got, _ := task.Run(ctx); got != (OrphanReport{}) {
			t.Fatalf("second run: %+v", got)
		}
	})
}

func TestOrphanReleaseSparesARetriedHold(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		ctx := context.Background()
		req := request(c, "u-1", Line{"a", 1, 10})
		_ = r.Hold(ctx, req)
		seen, _ := rdb.ZScore(ctx, r.k.pendingOf(req.OrderID), req.OrderID).Result()
		c.Advance(time.Second)
		_ = r.Hold(ctx, req) // a retry resumes the order: touched
		got, err := r.release(ctx, req.OrderID, true, formatScore(seen))
		if err != nil || got != Touched || counter(t, r, "a") != 1 {
			t.Fatalf("release of a touched hold: %v %v, counter %d", got, err, counter(t, r, "a"))
		}
	})
}

func formatScore(f float64) string { return strconv.FormatInt(int64(f), 10) }

func TestFirstOrderCountsOnceFromTheStore(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		repo := repoOf(r)
		ctx := context.Background()
		if first, err := r.FirstOrder(ctx, "u-new", repo); err != nil || !first {
			t.Fatalf("new user: %v %v", first, err)
		}
		mustCreate(t, repo, newOrder(t, c.Now(), orderID(c.Now()), "u-old", line("a", 1)))
		if first, err := r.FirstOrder(ctx, "u-old", repo); err != nil || first {
			t.Fatalf("user with an order: %v %v", first, err)
		}
		if n, _ := rdb.Get(ctx, r.k.live("u-old")).Int(); n != 1 {
			t.Fatalf("standing kept as %d", n)
		}
	})
}

func TestRebuildUserFromTheStore(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 1)
		repo := repoOf(r)
		ctx := context.Background()
		withCoupon := func(coupon string) *order.Order {
			o, err := order.New(order.Draft{ID: orderID(c.Now()), UserID: "u-1", StoreID: "s-1", StoreDay: "2026-11-21",
				Lines: []order.Line{line("a", 1)}, Amounts: order.Amounts{Items: 100, Total: 100}, CouponID: coupon,
				Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
				PayDeadline: c.Now().Add(15 * time.Minute)}, c.Now())
			if err != nil {
				t.Fatal(err)
			}
			mustCreate(t, repo, o)
			return o
		}
		paid, unpaid := withCoupon("cp-paid"), withCoupon("cp-unpaid")
		if _, err := repo.Update(ctx, paid.ID(), 1, func(o *order.Order) error {
			return o.Pay(order.Payment{TxnID: "t-1", Amount: 100, Currency: "CNY"}, c.Now())
		}); err != nil {
			t.Fatal(err)
		}
		got, err := r.RebuildUser(ctx, repo, "u-1")
		if err != nil || got != (UserReport{Live: 2, Unpaid: 1, Coupons: 2}) {
			t.Fatalf("rebuild: %+v %v", got, err)
		}
		req := request(c, "u-1")
		req.CouponID, req.CouponExpires = "cp-paid", c.Now().Add(time.Hour)
		if err := r.Hold(ctx, req); !errors.Is(err, ErrTooManyUnpaid) {
			t.Fatalf("unpaid cap after rebuild: %v", err)
		}
		r.cfg.MaxUnpaid = 0
		if err := r.Hold(ctx, req); !errors.Is(err, ErrCouponHeld) {
			t.Fatalf("spent coupon after rebuild: %v", err)
		}
		_ = unpaid
	})
}
