package function

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Business error codes of place-order (contract section 4; all 409).
const (
	CodeOutOfStock     httpapi.Code = "out_of_stock"
	CodePriceChanged   httpapi.Code = "price_changed"
	CodeStoreClosed    httpapi.Code = "store_closed"
	CodeBelowMin       httpapi.Code = "below_min_order"
	CodeCouponUnusable httpapi.Code = "coupon_unusable"
)

// maxPrice keeps price x qty x lines far from overflowing.
const maxPrice = math.MaxInt64 / (MaxQty * MaxLines * 4)

// facts is what pricing needs from the dependencies.
type facts struct {
	store  catalog.Store
	items  map[string]catalog.Item
	coupon *catalog.Coupon // nil without a coupon
	first  bool            // the user has no order that is not cancelled
}

// quote is a priced order: its lines, amounts, what to hold, and the
// distance delivery was priced by.
type quote struct {
	lines    []order.Line
	amounts  order.Amounts
	holds    []reserve.Line
	first    bool // priced with the first-order waiver
	distance *int // metres from the store, when both are located
}

// price computes the order from the catalog (contract section 13 and the
// project's additions of docs/catalog.md):
//
//	total = max(1, items + packing_fee + delivery_fee + small_order_fee - discount) + tip
//
// or the problem that refuses it, in this order: store closed, unknown
// skus (404), unavailable skus (out_of_stock), options (400), the tip
// (400), below the minimum (below_min_order, unless the store takes small
// orders), the delivery address (400 unlocated, out_of_delivery_range),
// the coupon.
func price(req Request, f facts, now time.Time) (quote, error) {
	if !f.store.Open {
		return quote{}, &httpapi.Problem{Code: CodeStoreClosed, Message: "the store is closed"}
	}
	if !storeFeesInRange(f.store) {
		return quote{}, fmt.Errorf("fees of store %s out of range", f.store.StoreID)
	}
	q, err := priceLines(req, f)
	if err != nil {
		return quote{}, err
	}
	a := &q.amounts
	if err := checkTip(req.Tip, a.Items); err != nil {
		return quote{}, err
	}
	if a.SmallOrderFee, err = smallOrderFee(f.store, a.Items); err != nil {
		return quote{}, err
	}
	if a.DeliveryFee, q.distance, err = deliveryFee(f.store, req.Delivery, a.Items); err != nil {
		return quote{}, err
	}
	a.PackingFee += f.store.PackingFee
	if f.first && f.store.FirstOrderFreeDelivery && a.DeliveryFee > 0 {
		a.Discount, q.first = a.DeliveryFee, true
	}
	if f.coupon != nil {
		if err := usable(*f.coupon, a.Items, now); err != nil {
			return quote{}, err
		}
		a.Discount += f.coupon.Value
	}
	a.Tip = req.Tip
	a.Total = max(1, a.Items+a.PackingFee+a.DeliveryFee+a.SmallOrderFee-a.Discount) + a.Tip
	return q, nil
}

// priceLines prices each line with its options and sums the items and
// their packing (per unit: the item's own fee, or the store's per item).
// Its refusals, in this order: unknown skus (404), unavailable skus
// (out_of_stock), options the items do not offer as chosen (400).
func priceLines(req Request, f facts) (quote, error) {
	var q quote
	items := f.items
	var unknown, unavailable, badOptions httpapi.Details
	held := map[string]int{} // the index in q.holds of each sku
	for i, r := range req.Items {
		it, ok := items[r.SKU]
		switch {
		case !ok:
			unknown.Add(fmt.Sprintf("items[%d].sku_id", i), "the store has no such item")
		case !it.Available:
			unavailable.Add(fmt.Sprintf("items[%d].sku_id", i), "not available now")
		}
		options, deltas := chooseOptions(&badOptions, i, it, r.Options)
		unit, packing := it.Price+deltas, f.store.PackingFeeOf(it)
		if it.Price > maxPrice || unit > maxPrice || packing > maxPrice {
			return quote{}, fmt.Errorf("price of %s with options: %d, packing %d: out of range", it.SKUID, unit, packing)
		}
		sub := int64(r.Qty) * unit
		q.lines = append(q.lines, order.Line{SKU: r.SKU, Name: it.Name, Qty: r.Qty, UnitPrice: unit, Subtotal: sub, Options: options})
		q.amounts.Items += sub
		q.amounts.PackingFee += int64(r.Qty) * packing
		if h, ok := held[r.SKU]; ok {
			q.holds[h].Qty += r.Qty // the daily limit counts the sku, whatever its options
			continue
		}
		held[r.SKU] = len(q.holds)
		q.holds = append(q.holds, reserve.Line{SKU: r.SKU, Qty: r.Qty, Limit: it.DailyLimit})
	}
	switch {
	case len(unknown) > 0:
		return quote{}, &httpapi.Problem{Code: httpapi.CodeNotFound, Message: "unknown item", Details: unknown}
	case len(unavailable) > 0:
		return quote{}, &httpapi.Problem{Code: CodeOutOfStock, Message: "an item is not available now", Details: unavailable}
	case len(badOptions) > 0:
		return quote{}, &httpapi.Problem{Code: httpapi.CodeInvalidRequest,
			Message: "the options chosen are not what the items offer", Details: badOptions}
	}
	return q, nil
}

// usable refuses an expired coupon, or one whose minimum spend the items
// do not reach.
func usable(c catalog.Coupon, items int64, now time.Time) error {
	switch {
	case c.Expired(now):
		return couponUnusable("the coupon has expired")
	case items < c.MinSpend:
		return couponUnusable(fmt.Sprintf("the coupon needs items of at least %d", c.MinSpend))
	}
	return nil
}

func couponUnusable(why string) *httpapi.Problem {
	return &httpapi.Problem{Code: CodeCouponUnusable, Message: why,
		Details: []httpapi.Detail{{Field: "coupon_id", Problem: why}}}
}

// locations caches loaded time zones.
var locations sync.Map

// storeDay is the store-local day of now, "YYYY-MM-DD"; an unknown time
// zone counts in UTC.
func storeDay(tz string, now time.Time) string {
	if loc, ok := locations.Load(tz); ok {
		return now.In(loc.(*time.Location)).Format(time.DateOnly)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	locations.Store(tz, loc)
	return now.In(loc).Format(time.DateOnly)
}
