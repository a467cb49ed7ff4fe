package builtin

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
)

// FuzzParse feeds arbitrary files to Parse: it must not panic, and every
// store and coupon of a catalog it accepts must be reachable over HTTP at
// its escaped id, as catalog.Client asks for it.
func FuzzParse(f *testing.F) {
	small, err := os.ReadFile("testdata/small.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add(demoJSON)
	f.Add([]byte(weird))
	f.Add([]byte(`{"stores": [{"store_id": "a/../b", "open": true, "timezone": "UTC"}]}`))
	f.Add([]byte(`{"stores": [{"store_id": "s?x#y", "open": true, "timezone": "UTC", "items": [{"sku_id": "k&=;"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		h := c.Handler()
		for _, m := range c.Stores() {
			get(t, h, "/stores/"+url.PathEscape(m.StoreID))
			for _, it := range m.Items {
				get(t, h, "/stores/"+url.PathEscape(m.StoreID)+"/items?ids="+url.QueryEscape(it.SKUID))
			}
		}
		for _, cp := range c.coupons {
			get(t, h, "/users/"+url.PathEscape(cp.UserID)+"/coupons/"+url.PathEscape(cp.CouponID))
		}
	})
}

// get fails the test unless h answers 200 to GET target.
func get(t *testing.T, h http.Handler, target string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
	}
}
