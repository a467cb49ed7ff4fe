package catalog

import (
	"errors"
	"testing"
)

// FuzzDecode feeds arbitrary answers to the decoders: they must not panic,
// must fail only with ErrBadResponse, and must return only what was asked
// for.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"store_id":"s-1","open":true,"packing_fee":100,"timezone":"Asia/Shanghai"}`))
	f.Add([]byte(`{"items":[{"sku_id":"k-1","price":100,"available":true,"daily_limit":5}]}`))
	f.Add([]byte(`{"store_id":"s-1","open":true,"location":{"lat":31.2,"lng":121.4},"delivery_bands":[{"up_to_m":1000,"fee":300}],"allow_small_order":true,"small_order_fee":300}`))
	f.Add([]byte(`{"items":[{"sku_id":"k-1","price":100,"packing_fee":0,"option_groups":[{"group_id":"g","min":1,"max":2,"options":[{"option_id":"a","price_delta":200,"available":true}]}]}]}`))
	f.Add([]byte(`{"coupon_id":"c-1","user_id":"u-1","value":5,"expires_at":"2099-01-01T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if s, err := decodeStore(body, "s-1"); err == nil && s.StoreID != "s-1" {
			t.Fatalf("store %q accepted", s.StoreID)
		} else if err != nil && !errors.Is(err, ErrBadResponse) {
			t.Fatalf("store: %v", err)
		}
		items, err := decodeItems(body, map[string]bool{"k-1": true})
		if err != nil && !errors.Is(err, ErrBadResponse) {
			t.Fatalf("items: %v", err)
		}
		for _, it := range items {
			if it.SKUID != "k-1" || len(it.Problems()) > 0 {
				t.Fatalf("item %+v accepted", it)
			}
		}
		if c, err := decodeCoupon(body, "u-1", "c-1"); err == nil && (c.UserID != "u-1" || c.ExpiresAt.IsZero()) {
			t.Fatalf("coupon %+v accepted", c)
		} else if err != nil && !errors.Is(err, ErrBadResponse) {
			t.Fatalf("coupon: %v", err)
		}
	})
}
