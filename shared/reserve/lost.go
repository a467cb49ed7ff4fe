package reserve

import (
	"context"
	"errors"
	"fmt"
)

// FinishPaid confirms the holds of a paid order, as the holds function
// does on its order.paid, for when that event was lost: it is Confirm,
// idempotent and commuting with Release (a hold released since stays
// released). done is true when this call moved the hold. On a hold
// already confirmed it costs two scripts in Redis (the hold record, its
// user part) and, when the hold names an unpaid slot, one conditional delete of that slot in the store
// (which finds it gone). It is a timers.Finish for
// orderstore.CheckPaidHolds.
func (r *Reserver) FinishPaid(ctx context.Context, orderID string) (done bool, err error) {
	got, err := r.Confirm(ctx, orderID)
	return got == Done, err
}

// FinishCancelled releases the holds of a cancelled order, as the holds
// function does on its order.cancelled, for when that event was lost:
// the coupon given back when the order was never paid, kept spent
// otherwise (read from the order in the store). It is Release,
// idempotent; done is true when this call moved the hold. It is a
// timers.Finish for orderstore.CheckCancelHolds.
func (r *Reserver) FinishCancelled(ctx context.Context, orderID string) (done bool, err error) {
	if r.cfg.Store == nil {
		return false, errors.New("finish cancelled holds: no store to read the order from")
	}
	o, err := r.cfg.Store.Get(ctx, orderID)
	if err != nil {
		return false, fmt.Errorf("finish cancelled holds of %s: %w", orderID, err)
	}
	got, err := r.Release(ctx, orderID, o.PaidAt().IsZero())
	return got == Done, err
}
