package catalog_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
)

// odd is a catalog whose ids need escaping in URLs.
const odd = `{"stores": [{"store_id": "north/east 1", "name": "N", "open": true,
  "timezone": "UTC", "items": [{"sku_id": "a+b c", "name": "X", "price": 5, "available": true},
  {"sku_id": "100%&x=y", "name": "Y", "price": 7, "available": true, "daily_limit": 3}]}],
 "coupons": [{"coupon_id": "c/1?", "user_id": "u 1", "value": 1, "expires_at": "2099-01-01T08:00:00+08:00"}]}`

// serve mounts cat under /sandbox/catalog as the runner does and returns
// a client for it.
func serve(t testing.TB, cat *builtin.Catalog) *catalog.Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/sandbox/catalog/", http.StripPrefix("/sandbox/catalog", cat.Handler()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := catalog.New(srv.URL + "/sandbox/catalog/")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTripDemo(t *testing.T) {
	c := serve(t, builtin.Demo())
	ctx := t.Context()
	for _, m := range builtin.Demo().Stores() {
		got, err := c.GetStore(ctx, m.StoreID)
		if err != nil || !reflect.DeepEqual(got, m.Store) {
			t.Errorf("GetStore(%s) = %+v, %v; want %+v", m.StoreID, got, err, m.Store)
		}
		ids := make([]string, 0, len(m.Items))
		for _, it := range m.Items {
			ids = append(ids, it.SKUID)
		}
		items, err := c.GetItems(ctx, m.StoreID, ids)
		if err != nil || !reflect.DeepEqual(items, m.Items) {
			t.Errorf("GetItems(%s) = %+v, %v; want %+v", m.StoreID, items, err, m.Items)
		}
	}
	cp, err := c.GetCoupon(ctx, "u-1", "cp-u1-lunch")
	if err != nil || cp.Value != 1000 || cp.MinSpend != 5000 || cp.UserID != "u-1" || cp.Expired(time.Now()) {
		t.Errorf("GetCoupon = %+v, %v", cp, err)
	}
	cp, err = c.GetCoupon(ctx, "u-1", "cp-u1-expired")
	if err != nil || !cp.Expired(time.Now()) {
		t.Errorf("GetCoupon(expired) = %+v, %v; want it served, expired", cp, err)
	}
}

func TestRoundTripEscapedIDs(t *testing.T) {
	cat, err := builtin.Parse([]byte(odd))
	if err != nil {
		t.Fatal(err)
	}
	c := serve(t, cat)
	ctx := t.Context()
	if s, err := c.GetStore(ctx, "north/east 1"); err != nil || s.StoreID != "north/east 1" {
		t.Errorf("GetStore = %+v, %v", s, err)
	}
	items, err := c.GetItems(ctx, "north/east 1", []string{"100%&x=y", "a+b c", "a+b c", "", "x,y", "nope"})
	if err != nil || len(items) != 2 || items[0].SKUID != "100%&x=y" || items[0].DailyLimit != 3 || items[1].SKUID != "a+b c" {
		t.Errorf("GetItems = %+v, %v", items, err)
	}
	cp, err := c.GetCoupon(ctx, "u 1", "c/1?")
	want := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	if err != nil || cp.CouponID != "c/1?" || !cp.ExpiresAt.Equal(want) || cp.ExpiresAt.Location() != time.UTC {
		t.Errorf("GetCoupon = %+v, %v; want expiry %v UTC", cp, err, want)
	}
}

func TestUnknownItemsLeftOut(t *testing.T) {
	c := serve(t, builtin.Demo())
	items, err := c.GetItems(t.Context(), "s-dimsum", []string{"nope", "egg-tarts", "beef-noodle-soup"})
	if err != nil || len(items) != 1 || items[0].SKUID != "egg-tarts" || items[0].DailyLimit != 50 {
		t.Fatalf("GetItems = %+v, %v; want egg-tarts only", items, err)
	}
	items, err = c.GetItems(t.Context(), "s-dimsum", []string{"nope"})
	if err != nil || items == nil || len(items) != 0 {
		t.Fatalf("GetItems(all unknown) = %#v, %v; want an empty list", items, err)
	}
}

func TestNotFound(t *testing.T) {
	c := serve(t, builtin.Demo())
	ctx := t.Context()
	calls := map[string]func() error{
		"store":          func() error { _, err := c.GetStore(ctx, "nope"); return err },
		"empty store":    func() error { _, err := c.GetStore(ctx, ""); return err },
		"dot-dot store":  func() error { _, err := c.GetStore(ctx, ".."); return err },
		"items of store": func() error { _, err := c.GetItems(ctx, "nope", []string{"x"}); return err },
		"coupon":         func() error { _, err := c.GetCoupon(ctx, "u-1", "nope"); return err },
		"other's coupon": func() error { _, err := c.GetCoupon(ctx, "u-2", "cp-u1-welcome"); return err },
		"no user":        func() error { _, err := c.GetCoupon(ctx, "", "cp-u1-welcome"); return err },
	}
	for name, call := range calls {
		err := call()
		if !errors.Is(err, catalog.ErrNotFound) || errors.Is(err, catalog.ErrUnavailable) {
			t.Errorf("%s: err = %v; want ErrNotFound", name, err)
		}
	}
}

func TestNoIDsNoCall(t *testing.T) {
	c, err := catalog.New("http://127.0.0.1:1") // nothing listens there
	if err != nil {
		t.Fatal(err)
	}
	items, err := c.GetItems(context.Background(), "s-1", []string{"", "a,b"})
	if err != nil || len(items) != 0 {
		t.Fatalf("GetItems = %v, %v; want no items, no call", items, err)
	}
}
