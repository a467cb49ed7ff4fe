// Package builtin is the local runner's built-in catalog (contract section
// 14): a Catalog held in memory, loaded from a JSON file with Load or
// taken from the embedded demo with Demo, and served over HTTP by Handler
// with the routes of the real catalog service (contract section 13), so
// that catalog.Client talks to it as to the real one.
//
// The file holds stores, each with its menu, and coupons, in the shapes of
// section 13:
//
//	{
//	  "stores": [{"store_id": "s-1", "name": "...", "open": true,
//	              "packing_fee": 100, "delivery_fee": 500, "min_order": 2000,
//	              "first_order_free_delivery": true,
//	              "timezone": "Asia/Shanghai",
//	              "items": [{"sku_id": "k-1", "name": "...", "price": 2800,
//	                         "available": true, "daily_limit": 50}]}],
//	  "coupons": [{"coupon_id": "c-1", "user_id": "u-1", "value": 500,
//	               "min_spend": 0, "expires_at": "2099-12-31T15:59:59Z"}]
//	}
//
// plus the project's optional fields of docs/catalog.md: a store's
// "location", "delivery_bands", "free_delivery_over", "allow_small_order",
// "small_order_fee" and "packing_fee_per_item", an item's "packing_fee"
// and "option_groups". Unknown fields are refused, and "open", "timezone" and "expires_at" are
// required, so that a typo does not silently close a store. Load reports
// every problem it finds at once (duplicate ids, negative money, unknown
// time zones, coupons without a user, and what catalog's Problems methods
// find: delivery bands out of order or without a location, option groups
// whose bounds cannot be met), each wrapped in ErrInvalidCatalog.
//
// A Catalog never changes after loading and is safe for concurrent use.
//
// # Mounting
//
// Handler serves its routes at the root ("/stores/<id>", ...). The runner
// mounts it under a prefix with http.StripPrefix and gives the functions
// the prefixed URL as CATALOG_URL:
//
//	cat := builtin.Demo()
//	mux.Handle("/sandbox/catalog/",
//		http.StripPrefix("/sandbox/catalog", cat.Handler()))
//	// CATALOG_URL=http://127.0.0.1:8080/sandbox/catalog
//
// The package imports time/tzdata so that store time zones load on
// machines without a zoneinfo database.
package builtin
