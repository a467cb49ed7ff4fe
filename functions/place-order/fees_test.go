package function

import (
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// storeAt is where the fee store is. Along its meridian one degree is
// pi x 6371008.8 m / 180 = 111195.08 m, so north(0.008) is 889.56, i.e.
// 890 m away, north(0.02) 2224 m and north(0.04) 4448 m.
var storeAt = catalog.Location{Lat: 31.2235, Lng: 121.4457}

// north is an address deg degrees north of the store.
func north(deg float64) Delivery {
	lat, lng := storeAt.Lat+deg, storeAt.Lng
	return Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road", Lat: &lat, Lng: &lng}
}

// withFees makes menuStore price by distance: up to 1000 m 300, up to
// 3000 m 500 (its flat 500 unused), free from 8000 of items, a minimum
// of 3000 with small orders taken for 300, packing 100 per order and 50
// per unit (tea: 0, its own).
func withFees(s *catalog.Store) {
	s.MinOrder, s.DeliveryFee = 3000, 999
	s.Fees = catalog.Fees{Location: &storeAt, DeliveryBands: []catalog.DeliveryBand{{UpToM: 1000, Fee: 300}, {UpToM: 3000, Fee: 500}},
		FreeDeliveryOver: 8000, AllowSmallOrder: true, SmallOrderFee: 300, PackingFeePerItem: 50}
}

func and(fns ...func(*catalog.Store)) func(*catalog.Store) {
	return func(s *catalog.Store) {
		for _, f := range fns {
			f(s)
		}
	}
}

func waiver(s *catalog.Store) { s.FirstOrderFreeDelivery = true }

func coupon(value, minSpend int64) *catalog.Coupon {
	return &catalog.Coupon{CouponID: "c", Value: value, MinSpend: minSpend, ExpiresAt: pricedAt.Add(time.Hour)}
}

func TestPricingOfFeesTipsAndCoupons(t *testing.T) {
	small := line("bowl", 2, "size:small")
	runPricing(t, []pricingCase{
		{name: "first band", store: withFees, lines: []ItemRequest{small}, to: north(0.008),
			// 890 m: 300; items 2 x 2000 = 4000; packing 100 + 2 x 50 = 200; 4000 + 200 + 300 = 4500
			want: order.Amounts{Items: 4000, PackingFee: 200, DeliveryFee: 300, Total: 4500}},
		{name: "second band", store: withFees, lines: []ItemRequest{small}, to: north(0.02),
			// 2224 m: 500; 4000 + 200 + 500 = 4700
			want: order.Amounts{Items: 4000, PackingFee: 200, DeliveryFee: 500, Total: 4700}},
		{name: "beyond the last band", store: withFees, lines: []ItemRequest{small}, to: north(0.04),
			code: CodeOutOfRange, fields: []string{"delivery"}},
		{name: "not located, at a store pricing by distance", store: withFees, lines: []ItemRequest{small},
			code: httpapi.CodeInvalidRequest, fields: []string{"delivery.lat"}},
		{name: "located, at a flat store", lines: []ItemRequest{line("tea", 2)}, to: north(0.04),
			// flat 500 whatever the distance: 1600 + 100 + 500 = 2200
			want: order.Amounts{Items: 1600, PackingFee: 100, DeliveryFee: 500, Total: 2200}},
		{name: "free delivery at the threshold", store: withFees, lines: []ItemRequest{line("bowl", 4, "size:small")}, to: north(0.02),
			// items 4 x 2000 = 8000 reach 8000: delivery 0; packing 100 + 4 x 50 = 300; 8000 + 300 = 8300
			want: order.Amounts{Items: 8000, PackingFee: 300, Total: 8300}},
		{name: "just below free delivery", store: withFees, lines: []ItemRequest{line("bowl", 3, "size:small"), line("tea", 2)}, to: north(0.02),
			// items 6000 + 1600 = 7600 < 8000: 500; packing 100 + 3 x 50 + 2 x 0 = 250; 7600 + 250 + 500 = 8350
			want: order.Amounts{Items: 7600, PackingFee: 250, DeliveryFee: 500, Total: 8350}},
		{name: "a small order with its surcharge", store: withFees, lines: []ItemRequest{line("tea", 1)}, to: north(0.008),
			// 800 < 3000: 300; packing 100 + 0; delivery 300; 800 + 100 + 300 + 300 = 1500
			want: order.Amounts{Items: 800, PackingFee: 100, DeliveryFee: 300, SmallOrderFee: 300, Total: 1500}},
		{name: "a small order where the store takes none", store: and(withFees, func(s *catalog.Store) { s.AllowSmallOrder = false }),
			lines: []ItemRequest{line("tea", 1)}, to: north(0.008), code: CodeBelowMin},
		{name: "at the minimum: no surcharge", store: and(withFees, func(s *catalog.Store) { s.MinOrder = 4000 }),
			lines: []ItemRequest{small}, to: north(0.008),
			// 4000 reaches 4000: as the first band, 4500
			want: order.Amounts{Items: 4000, PackingFee: 200, DeliveryFee: 300, Total: 4500}},
		{name: "a tip", lines: []ItemRequest{line("tea", 2)}, tip: 300,
			// 1600 + 100 + 500 = 2200, + 300 = 2500
			want: order.Amounts{Items: 1600, PackingFee: 100, DeliveryFee: 500, Tip: 300, Total: 2500}},
		{name: "a tip as high as the items", lines: []ItemRequest{line("tea", 2)}, tip: 1600,
			// 2200 + 1600 = 3800
			want: order.Amounts{Items: 1600, PackingFee: 100, DeliveryFee: 500, Tip: 1600, Total: 3800}},
		{name: "a tip above the items", lines: []ItemRequest{line("tea", 2)}, tip: 1601,
			code: httpapi.CodeInvalidRequest, fields: []string{"tip"}},
		{name: "a coupon and a tip", lines: []ItemRequest{line("tea", 2)}, tip: 200, coupon: coupon(500, 0),
			// 1600 + 100 + 500 - 500 = 1700, + 200 = 1900
			want: order.Amounts{Items: 1600, PackingFee: 100, DeliveryFee: 500, Tip: 200, Discount: 500, Total: 1900}},
		{name: "the discount never reaches the tip", lines: []ItemRequest{line("tea", 2)}, tip: 300, coupon: coupon(5000, 0),
			// 1600 + 100 + 500 - 5000 < 1: 1, + 300 = 301
			want: order.Amounts{Items: 1600, PackingFee: 100, DeliveryFee: 500, Tip: 300, Discount: 5000, Total: 301}},
		{name: "min_spend counts the items, not the tip", lines: []ItemRequest{line("tea", 2)}, tip: 1000, coupon: coupon(500, 2000),
			// items 1600 < 2000, whatever the tip
			code: CodeCouponUnusable, fields: []string{"coupon_id"}},
		{name: "the first-order waiver of a band's fee", store: and(withFees, waiver), first: true, lines: []ItemRequest{small}, to: north(0.02),
			// 4000 + 200 + 500 - 500 = 4200
			want: order.Amounts{Items: 4000, PackingFee: 200, DeliveryFee: 500, Discount: 500, Total: 4200}},
		{name: "no waiver of a delivery already free", store: and(withFees, waiver), first: true,
			lines: []ItemRequest{line("bowl", 4, "size:small")}, to: north(0.02),
			// as free delivery at the threshold, 8300, nothing waived
			want: order.Amounts{Items: 8000, PackingFee: 300, Total: 8300}},
		{name: "everything at once", store: and(withFees, waiver), first: true, tip: 400, coupon: coupon(300, 2000),
			lines: []ItemRequest{line("bowl", 1, "size:large", "add-ons:egg")}, to: north(0.02),
			// items 2000 + 200 + 200 = 2400 < 3000: small 300; packing 100 + 50 = 150; delivery 500, waived;
			// coupon 300 (2400 reaches 2000): discount 800;
			// 2400 + 150 + 500 + 300 - 800 = 2550, + 400 = 2950
			want: order.Amounts{Items: 2400, PackingFee: 150, DeliveryFee: 500, SmallOrderFee: 300, Tip: 400, Discount: 800, Total: 2950}},
	})
}

func TestDistanceOfTheAddressIsKept(t *testing.T) {
	s := menuStore()
	withFees(&s)
	q, err := price(Request{Items: []ItemRequest{line("tea", 4)}, Delivery: north(0.02)}, facts{store: s, items: menu()}, pricedAt)
	if err != nil || q.distance == nil || *q.distance != 2224 {
		t.Fatalf("distance %v, %v; want 2224", q.distance, err)
	}
	q, err = price(Request{Items: []ItemRequest{line("tea", 4)}}, facts{store: menuStore(), items: menu()}, pricedAt)
	if err != nil || q.distance != nil {
		t.Fatalf("distance %v, %v; want none without locations", q.distance, err)
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		name string
		to   catalog.Location
		want int
	}{
		{"here", storeAt, 0},
		{"0.02 degrees north", catalog.Location{Lat: storeAt.Lat + 0.02, Lng: storeAt.Lng}, 2224},
		{"Jing'an to Tiananmen", catalog.Location{Lat: 39.9087, Lng: 116.3975}, 1067762},        // as computed independently (Python, the same formula)
		{"the antipode", catalog.Location{Lat: -storeAt.Lat, Lng: storeAt.Lng - 180}, 20015114}, // half the circumference
	} {
		got := distanceM(storeAt, c.to)
		if d := got - c.want; d < -1 || d > 1 {
			t.Errorf("%s: %d m, want %d", c.name, got, c.want)
		}
	}
}

func TestBandFee(t *testing.T) {
	bands := []catalog.DeliveryBand{{UpToM: 1000, Fee: 300}, {UpToM: 3000, Fee: 500}}
	for _, c := range []struct {
		distance int
		fee      int64
		ok       bool
	}{{0, 300, true}, {1000, 300, true}, {1001, 500, true}, {3000, 500, true}, {3001, 0, false}} {
		if fee, ok := bandFee(bands, c.distance); fee != c.fee || ok != c.ok {
			t.Errorf("%d m: %d, %v; want %d, %v", c.distance, fee, ok, c.fee, c.ok)
		}
	}
}
