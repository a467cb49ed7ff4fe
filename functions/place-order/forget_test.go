package function

import (
	"context"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// After Redis forgot everything, the store still knows a user's first
// order and unpaid orders: no second waiver, no order past the cap.
func TestFlushAllWaivesNoSecondOrderNorPassesTheCap(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		own := redistest.Own(t)
		e := newEnv(t, store, func(d *Deps) { d.Redis, d.Config.MaxUnpaid = own, 2 })
		first := decodePlaced(t, e.call("u-1", key(), body("", "noodles:1")))
		if first.Amounts["discount"] != 500 {
			t.Fatalf("first order: %v", first.Amounts)
		}
		own.FlushAll(context.Background())
		second := decodePlaced(t, e.call("u-1", key(), body("", "noodles:1")))
		if second.Amounts["discount"] != 0 {
			t.Fatalf("second order after a flush: %v, want no waiver", second.Amounts)
		}
		own.FlushAll(context.Background())
		resp := e.call("u-1", key(), body("", "noodles:1"))
		if resp.StatusCode != 409 || e.userOrders("u-1") != 2 {
			t.Fatalf("third unpaid order after a flush, cap 2: %d %s", resp.StatusCode, resp.Body)
		}
	})
}
