package catalog

import "time"

// EnvURL is the environment variable holding the catalog's base URL
// (contract section 2), for example "http://catalog.internal:8080" or, on
// the local runner, "http://127.0.0.1:8080/sandbox/catalog".
const EnvURL = "CATALOG_URL"

// Store is a store as GET /stores/<store_id> answers it. Money is in minor
// units (fen).
type Store struct {
	// StoreID identifies the store.
	StoreID string `json:"store_id"`
	// Name is the store's display name.
	Name string `json:"name"`
	// Open says whether the store takes orders now; a closed store's
	// orders are refused with 409 store_closed.
	Open bool `json:"open"`
	// PackingFee is added to every order of the store.
	PackingFee int64 `json:"packing_fee"`
	// DeliveryFee is added to every order of the store, and waived on a
	// user's first order when FirstOrderFreeDelivery is set.
	DeliveryFee int64 `json:"delivery_fee"`
	// MinOrder is the least sum of item prices the store accepts (409
	// below_min_order under it).
	MinOrder int64 `json:"min_order"`
	// FirstOrderFreeDelivery waives the delivery fee on a user's first
	// order.
	FirstOrderFreeDelivery bool `json:"first_order_free_delivery"`
	// Timezone is the store's IANA time zone, for example "Asia/Shanghai";
	// daily limits count store-local days in it.
	Timezone string `json:"timezone"`
	// Fees holds the project's optional fee rules (docs/catalog.md): a
	// store without them prices as section 13 says.
	Fees
}

// Item is one sku of a store's menu, as GET /stores/<store_id>/items
// answers it.
type Item struct {
	// SKUID identifies the item within its store.
	SKUID string `json:"sku_id"`
	// Name is the item's display name.
	Name string `json:"name"`
	// Price is the unit price in minor units.
	Price int64 `json:"price"`
	// Available says whether the item can be ordered now.
	Available bool `json:"available"`
	// DailyLimit is how many units the store sells per store-local day;
	// 0 (or absent on the wire) means unlimited.
	DailyLimit int `json:"daily_limit,omitempty"`
	// PackingFee, when present, is the packing fee of one unit of the
	// item, in place of the store's PackingFeePerItem (0: the item needs
	// no packing).
	PackingFee *int64 `json:"packing_fee,omitempty"`
	// OptionGroups are the item's specifications (size, spice, add-ons),
	// each choice priced on top of Price; none: the item is sold as is.
	OptionGroups []OptionGroup `json:"option_groups,omitempty"`
}

// Unlimited reports whether the item has no daily limit.
func (i Item) Unlimited() bool { return i.DailyLimit <= 0 }

// ItemList is the body of GET /stores/<store_id>/items.
type ItemList struct {
	// Items are the requested items the store knows; unknown ids are left
	// out.
	Items []Item `json:"items"`
}

// Coupon is a user's coupon as GET /users/<user_id>/coupons/<coupon_id>
// answers it.
type Coupon struct {
	// CouponID identifies the coupon.
	CouponID string `json:"coupon_id"`
	// UserID is the user the coupon belongs to.
	UserID string `json:"user_id"`
	// Value is the discount in minor units.
	Value int64 `json:"value"`
	// MinSpend is the least sum of item prices the coupon applies to.
	MinSpend int64 `json:"min_spend"`
	// ExpiresAt is the instant the coupon stops being usable (RFC 3339,
	// UTC on the wire).
	ExpiresAt time.Time `json:"expires_at"`
}

// Expired reports whether the coupon is no longer usable at now.
func (c Coupon) Expired(now time.Time) bool { return !now.Before(c.ExpiresAt) }
