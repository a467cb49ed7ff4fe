package reserve

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/redisscript"
)

// freed is what releasing the parts found the order held: its unpaid
// slot and its slots per sku of the parts; nil where the part did not
// say (the store is read instead).
type freed struct {
	unpaid []int
	stock  [][]int
}

// releaseKnown gives back the order's user and stock parts in Redis,
// then, with a Store, its slots in the store.
func (r *Reserver) releaseKnown(ctx context.Context, p parts, back bool) error {
	f, err := r.releaseParts(ctx, p, back)
	if err != nil {
		return err
	}
	if r.cfg.Store == nil {
		return nil
	}
	return r.releaseStore(ctx, p, f, back)
}

// releaseParts gives back the user part and the stock part in one
// pipeline.
func (r *Reserver) releaseParts(ctx context.Context, p parts, back bool) (freed, error) {
	calls := []redisscript.Call{r.userRelease(p, back)}
	if len(p.skus) > 0 {
		calls = append(calls, r.stockRelease(p))
	}
	cmds := redisscript.Run(ctx, r.rdb, calls...)
	var errs []error
	for _, cmd := range cmds {
		errs = append(errs, cmd.Err())
	}
	if err := errors.Join(errs...); err != nil {
		return freed{}, fmt.Errorf("release parts: %w", err)
	}
	user, _ := cmds[0].StringSlice()
	f := freed{stock: make([][]int, len(p.skus))}
	if len(user) == 2 {
		f.unpaid = freedSlots(user[0], user[1])
	}
	if len(p.skus) > 0 {
		if stock, _ := cmds[1].StringSlice(); len(stock) == 1+len(p.skus) && stock[0] != "none" {
			for i, s := range stock[1:] {
				if s != "" {
					f.stock[i] = parseSlots(s)
				}
			}
		}
	}
	return f, nil
}

func (r *Reserver) userRelease(p parts, back bool) redisscript.Call {
	return redisscript.Call{Script: userReleaseScript, Keys: r.userKeys(p, true), Args: []any{p.orderID, couponMode(back), ms(r.cfg.Keep)}}
}

func (r *Reserver) stockRelease(p parts) redisscript.Call {
	return redisscript.Call{Script: stockReleaseScript, Keys: r.stockKeys(p), Args: []any{ms(r.cfg.Keep)}}
}

// recordRelease moves the hold record to released (see
// recordReleaseScript; seen: the pending score the caller saw, or "").
func (r *Reserver) recordRelease(orderID string, back bool, seen string) redisscript.Call {
	return redisscript.Call{Script: recordReleaseScript, Keys: r.recordKeys(orderID),
		Args: []any{orderID, couponMode(back), seen, ms(r.cfg.Keep)}}
}

// freedSlots are the slots a part named (state its state, "none" when
// there was none: nil, unknown).
func freedSlots(state, slots string) []int {
	if state == "none" {
		return nil
	}
	return parseSlots(slots)
}

// releaseStore frees in the store what the order held: the slots its
// parts named (f), or, where they did not say, every slot of the
// resource the order owns.
func (r *Reserver) releaseStore(ctx context.Context, p parts, f freed, back bool) error {
	if err := r.releaseUnpaid(ctx, p, f.unpaid); err != nil {
		return err
	}
	if err := r.releaseWaiver(ctx, p); err != nil {
		return err
	}
	if back && p.coupon != "" {
		if err := r.cfg.Store.ReleaseSlots(ctx, orderstore.CouponSlots(p.user, p.coupon), p.orderID, []int{0}); err != nil {
			return err
		}
	}
	for i, sku := range p.skus {
		if err := r.cfg.Store.ReleaseSlots(ctx, orderstore.StockSlots(p.store, p.day, sku), p.orderID, f.stock[i]); err != nil {
			return err
		}
	}
	return nil
}

// releaseUnpaid frees the order's unpaid slot in the store: those named
// (none: nothing), or any it owns when slots is nil.
func (r *Reserver) releaseUnpaid(ctx context.Context, p parts, slots []int) error {
	if slots != nil && len(slots) == 0 {
		return nil
	}
	return r.cfg.Store.ReleaseSlots(ctx, orderstore.UnpaidSlots(p.user), p.orderID, slots)
}

// releaseWaiver frees the first-order waiver of an order that may hold
// it, unless the order is written and not cancelled (a full refund
// releases the stock of an order that stays the user's first).
func (r *Reserver) releaseWaiver(ctx context.Context, p parts) error {
	if !p.first {
		return nil
	}
	if p.rec == nil {
		o, err := r.cfg.Store.Get(ctx, p.orderID)
		switch {
		case errors.Is(err, orderstore.ErrNotFound):
		case err != nil:
			return err
		case o.Record().Status != order.StatusCancelled:
			return nil
		}
	}
	return r.cfg.Store.ReleaseSlots(ctx, orderstore.FirstOrderSlots(p.user), p.orderID, []int{0})
}
