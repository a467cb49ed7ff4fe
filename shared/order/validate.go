package order

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// problems collects what is wrong with a draft or record, so one error
// names them all.
type problems []string

func (p *problems) add(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

// err returns nil when there are no problems, else one error wrapping
// ErrInvalidOrder that lists them after prefix.
func (p problems) err(prefix string) error {
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w: %s", prefix, ErrInvalidOrder, strings.Join(p, "; "))
}

func checkIDs(p *problems, id, userID, storeID string) {
	if !ValidID(id) {
		p.add("order_id: %q is not an order id", id)
	}
	if userID == "" {
		p.add("user_id: empty")
	}
	if storeID == "" {
		p.add("store_id: empty")
	}
}

func checkStoreDay(p *problems, day string) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil || t.Format(time.DateOnly) != day {
		p.add("store_day: %q is not YYYY-MM-DD", day)
	}
}

// checkMoney checks the lines and that the amounts add up.
func checkMoney(p *problems, lines []Line, a Amounts) {
	if len(lines) == 0 {
		p.add("items: at least one line required")
	}
	var items int64
	ok := true
	for i, l := range lines {
		checkLine(p, i, l)
		items, ok = addChecked(ok, items, l.Subtotal)
	}
	if !ok || a.Items != items {
		p.add("amounts.items: %d is not the sum of the subtotals", a.Items)
	}
	checkAmounts(p, a)
}

func checkLine(p *problems, i int, l Line) {
	checkLineOptions(p, i, l)
	switch {
	case l.SKU == "":
		p.add("items[%d].sku_id: empty", i)
	case l.Qty < 1:
		p.add("items[%d].qty: %d, at least 1", i, l.Qty)
	case l.UnitPrice < 0:
		p.add("items[%d].unit_price: negative", i)
	case l.UnitPrice > 0 && int64(l.Qty) > math.MaxInt64/l.UnitPrice,
		l.Subtotal != int64(l.Qty)*l.UnitPrice:
		p.add("items[%d].subtotal: %d is not qty x unit_price", i, l.Subtotal)
	}
}

// checkLineOptions: each option named, none negative, none twice, their
// deltas within the unit price.
func checkLineOptions(p *problems, i int, l Line) {
	var deltas int64
	ok := true
	seen := make(map[LineOption]bool, len(l.Options))
	for j, o := range l.Options {
		key := LineOption{GroupID: o.GroupID, OptionID: o.OptionID}
		switch {
		case o.GroupID == "" || o.OptionID == "":
			p.add("items[%d].options[%d]: group_id and option_id required", i, j)
		case seen[key]:
			p.add("items[%d].options[%d]: chosen twice", i, j)
		}
		seen[key] = true
		deltas, ok = addChecked(ok, deltas, o.PriceDelta)
	}
	if !ok || deltas > l.UnitPrice {
		p.add("items[%d].options: price deltas negative or above the unit price", i)
	}
}

func checkAmounts(p *problems, a Amounts) {
	for _, f := range []struct {
		name string
		v    int64
	}{{"items", a.Items}, {"packing_fee", a.PackingFee},
		{"delivery_fee", a.DeliveryFee}, {"small_order_fee", a.SmallOrderFee},
		{"tip", a.Tip}, {"discount", a.Discount},
		{"total", a.Total}, {"paid", a.Paid}, {"refunded", a.Refunded}} {
		if f.v < 0 {
			p.add("amounts.%s: negative", f.name)
		}
	}
	if total, ok := a.computedTotal(); !ok || a.Total != total {
		p.add("amounts.total: %d is not max(1, items + fees - discount) + tip", a.Total)
	}
	if a.Refunded > a.Paid {
		p.add("amounts.refunded: more than paid")
	}
}

// computedTotal is max(1, items + fees - discount) + tip; ok is false
// when an amount is negative or the sum overflows.
func (a Amounts) computedTotal() (int64, bool) {
	gross, ok := addChecked(true, a.Items, a.PackingFee)
	gross, ok = addChecked(ok, gross, a.DeliveryFee)
	gross, ok = addChecked(ok, gross, a.SmallOrderFee)
	if !ok || a.Discount < 0 {
		return 0, false
	}
	return addChecked(ok, max(1, gross-a.Discount), a.Tip)
}

// addChecked adds b to a when ok, reporting false on overflow, on a
// negative operand, or when ok was already false.
func addChecked(ok bool, a, b int64) (int64, bool) {
	if !ok || a < 0 || b < 0 || b > math.MaxInt64-a {
		return 0, false
	}
	return a + b, true
}

func checkCurrency(p *problems, c string) {
	if c == "" {
		return // DefaultCurrency
	}
	if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		p.add("currency: %q is not three upper-case letters", c)
	}
}

func checkDelivery(p *problems, d Delivery) {
	if strings.TrimSpace(d.Name) == "" || strings.TrimSpace(d.Phone) == "" ||
		strings.TrimSpace(d.Address) == "" {
		p.add("delivery: name, phone and address required")
	}
	switch {
	case (d.Lat == nil) != (d.Lng == nil):
		p.add("delivery: lat and lng go together")
	case d.Lat != nil && (*d.Lat < -90 || *d.Lat > 90 || *d.Lng < -180 || *d.Lng > 180):
		p.add("delivery: lat within ±90, lng within ±180")
	}
	if d.DistanceM != nil && *d.DistanceM < 0 {
		p.add("delivery.distance_m: negative")
	}
}

func checkText(p *problems, field, s string) {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxTextLen {
		p.add("%s: more than %d characters or not UTF-8", field, MaxTextLen)
	}
}

// checkTimes refuses times that RFC 3339 cannot carry once in UTC.
func checkTimes(p *problems, ts ...time.Time) {
	for _, t := range ts {
		if y := t.UTC().Year(); y < 1 || y > 9999 {
			p.add("time %v: outside years 1 to 9999 (UTC)", t)
		}
	}
}
