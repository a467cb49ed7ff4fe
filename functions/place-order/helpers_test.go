package function

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redistest"
)

// testCatalog has an open store with a first-order waiver, a limited
// sku, an unavailable one and one with options (bowl: a size required,
// up to two add-ons, one not available), a closed store, a store that
// prices delivery by distance and takes small orders (s-fees, at the
// place fees_test.go's storeAt names), and coupons of u-1.
const testCatalog = `{
 "stores": [
  {"store_id": "s-1", "name": "Noodles", "open": true, "packing_fee": 100, "delivery_fee": 500,
   "min_order": 1000, "first_order_free_delivery": true, "timezone": "Asia/Shanghai",
   "items": [
    {"sku_id": "noodles", "name": "Beef noodles", "price": 2800, "available": true},
    {"sku_id": "egg", "name": "Egg", "price": 300, "available": true},
    {"sku_id": "shank", "name": "Beef shank", "price": 2600, "available": true, "daily_limit": 100},
    {"sku_id": "gone", "name": "Gone", "price": 900, "available": false},
    {"sku_id": "bowl", "name": "Noodle bowl", "price": 2000, "available": true, "option_groups": [
     {"group_id": "size", "name": "Size", "min": 1, "max": 1, "options": [
      {"option_id": "small", "name": "Small", "price_delta": 0, "available": true},
      {"option_id": "large", "name": "Large", "price_delta": 200, "available": true}]},
     {"group_id": "add-ons", "name": "Add-ons", "min": 0, "max": 2, "options": [
      {"option_id": "egg", "name": "Egg", "price_delta": 200, "available": true},
      {"option_id": "beef", "name": "Beef", "price_delta": 600, "available": true},
      {"option_id": "tofu", "name": "Tofu", "price_delta": 300, "available": false}]}]}]},
  {"store_id": "s-closed", "name": "Closed", "open": false, "packing_fee": 0, "delivery_fee": 0,
   "min_order": 0, "first_order_free_delivery": false, "timezone": "Asia/Shanghai",
   "items": [{"sku_id": "noodles", "name": "Noodles", "price": 1000, "available": true}]},
  {"store_id": "s-fees", "name": "Fees", "open": true, "packing_fee": 100, "delivery_fee": 0,
   "min_order": 3000, "first_order_free_delivery": false, "timezone": "Asia/Shanghai",
   "location": {"lat": 31.2235, "lng": 121.4457},
   "delivery_bands": [{"up_to_m": 1000, "fee": 300}, {"up_to_m": 3000, "fee": 500}],
   "free_delivery_over": 8000, "allow_small_order": true, "small_order_fee": 300, "packing_fee_per_item": 50,
   "items": [{"sku_id": "noodles", "name": "Noodles", "price": 2000, "available": true},
    {"sku_id": "tea", "name": "Tea", "price": 800, "available": true, "packing_fee": 0}]}],
 "coupons": [
  {"coupon_id": "cp-5", "user_id": "u-1", "value": 500, "min_spend": 0, "expires_at": "2099-12-31T00:00:00Z"},
  {"coupon_id": "cp-big", "user_id": "u-1", "value": 1000, "min_spend": 10000, "expires_at": "2099-12-31T00:00:00Z"},
  {"coupon_id": "cp-old", "user_id": "u-1", "value": 800, "min_spend": 0, "expires_at": "2024-01-31T00:00:00Z"}]
}`

var secret = []byte(strings.Repeat("s", 32))

type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time      { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) add(d time.Duration) { c.offset.Add(int64(d)) }

// noLimits turns the rate limits off.
func noLimits(c *Config) { c.PerUser, c.PerAddress = ratelimit.Limit{}, ratelimit.Limit{} }

// env is a place-order over real parts: the store, Redis, the catalog.
type env struct {
	t       testing.TB
	p       *PlaceOrder
	repo    *orderstore.Repository
	rdb     redis.UniversalClient
	clock   *clock
	catalog *httptest.Server
	// menu serves the catalog; setCatalog changes it.
	menu atomic.Pointer[http.Handler]
}

type option func(*Deps)

func newEnv(t testing.TB, store kv.Store, opts ...option) *env {
	t.Helper()
	c := &clock{}
	e := &env{t: t, rdb: redistest.Client(t), clock: c, repo: orderstore.New(store, orderstore.Options{Now: c.now})}
	e.setCatalog(testCatalog)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*e.menu.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.catalog = srv
	client, _ := catalog.New(srv.URL)
	authn, _ := httpapi.NewAuthenticator(secret)
	cfg := DefaultConfig()
	cfg.RedisPrefix = redistest.Prefix(t)
	d := Deps{Orders: e.repo, Catalog: client, Redis: e.rdb, Auth: authn, Now: e.clock.now, Config: cfg}
	for _, o := range opts {
		o(&d)
	}
	switch rdb := d.Redis.(type) {
	case *redis.Client, *redis.ClusterClient:
		e.rdb = rdb
	}
	var err error
	if e.p, err = New(d); err != nil {
		t.Fatal(err)
	}
	return e
}

// setCatalog serves the catalog of the file format in data from now on.
func (e *env) setCatalog(data string) {
	e.t.Helper()
	cat, err := builtin.Parse([]byte(data))
	if err != nil {
		e.t.Fatal(err)
	}
	h := cat.Handler()
	e.menu.Store(&h)
}

func bolt(t testing.TB, opts ...option) *env { return newEnv(t, backends.Bolt(t), opts...) }

func withConfig(fn func(*Config)) option { return func(d *Deps) { fn(&d.Config) } }

// withRedis runs place-order on rdb (redistest.Own, for tests that make
// Redis forget; or a client of a topology of the test's choice).
func withRedis(rdb redis.UniversalClient) option { return func(d *Deps) { d.Redis = rdb } }

func token(t testing.TB, role auth.Role, sub string) string {
	t.Helper()
	p := auth.Principal{Subject: sub, Role: role}
	if role == auth.RoleMerchant {
		p.StoreID = "s-1"
	}
	tok, err := auth.Sign(secret, p, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// call places body as user under key.
func (e *env) call(user, key, body string) handler.Response {
	return e.callWith(http.Header{"Authorization": {"Bearer " + token(e.t, auth.RoleUser, user)},
		KeyHeader: {key}, "Content-Type": {"application/json"}}, body)
}

func (e *env) callWith(h http.Header, body string) handler.Response {
	req := handler.Request{Method: http.MethodPost, Header: h, Body: []byte(body)}
	req.WithContext(context.Background())
	resp, err := e.p.Handle(req)
	if err != nil {
		e.t.Fatalf("handle: %v", err)
	}
	return resp
}

// body is a valid request for store s-1 with the lines "sku:qty".
func body(extra string, lines ...string) string {
	items := make([]string, len(lines))
	for i, l := range lines {
		sku, qty, _ := strings.Cut(l, ":")
		items[i] = fmt.Sprintf(`{"sku_id":%q,"qty":%s}`, sku, qty)
	}
	if extra != "" {
		extra = "," + extra
	}
	return `{"store_id":"s-1","items":[` + strings.Join(items, ",") +
		`],"delivery":{"name":"Li","phone":"13800001234","address":"1 Long Road"}` + extra + `}`
}

// placed decodes a 201.
type placed struct {
	OrderID  string           `json:"order_id"`
	Status   string           `json:"status"`
	Amounts  map[string]int64 `json:"amounts"`
	Delivery struct {
		Phone string `json:"phone"`
	} `json:"delivery"`
	CreatedAt time.Time `json:"created_at"`
	Payment   struct {
		Deadline time.Time `json:"deadline"`
	} `json:"payment"`
}

func decodePlaced(t testing.TB, resp handler.Response) placed {
	t.Helper()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("answered %d %s, want 201", resp.StatusCode, resp.Body)
	}
	var p placed
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// errorOf decodes an error answer.
type apiError struct {
	Code    string              `json:"code"`
	Details []map[string]string `json:"details"`
	Amounts map[string]int64    `json:"amounts"`
}

func errorOf(t testing.TB, resp handler.Response) apiError {
	t.Helper()
	var e struct {
		Error apiError `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &e); err != nil {
		t.Fatalf("error body %s: %v", resp.Body, err)
	}
	return e.Error
}

func (e *env) userOrders(user string) int {
	page, err := e.repo.ListByUser(context.Background(), user, 100, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return len(page.Orders)
}

var keySeq atomic.Int64

func key() string { return fmt.Sprintf("key-%d-%d", time.Now().UnixNano(), keySeq.Add(1)) }
