package main

import (
	"fmt"

	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
)

// limitedBody is one order of the load store: the demo's unlimited
// dishes plus one unit of a limited item.
const limitedBody = `{"store_id":"s-load","items":[{"sku_id":"beef-noodle-soup","qty":1},` +
	`{"sku_id":"braised-egg","qty":2},{"sku_id":"load-limited","qty":1}],` +
	`"delivery":{"name":"Li","phone":"13800001234","address":"1 Long Road"}}`

// loadCatalog is the catalog served with -limited: one store whose
// limited item has a daily limit of n, so every one of n orders can take
// its unit (and the hold path, not the refusal, is what is measured).
func loadCatalog(n int) (*builtin.Catalog, error) {
	return builtin.Parse(fmt.Appendf(nil, `{"stores": [{"store_id": "s-load", "name": "Load Test Kitchen",
  "open": true, "packing_fee": 100, "delivery_fee": 500, "min_order": 2000,
  "first_order_free_delivery": false, "timezone": "Asia/Shanghai", "items": [
  {"sku_id": "beef-noodle-soup", "name": "Beef Noodle Soup", "price": 2800, "available": true},
  {"sku_id": "braised-egg", "name": "Soy-Braised Egg", "price": 300, "available": true},
  {"sku_id": "load-limited", "name": "Limited Beef Shank", "price": 2600, "available": true, "daily_limit": %d}]}]}`, max(n, 1)))
}
