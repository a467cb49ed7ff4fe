package order

import (
	"slices"
	"time"
)

// Line is one item of an order, priced by the server from the catalog.
// UnitPrice is the item's price with the price deltas of its Options.
type Line struct {
	SKU       string `json:"sku_id"`
	Name      string `json:"name"`
	Qty       int    `json:"qty"`
	UnitPrice int64  `json:"unit_price"`
	Subtotal  int64  `json:"subtotal"`
	// Options are the choices made for every unit of the line (size,
	// spice, add-ons), in the catalog's order; none for an item sold as
	// is.
	Options []LineOption `json:"options,omitempty"`
}

// LineOption is one option chosen on a line, as the catalog priced it.
type LineOption struct {
	GroupID    string `json:"group_id"`
	OptionID   string `json:"option_id"`
	Name       string `json:"name"`
	PriceDelta int64  `json:"price_delta"`
}

// cloneLines copies lines with their options.
func cloneLines(lines []Line) []Line {
	out := slices.Clone(lines)
	for i := range out {
		out[i].Options = slices.Clone(out[i].Options)
	}
	return out
}

// Amounts are an order's money, in integer minor units of its currency:
// its whole breakdown. Total is Items + PackingFee + DeliveryFee +
// SmallOrderFee - Discount, but at least 1, plus Tip: the discount never
// reaches the tip. Paid is what the payment provider confirmed; Refunded
// never exceeds it.
type Amounts struct {
	Items         int64 `json:"items"`
	PackingFee    int64 `json:"packing_fee"`
	DeliveryFee   int64 `json:"delivery_fee"`
	SmallOrderFee int64 `json:"small_order_fee"`
	Tip           int64 `json:"tip"`
	Discount      int64 `json:"discount"`
	Total         int64 `json:"total"`
	Paid          int64 `json:"paid"`
	Refunded      int64 `json:"refunded"`
}

// Delivery is where and to whom the order goes. Phone is personal data:
// merchants and riders see it masked (see MaskPhone, Record.MaskedFor).
// Lat and Lng, when the user gave them, locate the address; DistanceM is
// the distance from the store the server measured (and priced delivery
// by, when the store prices by distance).
type Delivery struct {
	Name      string   `json:"name"`
	Phone     string   `json:"phone"`
	Address   string   `json:"address"`
	Lat       *float64 `json:"lat,omitempty"`
	Lng       *float64 `json:"lng,omitempty"`
	DistanceM *int     `json:"distance_m,omitempty"`
}

// Draft is what the place-order use case has computed for a new order:
// the id (from NewID), the buyer, the store and the store's local day, the
// priced lines and amounts, and the payment deadline. New validates it.
type Draft struct {
	ID       string
	UserID   string
	StoreID  string
	StoreDay string // the store's local day, "YYYY-MM-DD"
	Lines    []Line
	Amounts  Amounts
	Currency string // ISO 4217; "" means DefaultCurrency
	Delivery Delivery
	Note     string // at most MaxTextLen characters
	CouponID string

	PayDeadline time.Time
}

// DefaultCurrency is the currency of a draft that names none.
const DefaultCurrency = "CNY"

// MaxTextLen is the longest note or action reason, in characters.
const MaxTextLen = 200

// validate lists every problem of d as a new order at now.
func (d Draft) validate(now time.Time) problems {
	var p problems
	checkIDs(&p, d.ID, d.UserID, d.StoreID)
	checkStoreDay(&p, d.StoreDay)
	checkMoney(&p, d.Lines, d.Amounts)
	checkCurrency(&p, d.Currency)
	checkDelivery(&p, d.Delivery)
	checkText(&p, "note", d.Note)
	if d.Amounts.Paid != 0 || d.Amounts.Refunded != 0 {
		p.add("amounts: paid and refunded must be 0 on a new order")
	}
	checkTimes(&p, now, d.PayDeadline)
	if !d.PayDeadline.After(now) {
		p.add("pay_deadline: must be after the creation time")
	}
	return p
}
