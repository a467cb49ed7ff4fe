package reserve

import (
	"context"
	"errors"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// maxSuspects bounds the orders one FirstOrder looks at.
const maxSuspects = 3

// standing reads the user's first-order count (known is false when Redis
// has none). An order held past its pay deadline and still among the
// user's unpaid ones is a suspect: a crash may have left its user part
// (which raised the count) without its hold record, which the orphan
// task would have released. When suspects are all the count stands
// for, and there is a Store, each is settled as its order tells, and
// the count read again.
func (r *Reserver) standing(ctx context.Context, user string) (n int64, known bool, err error) {
	res, err := standingScript.Run(ctx, r.rdb, []string{r.k.live(user), r.k.unpaid(user)},
		unixMS(r.cfg.Now()), maxSuspects).StringSlice()
	if err != nil || len(res) == 0 {
		return 0, false, err
	}
	n, _ = strconv.ParseInt(res[0], 10, 64)
	if len(res) == 1 || r.cfg.Store == nil {
		return n, true, nil
	}
	settled := false
	for _, id := range res[1:] {
		settled = r.settleSuspect(ctx, user, id) || settled
	}
	if !settled {
		return n, true, nil
	}
	n, err = r.rdb.Get(ctx, r.k.live(user)).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, false, nil
	}
	return n, err == nil, err
}

// settleSuspect settles an unpaid order past its pay deadline as its
// order in the store tells: a hold record still held is left to the
// orphan task (or its order to the pay timer); a paid order is
// confirmed, a cancelled one released; one never written is an orphan,
// and its user part (with whatever else Redis still names) is released.
// It tells whether it changed anything; a failure changes nothing.
func (r *Reserver) settleSuspect(ctx context.Context, user, orderID string) bool {
	fields, err := r.rdb.HGetAll(ctx, r.k.hold(orderID)).Result()
	if err != nil || fields["st"] == "held" {
		return false
	}
	if fields["st"] == "confirmed" {
		_, err := r.Confirm(ctx, orderID)
		return err == nil
	}
	o, err := r.cfg.Store.Get(ctx, orderID)
	if errors.Is(err, orderstore.ErrNotFound) {
		p := parts{orderID: orderID, user: user}
		if len(fields) > 0 {
			p = partsOfRecord(orderID, fields)
		}
		return r.releaseKnown(ctx, p, true) == nil
	}
	if err != nil {
		return false
	}
	switch rec := o.Record(); {
	case rec.Status == order.StatusCancelled:
		_, err = r.Release(ctx, orderID, rec.PaidAt.IsZero())
	case !rec.PaidAt.IsZero():
		_, err = r.Confirm(ctx, orderID)
	default:
		return false // awaiting payment: the pay timer cancels it
	}
	return err == nil
}
