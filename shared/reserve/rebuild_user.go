package reserve

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
)

// rebuiltCouponKeep is how long a rebuilt coupon hold lives: the
// coupon's own expiry is the catalog's, unknown to the store.
const rebuiltCouponKeep = 400 * 24 * time.Hour

// UserReport counts what RebuildUser set.
type UserReport struct {
	// Live: orders not cancelled (the first-order standing).
	Live int `json:"live"`
	// Unpaid: orders awaiting payment.
	Unpaid int `json:"unpaid"`
	// Coupons: coupons held or spent.
	Coupons int `json:"coupons"`
}

// RebuildUser sets a user's first-order standing, unpaid orders and
// coupon holds again from the user's orders in the store, after Redis
// lost them: a coupon of an unpaid order is held, one of an order that
// was ever paid is spent, one of an order cancelled unpaid is free. Run
// it while the user places no order (an order placed meanwhile may be
// miscounted by one until the next rebuild).
func (r *Reserver) RebuildUser(ctx context.Context, orders UserOrders, userID string) (UserReport, error) {
	var all []order.Record
	cursor := ""
	for range maxCountPages {
		page, err := orders.ListByUser(ctx, userID, 100, cursor)
		if err != nil {
			return UserReport{}, fmt.Errorf("rebuild user %s: %w", userID, err)
		}
		all = append(all, page.Orders...)
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	var rep UserReport
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, r.k.unpaid(userID), r.k.unpaidSlots(userID))
		for _, o := range all {
			rep.add(ctx, p, r, o)
		}
		p.Set(ctx, r.k.live(userID), rep.Live, r.cfg.StandingKeep)
		p.PExpire(ctx, r.k.unpaid(userID), r.cfg.Keep)
		return nil
	})
	if err != nil {
		return UserReport{}, fmt.Errorf("rebuild user %s: %w", userID, err)
	}
	return rep, nil
}

// add queues what one order holds.
func (rep *UserReport) add(ctx context.Context, p redis.Pipeliner, r *Reserver, o order.Record) {
	if o.Status != order.StatusCancelled {
		rep.Live++
	}
	if o.Status == order.StatusPendingPayment {
		rep.Unpaid++
		p.ZAdd(ctx, r.k.unpaid(o.UserID), redis.Z{Score: float64(o.PayDeadline.UnixMilli()), Member: o.OrderID})
	}
	if o.CouponID == "" {
		return
	}
	key := r.k.coupon(o.UserID, o.CouponID)
	switch {
	case !o.PaidAt.IsZero():
		p.Set(ctx, key, "s:"+o.OrderID, rebuiltCouponKeep)
	case o.Status == order.StatusPendingPayment:
		p.SetNX(ctx, key, "h:"+o.OrderID, rebuiltCouponKeep)
	default:
		return
	}
	rep.Coupons++
}
