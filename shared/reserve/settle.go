package reserve

import (
	"context"
	"fmt"
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
// Idempotent.
func (r *Reserver) Confirm(ctx context.Context, orderID string) (Result, error) {
	reply, err := confirmScript.Run(ctx, r.rdb, []string{r.k.hold(orderID), r.k.pending()}, orderID).StringSlice()
	if err != nil || len(reply) != 3 {
		return "", wrap("confirm hold", orderID, fmt.Errorf("script: %v %q", err, reply))
	}
	got := result(reply[0])
	if r.cfg.Store == nil {
		return got, nil
	}
	if err := r.confirmStore(ctx, orderID, got, reply[1], reply[2]); err != nil {
		return "", wrap("confirm hold", orderID, err)
	}
	return got, nil
}

// Release gives back what the order holds: the stock, the unpaid place,
// the first-order count, and the coupon when couponBack is set and the
// order was never confirmed (a coupon of a paid order stays spent).
// Idempotent: the store's part is done again on every call, so a call
// that failed half-way is finished by its retry.
func (r *Reserver) Release(ctx context.Context, orderID string, couponBack bool) (Result, error) {
	return r.release(ctx, orderID, couponBack, "")
}

func (r *Reserver) release(ctx context.Context, orderID string, couponBack bool, seen string) (Result, error) {
	mode := "spend"
	if couponBack {
		mode = "back"
	}
	reply, err := releaseScript.Run(ctx, r.rdb, []string{r.k.hold(orderID), r.k.pending()},
		orderID, mode, seen, ms(r.cfg.Keep)).StringSlice()
	if err != nil || len(reply) == 0 {
		return "", wrap("release hold", orderID, fmt.Errorf("script: %v", err))
	}
	got := result(reply[0])
	if r.cfg.Store == nil || got == Touched {
		return got, nil
	}
	var fields map[string]string
	if got != NoHold {
		fields = map[string]string{}
		for i := 1; i+1 < len(reply); i += 2 {
			fields[reply[i]] = reply[i+1]
		}
	}
	if err := r.releaseStore(ctx, orderID, fields, got, couponBack); err != nil {
		return "", wrap("release hold", orderID, err)
	}
	return got, nil
}

// Commit tells that the order behind the hold is written: the hold is
// no longer a candidate orphan.
func (r *Reserver) Commit(ctx context.Context, orderID string) error {
	if err := r.rdb.ZRem(ctx, r.k.pending(), orderID).Err(); err != nil {
		return wrap("commit hold", orderID, err)
	}
	return nil
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
