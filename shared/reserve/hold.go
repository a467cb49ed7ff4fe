package reserve

import (
	"context"
	"time"
)

// Line is one item of an order. Lines with a Limit above 0 are held as
// stock; the others only count towards nothing.
type Line struct {
	SKU   string
	Qty   int
	Limit int // the sku's daily limit; 0 is unlimited
}

// Standing says how an order counts in the user's first-order standing.
type Standing int

const (
	// Count: the order is not priced as a first order; it counts in the
	// standing if the standing is known.
	Count Standing = iota
	// Claim: the order is priced as the user's first; it is held only if
	// the user's count is known and 0 (else ErrNotFirstOrder).
	Claim
)

// Request is what one order holds.
type Request struct {
	OrderID, UserID, StoreID string
	// Day is the store-local day whose limits apply, "YYYY-MM-DD".
	Day   string
	Lines []Line
	// CouponID is the coupon to hold ("" for none); it is held until
	// CouponExpires.
	CouponID      string
	CouponExpires time.Time
	// PayDeadline is when the order stops counting as unpaid.
	PayDeadline time.Time
	Standing    Standing
	// Resumed says an earlier attempt of the order may have taken units
	// in the store already: they are looked for first, so a retry after
	// Redis lost the hold takes no more than the order needs.
	Resumed bool
}

// Hold takes everything the order needs, or nothing (see the package
// documentation): first in Redis, then, with a Store, unit by unit in the
// store, which decides. Holding again for an order already held succeeds
// and changes nothing.
//
// A refusal of Redis that the store contradicts (Redis counts what the
// store does not hold) sets Redis right and is tried again, a few times;
// when Redis keeps refusing while the store has room, Hold returns
// ErrBehind, which is transient.
func (r *Reserver) Hold(ctx context.Context, req Request) error {
	held := limited(req.Lines)
	got, err := r.holdRedis(ctx, req, held)
	for tries := 0; err != nil && r.cfg.Store != nil && r.stale(ctx, req, held, err); tries++ {
		if tries == maxStaleTries {
			return wrap("hold", req.OrderID, ErrBehind)
		}
		got, err = r.holdRedis(ctx, req, held) // the store had room Redis did not see
	}
	if err != nil || r.cfg.Store == nil {
		return err
	}
	return r.holdStore(ctx, req, held, got)
}

// maxStaleTries bounds how often one Hold sets Redis right by the store.
const maxStaleTries = 3

// limited are the lines held as stock.
func limited(lines []Line) []Line {
	var held []Line
	for _, l := range lines {
		if l.Limit > 0 {
			held = append(held, l)
		}
	}
	return held
}
