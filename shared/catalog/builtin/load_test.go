package builtin

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadSmall(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "small.json"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	s, ok := c.Store("s-1")
	if !ok || !s.Open || s.PackingFee != 100 || s.DeliveryFee != 500 || s.MinOrder != 2000 ||
		!s.FirstOrderFreeDelivery || s.Timezone != "Asia/Shanghai" {
		t.Errorf("store s-1 = %+v, %v", s, ok)
	}
	if s2, ok := c.Store("s-2"); !ok || s2.Open {
		t.Errorf("store s-2 = %+v, %v; want closed", s2, ok)
	}
	items, ok := c.Items("s-1", []string{"k-3", "nope", "k-1", "k-3"})
	if !ok || len(items) != 2 || items[0].SKUID != "k-3" || items[1].SKUID != "k-1" {
		t.Errorf("Items = %+v, %v; want k-3, k-1", items, ok)
	}
	if items[0].Available || items[0].DailyLimit != 20 {
		t.Errorf("k-3 = %+v", items[0])
	}
	cp, ok := c.Coupon("u-1", "c-2")
	want := time.Date(2024, 1, 31, 15, 59, 59, 0, time.UTC)
	if !ok || !cp.ExpiresAt.Equal(want) || cp.ExpiresAt.Location() != time.UTC {
		t.Errorf("coupon c-2 = %+v, %v; want expiry %v in UTC", cp, ok, want)
	}
	if _, ok := c.Coupon("u-2", "c-2"); ok {
		t.Error("u-2 sees u-1's coupon")
	}
	if _, ok := c.Items("nope", nil); ok {
		t.Error("Items of an unknown store: ok")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.json"))
	if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrInvalidCatalog) {
		t.Fatalf("err = %v; want ErrNotExist only", err)
	}
}

// store is a valid store whose fields the cases below replace.
const store = `"store_id": "s-1", "name": "A", "open": true, "packing_fee": 0,
 "delivery_fee": 0, "min_order": 0, "timezone": "Asia/Shanghai"`

// coupon is a valid coupon's fields but its id.
const coupon = `"user_id": "u-1", "value": 1, "min_spend": 0, "expires_at": "2099-01-01T00:00:00Z"`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []string // each must appear in the error
	}{
		{"syntax", "{\n \"stores\": [\n  {\"store_id\": }]}", []string{"line 3, column 16"}},
		{"truncated", `{"stores": [`, []string{"unexpected end"}},
		{"wrong type", "{\"stores\": [{\n\"packing_fee\": \"12\"}]}", []string{"line 2", "packing_fee"}},
		{"unknown field", `{"stores": [{` + store + `, "colour": "red"}]}`, []string{`unknown field "colour"`}},
		{"trailing data", `{"stores": []} {}`, []string{"data after the catalog"}},
		{"not an object", `[]`, []string{"cannot unmarshal array"}},
		{"duplicate store", `{"stores": [{` + store + `}, {` + store + `}]}`, []string{`store "s-1": duplicate store_id`}},
		{"empty store id", `{"stores": [{"store_id": "", "open": true, "timezone": "UTC"}]}`, []string{"stores[0]: store_id is required"}},
		{"dot-dot id", `{"stores": [{"store_id": "..", "open": true, "timezone": "UTC"}]}`, []string{"may be empty"}},
		{"dot-dot part", `{"stores": [{"store_id": "a/../b", "open": true, "timezone": "UTC"}]}`, []string{"may be empty"}},
		{"double slash", `{"coupons": [{"coupon_id": "c//1", ` + coupon + `}]}`, []string{"may be empty"}},
		{"trailing slash", `{"coupons": [{"coupon_id": "c", "user_id": "u/", "expires_at": "2099-01-01T00:00:00Z"}]}`, []string{"may be empty"}},
		{"control char id", `{"stores": [{"store_id": "a\u0007", "open": true, "timezone": "UTC"}]}`, []string{"control characters"}},
		{"missing open", `{"stores": [{"store_id": "s-1", "timezone": "UTC"}]}`, []string{"open is required"}},
		{"negative fees", `{"stores": [{` + store + `, "packing_fee": -1, "min_order": -5}]}`,
			[]string{"negative packing_fee -1", "negative min_order -5"}},
		{"unknown timezone", `{"stores": [{"store_id": "s-1", "open": true, "timezone": "Mars/Olympus"}]}`,
			[]string{`timezone "Mars/Olympus": unknown time zone`}},
		{"missing timezone", `{"stores": [{"store_id": "s-1", "open": true}]}`, []string{"timezone is required"}},
		{"local timezone", `{"stores": [{"store_id": "s-1", "open": true, "timezone": "Local"}]}`, []string{"depends on the machine"}},
		{"negative price", `{"stores": [{` + store + `, "items": [{"sku_id": "k", "price": -100}]}]}`,
			[]string{`store "s-1": item "k": negative price -100`}},
		{"negative limit", `{"stores": [{` + store + `, "items": [{"sku_id": "k", "daily_limit": -1}]}]}`,
			[]string{"negative daily_limit"}},
		{"option group bounds", `{"stores": [{` + store + `, "items": [{"sku_id": "k", "option_groups": [{"group_id": "size",
			"min": 2, "max": 1, "options": [{"option_id": "s"}, {"option_id": "s", "price_delta": -1}]}]}]}]}`,
			[]string{`store "s-1": item "k": option_groups[0]: min 2 above max 1`,
				`item "k": option_groups[0].options[1]: duplicate option_id "s"`, "negative option_groups[0].options[1].price_delta -1"}},
		{"delivery bands", `{"stores": [{` + store + `, "delivery_bands": [{"up_to_m": 2000, "fee": 1}, {"up_to_m": 1000, "fee": -1}],
			"small_order_fee": -3}]}`,
			[]string{`store "s-1": delivery_bands need the store's location`, "delivery_bands[1].up_to_m 1000: must be above 2000",
				"negative delivery_bands[1].fee -1", "negative small_order_fee -3"}},
		{"duplicate sku", `{"stores": [{` + store + `, "items": [{"sku_id": "k"}, {"sku_id": "k"}]}]}`,
			[]string{`item "k": duplicate sku_id`}},
		{"comma sku", `{"stores": [{` + store + `, "items": [{"sku_id": "a,b"}]}]}`, []string{"comma"}},
		{"empty sku", `{"stores": [{` + store + `, "items": [{"name": "x"}]}]}`, []string{"items[0]: sku_id is required"}},
		{"coupon without user", `{"coupons": [{"coupon_id": "c", "value": 1, "expires_at": "2099-01-01T00:00:00Z"}]}`,
			[]string{`coupon "c": user_id is required`}},
		{"duplicate coupon", `{"coupons": [{"coupon_id": "c", ` + coupon + `}, {"coupon_id": "c", ` + coupon + `}]}`,
			[]string{"duplicate coupon_id"}},
		{"coupon without id", `{"coupons": [{` + coupon + `}]}`, []string{"coupons[0]: coupon_id is required"}},
		{"coupon without expiry", `{"coupons": [{"coupon_id": "c", "user_id": "u"}]}`, []string{"expires_at is required"}},
		{"coupon bad expiry", `{"coupons": [{"coupon_id": "c", "user_id": "u", "expires_at": "tomorrow"}]}`, []string{"RFC 3339"}},
		{"negative coupon", `{"coupons": [{"coupon_id": "c", ` + coupon + `, "value": -1, "min_spend": -2}]}`,
			[]string{"negative value -1", "negative min_spend -2"}},
		{"all problems at once", `{"stores": [{"store_id": "s", "open": true, "timezone": "X/Y", "items": [{"sku_id": "k", "price": -1}]}],
			"coupons": [{"coupon_id": "c", "expires_at": "2099-01-01T00:00:00Z"}]}`,
			[]string{"unknown time zone", "negative price", "user_id is required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "catalog.json")
			if err := os.WriteFile(path, []byte(tt.json), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if !errors.Is(err, ErrInvalidCatalog) {
				t.Fatalf("err = %v; want ErrInvalidCatalog", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to contain %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("err = %v; want the path named", err)
			}
		})
	}
}

func TestEmptyCatalogIsValid(t *testing.T) {
	c, err := Parse([]byte(`{}`))
	if err != nil || len(c.Stores()) != 0 {
		t.Fatalf("Parse({}) = %v, %v", c, err)
	}
}
