package reserve

import "context"

// FinishPaid confirms the holds of a paid order, as the holds function
// does on its order.paid, for when that event was lost: it is Confirm,
// idempotent and commuting with Release (a hold released since stays
// released). done is true when this call moved the hold. On a hold
// already confirmed it costs one script in Redis and, when the hold
// names an unpaid slot, one conditional delete of that slot in the store
// (which finds it gone). It is a timers.Finish for
// orderstore.CheckPaidHolds.
func (r *Reserver) FinishPaid(ctx context.Context, orderID string) (done bool, err error) {
	got, err := r.Confirm(ctx, orderID)
	return got == Done, err
}
