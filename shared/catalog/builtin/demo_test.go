package builtin

import (
	"testing"
	"time"
)

func TestDemoValidates(t *testing.T) {
	if _, err := Parse(demoJSON); err != nil {
		t.Fatalf("demo.json: %v", err)
	}
	if first, second := Demo(), Demo(); first != second {
		t.Error("Demo parses the embedded file more than once")
	}
}

// TestDemoIsWorthExploring keeps the promises the runner's documentation
// makes about the demo.
func TestDemoIsWorthExploring(t *testing.T) {
	menus := Demo().Stores()
	if len(menus) != 4 {
		t.Fatalf("%d stores, want 4", len(menus))
	}
	var closed, freeDelivery, limited, unavailable, banded int
	for _, m := range menus {
		if m.Timezone != "Asia/Shanghai" || m.MinOrder <= 0 || m.Name == "" {
			t.Errorf("store %+v: want Asia/Shanghai, a min_order and a name", m.Store)
		}
		if n := len(m.Items); n < 5 || n > 8 {
			t.Errorf("store %s: %d items, want 5 to 8", m.StoreID, n)
		}
		closed += count(!m.Open)
		freeDelivery += count(m.FirstOrderFreeDelivery)
		for _, it := range m.Items {
			limited += count(it.DailyLimit > 0)
			unavailable += count(!it.Available)
		}
		if m.DistanceBands() {
			banded++
			checkFeesAndOptions(t, m)
		}
	}
	if closed != 1 || freeDelivery != 1 || limited < 2 || unavailable != 1 || banded != 1 {
		t.Errorf("closed %d, free delivery %d, limited %d, unavailable %d, with delivery bands %d; want 1, 1, >= 2, 1, 1",
			closed, freeDelivery, limited, unavailable, banded)
	}
	now := time.Now()
	var expired, minSpend int
	users := map[string]int{}
	for _, cp := range Demo().coupons {
		users[cp.UserID]++
		expired += count(cp.Expired(now))
		minSpend += count(cp.MinSpend > 0)
	}
	if users["u-1"] == 0 || users["u-2"] == 0 || expired != 1 || minSpend == 0 {
		t.Errorf("coupons per user %v, expired %d, with min_spend %d", users, expired, minSpend)
	}
}

// checkFeesAndOptions: the store that shows the fee rules and the
// options (docs/catalog.md, the README's walkthrough) has every one of
// them: a free-delivery threshold, small orders with a surcharge, packing
// per item with an item's own fee, and an item with a required group, an
// optional one with several choices and an unavailable option.
func checkFeesAndOptions(t *testing.T, m Menu) {
	t.Helper()
	if m.Location == nil || len(m.DeliveryBands) < 2 || m.FreeDeliveryOver == 0 || !m.AllowSmallOrder ||
		m.SmallOrderFee == 0 || m.PackingFeePerItem == 0 {
		t.Errorf("store %s: fees %+v, want every rule", m.StoreID, m.Fees)
	}
	var required, multiple, unavailable, ownPacking int
	for _, it := range m.Items {
		ownPacking += count(it.PackingFee != nil)
		for _, g := range it.OptionGroups {
			required += count(g.Min > 0)
			multiple += count(g.Max > 1)
			for _, o := range g.Options {
				unavailable += count(!o.Available)
			}
		}
	}
	if required == 0 || multiple == 0 || unavailable == 0 || ownPacking == 0 {
		t.Errorf("store %s: required groups %d, groups of several choices %d, unavailable options %d, items with their own packing fee %d",
			m.StoreID, required, multiple, unavailable, ownPacking)
	}
}

// count is 1 for true and 0 for false.
func count(b bool) int {
	if b {
		return 1
	}
	return 0
}
