package reserve

import (
	"slices"
	"strings"

	"github.com/ordercenter/ordercenter/shared/order"
)

// parts names what one order's hold spans in Redis, one part per scope
// (see the package documentation, Keys): its hold record (the order's
// bucket), its user part (the user's slot) and its stock part (the
// store-day's slot). Each part is taken, confirmed and released by a
// script of its own, idempotent on the order id.
type parts struct {
	orderID, user, store, day string
	// skus are the lines held as stock (all of an order's lines when
	// the parts are found from the order).
	skus []string
	// coupon is the coupon held ("" for none); first says the order may
	// hold the user's first-order waiver.
	coupon string
	first  bool
	// rec is the order in the store the parts were found from, if so.
	rec *order.Record
}

// partsOf are the parts a request takes.
func partsOf(req Request, held []Line) parts {
	p := parts{orderID: req.OrderID, user: req.UserID, store: req.StoreID, day: req.Day,
		coupon: req.CouponID, first: req.Standing == Claim}
	for _, l := range held {
		p.skus = append(p.skus, l.SKU)
	}
	return p
}

// partsOfRecord are the parts a hold record names (fields: the record's
// hash, see recordHoldScript).
func partsOfRecord(orderID string, fields map[string]string) parts {
	p := parts{orderID: orderID, user: fields["user"], store: fields["store"], day: fields["day"],
		coupon: fields["cp"], first: fields["fk"] == "1"}
	for f := range fields {
		if sku, ok := strings.CutPrefix(f, skuField); ok {
			p.skus = append(p.skus, sku)
		}
	}
	slices.Sort(p.skus)
	return p
}

// partsOfOrder are the parts a written order may hold, for when Redis
// lost its hold record: every line, its coupon, and the waiver if it is
// cancelled (a live order keeps it).
func partsOfOrder(rec order.Record) parts {
	p := parts{orderID: rec.OrderID, user: rec.UserID, store: rec.StoreID, day: rec.StoreDay,
		coupon: rec.CouponID, first: rec.Status == order.StatusCancelled, rec: &rec}
	for _, l := range rec.Items {
		p.skus = append(p.skus, l.SKU)
	}
	slices.Sort(p.skus)
	p.skus = slices.Compact(p.skus)
	return p
}

// skuField names a held line in the hold record.
const skuField = "k:"

// userKeys are the keys of the user part's scripts: the part, the
// unpaid orders, their slots, the standing, then the coupon if any (a
// cluster refuses an empty key name, so none stands in for no coupon).
func (r *Reserver) userKeys(p parts, standing bool) []string {
	k := r.k
	out := []string{k.userPart(p.user, p.orderID), k.unpaid(p.user), k.unpaidSlots(p.user)}
	if standing {
		out = append(out, k.live(p.user))
	}
	if p.coupon != "" {
		out = append(out, k.coupon(p.user, p.coupon))
	}
	return out
}

// stockKeys are the keys of the stock part's scripts: the part, then one
// bitmap per sku.
func (r *Reserver) stockKeys(p parts) []string {
	out := []string{r.k.dayPart(p.store, p.day, p.orderID)}
	for _, sku := range p.skus {
		out = append(out, r.k.stock(p.store, p.day, sku))
	}
	return out
}
