package reserve

import (
	"context"
	"errors"
	"slices"
	"sort"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Holding is what one order holds, for people to read (ocadmin order
// show): its hold record in Redis and the slots it owns in the store.
type Holding struct {
	// State is the hold record's state in Redis, "held", "confirmed" or
	// "released"; "" when Redis has none (never held, expired after
	// Keep, or forgotten).
	State string `json:"state"`
	// Slots are the store's slots the order owns, by resource (only the
	// resources that hold some); nil without a Store.
	Slots []HeldSlots `json:"slots"`
}

// HeldSlots are the slots an order owns of one resource.
type HeldSlots struct {
	// Resource names it (orderstore.SlotResource.String()).
	Resource string `json:"resource"`
	Slots    []int  `json:"slots"`
}

// Holding reads what the order of rec holds: the Redis hold record's
// state, and, with a Store, the slots it owns of each resource it can
// take (the stock of each line, its coupon, the user's unpaid places and
// first-order waiver). It changes nothing.
func (r *Reserver) Holding(ctx context.Context, rec order.Record) (Holding, error) {
	var h Holding
	st, err := r.rdb.HGet(ctx, r.k.hold(rec.OrderID), "st").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return h, wrap("read hold", rec.OrderID, err)
	}
	h.State = st
	if r.cfg.Store == nil {
		return h, nil
	}
	for _, res := range resourcesOf(rec) {
		owners, err := r.cfg.Store.SlotOwners(ctx, res)
		if err != nil {
			return h, wrap("read holds", rec.OrderID, err)
		}
		var mine []int
		for i, owner := range owners {
			if owner == rec.OrderID {
				mine = append(mine, i)
			}
		}
		if len(mine) > 0 {
			sort.Ints(mine)
			h.Slots = append(h.Slots, HeldSlots{Resource: res.String(), Slots: mine})
		}
	}
	return h, nil
}

// resourcesOf lists every resource the order may hold slots of.
func resourcesOf(rec order.Record) []orderstore.SlotResource {
	var skus []string
	for _, l := range rec.Items {
		skus = append(skus, l.SKU)
	}
	slices.Sort(skus)
	var out []orderstore.SlotResource
	for _, sku := range slices.Compact(skus) {
		out = append(out, orderstore.StockSlots(rec.StoreID, rec.StoreDay, sku))
	}
	if rec.CouponID != "" {
		out = append(out, orderstore.CouponSlots(rec.UserID, rec.CouponID))
	}
	return append(out, orderstore.UnpaidSlots(rec.UserID), orderstore.FirstOrderSlots(rec.UserID))
}
