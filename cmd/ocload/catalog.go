package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
)

// shop is a store as the workload orders from it.
type shop struct {
	id       string
	minOrder int64
	// at is where the store is, when it says; its orders are delivered
	// there (the nearest delivery band of a store that prices by
	// distance, which needs the address located).
	at *catalog.Location
	// items are what an order may take: available, with no daily limit,
	// and no option group that needs a choice (the load names no
	// options).
	items []catalog.Item
	// limited is an available item with a daily limit ("" when none).
	limited string
	// menu is every sku id, for browsing (?ids=).
	menu string
}

// maxQty bounds the units of one line of a basket.
const maxQty = 20

// limitedSKU is the limited item of every store of the load catalog.
const limitedSKU = "daily-special"

// loadCatalog is the catalog -serve serves: stores stores of items
// items each (prices 8 to 48 yuan, a minimum order of 20), every third
// store waiving the delivery fee on a user's first order, and each with
// a limited daily special of limit units a day.
func loadCatalog(stores, items, limit int, rng *rand.Rand) []builtin.Menu {
	menus := make([]builtin.Menu, stores)
	for s := range menus {
		m := builtin.Menu{Store: catalog.Store{StoreID: fmt.Sprintf("s-load-%d", s), Name: fmt.Sprintf("Load Kitchen %d", s),
			Open: true, PackingFee: 100, DeliveryFee: 500, MinOrder: 2000, FirstOrderFreeDelivery: s%3 == 0,
			Timezone: "Asia/Shanghai"}}
		for i := range items {
			m.Items = append(m.Items, catalog.Item{SKUID: fmt.Sprintf("dish-%d", i), Name: fmt.Sprintf("Dish %d", i),
				Price: 800 + 100*rng.Int64N(41), Available: true})
		}
		m.Items = append(m.Items, catalog.Item{SKUID: limitedSKU, Name: "Daily Special", Price: 2600,
			Available: true, DailyLimit: limit})
		menus[s] = m
	}
	return menus
}

// writeCatalog writes menus as a catalog file (ordercenter serve --catalog).
func writeCatalog(path string, menus []builtin.Menu) error {
	b, err := json.MarshalIndent(struct {
		Stores []builtin.Menu `json:"stores"`
	}{menus}, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// readCatalog reads the stores from a catalog file, or else from the
// catalog's GET /stores (the built-in catalog's listing).
func readCatalog(ctx context.Context, client *http.Client, file, catalogURL string) ([]builtin.Menu, error) {
	if file != "" {
		cat, err := builtin.Load(file)
		if err != nil {
			return nil, err
		}
		return cat.Stores(), nil
	}
	var list struct {
		Stores []builtin.Menu `json:"stores"`
	}
	oc := call{method: http.MethodGet, url: catalogURL + "/stores", want: http.StatusOK, into: &list}.do(ctx, client)
	if !oc.ok {
		return nil, fmt.Errorf("list the stores at %s/stores: %s (give -catalog FILE instead)", catalogURL, oc.label())
	}
	return list.Stores, nil
}

// shops keeps the open stores that have something to order.
func shops(menus []builtin.Menu) []shop {
	var out []shop
	for _, m := range menus {
		s := shop{id: m.StoreID, minOrder: m.MinOrder, at: m.Location}
		ids := make([]string, 0, len(m.Items))
		for _, it := range m.Items {
			ids = append(ids, it.SKUID)
			switch {
			case !it.Available, needsChoice(it):
			case it.Unlimited():
				s.items = append(s.items, it)
			case s.limited == "":
				s.limited = it.SKUID
			}
		}
		s.menu = strings.Join(ids, ",")
		if m.Open && len(s.items) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// needsChoice reports whether an item has an option group to choose in.
func needsChoice(it catalog.Item) bool {
	return slices.ContainsFunc(it.OptionGroups, func(g catalog.OptionGroup) bool { return g.Min > 0 })
}

// deliveryTo is the address of an order from s.
func (s shop) deliveryTo() delivery {
	d := loadDelivery
	if s.at != nil {
		d.Lat, d.Lng = &s.at.Lat, &s.at.Lng
	}
	return d
}

// basket picks one to three dishes of s, one or two of each, then adds
// to the cheapest until the store's minimum is reached.
func (s shop) basket(rng *rand.Rand, withLimited bool) []lineRequest {
	var lines []lineRequest
	var sum int64
	for _, i := range rng.Perm(len(s.items))[:min(len(s.items), 1+rng.IntN(3))] {
		qty := 1 + rng.IntN(2)
		lines = append(lines, lineRequest{SKU: s.items[i].SKUID, Qty: qty})
		sum += int64(qty) * s.items[i].Price
	}
	for price := s.items[indexOf(s.items, lines[0].SKU)].Price; sum < s.minOrder && price > 0 && lines[0].Qty < maxQty; {
		lines[0].Qty++
		sum += price
	}
	if withLimited && s.limited != "" {
		lines = append(lines, lineRequest{SKU: s.limited, Qty: 1})
	}
	return lines
}

func indexOf(items []catalog.Item, sku string) int {
	for i, it := range items {
		if it.SKUID == sku {
			return i
		}
	}
	return 0
}
