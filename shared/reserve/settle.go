package reserve

import (
	"context"
	"errors"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Result is what a Confirm or Release did.
type Result string

// The results of Confirm and Release.
const (
	// Done: the hold moved (confirmed, or released).
	Done Result = "done"
	// Already: the hold had moved that far or further before.
	Already Result = "already"
	// NoHold: the order has no hold record (never held, or long expired).
	NoHold Result = "none"
	// Touched: a conditional release found the hold touched since it was
	// seen, and left it.
	Touched Result = "touched"
)

// Confirm settles the holds of a paid order: the stock stays taken, the
// coupon becomes spent, the unpaid place is freed (in the store too, on
// every call, so a call that failed half-way is finished by its retry).
// Idempotent. It moves the hold record first, then the user part; when
// Redis lost the record, the parts are found from the order in the
// store.
func (r *Reserver) Confirm(ctx context.Context, orderID string) (Result, error) {
	reply, err := recordConfirmScript.Run(ctx, r.rdb, r.recordKeys(orderID), orderID).StringSlice()
	if err != nil || len(reply) == 0 {
		return "", wrap("confirm hold", orderID, fmt.Errorf("script: %v %q", err, reply))
	}
	got, fields := result(reply[0]), fieldsOf(reply[1:])
	p, ok, err := r.partsFor(ctx, orderID, got, fields)
	if err != nil {
		return "", wrap("confirm hold", orderID, err)
	}
	if !ok || fields["st"] == "released" { // a release came first: it stands
		return got, nil
	}
	res, err := userConfirmScript.Run(ctx, r.rdb, r.userKeys(p, false), orderID).StringSlice()
	if err != nil || len(res) != 2 {
		return "", wrap("confirm hold", orderID, fmt.Errorf("user part: %v %q", err, res))
	}
	if r.cfg.Store == nil {
		return got, nil
	}
	if err := r.releaseUnpaid(ctx, p, freedSlots(res[0], res[1])); err != nil {
		return "", wrap("confirm hold", orderID, err)
	}
	return got, nil
}

// Release gives back what the order holds: the stock, the unpaid place,
// the first-order count, and the coupon when couponBack is set and the
// order was never confirmed (a coupon of a paid order stays spent).
// Idempotent: the parts and the store's part are done again on every
// call, so a call that failed half-way is finished by its retry.
func (r *Reserver) Release(ctx context.Context, orderID string, couponBack bool) (Result, error) {
	return r.release(ctx, orderID, couponBack, "")
}

// release moves the hold record to released (unless seen, the pending
// score the caller saw, is no longer the record's), then gives back the
// parts it names, or, when Redis lost the record, those of the order in
// the store.
func (r *Reserver) release(ctx context.Context, orderID string, couponBack bool, seen string) (Result, error) {
	c := r.recordRelease(orderID, couponBack, seen)
	reply, err := c.Script.Run(ctx, r.rdb, c.Keys, c.Args...).StringSlice()
	if err != nil || len(reply) == 0 {
		return "", wrap("release hold", orderID, fmt.Errorf("script: %v", err))
	}
	got, fields := result(reply[0]), fieldsOf(reply[1:])
	if got == Touched {
		return got, nil
	}
	p, ok, err := r.partsFor(ctx, orderID, got, fields)
	if err != nil {
		return "", wrap("release hold", orderID, err)
	}
	if !ok {
		return got, nil
	}
	back := fields["cb"] == "1"
	if p.rec != nil {
		back = couponBack && p.rec.PaidAt.IsZero()
	}
	if err := r.releaseKnown(ctx, p, back); err != nil {
		return "", wrap("release hold", orderID, err)
	}
	return got, nil
}

// Commit tells that the order behind the hold is written: the hold is
// no longer a candidate orphan.
func (r *Reserver) Commit(ctx context.Context, orderID string) error {
	if err := r.rdb.ZRem(ctx, r.k.pendingOf(orderID), orderID).Err(); err != nil {
		return wrap("commit hold", orderID, err)
	}
	return nil
}

// partsFor finds the parts of the order: from its hold record (fields)
// when Redis has it, else, with a Store, from the order (ok is false
// when neither knows them).
func (r *Reserver) partsFor(ctx context.Context, orderID string, got Result, fields map[string]string) (parts, bool, error) {
	if got != NoHold {
		return partsOfRecord(orderID, fields), true, nil
	}
	if r.cfg.Store == nil {
		return parts{}, false, nil
	}
	o, err := r.cfg.Store.Get(ctx, orderID)
	switch {
	case errors.Is(err, orderstore.ErrNotFound):
		return parts{}, false, nil
	case err != nil:
		return parts{}, false, err
	}
	r.rebuilt(ctx, RebuiltHold)
	return partsOfOrder(o.Record()), true, nil
}

func (r *Reserver) recordKeys(orderID string) []string {
	return []string{r.k.hold(orderID), r.k.pendingOf(orderID)}
}

func couponMode(back bool) string {
	if back {
		return "back"
	}
	return "spend"
}

func result(s string) Result {
	switch s {
	case "confirmed", "released":
		return Done
	case "already", "none", "touched":
		return Result(s)
	}
	return Result(fmt.Sprintf("unexpected %q", s))
}

// fieldsOf reads a hash's field-value list.
func fieldsOf(list []string) map[string]string {
	fields := make(map[string]string, len(list)/2)
	for i := 0; i+1 < len(list); i += 2 {
		fields[list[i]] = list[i+1]
	}
	return fields
}
