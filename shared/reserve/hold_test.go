package reserve

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

func TestHoldIsAllOrNothing(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		ctx := context.Background()
		first := request(c, "u-1", Line{"a", 3, 5}, Line{"b", 1, 0})
		if err := r.Hold(ctx, first); err != nil {
			t.Fatal(err)
		}
		if err := r.Hold(ctx, first); err != nil || counter(t, r, "a") != 3 {
			t.Fatalf("holding again: %v, counter %d", err, counter(t, r, "a"))
		}
		second := request(c, "u-2", Line{"c", 1, 9}, Line{"a", 3, 5})
		var se *StockError
		if err := r.Hold(ctx, second); !errors.As(err, &se) || se.SKU != "a" || !errors.Is(err, ErrOutOfStock) {
			t.Fatalf("got %v, want out of stock on a", err)
		}
		if counter(t, r, "c") != 0 || counter(t, r, "b") != 0 {
			t.Fatal("a refused hold took something")
		}
		if got, err := r.Release(ctx, first.OrderID, true); err != nil || got != Done {
			t.Fatalf("release: %v %v", got, err)
		}
		if got, _ := r.Release(ctx, first.OrderID, true); got != Already || counter(t, r, "a") != 0 {
			t.Fatalf("second release: %v, counter %d", got, counter(t, r, "a"))
		}
		if err := r.Hold(ctx, second); err != nil {
			t.Fatalf("after release: %v", err)
		}
	})
}

func TestCouponServesOneLiveOrder(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		ctx := context.Background()
		withCoupon := func() Request {
			req := request(c, "u-1")
			req.CouponID, req.CouponExpires = "cp-1", c.Now().Add(time.Hour)
			return req
		}
		a, b := withCoupon(), withCoupon()
		if err := r.Hold(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := r.Hold(ctx, b); !errors.Is(err, ErrCouponHeld) {
			t.Fatalf("second order: %v", err)
		}
		_, _ = r.Release(ctx, a.OrderID, true) // cancelled unpaid: coupon back
		if err := r.Hold(ctx, b); err != nil {
			t.Fatalf("after the first was cancelled: %v", err)
		}
		if got, _ := r.Confirm(ctx, b.OrderID); got != Done {
			t.Fatalf("confirm: %v", got)
		}
		_, _ = r.Release(ctx, b.OrderID, true) // cancelled after payment: spent
		if err := r.Hold(ctx, withCoupon()); !errors.Is(err, ErrCouponHeld) {
			t.Fatalf("a spent coupon was used again: %v", err)
		}
	})
}

func TestTwoOrdersRaceForOneCoupon(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		var won, lost atomic.Int32
		var wg sync.WaitGroup
		for range 2 {
			req := request(c, "u-1")
			req.CouponID, req.CouponExpires = "cp-race", c.Now().Add(time.Hour)
			wg.Go(func() {
				switch err := r.Hold(context.Background(), req); {
				case err == nil:
					won.Add(1)
				case errors.Is(err, ErrCouponHeld):
					lost.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 || lost.Load() != 1 {
			t.Fatalf("%d won, %d lost", won.Load(), lost.Load())
		}
	})
}

func TestNoOversellUnderRace(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 0)
		var ok, out atomic.Int32
		var wg sync.WaitGroup
		for range 300 {
			req := request(c, "u-1", Line{"limited", 1, 100})
			wg.Go(func() {
				switch err := r.Hold(context.Background(), req); {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, ErrOutOfStock):
					out.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 100 || out.Load() != 200 || counter(t, r, "limited") != 100 {
			t.Fatalf("%d held, %d out of stock, counter %d", ok.Load(), out.Load(), counter(t, r, "limited"))
		}
	})
}

func TestUnpaidCapAndStanding(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 2)
		ctx := context.Background()
		_ = rdb.Set(ctx, r.k.live("u-1"), 0, 0).Err()
		claim := request(c, "u-1")
		claim.Standing = Claim
		if err := r.Hold(ctx, claim); err != nil {
			t.Fatal(err)
		}
		again := request(c, "u-1")
		again.Standing = Claim
		if err := r.Hold(ctx, again); !errors.Is(err, ErrNotFirstOrder) {
			t.Fatalf("second first order: %v", err)
		}
		if err := r.Hold(ctx, request(c, "u-1")); err != nil {
			t.Fatal(err)
		}
		if err := r.Hold(ctx, request(c, "u-1")); !errors.Is(err, ErrTooManyUnpaid) {
			t.Fatalf("third unpaid order: %v", err)
		}
		_, _ = r.Confirm(ctx, claim.OrderID) // paid: no longer unpaid
		if err := r.Hold(ctx, request(c, "u-1")); err != nil {
			t.Fatalf("after a payment: %v", err)
		}
		c.Advance(16 * time.Minute) // the unpaid ones passed their deadline
		if err := r.Hold(ctx, request(c, "u-1")); err != nil {
			t.Fatalf("after the deadlines: %v", err)
		}
		if n, _ := rdb.Get(ctx, r.k.live("u-1")).Int(); n != 4 {
			t.Fatalf("standing %d, want 4", n)
		}
	})
}
