package reserve

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// userUnits lists what the order takes of its user's: a place among the
// unpaid orders (with a cap; unpaid is the slot Redis handed out), and
// the first-order waiver when the order is priced as the first.
func (r *Reserver) userUnits(req Request, unpaid string) []unit {
	var units []unit
	if r.cfg.MaxUnpaid > 0 {
		expires := req.PayDeadline
		if expires.IsZero() {
			expires = r.cfg.Now().Add(r.cfg.Keep)
		}
		units = append(units, unit{res: orderstore.UnpaidSlots(req.UserID), capacity: r.cfg.MaxUnpaid, n: 1,
			hints: parseSlots(unpaid), expires: expires, refusal: ErrTooManyUnpaid,
			tell: func(ctx context.Context, take orderstore.SlotTake) { r.tellUnpaid(ctx, req, take) }})
	}
	if req.Standing == Claim {
		units = append(units, unit{res: orderstore.FirstOrderSlots(req.UserID), capacity: 1, n: 1,
			hints: []int{0}, refusal: ErrNotFirstOrder, soft: true,
			tell: func(ctx context.Context, take orderstore.SlotTake) { r.tellFirst(ctx, req, take) }})
	}
	return units
}

// tellUnpaid records the unpaid slot the store gave the order in its
// user part, and adds the orders the store says hold the other slots to the
// user's unpaid orders in Redis (scored by this order's deadline: theirs
// is no later), so the next order is refused by Redis already.
func (r *Reserver) tellUnpaid(ctx context.Context, req Request, take orderstore.SlotTake) {
	args := []any{req.OrderID, joinSlots(take.Slots), unixMS(req.PayDeadline), ms(r.cfg.Keep)}
	for _, owner := range take.Others {
		args = append(args, owner)
	}
	keys := []string{r.k.userPart(req.UserID, req.OrderID), r.k.unpaid(req.UserID), r.k.unpaidSlots(req.UserID)}
	_ = unpaidTellScript.Run(ctx, r.rdb, keys, args...).Err()
}

// tellFirst learns from a waiver held by another order: when that order
// is written and not cancelled, the first-order count that let this
// order claim had missed it (Redis forgot its hold), so the count this
// hold raised is kept when the hold is released.
func (r *Reserver) tellFirst(ctx context.Context, req Request, take orderstore.SlotTake) {
	owner, ok := take.Others[0]
	if !ok {
		return
	}
	o, err := r.cfg.Store.Get(ctx, owner)
	if err != nil || o.Record().Status == order.StatusCancelled {
		return
	}
	_ = keepCountScript.Run(ctx, r.rdb, []string{r.k.userPart(req.UserID, req.OrderID)}).Err()
}

// staleUnpaid tells whether Redis refuses the unpaid cap on orders the
// store does not count: an order in the user's unpaid set with no unpaid
// slot whose master is not awaiting payment (paid or cancelled since, as
// an older replica may not know, or never written). If so they leave the
// set. An order awaiting payment without a slot (placed before the slots)
// still counts. Once the store has confirmed a refusal, the user's
// refusals are trusted for verifyEvery.
func (r *Reserver) staleUnpaid(ctx context.Context, req Request) bool {
	key := r.k.unpaid(req.UserID)
	if n, err := r.rdb.Exists(ctx, r.k.verified(key)).Result(); err != nil || n > 0 {
		return false
	}
	owners, err := r.cfg.Store.SlotOwners(ctx, orderstore.UnpaidSlots(req.UserID))
	if err != nil {
		return false
	}
	members, err := r.rdb.ZRangeByScore(ctx, key, &redis.ZRangeBy{Min: unixMS(r.cfg.Now()), Max: "+inf"}).Result()
	if err != nil {
		return false
	}
	counted := map[string]bool{}
	for _, o := range owners {
		counted[o] = true
	}
	var gone []any
	for _, m := range members {
		if !counted[m] && !r.awaitsPayment(ctx, m) {
			gone = append(gone, m)
		}
	}
	if len(owners) >= r.cfg.MaxUnpaid || len(members)-len(gone) >= r.cfg.MaxUnpaid {
		_ = r.rdb.Set(ctx, r.k.verified(key), 1, verifyEvery).Err()
		return false
	}
	return len(gone) > 0 && r.forgetUnpaid(ctx, req.UserID, gone) == nil
}

// forgetUnpaid takes the orders out of the user's unpaid ones.
func (r *Reserver) forgetUnpaid(ctx context.Context, user string, orders []any) error {
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, r.k.unpaid(user), orders...)
		for _, o := range orders {
			p.HDel(ctx, r.k.unpaidSlots(user), o.(string))
		}
		return nil
	})
	return err
}

// awaitsPayment tells whether the order is written and awaits payment
// (a read that fails is no proof of the contrary).
func (r *Reserver) awaitsPayment(ctx context.Context, orderID string) bool {
	o, err := r.cfg.Store.Get(ctx, orderID)
	if errors.Is(err, orderstore.ErrNotFound) {
		return false
	}
	if err != nil {
		return true
	}
	rec := o.Record()
	return rec.Status == order.StatusPendingPayment && rec.PayDeadline.After(r.cfg.Now())
}
