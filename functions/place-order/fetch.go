package function

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/guard"
	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// fetch reads the store, the items, the coupon and the user's
// first-order standing concurrently, each under its own deadline and
// breaker. Fallbacks: a first-order standing that cannot be had prices
// the order without the first-order waiver (an order without a discount
// beats no order); a catalog that cannot answer refuses the order with
// 503 dependency_unavailable, the coupon lookup included (a coupon the
// user chose is not dropped silently).
func (p *PlaceOrder) fetch(ctx context.Context, in Input) (facts, error) {
	var (
		f                             facts
		storeErr, itemsErr, couponErr error
		coupon                        catalog.Coupon
		wg                            sync.WaitGroup
	)
	req := in.Request
	wg.Go(func() { f.store, storeErr = p.look.getStore(ctx, req.StoreID) })
	wg.Go(func() { f.items, itemsErr = p.look.getItems(ctx, req.StoreID, req.skus()) })
	if req.CouponID != "" {
		wg.Go(func() { coupon, couponErr = p.look.getCoupon(ctx, in.UserID, req.CouponID) })
	}
	first, standingErr := guard.Do(ctx, p.standing, func(ctx context.Context) (bool, error) {
		return p.reserver.FirstOrder(ctx, in.UserID, p.orders)
	})
	wg.Wait()
	if standingErr != nil {
		p.log.WarnContext(ctx, "first-order standing unavailable: no first-order waiver", "user_id", in.UserID, "err", standingErr)
	}
	f.first = first && standingErr == nil
	switch {
	case errors.Is(storeErr, catalog.ErrNotFound):
		return facts{}, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "unknown store",
			Details: []httpapi.Detail{{Field: "store_id", Problem: "no such store"}}}
	case storeErr != nil:
		return facts{}, unavailable("the catalog", storeErr)
	case itemsErr != nil:
		return facts{}, unavailable("the catalog", itemsErr)
	case errors.Is(couponErr, catalog.ErrNotFound):
		return facts{}, couponUnusable("the user has no such coupon")
	case couponErr != nil:
		return facts{}, unavailable("the coupon service", couponErr)
	}
	if req.CouponID != "" {
		f.coupon = &coupon
	}
	return f, nil
}

// unavailable is the 503 of a dependency that cannot answer now.
func unavailable(what string, err error) *httpapi.Problem {
	return &httpapi.Problem{Code: httpapi.CodeDependencyUnavailable,
		Message:    what + " is unavailable; try again shortly",
		RetryAfter: guard.RetryAfter(err, time.Second)}
}
