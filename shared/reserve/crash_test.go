package reserve

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/redisscript"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// crashed runs only some of a hold's parts, as a place-order that died
// while its pipeline was on the wire would leave them.
func crashed(t *testing.T, r *Reserver, calls ...redisscript.Call) {
	t.Helper()
	for _, cmd := range redisscript.Run(context.Background(), r.rdb, calls...) {
		if err := cmd.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// everything is an order of u-1 priced as the first, with the coupon
// and the last unit of "a".
func everything(c *clocktest.Clock) Request {
	req := request(c, "u-1", Line{"a", 1, 1})
	req.CouponID, req.CouponExpires, req.Standing = "cp-1", c.Now().Add(time.Hour), Claim
	return req
}

// A crash that took the user and stock parts but not the hold record
// leaves nothing the orphan task can see: the store tells the stock and
// the coupon free, the unpaid cap does not count the order, and once it
// is past its pay deadline the first-order count it raised is taken
// back.
func TestCrashBeforeTheHoldRecord(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 1)
		ctx := context.Background()
		_ = rdb.Set(ctx, r.k.live("u-1"), 0, 0).Err()
		orphan := everything(c)
		p := partsOf(orphan, orphan.Lines)
		crashed(t, r, r.userHold(p, orphan), r.stockHold(p, orphan.Lines))
		if err := r.Hold(ctx, request(c, "u-2", Line{"a", 1, 1})); err != nil {
			t.Fatalf("the unit the orphan took in Redis only: %v", err)
		}
		if first, err := r.FirstOrder(ctx, "u-1", repoOf(r)); err != nil || first {
			t.Fatalf("before the orphan's pay deadline: first %v, %v", first, err)
		}
		c.Advance(16 * time.Minute)
		if first, err := r.FirstOrder(ctx, "u-1", repoOf(r)); err != nil || !first {
			t.Fatalf("past the orphan's pay deadline: first %v, %v", first, err)
		}
		next := everything(c)
		next.Lines = nil
		if err := r.Hold(ctx, next); err != nil {
			t.Fatalf("the user's coupon, place and waiver after the orphan: %v", err)
		}
	})
}

// A crash that took the hold record but not the parts is found by the
// orphan task, which releases what there is; a retry of the order
// before it finishes the hold instead.
func TestCrashAfterTheHoldRecordOnly(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 1)
		ctx := context.Background()
		retried, orphan := everything(c), request(c, "u-2", Line{"a", 1, 1})
		retried.Standing = Count
		for _, req := range []Request{retried, orphan} {
			crashed(t, r, r.recordHold(partsOf(req, req.Lines)))
		}
		if err := r.Hold(ctx, retried); err != nil || counter(t, r, "a") != 1 || held(t, r, "a") != 1 {
			t.Fatalf("retry: %v, counter %d, held %d", err, counter(t, r, "a"), held(t, r, "a"))
		}
		mustCreate(t, repoOf(r), withCoupon(t, c.Now(), retried.OrderID, "cp-1"))
		c.Advance(3 * time.Minute)
		task := OrphanTask{Reserver: r, Orders: repoOf(r)}
		if got, err := task.Run(ctx); err != nil || got != (OrphanReport{Released: 1, Committed: 1}) {
			t.Fatalf("orphan task: %+v %v", got, err)
		}
		if st := rdb.HGet(ctx, r.k.hold(orphan.OrderID), "st").Val(); st != "released" {
			t.Fatalf("the orphan's record: %q", st)
		}
	})
}

// A release that died after moving the hold record is finished by its
// retry (the holds function's redelivered event, the lost-event timer).
func TestCrashAfterTheRecordWasReleased(t *testing.T) {
	redistest.Each(t, func(t *testing.T, rdb redis.UniversalClient) {
		c := clocktest.New(time.Now())
		r := newReserver(t, rdb, c, 1)
		ctx := context.Background()
		req := everything(c)
		req.Standing = Count
		mustHold(t, r, req)
		crashed(t, r, redisscript.Call{Script: recordReleaseScript, Keys: r.recordKeys(req.OrderID), Args: []any{req.OrderID, "back", "", ms(r.cfg.Keep)}})
		if got, err := r.Release(ctx, req.OrderID, true); err != nil || got != Already {
			t.Fatalf("retried release: %v %v", got, err)
		}
		if counter(t, r, "a") != 0 || held(t, r, "a") != 0 {
			t.Fatalf("stock after the retry: counter %d, held %d", counter(t, r, "a"), held(t, r, "a"))
		}
		again := everything(c)
		again.Standing = Count
		if err := r.Hold(ctx, again); err != nil {
			t.Fatalf("coupon, place and stock after the retry: %v", err)
		}
	})
}

func TestHoldsSpreadOverEveryBucket(t *testing.T) {
	seen := map[int]bool{}
	c := clocktest.New(time.Now())
	for range 1000 {
		c.Advance(time.Millisecond)
		seen[bucketOf(orderID(c.Now()))] = true
	}
	if len(seen) != holdBuckets {
		t.Fatalf("1000 orders used %d of %d buckets", len(seen), holdBuckets)
	}
}
