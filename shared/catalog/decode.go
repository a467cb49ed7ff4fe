package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
)

// The decoders below accept fields they do not know (the catalog may add
// optional ones) but refuse answers that are not JSON objects, miss
// required fields, break the pricing rules (the Problems methods: negative
// money, delivery bands out of order, option groups that cannot be met or
// with duplicate ids) or describe something other than what was asked
// for. Each error wraps ErrBadResponse.

// decodeStore decodes the answer to GET /stores/<id>.
func decodeStore(body []byte, id string) (Store, error) {
	var s Store
	if err := json.Unmarshal(body, &s); err != nil {
		return Store{}, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	var problems []error
	if s.StoreID != id {
		problems = append(problems, fmt.Errorf("store_id %q, want %q", s.StoreID, id))
	}
	problems = append(problems, s.Problems()...)
	if err := errors.Join(problems...); err != nil {
		return Store{}, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	return s, nil
}

// decodeItems decodes the answer to GET /stores/<id>/items for the
// wanted ids.
func decodeItems(body []byte, wanted map[string]bool) ([]Item, error) {
	var list struct {
		Items *[]Item `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	if list.Items == nil {
		return nil, fmt.Errorf("%w: no items array", ErrBadResponse)
	}
	items := *list.Items
	var problems []error
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		switch {
		case !wanted[it.SKUID]:
			problems = append(problems, fmt.Errorf("sku_id %q was not asked for", it.SKUID))
		case seen[it.SKUID]:
			problems = append(problems, fmt.Errorf("sku_id %q answered twice", it.SKUID))
		}
		seen[it.SKUID] = true
		for _, p := range it.Problems() {
			problems = append(problems, fmt.Errorf("item %q: %w", it.SKUID, p))
		}
	}
	if err := errors.Join(problems...); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	return items, nil
}

// decodeCoupon decodes the answer to GET /users/<uid>/coupons/<cid>.
func decodeCoupon(body []byte, userID, couponID string) (Coupon, error) {
	var c Coupon
	if err := json.Unmarshal(body, &c); err != nil {
		return Coupon{}, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	var problems []error
	if c.CouponID != couponID {
		problems = append(problems, fmt.Errorf("coupon_id %q, want %q", c.CouponID, couponID))
	}
	if c.UserID != userID {
		problems = append(problems, fmt.Errorf("user_id %q, want %q", c.UserID, userID))
	}
	problems = append(problems, c.Problems()...)
	if err := errors.Join(problems...); err != nil {
		return Coupon{}, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	c.ExpiresAt = c.ExpiresAt.UTC()
	return c, nil
}
