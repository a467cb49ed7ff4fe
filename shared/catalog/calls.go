package catalog

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// GetStore returns the store with the id. It returns ErrNotFound when the
// catalog does not know it (and, without a call, for an empty id),
// ErrUnavailable when the catalog cannot answer and ErrBadResponse when
// the answer is malformed.
func (c *Client) GetStore(ctx context.Context, id string) (Store, error) {
	op := fmt.Sprintf("get store %q", id)
	seg, ok := pathID(id)
	if !ok {
		return Store{}, fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	body, err := c.get(ctx, "/stores/"+seg, "")
	if err != nil {
		return Store{}, fmt.Errorf("%s: %w", op, err)
	}
	s, err := decodeStore(body, id)
	if err != nil {
		return Store{}, fmt.Errorf("%s: %w", op, err)
	}
	return s, nil
}

// GetItems returns the items of the store among ids, in one call
// (?ids=a,b). Ids the store does not know are left out, so the result may
// be shorter than ids; look items up by SKUID, not by position. Ids that
// cannot name a sku (empty, or holding a comma) are left out without
// being sent; with none left GetItems returns an empty list without a
// call. An unknown store is ErrNotFound; otherwise it fails as GetStore.
func (c *Client) GetItems(ctx context.Context, storeID string, ids []string) ([]Item, error) {
	op := fmt.Sprintf("get items of store %q", storeID)
	seg, ok := pathID(storeID)
	if !ok {
		return nil, fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	wanted, query := itemsQuery(ids)
	if len(wanted) == 0 {
		return []Item{}, nil
	}
	body, err := c.get(ctx, "/stores/"+seg+"/items", query)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	items, err := decodeItems(body, wanted)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return items, nil
}

// itemsQuery returns the distinct sendable ids and the raw query
// "ids=a,b" naming them, each id escaped and the commas between them
// literal.
func itemsQuery(ids []string) (map[string]bool, string) {
	wanted := make(map[string]bool, len(ids))
	escaped := make([]string, 0, len(ids))
	for _, id := range ids {
		if id == "" || strings.Contains(id, ",") || wanted[id] {
			continue
		}
		wanted[id] = true
		escaped = append(escaped, url.QueryEscape(id))
	}
	return wanted, "ids=" + strings.Join(escaped, ",")
}

// GetCoupon returns the user's coupon with the id, expired or not; the
// caller decides whether it is usable. It returns ErrNotFound when the
// user has no such coupon (and, without a call, for an empty id);
// otherwise it fails as GetStore.
func (c *Client) GetCoupon(ctx context.Context, userID, couponID string) (Coupon, error) {
	op := fmt.Sprintf("get coupon %q of user %q", couponID, userID)
	useg, uok := pathID(userID)
	cseg, cok := pathID(couponID)
	if !uok || !cok {
		return Coupon{}, fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	body, err := c.get(ctx, "/users/"+useg+"/coupons/"+cseg, "")
	if err != nil {
		return Coupon{}, fmt.Errorf("%s: %w", op, err)
	}
	cp, err := decodeCoupon(body, userID, couponID)
	if err != nil {
		return Coupon{}, fmt.Errorf("%s: %w", op, err)
	}
	return cp, nil
}
