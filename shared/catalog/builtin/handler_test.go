package builtin

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// weird is a catalog whose ids need escaping in URLs.
const weird = `{"stores": [{"store_id": "north/east 1", "name": "N", "open": true,
  "timezone": "UTC", "items": [{"sku_id": "a+b c", "name": "X", "price": 5, "available": true},
  {"sku_id": "100%", "name": "Y", "price": 7, "available": true}]}],
 "coupons": [{"coupon_id": "c/1", "user_id": "u 1", "value": 1, "expires_at": "2099-01-01T00:00:00Z"}]}`

func TestHandlerRoutes(t *testing.T) {
	small, err := Load("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	odd, err := Parse([]byte(weird))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path string
		cat                *Catalog
		status             int
		want               []string // each must appear in the body
	}{
		{"store", "GET", "/stores/s-1", small, 200, []string{`"store_id":"s-1"`, `"open":true`, `"timezone":"Asia/Shanghai"`, `"first_order_free_delivery":true`}},
		{"closed store", "GET", "/stores/s-2", small, 200, []string{`"open":false`}},
		{"unknown store", "GET", "/stores/nope", small, 404, []string{`"code":"not_found"`, `no store \"nope\"`}},
		{"items", "GET", "/stores/s-1/items?ids=k-2,zz,k-1", small, 200, []string{`{"items":[{"sku_id":"k-2"`, `"daily_limit":50`}},
		{"items none known", "GET", "/stores/s-1/items?ids=zz", small, 200, []string{`{"items":[]}`}},
		{"items empty ids", "GET", "/stores/s-1/items?ids=", small, 200, []string{`{"items":[]}`}},
		{"items whole menu", "GET", "/stores/s-1/items", small, 200, []string{`"k-1"`, `"k-2"`, `"k-3"`}},
		{"items repeated ids", "GET", "/stores/s-1/items?ids=k-1&ids=k-2", small, 200, []string{`"k-1"`, `"k-2"`}},
		{"items bad query", "GET", "/stores/s-1/items?ids=%zz", small, 400, []string{`"invalid_request"`}},
		{"items unknown store", "GET", "/stores/nope/items?ids=k-1", small, 404, []string{`"not_found"`}},
		{"coupon", "GET", "/users/u-1/coupons/c-1", small, 200, []string{`"coupon_id":"c-1"`, `"min_spend":3000`, `"expires_at":"2099-12-31T15:59:59Z"`}},
		{"expired coupon", "GET", "/users/u-1/coupons/c-2", small, 200, []string{`"expires_at":"2024-01-31T15:59:59Z"`}},
		{"someone else's coupon", "GET", "/users/u-2/coupons/c-1", small, 404, []string{`"not_found"`}},
		{"stores", "GET", "/stores", small, 200, []string{`{"stores":[{"store_id":"s-1"`, `"items":[{"sku_id":"k-1"`, `"store_id":"s-2"`}},
		{"head", "HEAD", "/stores/s-1", small, 200, nil},
		{"root", "GET", "/", small, 404, []string{`"not_found"`}},
		{"unknown route", "GET", "/menus/s-1", small, 404, []string{`"not_found"`}},
		{"too deep", "GET", "/stores/s-1/items/k-1", small, 404, []string{`"not_found"`}},
		{"empty store id", "GET", "/stores/", small, 404, []string{`"not_found"`}},
		{"post", "POST", "/stores/s-1", small, 405, []string{`"method_not_allowed"`}},
		{"escaped store", "GET", "/stores/north%2Feast%201", odd, 200, []string{`"store_id":"north/east 1"`}},
		{"escaped items", "GET", "/stores/north%2Feast%201/items?ids=a%2Bb+c,100%25", odd, 200, []string{`"a+b c"`, `"100%"`}},
		{"escaped coupon", "GET", "/users/u%201/coupons/c%2F1", odd, 200, []string{`"coupon_id":"c/1"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.cat.Handler().ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tt.status, body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body %s\nwant it to contain %s", body, w)
				}
			}
			if rec.Code >= 400 && !json.Valid(rec.Body.Bytes()) {
				t.Errorf("error body is not JSON: %s", body)
			}
		})
	}
}

// TestHandlerUnderPrefix mounts the handler as the runner does.
func TestHandlerUnderPrefix(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/sandbox/catalog/", http.StripPrefix("/sandbox/catalog", Demo().Handler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for path, want := range map[string]int{
		"/sandbox/catalog/stores/s-lanzhou":                      200,
		"/sandbox/catalog/stores/s-dimsum/items?ids=egg-tarts":   200,
		"/sandbox/catalog/users/u-1/coupons/cp-u1-welcome":       200,
		"/sandbox/catalog/stores":                                200,
		"/sandbox/catalog/stores/nope":                           404,
		"/sandbox/catalog/users/u-2/coupons/cp-u1-welcome":       404,
		"/sandbox/catalog/users/u-1/coupons/cp-u1-welcome/extra": 404,
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
