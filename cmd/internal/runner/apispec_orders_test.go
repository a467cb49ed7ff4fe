package runner

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/ordercenter/ordercenter/api/apicheck"
	"github.com/ordercenter/ordercenter/shared/sandbox"
)

// The scenarios of the API check that place orders. Each user places at
// most three orders that reach the rate limit (startChecked's limit).

const placePath = "/function/place-order"

// walkthrough is the README's flow (at s-lanzhou, whose merchant the
// later scenarios act as; menuOrders places the README's order itself):
// place, pay through the sandbox, accept, read back with the timeline, the
// pushes; and the key's replay and reuse.
func (s *session) walkthrough() {
	user, merchant := s.user("u-walk"), s.merchant("s-lanzhou")
	key := map[string]string{"Idempotency-Key": "walk-1"}
	body := orderBody("s-lanzhou", "beef-noodle-soup", 2, "")
	var p placed
	s.send(apiCall{method: "POST", path: placePath, token: user, header: key, body: body, want: 201}).decode(s.t, &p)
	if a := s.send(apiCall{method: "POST", path: placePath, token: user, header: key, body: body, want: 201}); a.header.Get("Idempotent-Replayed") != "true" {
		s.t.Errorf("a replay without Idempotent-Replayed: %v", a.header)
	}
	s.wantCode(apiCall{method: "POST", path: placePath, token: user, header: key, want: 422,
		body: orderBody("s-lanzhou", "beef-noodle-soup", 3, "")}, "idempotency_key_reused")
	s.pay(p, p.Amounts.Total)
	s.act(merchant, p.OrderID, "accept", 200)
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + p.OrderID, token: merchant, want: 200})
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + p.OrderID + "/timeline", token: user, want: 200})
	waitForPushes(s.t, s.r, p.OrderID, map[string]int{"user:u-walk": 2, "merchant:s-lanzhou": 1})
	s.walk = p
}

// menuOrders: the README's order of options and a tip, paid and read
// back; a small order with its surcharge; the refusals of options and of
// an address out of range.
func (s *session) menuOrders() {
	user := s.user("u-menu")
	var p struct {
		placed
		Amounts map[string]int64 `json:"amounts"`
	}
	s.send(apiCall{method: "POST", path: placePath, token: user, header: map[string]string{"Idempotency-Key": s.key()},
		body: menuOrder, want: 201}).decode(s.t, &p)
	if !maps.Equal(p.Amounts, menuAmounts) {
		s.t.Errorf("the README's order: amounts %v, want %v", p.Amounts, menuAmounts)
	}
	p.placed.Amounts.Total = p.Amounts["total"]
	s.pay(p.placed, p.Amounts["total"])
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + p.OrderID, token: s.merchant("s-noodle-bar"), want: 200})
	s.menu = p.placed
	small := strings.Replace(menuOrder, `"qty":2`, `"qty":1`, 1) // 2800 < 3000: a surcharge of 300
	s.send(apiCall{method: "POST", path: placePath, token: s.user("u-small"), header: map[string]string{"Idempotency-Key": s.key()},
		body: small, want: 201}).decode(s.t, &p)
	if p.Amounts["small_order_fee"] != 300 || p.Amounts["total"] != 2800+150+500+300+300 {
		s.t.Errorf("a small order: amounts %v", p.Amounts)
	}
	s.refusals("u-far", [][3]string{
		{strings.Replace(menuOrder, `"lat":31.2304`, `"lat":31.30`, 1), "409", "out_of_delivery_range"},
		{strings.Replace(menuOrder, `{"group_id":"size","option_id":"large"},`, "", 1), "400", "invalid_request"},
		{strings.Replace(menuOrder, `"option_id":"egg"`, `"option_id":"tofu"`, 1), "400", "invalid_request"},
	})
}

// placeOrderRefusals: everything place-order refuses before or while it
// prices an order.
func (s *session) placeOrderRefusals() {
	user := s.user("u-refuse")
	fresh := func() map[string]string { return map[string]string{"Idempotency-Key": s.key()} }
	good := orderBody("s-lanzhou", "beef-noodle-soup", 2, "")
	for _, c := range []apiCall{
		{body: `{"store_id":`},
		{body: orderBody("s-lanzhou", "beef-noodle-soup", 2, `,"price":1`)},
		{body: orderBody("s-lanzhou", "beef-noodle-soup", 0, "")},
		{body: good, header: map[string]string{"Idempotency-Key": "not a key!"}},
		{body: good, header: map[string]string{"Idempotency-Key": s.key(), "Content-Type": "text/plain"}},
	} {
		c.method, c.path, c.token, c.want, c.request = "POST", placePath, user, 400, apicheck.RequestInvalid
		if c.header == nil {
			c.header = fresh()
		}
		s.wantCode(c, "invalid_request")
	}
	s.wantCode(apiCall{method: "POST", path: placePath, token: user, header: fresh(), want: 400, // the doc cannot see a twice-named sku
		body: `{"store_id":"s-lanzhou","items":[{"sku_id":"braised-egg","qty":1},{"sku_id":"braised-egg","qty":1}],"delivery":{"name":"Li","phone":"13800001234","address":"1 Rd"}}`}, "invalid_request")
	s.wantCode(apiCall{method: "POST", path: placePath, header: fresh(), body: good, want: 401, request: apicheck.RequestInvalid}, "unauthorized")
	s.wantCode(apiCall{method: "POST", path: placePath, token: "not-a-jwt", header: fresh(), body: good, want: 401}, "unauthorized")
	s.wantCode(apiCall{method: "POST", path: placePath, token: s.merchant("s-lanzhou"), header: fresh(), body: good, want: 403}, "forbidden")
	s.refusals("u-r1", [][3]string{
		{orderBody("s-nowhere", "beef-noodle-soup", 1, ""), "404", "not_found"},
		{orderBody("s-lanzhou", "no-such-dish", 1, ""), "404", "not_found"},
		{orderBody("s-hotpot", "sliced-lamb", 2, ""), "409", "store_closed"},
	})
	s.refusals("u-r2", [][3]string{
		{orderBody("s-dimsum", "lava-custard-bun", 2, ""), "409", "out_of_stock"},
		{orderBody("s-dimsum", "chrysanthemum-tea", 1, ""), "409", "below_min_order"},
		{orderBody("s-lanzhou", "beef-noodle-soup", 2, `,"expected_total":1`), "409", "price_changed"},
	})
	s.refusals("u-1", [][3]string{
		{orderBody("s-lanzhou", "beef-noodle-soup", 2, `,"coupon_id":"cp-u1-expired"`), "409", "coupon_unusable"},
		{orderBody("s-lanzhou", "braised-beef-shank", 21, ""), "409", "out_of_stock"},
	})
}

// refusals sends each body as the user under a fresh key and requires
// its status and code.
func (s *session) refusals(userID string, cases [][3]string) {
	user := s.user(userID)
	for _, c := range cases {
		var want int
		fmt.Sscan(c[1], &want)
		s.wantCode(apiCall{method: "POST", path: placePath, token: user, header: map[string]string{"Idempotency-Key": s.key()},
			body: c[0], want: want}, c[2])
	}
}

// placeOrderLimits: the unpaid cap (409 conflict) and the rate limit
// (429 with Retry-After).
func (s *session) placeOrderLimits() {
	capped := s.user("u-r3")
	s.unpaid = s.place(capped)
	s.wantCode(apiCall{method: "POST", path: placePath, token: capped, header: map[string]string{"Idempotency-Key": s.key()},
		body: orderBody("s-lanzhou", "beef-noodle-soup", 2, ""), want: 409}, "conflict")
	flood := s.user("u-flood")
	for range 3 {
		s.wantCode(apiCall{method: "POST", path: placePath, token: flood, header: map[string]string{"Idempotency-Key": s.key()},
			body: orderBody("s-hotpot", "sliced-lamb", 2, ""), want: 409}, "store_closed")
	}
	a := s.wantCode(apiCall{method: "POST", path: placePath, token: flood, header: map[string]string{"Idempotency-Key": s.key()},
		body: orderBody("s-hotpot", "sliced-lamb", 2, ""), want: 429}, "rate_limited")
	if a.header.Get("Retry-After") == "" {
		s.t.Error("429 without Retry-After")
	}
}

// inProgressAndUnavailable holds a first request in the catalog (told to
// give no answer) and sends the same request again meanwhile: 409
// request_in_progress; the first, its catalog call timed out, is 503.
// A slow machine may let the first finish before the second is read: the
// race is tried with up to three skus not read before (a sku the catalog
// answered is cached).
func (s *session) inProgressAndUnavailable() {
	for i, sku := range []string{"har-gow", "siu-mai", "char-siu-bao"} {
		user := s.user(fmt.Sprintf("u-race-%d", i))
		c := apiCall{method: "POST", path: placePath, token: user, header: map[string]string{"Idempotency-Key": s.key()},
			body: orderBody("s-dimsum", sku, 2, "")}
		s.arm(sandbox.CatalogPrefix, `{"timeout_next":1}`)
		var first answer
		var wg sync.WaitGroup
		wg.Go(func() { first = s.send(c) })
		s.waitFor("the catalog call", func() bool { return s.catalogHangs() == 0 })
		second := s.send(c)
		wg.Wait()
		s.arm(sandbox.CatalogPrefix, "")
		if second.code() == "request_in_progress" && first.code() == "dependency_unavailable" {
			if second.header.Get("Retry-After") == "" || first.header.Get("Retry-After") == "" {
				s.t.Error("409 request_in_progress or 503 without Retry-After")
			}
			return
		}
	}
	s.t.Error("three tries and no request_in_progress while the first call hung in the catalog")
}

// catalogHangs is how many timeout_next the catalog has left.
func (s *session) catalogHangs() int {
	var f sandbox.CatalogFaults
	s.send(apiCall{method: "GET", path: sandbox.CatalogPrefix + "/faults", want: 200}).decode(s.t, &f)
	return f.TimeoutNext
}

// webhooks: pay-callback's refusals, and a payment the order cannot take.
func (s *session) webhooks() {
	notice := func(orderID string) string {
		b, _ := json.Marshal(map[string]any{"event_id": "evt-" + s.key(), "type": "payment.succeeded", "order_id": orderID,
			"txn_id": "txn-" + s.key(), "amount": 5700, "currency": "CNY", "occurred_at": "2026-11-21T12:00:00Z"})
		return string(b)
	}
	s.webhook(`{"event_id":`, 400, apicheck.RequestInvalid)
	s.webhook(`{"event_id":"evt-1","type":"payment.refunded","order_id":"o-1","txn_id":"t-1","amount":1}`, 400, apicheck.RequestInvalid)
	s.webhook(notice("o-no-such-order"), 404, "")
	s.wantCode(apiCall{method: "POST", path: "/function/pay-callback", body: notice(s.unpaid.OrderID), want: 401,
		header: map[string]string{"Pay-Signature": "t=1,v1=00"}}, "unauthorized")
	s.wantCode(apiCall{method: "POST", path: "/function/pay-callback", body: notice(s.unpaid.OrderID), want: 401,
		request: apicheck.RequestInvalid}, "unauthorized")
	anomalous := s.place(s.user("u-anomaly"))
	s.pay(anomalous, anomalous.Amounts.Total+1) // not the total: recorded as an anomaly and returned
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + anomalous.OrderID, token: s.user("u-anomaly"), want: 200})
	s.send(apiCall{method: "GET", path: "/function/order-query/orders/" + anomalous.OrderID + "/timeline", token: s.service(), want: 200})
}
