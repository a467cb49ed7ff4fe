package builtin

import (
	"slices"

	"github.com/ordercenter/ordercenter/shared/catalog"
)

// Stores returns every store with its menu, in file order.
func (c *Catalog) Stores() []Menu {
	menus := make([]Menu, 0, len(c.stores))
	for _, e := range c.stores {
		menus = append(menus, Menu{Store: e.store, Items: slices.Clone(e.items)})
	}
	return menus
}

// Store returns the store with the id; ok is false when there is none.
func (c *Catalog) Store(id string) (s catalog.Store, ok bool) {
	e, ok := c.byID[id]
	if !ok {
		return catalog.Store{}, false
	}
	return e.store, true
}

// Items returns the store's items among ids, in the order of ids, each
// once; ids the store does not know are left out. ok is false when there
// is no such store.
func (c *Catalog) Items(storeID string, ids []string) (items []catalog.Item, ok bool) {
	e, ok := c.byID[storeID]
	if !ok {
		return nil, false
	}
	items = make([]catalog.Item, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		i, known := e.index[id]
		if !known || seen[id] {
			continue
		}
		seen[id] = true
		items = append(items, e.items[i])
	}
	return items, true
}

// Coupon returns the user's coupon with the id, expired or not; ok is
// false when the coupon does not exist or belongs to another user.
func (c *Catalog) Coupon(userID, couponID string) (cp catalog.Coupon, ok bool) {
	cp, ok = c.coupons[couponID]
	if !ok || cp.UserID != userID {
		return catalog.Coupon{}, false
	}
	return cp, true
}
