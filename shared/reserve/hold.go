package reserve

import (
	"context"
	"fmt"
	"strconv"
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
	res, held, err := r.holdRedis(ctx, req)
	for tries := 0; err != nil && r.cfg.Store != nil && r.stale(ctx, req, held, err); tries++ {
		if tries == maxStaleTries {
			return wrap("hold", req.OrderID, ErrBehind)
		}
		res, held, err = r.holdRedis(ctx, req) // the store had room Redis did not see
	}
	if err != nil || r.cfg.Store == nil {
		return err
	}
	return r.holdStore(ctx, req, held, res[1:1+len(held)], res[1+len(held)])
}

// maxStaleTries bounds how often one Hold sets Redis right by the store.
const maxStaleTries = 3

// holdRedis runs the hold script: its reply, the lines it held, and the
// refusal as an error.
func (r *Reserver) holdRedis(ctx context.Context, req Request) ([]string, []Line, error) {
	k := r.k
	couponKey := ""
	if req.CouponID != "" {
		couponKey = k.coupon(req.UserID, req.CouponID)
	}
	keys := []string{k.hold(req.OrderID), k.pending(), k.unpaid(req.UserID), k.live(req.UserID), couponKey}
	mode := "count"
	if req.Standing == Claim {
		mode = "claim"
	}
	now := r.cfg.Now()
	args := []any{req.OrderID, unixMS(now), ms(r.cfg.Keep), r.cfg.MaxUnpaid, unixMS(req.PayDeadline),
		mode, unixMS(req.CouponExpires), ms(r.cfg.StandingKeep), req.UserID, req.StoreID, req.Day}
	var held []Line
	for _, l := range req.Lines {
		if l.Limit > 0 {
			held = append(held, l)
			keys = append(keys, k.stock(req.StoreID, req.Day, l.SKU))
			args = append(args, l.Qty, l.Limit)
		}
	}
	res, err := holdScript.Run(ctx, r.rdb, keys, args...).StringSlice()
	if err != nil || len(res) == 0 {
		return nil, held, wrap("hold", req.OrderID, fmt.Errorf("script: %v", err))
	}
	if err := holdOutcome(req.OrderID, res, held); err != nil {
		return nil, held, err
	}
	if len(res) != 2+len(held) {
		return nil, held, wrap("hold", req.OrderID, fmt.Errorf("unexpected reply %q", res))
	}
	return res, held, nil
}

func holdOutcome(orderID string, res []string, held []Line) error {
	switch res[0] {
	case "new", "again":
		return nil
	case "unpaid":
		return wrap("hold", orderID, ErrTooManyUnpaid)
	case "not_first":
		return wrap("hold", orderID, ErrNotFirstOrder)
	case "coupon":
		return wrap("hold", orderID, ErrCouponHeld)
	case "stock":
		i, _ := strconv.Atoi(res[1])
		if i >= 1 && i <= len(held) {
			return wrap("hold", orderID, &StockError{SKU: held[i-1].SKU})
		}
	}
	return wrap("hold", orderID, fmt.Errorf("unexpected reply %q", res))
}
