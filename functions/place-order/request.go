package function

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// Request is the body of POST /function/place-order (contract section
// 6). Prices, fees and discounts are not fields: a client sending them is
// refused (unknown field).
type Request struct {
	StoreID  string        `json:"store_id"`
	Items    []ItemRequest `json:"items"`
	Delivery Delivery      `json:"delivery"`
	CouponID string        `json:"coupon_id,omitempty"`
	Note     string        `json:"note,omitempty"`
	// ExpectedTotal is the total the client showed the user; when given
	// and different from the server's, the order is refused with
	// price_changed and the server's amounts.
	ExpectedTotal *int64 `json:"expected_total,omitempty"`
	// Tip is the user's tip for the rider, in minor units (0 to MaxTip,
	// and no more than the items): its own line of the amounts, never
	// discounted.
	Tip int64 `json:"tip,omitempty"`
}

// ItemRequest is one line: a sku, how many, and the options chosen for
// every unit of it (docs/catalog.md). The same sku with other options is
// another line.
type ItemRequest struct {
	SKU     string         `json:"sku_id"`
	Qty     int            `json:"qty"`
	Options []OptionChoice `json:"options,omitempty"`
}

// OptionChoice names one option of one of the item's option groups.
type OptionChoice struct {
	Group  string `json:"group_id"`
	Option string `json:"option_id"`
}

// Delivery is where and to whom the order goes; Lat and Lng (decimal
// degrees, both or neither) locate the address, which a store that
// prices delivery by distance requires.
type Delivery struct {
	Name    string   `json:"name"`
	Phone   string   `json:"phone"`
	Address string   `json:"address"`
	Lat     *float64 `json:"lat,omitempty"`
	Lng     *float64 `json:"lng,omitempty"`
}

// hash identifies the request for idempotency: the SHA-256 of its
// canonical JSON, so that spacing, field order and the order of a line's
// options do not matter. Fields left out encode as before they existed,
// so a key recorded then is still recognised.
func (r Request) hash() string {
	c := r
	c.Items = make([]ItemRequest, len(r.Items))
	for i, it := range r.Items {
		it.Options = sortedOptions(it.Options)
		c.Items[i] = it
	}
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// sortedOptions returns a sorted copy of the choices.
func sortedOptions(choices []OptionChoice) []OptionChoice {
	out := slices.Clone(choices)
	slices.SortFunc(out, func(a, b OptionChoice) int {
		return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(a.Option, b.Option))
	})
	return out
}

// lineKey identifies a line by its sku and its set of options: two lines
// of one key are one line written twice.
func (it ItemRequest) lineKey() string {
	var b strings.Builder
	b.WriteString(it.SKU)
	for _, o := range sortedOptions(it.Options) {
		b.WriteString("\x00" + o.Group + "\x00" + o.Option)
	}
	return b.String()
}

// skus lists the requested skus, in request order.
func (r Request) skus() []string {
	out := make([]string, len(r.Items))
	for i, it := range r.Items {
		out[i] = it.SKU
	}
	return out
}
