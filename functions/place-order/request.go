package function

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
}

// ItemRequest is one line: a sku and how many.
type ItemRequest struct {
	SKU string `json:"sku_id"`
	Qty int    `json:"qty"`
}

// Delivery is where and to whom the order goes.
type Delivery struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

// hash identifies the request for idempotency: the SHA-256 of its
// canonical JSON, so that spacing and field order do not matter.
func (r Request) hash() string {
	b, _ := json.Marshal(r)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// skus lists the requested skus, in request order.
func (r Request) skus() []string {
	out := make([]string, len(r.Items))
	for i, it := range r.Items {
		out[i] = it.SKU
	}
	return out
}
