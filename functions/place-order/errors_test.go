package function

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

func TestUnauthorisedCallersAreRefused(t *testing.T) {
	e := bolt(t)
	expired, _ := auth.Sign(secret, auth.Principal{Subject: "u-1", Role: auth.RoleUser}, time.Second, time.Now().Add(-time.Hour))
	other, _ := auth.Sign([]byte(strings.Repeat("x", 32)), auth.Principal{Subject: "u-1", Role: auth.RoleUser}, time.Hour, time.Now())
	for name, h := range map[string]string{"missing": "", "malformed": "Bearer nonsense", "not bearer": "Basic dTox",
		"wrongly signed": "Bearer " + other, "expired": "Bearer " + expired} {
		resp := e.callWith(http.Header{"Authorization": {h}, KeyHeader: {key()}}, body("", "noodles:1"))
		if resp.StatusCode != 401 || errorOf(t, resp).Code != "unauthorized" {
			t.Errorf("%s: answered %d %s", name, resp.StatusCode, resp.Body)
		}
	}
	resp := e.callWith(http.Header{"Authorization": {"Bearer " + token(t, auth.RoleMerchant, "m-1")}, KeyHeader: {key()}}, body("", "noodles:1"))
	if resp.StatusCode != 403 {
		t.Errorf("merchant: answered %d %s", resp.StatusCode, resp.Body)
	}
}

func TestInvalidRequestsNameTheField(t *testing.T) {
	e := bolt(t)
	lines := make([]string, 51)
	for i := range lines {
		lines[i] = "sku" + strings.Repeat("x", i) + ":1"
	}
	cases := []struct{ name, key, body, field string }{
		{"no key", "", body("", "noodles:1"), KeyHeader},
		{"bad key", "no spaces", body("", "noodles:1"), KeyHeader},
		{"long key", strings.Repeat("k", 65), body("", "noodles:1"), KeyHeader},
		{"client price", "", strings.Replace(body("", "noodles:1"), `"qty":1`, `"qty":1,"price":1`, 1), "price"},
		{"client total", "", body(`"total":1`, "noodles:1"), "total"},
		{"qty 0", "", body("", "noodles:0"), "items[0].qty"},
		{"qty 100", "", body("", "noodles:100"), "items[0].qty"},
		{"no items", "", body(""), "items"},
		{"51 lines", "", body("", lines...), "items"},
		{"duplicate sku", "", body("", "noodles:1", "noodles:2"), "items[1].sku_id"},
		{"bad sku", "", body("", "a b:1"), "items[0].sku_id"},
		{"phone", "", strings.Replace(body("", "noodles:1"), "13800001234", "12-34", 1), "delivery.phone"},
		{"short phone", "", strings.Replace(body("", "noodles:1"), "13800001234", "+12345", 1), "delivery.phone"},
		{"no address", "", strings.Replace(body("", "noodles:1"), "1 Long Road", " ", 1), "delivery.address"},
		{"long address", "", strings.Replace(body("", "noodles:1"), "1 Long Road", strings.Repeat("a", 201), 1), "delivery.address"},
		{"long name", "", strings.Replace(body("", "noodles:1"), `"Li"`, `"`+strings.Repeat("n", 51)+`"`, 1), "delivery.name"},
		{"long note", "", body(`"note":"`+strings.Repeat("é", 201)+`"`, "noodles:1"), "note"},
		{"bad store", "", strings.Replace(body("", "noodles:1"), `"s-1"`, `"s 1"`, 1), "store_id"},
		{"bad coupon", "", body(`"coupon_id":"c/1"`, "noodles:1"), "coupon_id"},
		{"expected 0", "", body(`"expected_total":0`, "noodles:1"), "expected_total"},
		{"wrong type", "", body(`"expected_total":"5"`, "noodles:1"), "expected_total"},
		{"negative tip", "", body(`"tip":-1`, "noodles:1"), "tip"},
		{"tip above the bound", "", body(`"tip":10001`, "noodles:1"), "tip"},
		{"lat without lng", "", located(`"lat":31.2`), "delivery.lng"},
		{"lng without lat", "", located(`"lng":121.4`), "delivery.lat"},
		{"lat off Earth", "", located(`"lat":90.5,"lng":121.4`), "delivery.lat"},
		{"lng off Earth", "", located(`"lat":31.2,"lng":-180.5`), "delivery.lng"},
		{"lat as text", "", located(`"lat":"31.2","lng":121.4`), "delivery.lat"},
		{"malformed", "", `{"store_id":`, "body"},
		{"two values", "", body("", "noodles:1") + "{}", "body"},
		{"64 KiB", "", body(`"note":"`+strings.Repeat("x", 64<<10)+`"`, "noodles:1"), "body"},
	}
	for _, c := range cases {
		k := c.key
		if k == "" && c.field != KeyHeader {
			k = key()
		}
		resp := e.call("u-1", k, c.body)
		got := errorOf(t, resp)
		if resp.StatusCode != 400 || got.Code != "invalid_request" || !names(got, c.field) {
			t.Errorf("%s: answered %d %s, want 400 naming %s", c.name, resp.StatusCode, resp.Body, c.field)
		}
	}
	if n := e.userOrders("u-1"); n != 0 {
		t.Fatalf("invalid requests wrote %d orders", n)
	}
}

// located is a valid request with fields added to its delivery.
func located(fields string) string {
	return strings.Replace(body("", "noodles:1"), `"address":"1 Long Road"`, `"address":"1 Long Road",`+fields, 1)
}

func names(e apiError, field string) bool {
	for _, d := range e.Details {
		if d["field"] == field {
			return true
		}
	}
	return false
}

// countingReader is a 10 MB body that counts what is read of it.
type countingReader struct{ left, read int }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = 'x'
	}
	r.left -= n
	r.read += n
	return n, nil
}

func TestTenMegabyteBodyIsRefusedWithoutReadingIt(t *testing.T) {
	e := bolt(t)
	src := &countingReader{left: 10 << 20}
	req := httptest.NewRequest(http.MethodPost, "/function/place-order", src)
	req.Header.Set("Authorization", "Bearer "+token(t, auth.RoleUser, "u-1"))
	req.Header.Set(KeyHeader, key())
	rec := httptest.NewRecorder()
	(&httpapi.Server{Function: e.p, MaxRequestBytes: httpapi.MaxBodyBytes}).ServeHTTP(rec, req)
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), `"field":"body"`) {
		t.Fatalf("answered %d %s", rec.Code, rec.Body)
	}
	if src.read > 128<<10 {
		t.Fatalf("read %d bytes of a 10 MB body", src.read)
	}
	// Through the OpenFaaS entry the body arrives whole (the gateway caps
	// it at 1 MiB with 413); it is refused by its length, not decoded.
	resp := e.call("u-1", key(), string(bytes.Repeat([]byte("x"), 10<<20)))
	if resp.StatusCode != 400 || !strings.Contains(string(resp.Body), `"field":"body"`) {
		t.Fatalf("answered %d %s", resp.StatusCode, resp.Body)
	}
}

func TestBusinessRefusals(t *testing.T) {
	e := bolt(t)
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"unknown store", strings.Replace(body("", "noodles:1"), `"s-1"`, `"s-none"`, 1), 404, "not_found"},
		{"unknown sku", body("", "noodles:1", "caviar:1"), 404, "not_found"},
		{"closed", strings.Replace(body("", "noodles:1"), `"s-1"`, `"s-closed"`, 1), 409, "store_closed"},
		{"unavailable", body("", "noodles:1", "gone:1"), 409, "out_of_stock"},
		{"below minimum", body("", "egg:1"), 409, "below_min_order"},
		{"expired coupon", body(`"coupon_id":"cp-old"`, "noodles:1"), 409, "coupon_unusable"},
		{"coupon min spend", body(`"coupon_id":"cp-big"`, "noodles:1"), 409, "coupon_unusable"},
		{"someone else's coupon", body(`"coupon_id":"cp-5"`, "noodles:1"), 409, "coupon_unusable"},
	}
	for _, c := range cases {
		user := "u-1"
		if c.name == "someone else's coupon" {
			user = "u-2"
		}
		resp := e.call(user, key(), c.body)
		if resp.StatusCode != c.status || errorOf(t, resp).Code != c.code {
			t.Errorf("%s: answered %d %s, want %d %s", c.name, resp.StatusCode, resp.Body, c.status, c.code)
		}
	}
	resp := e.call("u-1", key(), body(`"expected_total":1`, "noodles:1"))
	got := errorOf(t, resp)
	if resp.StatusCode != 409 || got.Code != "price_changed" || got.Amounts["total"] != 2900 || got.Amounts["items"] != 2800 {
		t.Fatalf("price changed: %d %s", resp.StatusCode, resp.Body)
	}
	if n := e.userOrders("u-1") + e.userOrders("u-2"); n != 0 {
		t.Fatalf("refused requests wrote %d orders", n)
	}
}

func TestIdempotencyConflicts(t *testing.T) {
	e := bolt(t)
	k, b := key(), body("", "noodles:1")
	var req Request
	if err := json.Unmarshal([]byte(b), &req); err != nil {
		t.Fatal(err)
	}
	if _, err := e.p.idem.Begin(context.Background(), keyScope("u-1"), k, req.hash(), "01jq0000000000000000000000"); err != nil {
		t.Fatal(err)
	}
	resp := e.call("u-1", k, b)
	if resp.StatusCode != 409 || errorOf(t, resp).Code != "request_in_progress" {
		t.Fatalf("while in progress: %d %s", resp.StatusCode, resp.Body)
	}
	k2 := key()
	decodePlaced(t, e.call("u-1", k2, b))
	resp = e.call("u-1", k2, body("", "noodles:2"))
	if resp.StatusCode != 422 || errorOf(t, resp).Code != "idempotency_key_reused" {
		t.Fatalf("another body: %d %s", resp.StatusCode, resp.Body)
	}
	// A refusal frees the key: fixed, the request goes through under it.
	k3 := key()
	if resp := e.call("u-1", k3, body(`"expected_total":1`, "noodles:1")); resp.StatusCode != 409 {
		t.Fatalf("price changed: %d", resp.StatusCode)
	}
	decodePlaced(t, e.call("u-1", k3, body(`"expected_total":3400`, "noodles:1")))
}

func TestRateLimits(t *testing.T) {
	e := bolt(t, withConfig(func(c *Config) {
		c.PerUser = ratelimit.Limit{Count: 2, Period: time.Minute}
		c.PerAddress = ratelimit.Limit{Count: 3, Period: time.Minute}
	}))
	for range 2 {
		e.call("u-1", key(), body("", "egg:1")) // below the minimum, but counted
	}
	resp := e.call("u-1", key(), body("", "noodles:1"))
	if resp.StatusCode != 429 || errorOf(t, resp).Code != "rate_limited" || resp.Header.Get("Retry-After") != "30" {
		t.Fatalf("user limit: %d %v %s", resp.StatusCode, resp.Header, resp.Body)
	}
	h := func(user, xff string) http.Header {
		return http.Header{"Authorization": {"Bearer " + token(t, auth.RoleUser, user)}, KeyHeader: {key()},
			"X-Forwarded-For": {xff}}
	}
	for i := range 3 {
		e.callWith(h("a-"+string(rune('a'+i)), "6.6.6.6, 1.2.3.4"), body("", "egg:1"))
	}
	resp = e.callWith(h("a-z", "7.7.7.7, 1.2.3.4"), body("", "egg:1"))
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("address limit (forged left entries do not help): %d %s", resp.StatusCode, resp.Body)
	}
}

func TestUnpaidOrdersAreCapped(t *testing.T) {
	e := bolt(t, withConfig(func(c *Config) { c.MaxUnpaid = 2 }))
	for range 2 {
		decodePlaced(t, e.call("u-1", key(), body("", "noodles:1")))
	}
	resp := e.call("u-1", key(), body("", "noodles:1"))
	if resp.StatusCode != 409 || errorOf(t, resp).Code != "conflict" {
		t.Fatalf("third unpaid order: %d %s", resp.StatusCode, resp.Body)
	}
}

func TestCatalogDownAnswers503Fast(t *testing.T) {
	e := bolt(t)
	e.catalog.Close()
	for i := range 8 {
		resp := e.call("u-1", key(), body("", "noodles:1"))
		if resp.StatusCode != 503 || errorOf(t, resp).Code != "dependency_unavailable" || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("call %d: %d %v %s", i, resp.StatusCode, resp.Header, resp.Body)
		}
	}
	if !e.p.look.store.Breaker.Open() {
		t.Fatal("the catalog's breaker did not open")
	}
}
