package catalog_test

import (
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/catalog"
)

func TestMalformedAnswers(t *testing.T) {
	const exp = `"expires_at":"2099-01-01T00:00:00Z"`
	tests := []struct {
		name, route, body string
	}{
		{"store not json", "store", `<html>oops</html>`},
		{"store empty", "store", ``},
		{"store array", "store", `[]`},
		{"store trailing data", "store", `{"store_id":"s-1"} {}`},
		{"store other id", "store", `{"store_id":"s-2"}`},
		{"store null", "store", `null`},
		{"store wrong type", "store", `{"store_id":"s-1","open":"yes"}`},
		{"store negative fee", "store", `{"store_id":"s-1","delivery_fee":-1}`},
		{"items missing", "items", `{}`},
		{"items null", "items", `{"items":null}`},
		{"items not array", "items", `{"items":{}}`},
		{"items not asked for", "items", `{"items":[{"sku_id":"k-9","price":1}]}`},
		{"items twice", "items", `{"items":[{"sku_id":"k-1"},{"sku_id":"k-1"}]}`},
		{"items negative price", "items", `{"items":[{"sku_id":"k-1","price":-1}]}`},
		{"items negative limit", "items", `{"items":[{"sku_id":"k-1","daily_limit":-1}]}`},
		{"items option min above max", "items", `{"items":[{"sku_id":"k-1","option_groups":[{"group_id":"g","min":2,"max":1,"options":[{"option_id":"a"},{"option_id":"b"}]}]}]}`},
		{"items negative price delta", "items", `{"items":[{"sku_id":"k-1","option_groups":[{"group_id":"g","min":0,"max":1,"options":[{"option_id":"a","price_delta":-1}]}]}]}`},
		{"store bands without location", "store", `{"store_id":"s-1","delivery_bands":[{"up_to_m":1000,"fee":1}]}`},
		{"coupon other user", "coupon", `{"coupon_id":"c-1","user_id":"u-2",` + exp + `}`},
		{"coupon other id", "coupon", `{"coupon_id":"c-2","user_id":"u-1",` + exp + `}`},
		{"coupon no expiry", "coupon", `{"coupon_id":"c-1","user_id":"u-1"}`},
		{"coupon bad expiry", "coupon", `{"coupon_id":"c-1","user_id":"u-1","expires_at":"soon"}`},
		{"coupon negative value", "coupon", `{"coupon_id":"c-1","user_id":"u-1","value":-5,` + exp + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fake(t, answer(200, tt.body))
			var err error
			switch tt.route {
			case "store":
				_, err = c.GetStore(t.Context(), "s-1")
			case "items":
				_, err = c.GetItems(t.Context(), "s-1", []string{"k-1", "k-2"})
			case "coupon":
				_, err = c.GetCoupon(t.Context(), "u-1", "c-1")
			}
			if !errors.Is(err, catalog.ErrBadResponse) {
				t.Fatalf("err = %v; want ErrBadResponse", err)
			}
		})
	}
}

func TestUnknownFieldsAccepted(t *testing.T) {
	c := fake(t, answer(200, `{"store_id":"s-1","open":true,"rating":4.9,"timezone":"Asia/Shanghai"}`))
	s, err := c.GetStore(t.Context(), "s-1")
	if err != nil || !s.Open || s.Timezone != "Asia/Shanghai" {
		t.Fatalf("GetStore = %+v, %v", s, err)
	}
}

func TestNew(t *testing.T) {
	good := []string{"http://catalog:8080", "https://catalog.internal/", "http://127.0.0.1:8080/sandbox/catalog"}
	for _, u := range good {
		if _, err := catalog.New(u); err != nil {
			t.Errorf("New(%q): %v", u, err)
		}
	}
	c, _ := catalog.New("http://h:1/sandbox/catalog/")
	if c.BaseURL() != "http://h:1/sandbox/catalog" {
		t.Errorf("BaseURL = %q", c.BaseURL())
	}
	bad := []string{"", "catalog:8080", "ftp://catalog", "http://", "http://h/?x=1", "http://h/#f", "http://u:p@h/", "http://h/%zz"}
	for _, u := range bad {
		if _, err := catalog.New(u); err == nil {
			t.Errorf("New(%q): no error", u)
		}
	}
	if _, err := catalog.New("http://h", catalog.WithHTTPClient(nil)); err == nil {
		t.Error("WithHTTPClient(nil): no error")
	}
	if _, err := catalog.New("http://h", catalog.WithMaxBodyBytes(0)); err == nil {
		t.Error("WithMaxBodyBytes(0): no error")
	}
}
