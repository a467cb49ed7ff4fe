package function

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// feesBody is a request for store s-fees, the address deg degrees north
// of the store (fees_test.go's north), or not located when deg < 0.
func feesBody(deg float64, items, extra string) string {
	at := ""
	if deg >= 0 {
		at = fmt.Sprintf(`,"lat":%v,"lng":%v`, storeAt.Lat+deg, storeAt.Lng)
	}
	if extra != "" {
		extra = "," + extra
	}
	return `{"store_id":"s-fees","items":` + items + `,"delivery":{"name":"Li","phone":"13800001234","address":"1 Long Road"` +
		at + `}` + extra + `}`
}

// breakdown decodes the amounts and the measured distance of a 201.
type breakdown struct {
	Amounts  order.Amounts `json:"amounts"`
	Delivery struct {
		Lat       *float64 `json:"lat"`
		DistanceM *int     `json:"distance_m"`
	} `json:"delivery"`
	OrderID string `json:"order_id"`
}

func TestFeesAreComputedAndStored(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		e := newEnv(t, store)
		for _, c := range []struct {
			name     string
			body     string
			want     order.Amounts
			distance int
		}{
			{"a small order nearby", feesBody(0.008, `[{"sku_id":"tea","qty":1}]`, ""),
				// 890 m: 300; 800 < 3000: 300; packing 100 + 0; 800 + 100 + 300 + 300 = 1500
				order.Amounts{Items: 800, PackingFee: 100, DeliveryFee: 300, SmallOrderFee: 300, Total: 1500}, 890},
			{"the second band, with a tip", feesBody(0.02, `[{"sku_id":"noodles","qty":2}]`, `"tip":300`),
				// 2224 m: 500; packing 100 + 2 x 50 = 200; 4000 + 200 + 500 = 4700, + 300 = 5000
				order.Amounts{Items: 4000, PackingFee: 200, DeliveryFee: 500, Tip: 300, Total: 5000}, 2224},
			{"free delivery", feesBody(0.02, `[{"sku_id":"noodles","qty":4}]`, ""),
				// 8000 reaches 8000: 0; packing 100 + 4 x 50 = 300; 8300
				order.Amounts{Items: 8000, PackingFee: 300, Total: 8300}, 2224},
		} {
			t.Run(c.name, func(t *testing.T) {
				resp := e.call("u-fees", key(), c.body)
				_ = decodePlaced(t, resp)
				var got breakdown
				if err := json.Unmarshal(resp.Body, &got); err != nil {
					t.Fatal(err)
				}
				if got.Amounts != c.want || got.Delivery.DistanceM == nil || *got.Delivery.DistanceM != c.distance || got.Delivery.Lat == nil {
					t.Fatalf("answered %+v at %v m, want %+v at %d m", got.Amounts, got.Delivery.DistanceM, c.want, c.distance)
				}
				o, err := e.repo.Get(context.Background(), got.OrderID)
				if err != nil {
					t.Fatal(err)
				}
				if o.Amounts() != c.want || *o.Delivery().DistanceM != c.distance {
					t.Fatalf("stored %+v", o.Record())
				}
			})
		}
	})
}

func TestFeeRefusals(t *testing.T) {
	e := bolt(t)
	for _, c := range []struct {
		name, body  string
		status      int
		code, field string
	}{
		{"beyond the last band", feesBody(0.04, `[{"sku_id":"noodles","qty":2}]`, ""), 409, "out_of_delivery_range", "delivery"},
		{"not located", feesBody(-1, `[{"sku_id":"noodles","qty":2}]`, ""), 400, "invalid_request", "delivery.lat"},
		{"a tip above the items", feesBody(0.02, `[{"sku_id":"noodles","qty":2}]`, `"tip":4001`), 400, "invalid_request", "tip"},
		{"below the minimum where small orders are refused", body("", "egg:1"), 409, "below_min_order", ""},
	} {
		resp := e.call("u-far", key(), c.body)
		got := errorOf(t, resp)
		if resp.StatusCode != c.status || got.Code != c.code || c.field != "" && !names(got, c.field) {
			t.Errorf("%s: answered %d %s, want %d %s naming %q", c.name, resp.StatusCode, resp.Body, c.status, c.code, c.field)
		}
	}
	if n := e.userOrders("u-far"); n != 0 {
		t.Fatalf("refusals wrote %d orders", n)
	}
}

func TestTipIsPartOfTheKeyAndOfThePriceChanged(t *testing.T) {
	e := bolt(t)
	k, b := key(), body(`"tip":300`, "noodles:1")
	first := decodePlaced(t, e.call("u-tip", k, b))
	// first order: 2800 + 100 + 500 - 500 (waiver) = 2900, + 300 = 3200
	if first.Amounts["tip"] != 300 || first.Amounts["total"] != 3200 || first.Amounts["small_order_fee"] != 0 {
		t.Fatalf("amounts %v, want tip 300 of a total 3200", first.Amounts)
	}
	if again := e.call("u-tip", k, b); again.StatusCode != 201 || again.Header.Get(ReplayedHeader) != "true" {
		t.Fatalf("replay: %d %s", again.StatusCode, again.Body)
	}
	other := e.call("u-tip", k, strings.Replace(b, `"tip":300`, `"tip":400`, 1))
	if other.StatusCode != 422 || errorOf(t, other).Code != "idempotency_key_reused" {
		t.Fatalf("another tip under the key: %d %s", other.StatusCode, other.Body)
	}
	changed := errorOf(t, e.call("u-tip", key(), body(`"tip":300,"expected_total":3200`, "noodles:1")))
	// not the first order now: 2800 + 100 + 500 = 3400, + 300 = 3700
	if changed.Code != "price_changed" || changed.Amounts["tip"] != 300 || changed.Amounts["total"] != 3700 {
		t.Fatalf("price changed %+v, want the amounts with the tip", changed)
	}
}
