package function

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
)

// linesBody is a valid request for store s-1 with the given items JSON
// and extra fields.
func linesBody(items, extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return `{"store_id":"s-1","items":` + items + `,"delivery":{"name":"Li","phone":"13800001234","address":"1 Long Road"}` + extra + `}`
}

// largeWithEgg is two bowls, large, with an egg: 2 x (2000 + 200 + 200).
const largeWithEgg = `[{"sku_id":"bowl","qty":2,"options":[{"group_id":"size","option_id":"large"},{"group_id":"add-ons","option_id":"egg"}]}]`

func TestOptionsArePricedAndRecorded(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		e := newEnv(t, store)
		_ = decodePlaced(t, e.call("u-opt", key(), body("", "egg:4"))) // no first-order waiver below
		resp := e.call("u-opt", key(), linesBody(largeWithEgg, ""))
		got := decodePlaced(t, resp)
		// items 2 x 2400 = 4800; 4800 + 100 + 500 = 5400
		if got.Amounts["items"] != 4800 || got.Amounts["total"] != 5400 {
			t.Fatalf("amounts %v, want items 4800, total 5400", got.Amounts)
		}
		var answer struct {
			Items []order.Line `json:"items"`
		}
		if err := json.Unmarshal(resp.Body, &answer); err != nil {
			t.Fatal(err)
		}
		want := []order.LineOption{{GroupID: "size", OptionID: "large", Name: "Large", PriceDelta: 200},
			{GroupID: "add-ons", OptionID: "egg", Name: "Egg", PriceDelta: 200}}
		if l := answer.Items[0]; l.UnitPrice != 2400 || l.Subtotal != 4800 || !slices.Equal(l.Options, want) {
			t.Fatalf("line %+v, want unit 2400 with %+v", l, want)
		}
		o, err := e.repo.Get(context.Background(), got.OrderID)
		if err != nil {
			t.Fatal(err)
		}
		if stored := o.Lines()[0]; !slices.Equal(stored.Options, want) {
			t.Fatalf("stored line %+v", stored)
		}
	})
}

func TestBadOptionsAreRefusedNamingTheField(t *testing.T) {
	e := bolt(t)
	for _, c := range []struct{ name, items, field string }{
		{"required size missing", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"add-ons","option_id":"egg"}]}]`, "items[0].options"},
		{"no options at all", `[{"sku_id":"bowl","qty":1}]`, "items[0].options"},
		{"three add-ons", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"small"},{"group_id":"add-ons","option_id":"egg"},
			{"group_id":"add-ons","option_id":"beef"},{"group_id":"add-ons","option_id":"tofu"}]}]`, "items[0].options"},
		{"unknown option", `[{"sku_id":"noodles","qty":1},{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"huge"}]}]`, "items[1].options[0].option_id"},
		{"unknown group", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"small"},{"group_id":"sauce","option_id":"soy"}]}]`, "items[0].options[1].group_id"},
		{"unavailable option", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"small"},{"group_id":"add-ons","option_id":"tofu"}]}]`, "items[0].options[1].option_id"},
		{"chosen twice", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"small"},{"group_id":"size","option_id":"small"}]}]`, "items[0].options[1].option_id"},
		{"malformed id", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"sm all"}]}]`, "items[0].options[0].option_id"},
		{"same line twice", `[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"small"}]},
			{"sku_id":"bowl","qty":2,"options":[{"group_id":"size","option_id":"small"}]}]`, "items[1].sku_id"},
		{"options on a plain item", `[{"sku_id":"noodles","qty":1,"options":[{"group_id":"size","option_id":"large"}]}]`, "items[0].options[0].group_id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := e.call("u-bad", key(), linesBody(c.items, ""))
			if resp.StatusCode != 400 {
				t.Fatalf("answered %d %s, want 400", resp.StatusCode, resp.Body)
			}
			if got := errorOf(t, resp); got.Code != "invalid_request" || !slices.ContainsFunc(got.Details, func(d map[string]string) bool { return d["field"] == c.field }) {
				t.Fatalf("error %+v, want %s named", got, c.field)
			}
		})
	}
	if n := e.userOrders("u-bad"); n != 0 {
		t.Fatalf("%d orders stored, want none", n)
	}
}

func TestReplayWithOptions(t *testing.T) {
	e := bolt(t)
	k := key()
	first := e.call("u-rep", k, linesBody(largeWithEgg, ""))
	_ = decodePlaced(t, first)
	reordered := strings.Replace(largeWithEgg, `{"group_id":"size","option_id":"large"},{"group_id":"add-ons","option_id":"egg"}`,
		`{"group_id":"add-ons","option_id":"egg"},{"group_id":"size","option_id":"large"}`, 1)
	again := e.call("u-rep", k, linesBody(reordered, ""))
	if again.StatusCode != 201 || string(again.Body) != string(first.Body) || again.Header.Get(ReplayedHeader) != "true" {
		t.Fatalf("the same options in another order: %d %s, want the first answer replayed", again.StatusCode, again.Body)
	}
	other := e.call("u-rep", k, linesBody(strings.Replace(largeWithEgg, `"egg"`, `"beef"`, 1), ""))
	if other.StatusCode != 422 || errorOf(t, other).Code != "idempotency_key_reused" {
		t.Fatalf("other options under the key: %d %s, want 422", other.StatusCode, other.Body)
	}
	two := decodePlaced(t, e.call("u-rep", key(), linesBody(`[{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"small"}]},
		{"sku_id":"bowl","qty":1,"options":[{"group_id":"size","option_id":"large"}]}]`, "")))
	// 2000 + 2200 = 4200; 4200 + 100 + 500 = 4800
	if two.Amounts["items"] != 4200 || two.Amounts["total"] != 4800 {
		t.Fatalf("one sku on two lines of other options: %v", two.Amounts)
	}
	if n := e.userOrders("u-rep"); n != 2 {
		t.Fatalf("%d orders stored, want 2", n)
	}
}

// TestOldKeysStillMatch: a request without the new fields hashes as it
// did before they existed (its JSON then, hashed), so keys recorded then
// are still recognised.
func TestOldKeysStillMatch(t *testing.T) {
	req := Request{StoreID: "s-1", Items: []ItemRequest{{SKU: "noodles", Qty: 2}},
		Delivery: Delivery{Name: "Li", Phone: "13800001234", Address: "1 Long Road"}}
	before := sha256.Sum256([]byte(`{"store_id":"s-1","items":[{"sku_id":"noodles","qty":2}],` +
		`"delivery":{"name":"Li","phone":"13800001234","address":"1 Long Road"}}`))
	if got := req.hash(); got != hex.EncodeToString(before[:]) {
		t.Fatalf("hash %s, want %x", got, before)
	}
}
