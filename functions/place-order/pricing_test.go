package function

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// The pricing tests run price, the pure function, over a store and menu
// written here; every figure wanted is computed by hand in the comment
// beside it.

var pricedAt = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// menuStore is a store with flat fees: packing 100 per order, delivery
// 500, a minimum of 1000.
func menuStore() catalog.Store {
	return catalog.Store{StoreID: "s-1", Open: true, PackingFee: 100, DeliveryFee: 500, MinOrder: 1000, Timezone: "UTC"}
}

// menu: bowl 2000 (size required: small +0, large +200; spice optional:
// mild, hot; add-ons up to 2: egg +200, beef +600, tofu +300 not
// available), tea 800 (no options, packing 0 of its own), gone (not
// available).
func menu() map[string]catalog.Item {
	choice := func(id string, delta int64) catalog.Choice {
		return catalog.Choice{OptionID: id, Name: id, PriceDelta: delta, Available: true}
	}
	tofu := choice("tofu", 300)
	tofu.Available = false
	return map[string]catalog.Item{
		"bowl": {SKUID: "bowl", Name: "Noodle bowl", Price: 2000, Available: true, OptionGroups: []catalog.OptionGroup{
			{GroupID: "size", Name: "Size", Min: 1, Max: 1, Options: []catalog.Choice{choice("small", 0), choice("large", 200)}},
			{GroupID: "spice", Name: "Spice", Min: 0, Max: 1, Options: []catalog.Choice{choice("mild", 0), choice("hot", 0)}},
			{GroupID: "add-ons", Name: "Add-ons", Min: 0, Max: 2, Options: []catalog.Choice{choice("egg", 200), choice("beef", 600), tofu}},
		}},
		"tea":  {SKUID: "tea", Name: "Tea", Price: 800, Available: true, PackingFee: new(int64)}, // packed for nothing
		"gone": {SKUID: "gone", Name: "Gone", Price: 900},
	}
}

// line is a request line: sku, qty and "group:option" choices.
func line(sku string, qty int, choices ...string) ItemRequest {
	it := ItemRequest{SKU: sku, Qty: qty}
	for _, c := range choices {
		g, o, _ := strings.Cut(c, ":")
		it.Options = append(it.Options, OptionChoice{Group: g, Option: o})
	}
	return it
}

// pricingCase is one order to price and what it must come to: the
// amounts, or a refusal with its code and the fields it names.
type pricingCase struct {
	name   string
	store  func(*catalog.Store) // changes menuStore; nil: as is
	lines  []ItemRequest
	to     Delivery // where; the zero Delivery is not located
	tip    int64
	coupon *catalog.Coupon
	first  bool
	want   order.Amounts // Paid and Refunded stay 0
	units  []int64       // the unit price of each line, when checked
	code   httpapi.Code  // a refusal; "" for a priced order
	fields []string      // the fields the refusal names
}

func TestPricingOfOptions(t *testing.T) {
	runPricing(t, []pricingCase{
		{name: "no options, as before", lines: []ItemRequest{line("tea", 2)},
			// 2 x 800 = 1600; 1600 + 100 + 500 = 2200
			want: order.Amounts{Items: 1600, PackingFee: 100, DeliveryFee: 500, Total: 2200}, units: []int64{800}},
		{name: "required size only", lines: []ItemRequest{line("bowl", 1, "size:small")},
			// 2000 + 0; 2000 + 100 + 500 = 2600
			want: order.Amounts{Items: 2000, PackingFee: 100, DeliveryFee: 500, Total: 2600}, units: []int64{2000}},
		{name: "large, hot, egg and beef", lines: []ItemRequest{line("bowl", 2, "add-ons:beef", "size:large", "spice:hot", "add-ons:egg")},
			// unit 2000 + 200 + 0 + 200 + 600 = 3000; 2 x 3000 = 6000; 6000 + 100 + 500 = 6600
			want: order.Amounts{Items: 6000, PackingFee: 100, DeliveryFee: 500, Total: 6600}, units: []int64{3000}},
		{name: "one sku, two lines of other options", lines: []ItemRequest{line("bowl", 1, "size:small"), line("bowl", 2, "size:large", "add-ons:egg")},
			// 2000 + 2 x (2000 + 200 + 200) = 2000 + 4800 = 6800; 6800 + 600 = 7400
			want: order.Amounts{Items: 6800, PackingFee: 100, DeliveryFee: 500, Total: 7400}, units: []int64{2000, 2400}},
		{name: "options and a coupon", lines: []ItemRequest{line("bowl", 1, "size:large", "add-ons:beef")},
			coupon: &catalog.Coupon{CouponID: "c", Value: 500, MinSpend: 2800, ExpiresAt: pricedAt.Add(time.Hour)},
			// 2000 + 200 + 600 = 2800, reaches min_spend 2800; 2800 + 100 + 500 - 500 = 2900
			want: order.Amounts{Items: 2800, PackingFee: 100, DeliveryFee: 500, Discount: 500, Total: 2900}},
		{name: "options bring the items to the minimum", store: func(s *catalog.Store) { s.MinOrder = 2600 },
			lines: []ItemRequest{line("bowl", 1, "size:large", "add-ons:egg")},
			// 2000 + 200 + 200 = 2400 < 2600
			code: CodeBelowMin},
		{name: "a required choice missing", lines: []ItemRequest{line("bowl", 1, "spice:hot")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[0].options"}},
		{name: "two of a single choice", lines: []ItemRequest{line("bowl", 1, "size:small", "size:large")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[0].options"}},
		{name: "three add-ons of at most two", lines: []ItemRequest{line("tea", 1), line("bowl", 1, "size:small", "add-ons:egg", "add-ons:beef", "add-ons:tofu")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[1].options[3].option_id", "items[1].options"}},
		{name: "an unknown group", lines: []ItemRequest{line("bowl", 1, "size:small", "sauce:soy")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[0].options[1].group_id"}},
		{name: "an unknown option", lines: []ItemRequest{line("bowl", 1, "size:huge")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[0].options[0].option_id"}},
		{name: "an unavailable option", lines: []ItemRequest{line("bowl", 1, "size:small", "add-ons:tofu")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[0].options[1].option_id"}},
		{name: "options on an item without any", lines: []ItemRequest{line("tea", 1, "size:large")},
			code: httpapi.CodeInvalidRequest, fields: []string{"items[0].options[0].group_id"}},
		{name: "an unknown sku before its options", lines: []ItemRequest{line("nope", 1, "size:large")},
			code: httpapi.CodeNotFound, fields: []string{"items[0].sku_id"}},
		{name: "an unavailable sku before its options", lines: []ItemRequest{line("gone", 1, "size:large")},
			code: CodeOutOfStock, fields: []string{"items[0].sku_id"}},
	})
}

// runPricing prices each case and checks it.
func runPricing(t *testing.T, cases []pricingCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := menuStore()
			if c.store != nil {
				c.store(&s)
			}
			req := Request{StoreID: s.StoreID, Items: c.lines, Delivery: c.to, Tip: c.tip}
			q, err := price(req, facts{store: s, items: menu(), coupon: c.coupon, first: c.first}, pricedAt)
			if c.code != "" {
				checkRefusal(t, err, c.code, c.fields)
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if q.amounts != c.want {
				t.Errorf("amounts %+v\nwant    %+v", q.amounts, c.want)
			}
			for i, u := range c.units {
				if q.lines[i].UnitPrice != u || q.lines[i].Subtotal != u*int64(q.lines[i].Qty) {
					t.Errorf("line %d: %+v, want unit price %d", i, q.lines[i], u)
				}
			}
		})
	}
}

func checkRefusal(t *testing.T, err error, code httpapi.Code, fields []string) {
	t.Helper()
	var p *httpapi.Problem
	if !errors.As(err, &p) || p.Code != code {
		t.Fatalf("err %v, want %s", err, code)
	}
	var named []string
	for _, d := range p.Details {
		named = append(named, d.Field)
	}
	for _, f := range fields {
		if !slices.Contains(named, f) {
			t.Errorf("details %+v, want %s named", p.Details, f)
		}
	}
}

func TestChosenOptionsAreRecordedInTheCatalogsOrder(t *testing.T) {
	q, err := price(Request{Items: []ItemRequest{line("bowl", 1, "add-ons:beef", "spice:hot", "add-ons:egg", "size:large")}},
		facts{store: menuStore(), items: menu()}, pricedAt)
	if err != nil {
		t.Fatal(err)
	}
	want := []order.LineOption{{GroupID: "size", OptionID: "large", Name: "large", PriceDelta: 200},
		{GroupID: "spice", OptionID: "hot", Name: "hot"},
		{GroupID: "add-ons", OptionID: "egg", Name: "egg", PriceDelta: 200},
		{GroupID: "add-ons", OptionID: "beef", Name: "beef", PriceDelta: 600}}
	if !slices.Equal(q.lines[0].Options, want) {
		t.Fatalf("options %+v\nwant    %+v", q.lines[0].Options, want)
	}
}

func TestOneSkuOfTwoLinesIsHeldOnce(t *testing.T) {
	items := menu()
	bowl := items["bowl"]
	bowl.DailyLimit = 10
	items["bowl"] = bowl
	q, err := price(Request{Items: []ItemRequest{line("bowl", 1, "size:small"), line("tea", 1), line("bowl", 3, "size:large")}},
		facts{store: menuStore(), items: items}, pricedAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.holds) != 2 || q.holds[0].SKU != "bowl" || q.holds[0].Qty != 4 || q.holds[0].Limit != 10 {
		t.Fatalf("holds %+v, want bowl x 4 and tea", q.holds)
	}
}
